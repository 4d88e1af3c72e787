"""When a queued action was really taken, for services that want "the newer change wins".

The phone sends ``Welkom-Action-Age``: how many seconds ago the person took the action (measured on
the phone's own clock, so a wrong clock on the phone does not matter). A service that keeps an
``updated_at`` can refuse an action taken before the server's last change::

    reject_if_changed_since(changed_at=item.updated_at, taken_at=action_taken_at(request), what="item")
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from rest_framework.request import Request

from welkom.core.errors import ApiError

AGE_HEADER = "Welkom-Action-Age"
MAX_AGE = timedelta(days=60)


def action_taken_at(request: HttpRequest | Request) -> datetime:
    """The moment the action was taken: now, minus the age the phone reported (bounded)."""
    now = timezone.now()
    raw = request.headers.get(AGE_HEADER, "")
    try:
        age = timedelta(seconds=max(0.0, float(raw)))
    except ValueError:
        return now
    return now - min(age, MAX_AGE)


# What changed, as words in the sentence above (the callers' ``what``).
WHAT = {"checklist item": gettext_noop("checklist item"), "item": gettext_noop("item")}


def reject_if_changed_since(*, changed_at: datetime | None, taken_at: datetime, what: str) -> None:
    """409 ``conflict`` when the server's copy changed after the queued action was taken."""
    if changed_at is not None and changed_at > taken_at:
        raise ApiError(
            gettext(
                "The %(what)s was changed on the server after you made this change offline; "
                "the newer server version was kept."
            )
            % {"what": gettext(WHAT.get(what, what))},
            code="conflict",
            status_code=409,
        )
