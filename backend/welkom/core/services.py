from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "welkom:worker:heartbeat"
ECHO_PREFIX = "welkom:worker:echo:"


def heartbeat_record() -> None:
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=60 * 60)


def echo_record(*, marker: str) -> None:
    cache.set(f"{ECHO_PREFIX}{marker}", timezone.now().isoformat(), timeout=300)
