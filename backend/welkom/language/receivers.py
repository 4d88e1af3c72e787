"""How language plans react to other apps' events (connected in LanguageConfig.ready())."""

from __future__ import annotations

from typing import Any

from welkom.language.services import plan_follow_profile
from welkom.newcomers.models import NewcomerProfile


def profile_changed(*, profile: NewcomerProfile, changes: dict[str, Any], **kwargs: Any) -> None:
    plan_follow_profile(profile, changes)
