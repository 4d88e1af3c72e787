"""Reads: which provider an address signs in with, and an organisation's provider settings."""

from __future__ import annotations

from welkom.accounts.models import User
from welkom.core.tenancy import for_tenant
from welkom.sso.models import AllowedDomain, IdentityLink, IdentityProvider


def provider_for_email(email: str) -> IdentityProvider | None:
    """The provider whose allowed domains hold this address's domain (one at most)."""
    domain = email.strip().lower().rsplit("@", 1)[-1] if "@" in email else ""
    if not domain:
        return None
    row = AllowedDomain.objects.select_related("provider").filter(domain=domain).first()
    return row.provider if row is not None else None


def provider_of(user: User) -> IdentityProvider | None:
    return for_tenant(IdentityProvider.objects.all(), user).prefetch_related("domains").first()


def link_of(user: User) -> IdentityLink | None:
    """The person's own link to their organisation's provider, if any."""
    return for_tenant(IdentityLink.objects.filter(user=user), user).order_by("created_at").first()
