"""Module progress and quiz answers in exports and erasure."""

from __future__ import annotations

from typing import Any

from welkom.accounts.models import User
from welkom.core.privacy_registry import DataSource, register_source
from welkom.modules.models import ModuleProgress, QuizAnswer
from welkom.privacy.rows import rows


def export_modules(user: User) -> dict[str, Any]:
    progress = ModuleProgress.objects.filter(user=user)
    return {
        "progress": rows(progress),
        "quiz_answers": rows(QuizAnswer.objects.filter(progress__in=progress)),
    }


def erase_modules(user: User) -> None:
    ModuleProgress.objects.filter(user=user).delete()  # quiz answers go with it


def register() -> None:
    register_source(DataSource(name="modules", export=export_modules, erase=erase_modules))
