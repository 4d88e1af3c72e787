"""Accounts in exports, erasure and retention. Runs last when erasing: it anonymises the account."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils import timezone

from welkom.accounts.models import Invitation, TeamMembership, User
from welkom.core.privacy_registry import DataSource, RetentionKind, register_retention, register_source


def export_account(user: User) -> dict[str, Any]:
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "organisation": user.organisation.name if user.organisation else None,
            "role": user.role,
            "language": user.language,
            "time_zone": user.time_zone,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "teams": list(TeamMembership.objects.filter(user=user).values("team__name", "joined_at")),
        "invitations": list(
            Invitation.objects.filter(user=user).values(
                "email", "role", "created_at", "expires_at", "accepted_at", "revoked_at"
            )
        ),
    }


def erase_account(user: User) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    email = user.email
    Invitation.objects.filter(user=user).delete()
    TeamMembership.objects.filter(user=user).delete()
    user.teams_led.update(lead=None)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=email).delete()
    # Django admin's history names the object; drop the lines about this person.
    LogEntry.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
        | Q(object_repr__icontains=email)
        | (Q(object_repr__icontains=user.full_name) if user.full_name else Q(pk__in=[]))
    ).delete()
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.full_name = ""
    user.is_active = False
    user.last_login = None
    user.set_unusable_password()
    user.save()


def purge_invitations(organisation_id: int, before: datetime) -> int:
    closed = Invitation.objects.filter(organisation_id=organisation_id, created_at__lt=before).filter(
        Q(accepted_at__isnull=False) | Q(revoked_at__isnull=False) | Q(expires_at__lte=timezone.now())
    )
    deleted, _ = closed.delete()
    return deleted


def register() -> None:
    register_source(DataSource(name="account", export=export_account, erase=erase_account, order=1000))
    register_retention(
        RetentionKind(
            name="invitations",
            description="Closed invitations: accepted, withdrawn or expired (they hold an e-mail address).",
            default_days=90,
            purge=purge_invitations,
        )
    )
