"""Who may reach the term list: everyone signed in (Dutch words explained in their own language)."""

PUBLIC: set[str] = set()
ENDPOINTS = {
    "term-list": {"get": "all"},
}
