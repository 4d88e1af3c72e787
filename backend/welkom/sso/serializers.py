from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import serializers

from welkom.sso import flow
from welkom.sso.models import IdentityProvider


class ProviderSerializer(serializers.Serializer[Any]):
    """The provider's settings as an admin sees them: never the client secret."""

    name = serializers.CharField()
    issuer = serializers.CharField()
    client_id = serializers.CharField()
    has_client_secret = serializers.BooleanField(help_text="A secret is stored (it is never shown).")
    domains = serializers.ListField(child=serializers.CharField())
    password_login_allowed = serializers.BooleanField()
    accepted_amr = serializers.ListField(child=serializers.CharField())
    accepted_acr = serializers.ListField(child=serializers.CharField())
    groups_claim = serializers.CharField(allow_blank=True)
    role_mapping = serializers.DictField(child=serializers.CharField())
    session_minutes = serializers.IntegerField()
    redirect_uri = serializers.CharField(help_text="Register this address at the provider.")
    backchannel_logout_uri = serializers.CharField(help_text="The provider's back-channel logout goes here.")
    updated_at = serializers.DateTimeField()

    @staticmethod
    def shape(provider: IdentityProvider) -> dict[str, Any]:
        return {
            "name": provider.name,
            "issuer": provider.issuer,
            "client_id": provider.client_id,
            "has_client_secret": bool(provider.client_secret_encrypted),
            "domains": [row.domain for row in provider.domains.all()],
            "password_login_allowed": provider.password_login_allowed,
            "accepted_amr": provider.accepted_amr,
            "accepted_acr": provider.accepted_acr,
            "groups_claim": provider.groups_claim,
            "role_mapping": provider.role_mapping,
            "session_minutes": provider.session_minutes,
            "redirect_uri": flow.redirect_uri(),
            "backchannel_logout_uri": flow.backchannel_logout_uri(),
            "updated_at": provider.updated_at,
        }


class ProviderAbsentSerializer(serializers.Serializer[Any]):
    redirect_uri = serializers.CharField(help_text="Register this address at the provider.")
    backchannel_logout_uri = serializers.CharField()


class ProviderWriteSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=80)
    issuer = serializers.URLField(max_length=300)
    client_id = serializers.CharField(max_length=200)
    client_secret = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="Required the first time; empty keeps the stored secret.",
    )
    domains = serializers.ListField(child=serializers.CharField(max_length=253), max_length=50)
    password_login_allowed = serializers.BooleanField(default=True)
    accepted_amr = serializers.ListField(
        child=serializers.CharField(max_length=40), max_length=20, required=False, default=list
    )
    accepted_acr = serializers.ListField(
        child=serializers.CharField(max_length=200), max_length=20, required=False, default=list
    )
    groups_claim = serializers.CharField(max_length=80, required=False, allow_blank=True, default="groups")
    role_mapping = serializers.DictField(
        child=serializers.CharField(max_length=20), required=False, default=dict
    )
    session_minutes = serializers.IntegerField(
        min_value=5, max_value=settings.SESSION_COOKIE_AGE // 60, required=False, default=480
    )


class DiscoverSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField(max_length=254)


class DiscoverProviderSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    start_url = serializers.CharField(help_text="Open this address (a top-level navigation) to sign in.")


class DiscoverResultSerializer(serializers.Serializer[Any]):
    provider = DiscoverProviderSerializer(allow_null=True)
    password_login = serializers.BooleanField(help_text="Staff of this organisation may use a password.")


class LogoutTokenSerializer(serializers.Serializer[Any]):
    logout_token = serializers.CharField(max_length=20000)


class LinkProviderSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()


class LinkStateSerializer(serializers.Serializer[Any]):
    linked_at = serializers.DateTimeField()
    last_sign_in_at = serializers.DateTimeField(allow_null=True)


class LinkSerializer(serializers.Serializer[Any]):
    """The person's own company account: which provider their organisation uses, and the link."""

    provider = LinkProviderSerializer(allow_null=True, help_text="None: the organisation has no provider.")
    link = LinkStateSerializer(allow_null=True, help_text="None: no company account is linked.")


class LinkStartSerializer(serializers.Serializer[Any]):
    authorization_url = serializers.CharField(help_text="Open this address (top-level) to link the account.")
