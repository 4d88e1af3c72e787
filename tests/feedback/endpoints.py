"""Who may reach each feedback endpoint: the newcomer answers ("did this help?"), HR and admins
read the summary of their own organisation."""

PUBLIC: set[str] = set()
ENDPOINTS = {
    "feedback": {"get": {"newcomer"}, "post": {"newcomer"}},
    "feedback-summary": {"get": {"hr", "admin"}},
}
