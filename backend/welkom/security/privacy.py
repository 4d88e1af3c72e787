from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped,unused-ignore]

from welkom.accounts.models import User
from welkom.core.privacy_registry import DataSource, register_source


def export_two_factor(user: User) -> dict[str, Any]:
    # The secret itself is never exported: only whether an authenticator app is set up.
    return {"authenticator_app": TOTPDevice.objects.filter(user=user, confirmed=True).exists()}


def erase_two_factor(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()


def register() -> None:
    register_source(DataSource(name="two_factor", export=export_two_factor, erase=erase_two_factor))
