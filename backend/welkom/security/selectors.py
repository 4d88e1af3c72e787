"""Reads for sign-in security."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from welkom.core.statements import Statement

# On every ``/api/me`` (the session's two-factor state): compiled once (welkom.core.statements).
_CONFIRMED_DEVICE = Statement(
    "security.confirmed_device",
    lambda user_id: TOTPDevice.objects.filter(user_id=user_id, confirmed=True).values_list("pk")[:1],
)


def has_confirmed_device(user_id: int) -> bool:
    """Whether the person has an authenticator app they confirmed."""
    return _CONFIRMED_DEVICE.first(user_id) is not None
