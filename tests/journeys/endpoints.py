PUBLIC: set[str] = set()
HR = {"hr", "admin"}
ENDPOINTS = {
    "journey-template-list": {"get": HR},
    "journey-newcomer-list": {"get": HR},
    "journey-plan-create": {"post": HR},
    "journey-plan-detail": {"get": "all"},  # scoped: own plan, their people, HR
    "journey-plan-history": {"get": HR},
    "journey-step-add": {"post": HR},
    "journey-step-detail": {"patch": HR, "delete": HR},
    "journey-step-skip": {"post": HR},
    "journey-step-done": {"post": "all"},  # the step's owner or HR
    "journey-my-steps": {"get": {"team_lead", "colleague", "hr", "admin"}},
    "journey-today": {"get": {"newcomer"}},
}
