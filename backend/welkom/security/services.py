"""Two-factor authentication (TOTP, django-otp) for HR and admin, when the organisation requires it.

Login: password first; a person who must use two factors and has an authenticator app then sends the
6-digit code with the same request. A person who must but has not enrolled yet is logged in with an
unverified session that can only reach enrolment (see middleware.TwoFactorRequiredMiddleware)."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote

import segno
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped,unused-ignore]

from welkom.accounts.models import Organisation, User
from welkom.core.errors import ApiError
from welkom.security.models import SecurityPolicy

CODE_FIELD = "otp_code"


def _policy_key(organisation_id: int) -> str:
    return f"security-policy:{organisation_id}"


def policy_requires_two_factor(organisation_id: int | None) -> bool:
    """Cached per organisation (no query on every request); policy_update refreshes it."""
    if organisation_id is None:
        return False
    key = _policy_key(organisation_id)
    value = cache.get(key)
    if value is None:
        value = SecurityPolicy.objects.filter(
            organisation_id=organisation_id, require_two_factor=True
        ).exists()
        cache.set(key, value, 300)
    return bool(value)


def two_factor_required(user: Any) -> bool:
    return getattr(user, "role", None) in settings.TWO_FACTOR_ROLES and policy_requires_two_factor(
        getattr(user, "organisation_id", None)
    )


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def policy_update(*, organisation: Organisation, require_two_factor: bool) -> SecurityPolicy:
    policy, _ = SecurityPolicy.objects.update_or_create(
        organisation=organisation,
        defaults={"require_two_factor": require_two_factor, "updated_at": timezone.now()},
    )
    cache.delete(_policy_key(organisation.pk))
    transaction.on_commit(lambda: cache.delete(_policy_key(organisation.pk)))
    return policy


def _check(device: TOTPDevice, code: str) -> None:
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise ApiError(
            gettext("Too many wrong codes. Wait a little and try again."),
            code="otp_throttled",
            fields={CODE_FIELD: [gettext("Wait a little before trying again.")]},
            status_code=429,
        )
    if not device.verify_token(code.strip().replace(" ", "")):
        raise ApiError(
            gettext("That code is not right. Use the current 6-digit code from your authenticator app."),
            code="otp_invalid",
            fields={CODE_FIELD: [gettext("Not the current code.")]},
        )


def login_second_factor(*, user: User, otp_code: str | None) -> TOTPDevice | None:
    """The device that verified this login, None when no second factor is needed (yet).

    Raises otp_required when a code is needed and missing, otp_invalid when it is wrong."""
    if not two_factor_required(user):
        return None
    device = confirmed_device(user)
    if device is None:
        return None  # logged in, but may only enrol (the middleware sees to that)
    if not otp_code:
        raise ApiError(
            gettext("Enter the 6-digit code from your authenticator app."),
            code="otp_required",
            fields={CODE_FIELD: [gettext("Enter the code from your authenticator app.")]},
        )
    _check(device, otp_code)
    return device


@transaction.atomic
def enrolment_start(*, user: User, session_verified: bool) -> dict[str, str]:
    """A new, unconfirmed authenticator secret. Replacing a confirmed one needs a verified session."""
    if confirmed_device(user) is not None and not session_verified:
        raise ApiError(gettext("Log in with your current code first."), code="otp_required", status_code=403)
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    label = quote(f"{settings.OTP_TOTP_ISSUER}:{user.email}", safe=":@")
    uri = (
        f"otpauth://totp/{label}?secret={secret}&issuer={quote(settings.OTP_TOTP_ISSUER)}"
        f"&digits={device.digits}&period={device.step}"
    )
    return {"secret": secret, "otpauth_uri": uri, "qr_svg": segno.make(uri, error="m").svg_inline(scale=4)}


@transaction.atomic
def enrolment_confirm(*, user: User, otp_code: str) -> TOTPDevice:
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        raise ApiError(gettext("Start the set-up first."), code="otp_not_started", status_code=409)
    _check(device, otp_code)
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


def session_verify(*, user: User, otp_code: str) -> TOTPDevice:
    device = confirmed_device(user)
    if device is None:
        raise ApiError(
            gettext("Set up your authenticator app first."), code="otp_not_enrolled", status_code=409
        )
    _check(device, otp_code)
    return device


def two_factor_reset(*, user: User) -> None:
    """An admin removes a person's authenticator (lost phone); they enrol again at their next login."""
    TOTPDevice.objects.filter(user=user).delete()
