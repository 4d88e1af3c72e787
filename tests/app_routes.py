"""The app's routes as the frontend declares them (``frontend/src/app/App.tsx``), so that the tests
can hold every link the server writes (a notification's, an e-mail's, a push's) to a page that
exists. A link to no route used to land on the catch-all's redirect to the home page unnoticed."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "frontend" / "src" / "app" / "App.tsx"


@cache
def app_routes() -> tuple[re.Pattern[str], ...]:
    """One pattern per ``<Route path=…>`` but the catch-all; ``:name`` matches one path segment."""
    paths = re.findall(r'<Route\s+path="([^"]+)"', APP.read_text(encoding="utf-8"))
    assert paths, f"no <Route path=…> found in {APP}"
    return tuple(
        re.compile(
            "".join(
                "[^/]+" if part.startswith(":") else re.escape(part) for part in re.split(r"(:\w+)", path)
            )
        )
        for path in paths
        if path != "*"
    )


def is_app_route(link: str) -> bool:
    """Whether ``link`` (a path in the app, with or without a query or fragment) opens a page."""
    path = re.split(r"[?#]", link, maxsplit=1)[0]
    return any(route.fullmatch(path) for route in app_routes())
