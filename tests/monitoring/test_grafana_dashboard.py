"""The Grafana dashboard in docs/grafana/ queries only metrics that /api/metrics serves, and every
metric the endpoint serves is on the dashboard (so neither side drifts from the other)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "docs" / "grafana" / "welkom-dashboard.json"
TOKEN = "scrape-me-0123456789"
SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",)}


def queried() -> set[str]:
    panels = json.loads(DASHBOARD.read_text())["panels"]
    expressions = [target["expr"] for panel in panels for target in panel.get("targets", [])]
    assert expressions
    return {name for expr in expressions for name in re.findall(r"\bwelkom_\w+", expr)}


def served(text: str) -> dict[str, set[str]]:
    """Family name -> the sample names it can have (a labelled family with no samples yet still
    has its HELP and TYPE lines)."""
    return {
        family.name: {f"{family.name}{suffix}" for suffix in SUFFIXES[family.type]}
        for family in text_string_to_metric_families(text)
        # prometheus-client writes each series' creation time as a gauge family of its own
        # (``<name>_created``): bookkeeping, not something to chart.
        if family.name.startswith("welkom_") and not family.name.endswith("_created")
    }


@pytest.mark.django_db
def test_every_metric_on_the_dashboard_is_served_and_every_served_metric_is_on_it(settings):
    settings.METRICS_TOKEN = TOKEN
    response = Client(headers={"Authorization": f"Bearer {TOKEN}"}).get("/api/metrics")
    assert response.status_code == 200
    families = served(response.content.decode())
    names = {name for samples in families.values() for name in samples}
    on_dashboard = queried()
    assert on_dashboard - names == set()
    missing = {family for family, samples in families.items() if not samples & on_dashboard}
    assert missing == set()


def test_the_dashboard_is_importable():
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard["uid"] == "welkom-overview"
    assert [source["name"] for source in dashboard["__inputs"]] == ["DS_PROMETHEUS"]
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    for panel in dashboard["panels"]:
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == "${DS_PROMETHEUS}"
