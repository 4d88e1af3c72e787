"""Error reporting through the Sentry SDK (Sentry, self-hosted Sentry or GlitchTip) when
``WELKOM_SENTRY_DSN`` is set; nothing is sent when it is not.

Personal data is removed before an event leaves: no request bodies, cookies, headers, local
variables (where chat text and names live) or source lines, no user but its id, and any e-mail
address left in a message or breadcrumb is replaced."""

from __future__ import annotations

import re
from typing import Any

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
KEEP_USER = {"id"}


def _scrub_text(value: Any) -> Any:
    if isinstance(value, str):
        return EMAIL.sub("[email]", value)
    if isinstance(value, list):
        return [_scrub_text(item) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_text(item) for key, item in value.items()}
    return value


def scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's ``before_send``: what may leave, and nothing else."""
    request = event.get("request")
    if isinstance(request, dict):
        event["request"] = {key: request[key] for key in ("url", "method") if key in request}
    if isinstance(event.get("user"), dict):
        event["user"] = {key: value for key, value in event["user"].items() if key in KEEP_USER}
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values") or []:
        for frame in (thread.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    event.pop("extra", None)
    return _scrub_text(event)


def scrub_breadcrumb(crumb: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any] | None:
    if crumb.get("category") in {"query", "django.db"}:  # SQL parameters may hold anything
        return None
    return _scrub_text(crumb)


def error_reporting_start(*, dsn: str, environment: str = "production") -> bool:
    """Start the Sentry SDK when ``dsn`` is set; returns whether it was started."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    from welkom.backups.services import welkom_version

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=f"welkom@{welkom_version()}",
        integrations=[DjangoIntegration(), CeleryIntegration()],
        include_local_variables=False,
        include_source_context=False,  # lines around a frame can quote a literal; the code is public
        max_request_body_size="never",
        before_send=scrub,  # type: ignore[arg-type]
        before_breadcrumb=scrub_breadcrumb,
        traces_sample_rate=0.0,
    )
    return True
