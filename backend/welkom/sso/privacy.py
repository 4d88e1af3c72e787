from __future__ import annotations

from typing import Any

from welkom.accounts.models import User
from welkom.core.privacy_registry import DataSource, register_source
from welkom.sso.models import IdentityLink, ProviderSession, ProviderVerification


def export_sign_in(user: User) -> dict[str, Any]:
    return {
        "identity_provider_links": [
            {
                "issuer": link.issuer,
                "subject": link.subject,
                "linked_at": link.created_at,
                "last_sign_in_at": link.last_sign_in_at,
            }
            for link in IdentityLink.objects.filter(user=user).order_by("created_at")
        ]
    }


def erase_sign_in(user: User) -> None:
    IdentityLink.objects.filter(user=user).delete()
    ProviderSession.objects.filter(user=user).delete()
    ProviderVerification.objects.filter(user=user).delete()


def register() -> None:
    register_source(DataSource(name="sign_in", export=export_sign_in, erase=erase_sign_in))
