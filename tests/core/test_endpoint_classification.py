"""Adding an /api/ endpoint without saying who may reach it fails here.

Each app classifies its url names in tests/<app>/endpoints.py (PUBLIC, or ENDPOINTS with the
roles per method); its own permission tests then check those roles.
"""

import importlib
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver


def _api_url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _api_url_names(entry, prefix + str(entry.pattern))
        elif (
            isinstance(entry, URLPattern) and (prefix + str(entry.pattern)).startswith("api/") and entry.name
        ):
            yield entry.name


def classified() -> set[str]:
    names: set[str] = set()
    for path in sorted(Path(__file__).parents[1].glob("*/endpoints.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.endpoints")
        names |= set(module.PUBLIC) | set(module.ENDPOINTS)
    return names


def test_every_api_endpoint_is_classified():
    unclassified = set(_api_url_names()) - classified()
    assert not unclassified, f"Classify these endpoints in tests/<app>/endpoints.py: {sorted(unclassified)}"
