PUBLIC = {"health", "schema", "docs"}
ENDPOINTS: dict[str, dict[str, object]] = {}
