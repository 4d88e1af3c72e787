PUBLIC: set[str] = set()
HELPER = {"team_lead", "hr", "admin"}
ENDPOINTS = {
    "chat-channel-list": {"get": "all"},
    "chat-channel-detail": {"get": "all"},
    "chat-channel-messages": {"get": "all", "post": "all"},
    "chat-channel-read": {"post": "all"},
    "chat-message-detail": {"patch": "all", "delete": "all"},
    "chat-direct-open": {"post": "all"},
    "chat-direct-partners": {"get": "all"},
    "chat-reading-language": {"get": "all", "put": "all"},
    "chat-settings": {"get": {"hr", "admin"}, "put": {"hr", "admin"}},
    "chat-helper-preview": {"post": HELPER},
    "chat-helper-memory": {"post": HELPER},
}
