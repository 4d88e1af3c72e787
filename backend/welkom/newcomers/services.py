"""Writes for newcomer profiles. Other apps follow profile changes through the
``newcomers.signals.profile_changed`` signal."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from welkom.accounts.models import Role, Team, User
from welkom.accounts.selectors import user_with_email
from welkom.accounts.services import invitation_create, team_member_move
from welkom.core.countries import is_country_code
from welkom.core.errors import ApiError
from welkom.newcomers import signals
from welkom.newcomers.models import Child, Leave, NewcomerProfile, ProfileChange
from welkom.translation.languages import is_known_language

PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,30}$")
Changes = dict[str, tuple[Any, Any]]

SCALAR_FIELDS = (
    "home_country",
    "phone",
    "languages_spoken",
    "preferred_language",
    "time_zone",
    "offer_signed_on",
    "arrival_on",
    "first_day_on",
    "team",
    "team_lead",
    "buddy",
    "has_partner",
    "tenure",
    "stays_longer_than_4_months",
    "permit_type",
    "municipality",
    "employment",
    "housing_by_employer",
)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _validate(profile: NewcomerProfile, organisation_id: int) -> None:
    fields: dict[str, list[str]] = {}
    try:
        ZoneInfo(profile.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        fields["time_zone"] = [
            gettext("“%(value)s” is not a known time zone, e.g. Europe/Amsterdam.")
            % {"value": profile.time_zone}
        ]
    if not is_known_language(profile.preferred_language):
        # It is also the language the newcomer reads the team chat in (welkom.chat).
        fields["preferred_language"] = [
            gettext("“%(value)s” is not a known language code (ISO 639-1, e.g. pl).")
            % {"value": profile.preferred_language}
        ]
    unknown = [code for code in profile.languages_spoken or [] if not is_known_language(code)]
    if unknown:
        fields["languages_spoken"] = [
            _("'%(code)s' is not a known language code (ISO 639-1, e.g. pl).") % {"code": unknown[0]}
        ]
    if profile.phone and not PHONE.match(profile.phone):
        fields["phone"] = [_("Use digits, spaces and a leading +, e.g. +48 600 123 456.")]
    if profile.home_country and not is_country_code(profile.home_country):
        fields["home_country"] = [gettext("Use the two-letter country code, e.g. IN or PL.")]
    if profile.offer_signed_on and profile.arrival_on and profile.arrival_on < profile.offer_signed_on:
        fields["arrival_on"] = [gettext("Arrival cannot be before the offer was signed.")]
    if profile.arrival_on and profile.first_day_on and profile.first_day_on < profile.arrival_on:
        fields["first_day_on"] = [gettext("The first working day cannot be before arrival.")]
    for name in ("team_lead", "buddy"):
        person = getattr(profile, name)
        if person is not None and person.organisation_id != organisation_id:
            fields[name] = [gettext("Unknown person.")]
    if profile.team_lead is not None and profile.team_lead.role not in (Role.TEAM_LEAD, Role.HR, Role.ADMIN):
        fields["team_lead"] = [gettext("This person is not a team lead.")]
    if profile.buddy is not None and profile.buddy_id == profile.user_id:
        fields["buddy"] = [gettext("A newcomer cannot be their own buddy.")]
    if profile.team is not None and profile.team.organisation_id != organisation_id:
        fields["team"] = [gettext("Unknown team.")]
    if fields:
        raise ApiError(gettext("Some profile fields are not valid."), fields=fields)


def _replace_children(profile: NewcomerProfile, children: list[dict[str, Any]]) -> tuple[Any, Any] | None:
    before = [(c.first_name, c.birth_date.isoformat()) for c in profile.children.all()]
    # Keyed by row like the serializer's nested errors ({"children": {1: {"birth_date": [...]}}}),
    # so a form can put the message next to the right row.
    errors = {
        i: {"birth_date": ["Is in the future."]}
        for i, c in enumerate(children)
        if c["birth_date"] > timezone.localdate()
    }
    if errors:
        raise ApiError(gettext("A child's birth date is in the future."), fields={"children": errors})
    profile.children.all().delete()
    Child.objects.bulk_create(
        Child(profile=profile, first_name=c.get("first_name", ""), birth_date=c["birth_date"])
        for c in children
    )
    after = [(c.get("first_name", ""), c["birth_date"].isoformat()) for c in children]
    return (before, after) if sorted(before) != sorted(after) else None


def _replace_leaves(profile: NewcomerProfile, leaves: list[dict[str, Any]]) -> tuple[Any, Any] | None:
    before = [(x.starts_on.isoformat(), x.ends_on.isoformat()) for x in profile.leaves.all()]
    errors = {
        i: {"ends_on": ["Ends before it starts."]}
        for i, x in enumerate(leaves)
        if x["ends_on"] < x["starts_on"]
    }
    if errors:
        raise ApiError(gettext("A leave ends before it starts."), fields={"leaves": errors})
    profile.leaves.all().delete()
    Leave.objects.bulk_create(
        Leave(profile=profile, starts_on=x["starts_on"], ends_on=x["ends_on"], note=x.get("note", ""))
        for x in leaves
    )
    after = [(x["starts_on"].isoformat(), x["ends_on"].isoformat()) for x in leaves]
    return (before, after) if sorted(before) != sorted(after) else None


@transaction.atomic
def profile_update(
    *, profile: NewcomerProfile, changed_by: User | None, created: bool = False, **data: Any
) -> NewcomerProfile:
    """Change a profile, record what changed, and let dependent apps follow the change.

    ``created=True`` (from profile_create) records the creation as a change, so receivers also see a
    new profile whose fields all kept their defaults."""
    profile = NewcomerProfile.objects.select_for_update().get(pk=profile.pk)
    changes: Changes = {"profile": (None, "created")} if created else {}
    for name in SCALAR_FIELDS:
        if name in data:
            old, new = getattr(profile, name), data[name]
            if _plain(old) != _plain(new):
                changes[name] = (_plain(old), _plain(new))
                setattr(profile, name, new)
    _validate(profile, profile.organisation_id)
    profile.save()
    if "children" in data and (change := _replace_children(profile, data["children"])):
        changes["children"] = change
    if "leaves" in data and (change := _replace_leaves(profile, data["leaves"])):
        changes["leaves"] = change
    if "team" in changes or (created and profile.team_id is not None):
        # The newcomer's team membership (and with it their team chat channel) follows the profile.
        team_member_move(
            user=profile.user,
            to_team=profile.team,
            from_team_id=changes["team"][0] if "team" in changes else None,
        )
    if changes:
        ProfileChange.objects.create(profile=profile, changed_by=changed_by, changes=changes)
        signals.profile_changed.send(sender=NewcomerProfile, profile=profile, changes=changes)
    return profile


@transaction.atomic
def profile_create(
    *, created_by: User, email: str, full_name: str = "", team: Team | None = None, **data: Any
) -> NewcomerProfile:
    """HR adds a newcomer: an invitation goes out and the profile is ready to plan, often before arrival."""
    organisation = created_by.organisation
    assert organisation is not None
    existing = user_with_email(organisation_id=organisation.pk, email=email.strip().lower())
    if existing is not None and hasattr(existing, "newcomer_profile"):
        raise ApiError(
            gettext("This newcomer already has a profile."),
            code="already_exists",
            fields={"email": [gettext("Already has a profile.")]},
        )
    if existing is not None and existing.has_usable_password():
        if existing.role != Role.NEWCOMER:
            raise ApiError(
                gettext("This person is not a newcomer."),
                fields={"email": [gettext("Not a newcomer account.")]},
            )
        user = existing
    else:
        user = invitation_create(
            invited_by=created_by, email=email, role=Role.NEWCOMER, full_name=full_name, team=team
        ).user
    profile = NewcomerProfile.objects.create(
        organisation=organisation,
        user=user,
        team=team,
        preferred_language=data.get("preferred_language", user.language),
        time_zone=data.get("time_zone", "Europe/Amsterdam"),
    )
    if team is not None and team.lead_id and "team_lead" not in data:
        data["team_lead"] = team.lead
    return profile_update(profile=profile, changed_by=created_by, created=True, **data)
