"""``manage.py check --deploy``: the sign-in's replay store must be shared by every process."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

PROCESS_LOCAL = "django.core.cache.backends.locmem.LocMemCache"
FORGETFUL = "django.core.cache.backends.dummy.DummyCache"


@register(Tags.security, deploy=True)
def replay_store_is_shared(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend == FORGETFUL:
        return [
            Error(
                "The default cache forgets everything: replayed sign-in tokens would be accepted.",
                hint="Set REDIS_URL (welkom.sso.replay).",
                id="welkom_sso.E001",
            )
        ]
    if backend == PROCESS_LOCAL:
        return [
            Warning(
                "The default cache lives in one process: another web process would accept a "
                "sign-in token this one has seen.",
                hint="Set REDIS_URL (welkom.sso.replay).",
                id="welkom_sso.W001",
            )
        ]
    return []
