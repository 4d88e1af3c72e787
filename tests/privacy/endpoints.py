PUBLIC: set[str] = set()
ENDPOINTS = {
    "privacy-export-list": {"get": "all", "post": "all"},
    "privacy-export-detail": {"get": "all"},
    "privacy-export-download": {"get": "all"},
    "privacy-erasure-list": {"get": {"admin"}, "post": {"admin"}},
    "privacy-retention-list": {"get": {"hr", "admin"}},
    "privacy-retention-detail": {"patch": {"admin"}},
}
