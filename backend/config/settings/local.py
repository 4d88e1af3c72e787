"""`make run` on a bare machine: SQLite, on-disk broker, console e-mail, debug on."""

from typing import Any

from csp.constants import NONCE

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-insecure-key-do-not-use-in-production")

if DJANGO_VITE["default"]["dev_mode"]:  # noqa: F405
    # Vite's dev server serves the scripts and hot reload; its React preamble is an inline script
    # that carries the CSP nonce (see templates/index.html).
    _vite = f"http://127.0.0.1:{DJANGO_VITE['default']['dev_server_port']}"  # noqa: F405
    _directives: dict[str, Any] = CONTENT_SECURITY_POLICY["DIRECTIVES"]  # noqa: F405
    _directives["script-src"] = [*_directives["script-src"], _vite, NONCE]
    _directives["style-src"] = [*_directives["style-src"], _vite, "'unsafe-inline'"]
    _directives["connect-src"] = [*_directives["connect-src"], _vite, _vite.replace("http", "ws")]
