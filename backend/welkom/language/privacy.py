"""Language plans, sessions, study logs, level checks and calendar feeds in exports and erasure."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from welkom.accounts.models import User
from welkom.core.privacy_registry import DataSource, RetentionKind, register_retention, register_source
from welkom.language.models import (
    CalendarFeed,
    Enrolment,
    LanguagePlan,
    LevelCheck,
    Milestone,
    StudyLog,
    StudySession,
)
from welkom.privacy.rows import rows


def export_language(user: User) -> dict[str, Any]:
    plans = LanguagePlan.objects.filter(profile__user=user)
    return {
        "plans": rows(plans),
        "sessions": rows(StudySession.objects.filter(plan__in=plans)),
        "milestones": rows(Milestone.objects.filter(plan__in=plans)),
        "study_logs": rows(StudyLog.objects.filter(plan__in=plans)),
        "level_checks": rows(LevelCheck.objects.filter(plan__in=plans)),
        "enrolments": rows(Enrolment.objects.filter(profile__user=user)),
        # The token itself is never stored; its hash is a secret, not information.
        "calendar_feeds": rows(CalendarFeed.objects.filter(user=user), exclude=("token_hash",)),
    }


def erase_language(user: User) -> None:
    # Sessions, milestones, study logs and level checks go with the plan (on_delete=CASCADE).
    LanguagePlan.objects.filter(profile__user=user).delete()
    Enrolment.objects.filter(profile__user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()


def purge_study_logs(organisation_id: int, before: datetime) -> int:
    deleted, _ = StudyLog.objects.filter(
        plan__organisation_id=organisation_id, created_at__lt=before
    ).delete()
    return deleted


def register() -> None:
    register_source(DataSource(name="language", export=export_language, erase=erase_language, order=50))
    register_retention(
        RetentionKind(
            name="language_study_logs",
            description="Self-study minutes and notes newcomers log in their language plan.",
            default_days=730,
            purge=purge_study_logs,
        )
    )
