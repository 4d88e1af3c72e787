"""Writes for organisations, people, teams and invitations."""

from __future__ import annotations

import secrets
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from welkom.accounts import signals
from welkom.accounts.models import Invitation, Organisation, Role, Team, TeamMembership, User
from welkom.core.errors import ApiError
from welkom.core.mail import email_send

INVITATION_SALT = "welkom.accounts.invitation"
INVITABLE_ROLES = {Role.NEWCOMER, Role.COLLEAGUE, Role.TEAM_LEAD, Role.HR}
UI_LANGUAGES = {code for code, _ in settings.LANGUAGES}


# --- Organisations and teams ------------------------------------------------------------------


def organisation_create(*, name: str, slug: str | None = None, default_language: str = "en") -> Organisation:
    return Organisation.objects.create(
        name=name, slug=slug or slugify(name), default_language=default_language
    )


@transaction.atomic
def team_create(*, organisation: Organisation, name: str, lead: User | None = None) -> Team:
    if Team.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ApiError(
            gettext("A team with this name already exists."),
            fields={"name": [gettext("This name is taken.")]},
        )
    if lead is not None and lead.organisation_id != organisation.id:
        raise ApiError(
            gettext("The team lead must work in this organisation."),
            fields={"lead": [gettext("Unknown person.")]},
        )
    team = Team.objects.create(organisation=organisation, name=name, lead=lead)
    if lead is not None:
        TeamMembership.objects.create(team=team, user=lead)
    _team_members_changed(team)
    return team


def _team_members_changed(team: Team) -> None:
    """Tells the apps that follow a team's members (chat's team channel) in this transaction."""
    signals.team_members_changed.send(sender=Team, team=team)


def team_member_add(*, team: Team, user: User) -> TeamMembership:
    if user.organisation_id != team.organisation_id:
        raise ApiError(
            gettext("This person does not work in this organisation."),
            fields={"user": [gettext("Unknown person.")]},
        )
    membership, _ = TeamMembership.objects.get_or_create(team=team, user=user)
    _team_members_changed(team)
    return membership


def team_member_remove(*, team: Team, user: User) -> None:
    TeamMembership.objects.filter(team=team, user=user).delete()
    _team_members_changed(team)


@transaction.atomic
def team_member_move(*, user: User, to_team: Team | None, from_team_id: int | None = None) -> None:
    """Moves a person out of the team they were in (``from_team_id``) and into ``to_team`` (None:
    no team). Someone who has not accepted their invitation yet joins the new team on accepting.
    Both teams' chat channels follow, so the person leaves the old channel and reads the new one."""
    if to_team is not None and to_team.organisation_id != user.organisation_id:
        raise ApiError(gettext("Unknown team."), fields={"team": [gettext("Unknown team.")]})
    if from_team_id is not None and from_team_id != getattr(to_team, "pk", None):
        old = Team.objects.filter(pk=from_team_id, organisation=user.organisation).first()
        if old is not None:
            team_member_remove(team=old, user=user)
    Invitation.objects.filter(user=user, accepted_at__isnull=True, revoked_at__isnull=True).update(
        team=to_team
    )
    if to_team is not None and user.is_active:
        team_member_add(team=to_team, user=user)


# --- People -------------------------------------------------------------------------------------


def user_create(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    full_name: str = "",
    password: str | None = None,
    language: str | None = None,
) -> User:
    return User.objects.create_user(
        email=email,
        password=password,
        organisation=organisation,
        role=role,
        full_name=full_name,
        language=language or organisation.default_language,
    )


def user_update_preferences(
    *, user: User, full_name: str | None = None, language: str | None = None, time_zone: str | None = None
) -> User:
    fields: dict[str, list[str]] = {}
    if language is not None and language not in UI_LANGUAGES:
        fields["language"] = [
            gettext("Choose one of: %(choices)s.") % {"choices": ", ".join(sorted(UI_LANGUAGES))}
        ]
    if time_zone is not None:
        try:
            ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            fields["time_zone"] = [
                gettext("“%(value)s” is not a known time zone, e.g. Europe/Amsterdam.") % {"value": time_zone}
            ]
    if fields:
        raise ApiError(gettext("Some preferences are not valid."), fields=fields)
    if full_name is not None:
        user.full_name = full_name.strip()
    if language is not None:
        user.language = language
    if time_zone is not None:
        user.time_zone = time_zone
    user.save(update_fields=["full_name", "language", "time_zone"])
    return user


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as exc:
        raise ApiError(
            gettext("Choose a stronger password."), fields={"password": list(exc.messages)}
        ) from exc


# --- Invitations --------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT, compress=True)


def invitation_link(invitation: Invitation) -> str:
    return f"{settings.SITE_URL}/invite/{invitation_token(invitation)}"


@transaction.atomic
def invitation_create(
    *, invited_by: User, email: str, role: str, full_name: str = "", team: Team | None = None
) -> Invitation:
    """Invite a person by e-mail. Re-inviting someone who has not accepted yet replaces the old link."""
    organisation = invited_by.organisation
    assert organisation is not None
    email = email.strip().lower()
    if role not in INVITABLE_ROLES:
        raise ApiError(
            gettext("This role cannot be invited."),
            fields={"role": [gettext("“%(role)s” cannot be invited.") % {"role": role}]},
        )
    if team is not None and team.organisation_id != organisation.id:
        raise ApiError(gettext("Unknown team."), fields={"team": [gettext("Unknown team.")]})

    # Only this organisation's people are looked at: whether another organisation has an account
    # with this address is never told to HR. That case is settled when the e-mail goes out
    # (invitation_send_email sends the address's owner a notice instead of a link).
    user = User.objects.select_for_update().filter(email=email, organisation=organisation).first()
    if user is not None and user.has_usable_password():
        raise ApiError(
            gettext("This e-mail address already has a Welkom account."),
            code="already_registered",
            fields={"email": [gettext("Already registered. They can log in or reset their password.")]},
        )
    if user is None:
        user = user_create(organisation=organisation, email=email, role=role, full_name=full_name)
        user.set_unusable_password()
        user.is_active = False
        user.save(update_fields=["password", "is_active"])
    else:
        user.role = role
        user.full_name = full_name or user.full_name
        user.save(update_fields=["role", "full_name"])

    now = timezone.now()
    Invitation.objects.filter(user=user, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    invitation = Invitation.objects.create(
        organisation=organisation,
        user=user,
        email=email,
        role=role,
        team=team,
        invited_by=invited_by,
        nonce=secrets.token_hex(16),
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    from welkom.accounts.tasks import invitation_send

    transaction.on_commit(lambda: invitation_send.delay(invitation.pk))
    return invitation


def has_account_elsewhere(user: User) -> bool:
    """Whether another account with a password (in another organisation) has this person's address."""
    return User.objects.with_password().filter(email=user.email).exclude(pk=user.pk).exists()


def _address_in_use() -> ApiError:
    message = _(
        "This e-mail address already has a Welkom account with another organisation. An address "
        "can belong to one organisation at a time: log in with that account, or ask that "
        "organisation to close it first."
    )
    return ApiError(message, code="address_in_use", fields={"token": [message]})


def invitation_revoke(*, invitation: Invitation) -> Invitation:
    if invitation.accepted_at:
        raise ApiError(
            gettext("This invitation was already accepted."), code="invitation_used", status_code=409
        )
    invitation.revoked_at = invitation.revoked_at or timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_from_token(token: str) -> Invitation:
    """The invitation behind a link, or an error that says plainly why the link does not work."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
        invitation = Invitation.objects.select_related("organisation", "user").get(pk=data["i"])
    except (signing.BadSignature, Invitation.DoesNotExist, KeyError, TypeError) as exc:
        raise ApiError(
            gettext("This invitation link is not valid. Check that you copied the whole link."),
            code="invitation_invalid",
            fields={"token": [gettext("Not a valid invitation.")]},
        ) from exc
    if not secrets.compare_digest(str(data.get("n", "")), invitation.nonce) or invitation.revoked_at:
        raise ApiError(
            gettext(
                "This invitation was replaced or withdrawn. "
                "Use the newest invitation e-mail, or ask HR for a new one."
            ),
            code="invitation_revoked",
            fields={"token": [gettext("Withdrawn.")]},
        )
    if invitation.accepted_at:
        raise ApiError(
            gettext(
                "This invitation was already used. "
                "Log in with your e-mail and password, or reset your password."
            ),
            code="invitation_used",
            fields={"token": [gettext("Already used.")]},
        )
    if invitation.expires_at <= timezone.now():
        raise ApiError(
            gettext("This invitation expired on %(date)s. Ask HR to send you a new one.")
            % {"date": date_format(timezone.localtime(invitation.expires_at).date(), "DATE_FORMAT")},
            code="invitation_expired",
            fields={"token": [gettext("Expired.")]},
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str, full_name: str | None = None) -> User:
    invitation = invitation_from_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:  # lost a race with a second click
        raise ApiError(
            gettext("This invitation was already used."),
            code="invitation_used",
            fields={"token": [gettext("Used.")]},
        )
    user = invitation.user
    if has_account_elsewhere(user):
        raise _address_in_use()
    _validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    if full_name:
        user.full_name = full_name.strip()
    try:
        with transaction.atomic():
            user.save(update_fields=["password", "is_active", "full_name"])
    except IntegrityError as error:  # another organisation's invitation was accepted just now
        raise _address_in_use() from error
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    if invitation.team is not None:
        TeamMembership.objects.get_or_create(team=invitation.team, user=user)
        _team_members_changed(invitation.team)
    signals.person_joined.send(sender=User, user=user)
    return user


def invitation_send_email(*, invitation_id: int) -> bool:
    """Send the invitation e-mail once. Returns False when it was already sent or is no longer pending."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organisation")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.email_sent_at or invitation.status != "pending":
            return False
        if has_account_elsewhere(invitation.user):
            _send_address_in_use_notice(invitation)
        else:
            _send_invitation_link(invitation)
        invitation.email_sent_at = timezone.now()
        invitation.save(update_fields=["email_sent_at"])
    return True


def _send_address_in_use_notice(invitation: Invitation) -> None:
    """To the owner of an address that already has an account elsewhere: no link (it could only
    make a second account), but word of the invitation and what to do about it."""
    email_send(
        recipient=invitation.user,
        to=invitation.email,
        template="address_in_use",
        context={"organisation": invitation.organisation.name},
    )


def _send_invitation_link(invitation: Invitation) -> None:
    email_send(
        recipient=invitation.user,
        to=invitation.email,
        template="invitation",
        context={
            "organisation": invitation.organisation.name,
            "name": invitation.user.full_name,
            # The day in the invitee's zone, as a date: the template's date filter would turn a
            # datetime back into the server's zone.
            "expires": timezone.localtime(invitation.expires_at, _zone(invitation.user.time_zone)).date(),
            "link": invitation_link(invitation),
        },
    )


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


# --- Password reset -------------------------------------------------------------------------


def password_reset_request(*, email: str) -> None:
    """Queue a reset e-mail if an active account has this address. Says nothing either way."""
    user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
    if user is None:
        return
    from welkom.accounts.tasks import password_reset_send

    user_id = user.pk
    transaction.on_commit(lambda: password_reset_send.delay(user_id))


def password_reset_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"{settings.SITE_URL}/reset-password/{uid}/{default_token_generator.make_token(user)}"


def password_reset_send_email(*, user_id: int) -> bool:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    email_send(
        recipient=user, to=user.email, template="password_reset", context={"link": password_reset_link(user)}
    )
    return True


@transaction.atomic
def password_reset_confirm(*, uid: str, token: str, password: str) -> User:
    invalid = ApiError(
        gettext("This reset link is not valid or was already used. Ask for a new one."),
        code="reset_link_invalid",
        fields={"token": [gettext("Invalid or expired.")]},
    )
    try:
        user = User.objects.select_for_update().get(
            pk=int(urlsafe_base64_decode(uid).decode()), is_active=True
        )
    except (ValueError, TypeError, OverflowError, User.DoesNotExist) as exc:
        raise invalid from exc
    if not default_token_generator.check_token(user, token):
        raise invalid
    _validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user
