"""The moment a task acts at.

Code that decides by the clock takes ``now`` as a keyword argument and reads
``django.utils.timezone.now()`` only when none is given, so a test (or a catch-up run) can set the
moment. Celery tasks take it as an optional ISO 8601 string, because a worker in another process
does not share a test's frozen clock: beat sends no moment (the worker's clock decides), a test sends
one and the worker acts at that moment. See docs/testing.md.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def task_moment(value: str | None) -> datetime | None:
    """The ``now`` a task was given (ISO 8601 with a UTC offset), or None: use the clock."""
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    if timezone.is_naive(moment):
        raise ValueError(f"a task moment needs a UTC offset: {value!r}")
    return moment
