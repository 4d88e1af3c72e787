PUBLIC: set[str] = set()
ENDPOINTS = {
    "newcomer-list": {"get": "all", "post": {"hr", "admin"}},
    "newcomer-me": {"get": {"newcomer"}},
    "newcomer-detail": {"get": "all", "patch": {"hr", "admin"}},
    "newcomer-history": {"get": {"hr", "admin"}},
}
