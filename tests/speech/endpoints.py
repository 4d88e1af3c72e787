"""Who may reach the server's voice: everyone signed in, for an item whose text they may read (the
item is checked per kind in tests/speech/test_speech.py)."""

PUBLIC: set[str] = set()
ENDPOINTS = {
    "speech": {"post": "all"},
    "speech-audio": {"get": "all"},
}
