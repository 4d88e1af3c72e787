from __future__ import annotations

from typing import Any

from rest_framework import serializers


class TwoFactorStatusSerializer(serializers.Serializer[Any]):
    required = serializers.BooleanField(  # type: ignore[assignment]
        help_text="The organisation requires two factors for this role."
    )
    enrolled = serializers.BooleanField(help_text="An authenticator app is set up.")
    verified = serializers.BooleanField(help_text="This session was confirmed with a code.")


class TwoFactorSetupSerializer(serializers.Serializer[Any]):
    secret = serializers.CharField(help_text="Base32 secret to type into the authenticator app.")
    otpauth_uri = serializers.CharField()
    qr_svg = serializers.CharField(help_text="The otpauth URI as an inline SVG QR code.")


class OtpCodeSerializer(serializers.Serializer[Any]):
    otp_code = serializers.RegexField(r"^\s*\d{3}\s?\d{3}\s*$", max_length=12)


class SecurityPolicySerializer(serializers.Serializer[Any]):
    require_two_factor = serializers.BooleanField()
