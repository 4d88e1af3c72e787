"""The metrics endpoint takes no session: a scraper presents WELKOM_METRICS_TOKEN as a bearer token
(refusals in tests/monitoring/test_metrics.py)."""

PUBLIC = {"metrics"}
ENDPOINTS: dict[str, dict[str, object]] = {}
