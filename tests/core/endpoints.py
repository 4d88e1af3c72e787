PUBLIC = {"health", "health-live", "health-ready", "schema", "docs"}
ENDPOINTS: dict[str, dict[str, object]] = {}
OBJECTS: dict[str, object] = {}
OTHER_TEAM: dict[str, set[str]] = {}
