"""Newcomer profiles in exports, erasure and retention."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from welkom.accounts.models import User
from welkom.core.privacy_registry import DataSource, RetentionKind, register_retention, register_source
from welkom.newcomers.models import NewcomerProfile, ProfileChange


def export_profile(user: User) -> dict[str, Any]:
    profile = (
        NewcomerProfile.objects.filter(user=user)
        .select_related("team", "team_lead", "buddy")
        .prefetch_related("children", "leaves", "changes")
        .first()
    )
    if profile is None:
        return {}
    return {
        "profile": {
            "home_country": profile.home_country,
            "phone": profile.phone,
            "languages_spoken": profile.languages_spoken,
            "preferred_language": profile.preferred_language,
            "time_zone": profile.time_zone,
            "offer_signed_on": profile.offer_signed_on,
            "arrival_on": profile.arrival_on,
            "first_day_on": profile.first_day_on,
            "team": profile.team.name if profile.team else None,
            "team_lead": profile.team_lead.display_name if profile.team_lead else None,
            "buddy": profile.buddy.display_name if profile.buddy else None,
            "has_partner": profile.has_partner,
            "tenure": profile.tenure,
            "stays_longer_than_4_months": profile.stays_longer_than_4_months,
            "permit_type": profile.permit_type,
            "municipality": profile.municipality,
            "employment": profile.employment,
            "housing_by_employer": profile.housing_by_employer,
            "created_at": profile.created_at,
        },
        "children": [
            {"first_name": child.first_name, "birth_date": child.birth_date}
            for child in profile.children.all()
        ],
        "leaves": [
            {"starts_on": leave.starts_on, "ends_on": leave.ends_on, "note": leave.note}
            for leave in profile.leaves.all()
        ],
        "profile_history": [
            {"changed_at": change.changed_at, "changes": change.changes} for change in profile.changes.all()
        ],
    }


def erase_profile(user: User) -> None:
    # Children, leaves and the change history go with the profile (on_delete=CASCADE).
    NewcomerProfile.objects.filter(user=user).delete()


def purge_profile_history(organisation_id: int, before: datetime) -> int:
    deleted, _ = ProfileChange.objects.filter(
        profile__organisation_id=organisation_id, changed_at__lt=before
    ).delete()
    return deleted


def register() -> None:
    register_source(DataSource(name="newcomer_profile", export=export_profile, erase=erase_profile))
    register_retention(
        RetentionKind(
            name="profile_history",
            description="Earlier values of newcomer profiles (who changed what, and when).",
            default_days=730,
            purge=purge_profile_history,
        )
    )
