"""How checklists react to other apps' events (connected in ChecklistsConfig.ready())."""

from __future__ import annotations

from typing import Any

from welkom.checklists.services import follow_profile_change
from welkom.newcomers.models import NewcomerProfile


def profile_changed(*, profile: NewcomerProfile, changes: dict[str, Any], **kwargs: Any) -> None:
    follow_profile_change(profile, changes)
