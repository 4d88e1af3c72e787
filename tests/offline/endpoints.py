# welkom.offline adds no /api/ endpoint: its middleware serves every unsafe one, and /sw.js and
# /manifest.webmanifest live outside /api/.
PUBLIC: set[str] = set()
ENDPOINTS: dict[str, dict[str, object]] = {}
