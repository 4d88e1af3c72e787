"""The admin site's login form: the password, and the authenticator app's code when the person's
organisation requires two factors (the same rule as the app's login, welkom.security.services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from welkom.core.errors import ApiError
from welkom.security import services


class AdminLoginForm(AdminAuthenticationForm):
    otp_code = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=12,
        help_text=_("The 6-digit code from your authenticator app, if your organisation requires one."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is None:
            return cleaned
        if services.two_factor_required(user) and services.confirmed_device(user) is None:
            self.user_cache = None
            raise ValidationError(
                gettext(
                    "Your organisation requires two-factor authentication. Log in to the Welkom app "
                    "first and set up your authenticator app there."
                ),
                code="otp_not_enrolled",
            )
        try:
            device = services.login_second_factor(user=user, otp_code=cleaned.get("otp_code") or None)
        except ApiError as error:
            self.user_cache = None
            raise ValidationError(str(error.detail), code=error.code) from error
        if device is not None:
            user.otp_device = device  # type: ignore[attr-defined]  # django-otp verifies the session
        return cleaned
