"""An organisation's own OpenID Connect provider, and who signed in through it.

One provider per organisation. The e-mail domains it lists pick the organisation on the login
page, so a domain belongs to one provider only. The client secret is stored encrypted
(welkom.sso.crypto) and never sent back by the API.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_otp.models import Device  # type: ignore[import-untyped,unused-ignore]

from welkom.accounts.models import Role
from welkom.core.tenancy import TenantQuerySet

# Roles a groups claim may give a new account. Never admin: nobody is raised to admin by a claim.
MAPPABLE_ROLES = (Role.COLLEAGUE, Role.TEAM_LEAD, Role.HR)


class IdentityProvider(models.Model):
    tenant_path = "organisation"

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="identity_provider"
    )
    name = models.CharField(max_length=80, help_text="Shown on the button: “Sign in with <name>”.")
    issuer = models.URLField(max_length=300, help_text="Issuer URL; its discovery document is read.")
    client_id = models.CharField(max_length=200)
    client_secret_encrypted = models.TextField(help_text="Fernet token (welkom.sso.crypto).")
    password_login_allowed = models.BooleanField(
        default=True, help_text="Staff may still log in with their Welkom password."
    )
    accepted_amr = models.JSONField(
        default=list, blank=True, help_text="amr values that count as two factors (e.g. mfa, otp, hwk)."
    )
    accepted_acr = models.JSONField(
        default=list, blank=True, help_text="acr values that count as two factors."
    )
    groups_claim = models.CharField(max_length=80, default="groups", blank=True)
    role_mapping = models.JSONField(
        default=dict, blank=True, help_text="Group → role for new accounts (colleague, team_lead, hr)."
    )
    session_minutes = models.PositiveIntegerField(
        default=480, help_text="How long a session started through the provider lasts."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.name} ({self.issuer})"


class AllowedDomain(models.Model):
    """An e-mail domain whose people sign in through ``provider``; unique across organisations."""

    tenant_path = "provider__organisation"

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class IdentityLink(models.Model):
    """A Welkom account is this subject at this issuer."""

    tenant_path = "user__organisation"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_links"
    )
    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="links")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="identity_link_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} = {self.subject}@{self.issuer}"


class ProviderSession(models.Model):
    """A Welkom session started through the provider, so that its logout can end it."""

    tenant_path = "user__organisation"

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="sessions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, db_index=True)
    subject = models.CharField(max_length=255)
    sid = models.CharField(max_length=255, blank=True, help_text="The provider's session id, if it sent one.")
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.user_id} via {self.provider_id}"


class ProviderVerification(Device):
    """Stands for “the provider confirmed two factors” in django-otp's session, the way an
    authenticator app does after a code. It verifies no code itself."""

    tenant_path = "user__organisation"

    def verify_token(self, token: object) -> bool:
        return False
