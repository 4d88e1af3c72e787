"""Writes: the provider's settings, accounts signed in through it, and ending their sessions."""

from __future__ import annotations

import re
import secrets
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import login as django_login
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from welkom.accounts.models import Organisation, Role, User
from welkom.accounts.selectors import email_in_use, password_account_exists, user_with_email
from welkom.accounts.services import user_create
from welkom.audit.models import Action
from welkom.audit.services import audit_event
from welkom.core.errors import ApiError
from welkom.sso import crypto, flow
from welkom.sso.flow import ProviderIdentity, SignInRefused
from welkom.sso.models import (
    MAPPABLE_ROLES,
    AllowedDomain,
    IdentityLink,
    IdentityProvider,
    ProviderSession,
    ProviderVerification,
)

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
SIGN_IN = "sso_sign_in"


# --- Settings -------------------------------------------------------------------------------------


def _clean_domains(domains: list[str], organisation: Organisation) -> list[str]:
    cleaned = sorted({domain.strip().lower().lstrip("@") for domain in domains if domain.strip()})
    problems = [
        gettext("“%(domain)s” is not a domain name like example.com.") % {"domain": domain}
        for domain in cleaned
        if not DOMAIN.match(domain)
    ]
    if not cleaned:
        problems.append(gettext("List at least one e-mail domain, e.g. example.com."))
    taken = AllowedDomain.objects.filter(domain__in=cleaned).exclude(provider__organisation=organisation)
    problems += [
        gettext("“%(domain)s” already signs in at another organisation.") % {"domain": row.domain}
        for row in taken
    ]
    if problems:
        raise ApiError(gettext("Some e-mail domains cannot be used."), fields={"domains": problems})
    return cleaned


def _check_role_mapping(role_mapping: dict[str, str]) -> None:
    wrong = [
        gettext("“%(group)s”: choose one of %(roles)s.")
        % {"group": group, "roles": ", ".join(str(r) for r in MAPPABLE_ROLES)}
        for group, role in role_mapping.items()
        if role not in MAPPABLE_ROLES
    ]
    if wrong:
        raise ApiError(
            gettext("A group can give the roles colleague, team lead or HR; never admin."),
            fields={"role_mapping": wrong},
        )


def _check_issuer(issuer: str) -> None:
    if not issuer.startswith("https://") and not settings.SSO_ALLOW_HTTP:
        raise ApiError(
            gettext("The issuer must be an https:// address."),
            fields={"issuer": [gettext("Use the https:// address of your identity provider.")]},
        )


def _discovery(issuer: str) -> dict[str, Any]:
    """The issuer's discovery document, or a 400 on the issuer field saying what is wrong with it."""
    url = flow.discovery_url(issuer)
    try:
        return flow.fetch_discovery(issuer)
    except flow.DiscoveryError as error:
        reasons = {
            "unreachable": gettext("Welkom could not load %(url)s (%(problem)s).")
            % {"url": url, "problem": error.detail},
            "not_json": gettext("%(url)s did not answer with a JSON discovery document.") % {"url": url},
            "issuer_mismatch": gettext(
                "The discovery document names the issuer “%(found)s”, not “%(issuer)s”. Enter exactly "
                "the issuer it names."
            )
            % {"found": error.detail, "issuer": issuer},
            "missing_endpoints": gettext("The discovery document does not list %(names)s.")
            % {"names": error.detail},
        }
        raise ApiError(
            gettext("The issuer's discovery document cannot be used; nothing was saved."),
            code=f"discovery_{error.reason}",
            fields={"issuer": [reasons[error.reason]]},
        ) from error


def provider_save(
    *,
    organisation: Organisation,
    actor: User,
    name: str,
    issuer: str,
    client_id: str,
    client_secret: str | None,
    domains: list[str],
    password_login_allowed: bool = True,
    accepted_amr: list[str] | None = None,
    accepted_acr: list[str] | None = None,
    groups_claim: str = "groups",
    role_mapping: dict[str, str] | None = None,
    session_minutes: int = 480,
) -> IdentityProvider:
    """Creates or replaces the organisation's provider. An empty ``client_secret`` keeps the
    stored one (it is never shown again, so the form cannot send it back). The issuer's discovery
    document is read first (outside the transaction: no row is locked while the network answers);
    when it cannot be used nothing is saved."""
    issuer = issuer.strip()
    _check_issuer(issuer)
    role_mapping = role_mapping or {}
    _check_role_mapping(role_mapping)
    _clean_domains(domains, organisation)  # the cheap checks first: no request for a bad form
    metadata = _discovery(issuer)
    with transaction.atomic():
        provider = _provider_write(
            organisation=organisation, actor=actor, name=name, issuer=issuer, client_id=client_id,
            client_secret=client_secret, domains=domains, password_login_allowed=password_login_allowed,
            accepted_amr=accepted_amr, accepted_acr=accepted_acr, groups_claim=groups_claim,
            role_mapping=role_mapping, session_minutes=session_minutes,
        )  # fmt: skip
    flow.remember_metadata(issuer, metadata)
    return provider


def _provider_write(
    *,
    organisation: Organisation,
    actor: User,
    name: str,
    issuer: str,
    client_id: str,
    client_secret: str | None,
    domains: list[str],
    password_login_allowed: bool,
    accepted_amr: list[str] | None,
    accepted_acr: list[str] | None,
    groups_claim: str,
    role_mapping: dict[str, str],
    session_minutes: int,
) -> IdentityProvider:
    cleaned = _clean_domains(domains, organisation)
    provider = IdentityProvider.objects.select_for_update().filter(organisation=organisation).first()
    created = provider is None
    if provider is None:
        if not client_secret:
            raise ApiError(
                gettext("Enter the client secret the provider gave you."),
                fields={"client_secret": [gettext("Required when setting up sign-in.")]},
            )
        provider = IdentityProvider(organisation=organisation)
    else:
        flow.forget_metadata(provider.issuer)
    provider.name = name.strip()
    provider.issuer = issuer
    provider.client_id = client_id.strip()
    if client_secret:
        provider.client_secret_encrypted = crypto.encrypt(client_secret)
    else:  # keep the secret, encrypted with the newest key
        provider.client_secret_encrypted = crypto.encrypt(crypto.decrypt(provider.client_secret_encrypted))
    provider.password_login_allowed = password_login_allowed
    provider.accepted_amr = sorted(set(accepted_amr or []))
    provider.accepted_acr = sorted(set(accepted_acr or []))
    provider.groups_claim = groups_claim.strip()
    provider.role_mapping = role_mapping
    provider.session_minutes = session_minutes
    provider.updated_at = timezone.now()
    provider.save()
    flow.forget_metadata(issuer)
    provider.domains.exclude(domain__in=cleaned).delete()
    try:
        with transaction.atomic():
            for domain in cleaned:
                AllowedDomain.objects.get_or_create(provider=provider, domain=domain)
    except IntegrityError as error:  # another organisation took the domain just now
        raise ApiError(
            gettext("Some e-mail domains cannot be used."),
            fields={"domains": [gettext("One of these domains was just taken by another organisation.")]},
        ) from error
    audit_event(
        organisation_id=organisation.pk,
        actor=actor,
        action=Action.CREATED if created else Action.CHANGED,
        object_type="identity_provider",
        object_id=provider.pk,
    )
    return provider


@transaction.atomic
def provider_delete(*, provider: IdentityProvider, actor: User) -> None:
    """Turns sign-in through the provider off. Links are kept, so switching it on again with the
    same issuer finds the same accounts."""
    audit_event(
        organisation_id=provider.organisation_id,
        actor=actor,
        action=Action.REMOVED,
        object_type="identity_provider",
        object_id=provider.pk,
    )
    flow.forget_metadata(provider.issuer)
    IdentityLink.objects.filter(provider=provider).delete()
    provider.delete()


# --- Signing in -----------------------------------------------------------------------------------


def sign_in_refused_record(refusal: SignInRefused) -> None:
    """The audit entry of a refusal (nothing else is written). Without a provider there is no
    organisation to file it under; the refusal is then only in the server log."""
    if refusal.provider is None:
        return
    audit_event(
        organisation_id=refusal.provider.organisation_id,
        action=Action.SIGN_IN_REFUSED,
        subject_user=refusal.user,
        object_type=SIGN_IN,
        object_id=refusal.reason,
    )


def _email(identity: ProviderIdentity) -> str:
    email = identity.claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise SignInRefused("email_missing", provider=identity.provider)
    return email.strip().lower()


def _email_verified(claims: dict[str, Any]) -> bool:
    # Entra ID does not send email_verified; its xms_edov says the domain's owner verified it.
    return claims.get("email_verified") is True or claims.get("xms_edov") is True


def _role_from_groups(provider: IdentityProvider, claims: dict[str, Any]) -> str | None:
    """The role the groups claim gives: the highest mapped role among the person's groups, and
    ``colleague`` when none of them is mapped. None when there is nothing to go by: no mapping is
    set, or the token carries no groups claim (a provider that left it out, e.g. Entra ID's
    "overage" for people in very many groups, does not demote anyone)."""
    if not provider.role_mapping or not provider.groups_claim:
        return None
    groups = claims.get(provider.groups_claim)
    if not isinstance(groups, list):
        return None
    order = [Role.HR, Role.TEAM_LEAD, Role.COLLEAGUE]  # the highest mapped role wins; never admin
    mapped = {provider.role_mapping.get(str(group)) for group in groups}
    return next((role for role in order if role in mapped and role in MAPPABLE_ROLES), Role.COLLEAGUE)


def _apply_role_mapping(user: User, provider: IdentityProvider, claims: dict[str, Any]) -> None:
    """At every sign-in the groups claim sets the role of an account that has a mappable role
    (colleague, team lead, HR). Admins and newcomers are left alone: no claim makes or unmakes an
    admin, and a newcomer becomes staff when HR says so. Each change is audited."""
    role = _role_from_groups(provider, claims)
    if role is None or role == user.role or user.role not in MAPPABLE_ROLES or role not in MAPPABLE_ROLES:
        return
    before = user.role
    user.role = role
    user.save(update_fields=["role"])
    audit_event(
        organisation_id=provider.organisation_id,
        action=Action.CHANGED,
        subject_user=user,
        object_type="role_from_groups_claim",
        object_id=f"{before}->{role}",
    )


def _account(identity: ProviderIdentity) -> tuple[User, IdentityLink | None]:
    """The account the identity belongs to, and its link (None: to be linked or created).
    Raises SignInRefused; writes nothing."""
    provider, claims = identity.provider, identity.claims
    link = (
        IdentityLink.objects.select_related("user")
        .filter(issuer=provider.issuer, subject=claims["sub"])
        .first()
    )
    if link is not None:
        if link.provider_id != provider.pk or link.user.organisation_id != provider.organisation_id:
            raise SignInRefused("wrong_organisation", provider=provider)
        if not link.user.is_active:
            raise SignInRefused("account_disabled", provider=provider, user=link.user)
        return link.user, link
    email = _email(identity)
    if email.rsplit("@", 1)[1] not in set(provider.domains.values_list("domain", flat=True)):
        raise SignInRefused("domain_not_allowed", provider=provider)
    if not _email_verified(claims):
        raise SignInRefused("email_unverified", provider=provider)
    user = user_with_email(organisation_id=provider.organisation_id, email=email)
    if user is not None:
        if not user.is_active:
            raise SignInRefused("account_disabled", provider=provider, user=user)
        if IdentityLink.objects.filter(user=user, provider=provider).exists():
            # Already linked to another subject at this provider: an e-mail is not enough.
            raise SignInRefused("wrong_organisation", provider=provider, user=user)
        return user, None
    if password_account_exists(email=email):
        raise SignInRefused("address_in_use", provider=provider)
    return User(organisation_id=provider.organisation_id, email=email), None


def _create(identity: ProviderIdentity, email: str) -> User:
    claims = identity.claims
    name = claims.get("name") if isinstance(claims.get("name"), str) else ""
    return user_create(
        email=email,
        # A password nobody knows: the account counts as having one (addresses stay unique
        # across organisations) and a password reset can set a real one if the organisation allows.
        password=secrets.token_urlsafe(32),
        organisation=identity.provider.organisation,
        role=_role_from_groups(identity.provider, claims) or Role.COLLEAGUE,
        full_name=str(name)[:200],
        language=identity.provider.organisation.default_language,
    )


def _two_factor_by_provider(provider: IdentityProvider, claims: dict[str, Any]) -> bool:
    amr = claims.get("amr")
    amr = amr if isinstance(amr, list) else []
    return bool(set(map(str, amr)) & set(provider.accepted_amr)) or (
        isinstance(claims.get("acr"), str) and claims["acr"] in provider.accepted_acr
    )


def sign_in(*, request: HttpRequest, identity: ProviderIdentity) -> User:
    """Logs the person in (creating or linking their account) after the provider's answer passed
    every check. The session lasts the provider's ``session_minutes``."""
    provider, claims = identity.provider, identity.claims
    try:
        user, link = _account(identity)
        with transaction.atomic():
            if user.pk is None:
                user = _create(identity, user.email)
            else:
                _apply_role_mapping(user, provider, claims)
            if link is None:
                link = IdentityLink.objects.create(
                    user=user, provider=provider, issuer=provider.issuer, subject=claims["sub"]
                )
            link.last_sign_in_at = timezone.now()
            link.save(update_fields=["last_sign_in_at"])
    except IntegrityError as error:  # the same address or subject signed in twice at once
        raise SignInRefused("address_in_use", provider=provider) from error
    if _two_factor_by_provider(provider, claims):
        device, _ = ProviderVerification.objects.get_or_create(
            user=user, defaults={"name": "Identity provider", "confirmed": True}
        )
        user.otp_device = device  # type: ignore[attr-defined]  # django-otp marks the session verified
    django_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.set_expiry(provider.session_minutes * 60)
    request.session.save()
    ProviderSession.objects.create(
        provider=provider,
        user=user,
        session_key=request.session.session_key or "",
        subject=claims["sub"],
        sid=str(claims.get("sid") or "")[:255],
    )
    audit_event(
        organisation_id=provider.organisation_id,
        actor=user,
        action=Action.SIGNED_IN,
        subject_user=user,
        object_type=SIGN_IN,
        object_id=provider.pk,
    )
    return user


def password_login_check(*, user: User) -> None:
    """Refuses a staff member's password when their organisation signs staff in through its
    provider only. Newcomers keep their password; so does a superuser (the way back in when the
    provider is broken)."""
    if user.role == Role.NEWCOMER or user.is_superuser or user.organisation_id is None:
        return
    provider = IdentityProvider.objects.filter(organisation_id=user.organisation_id).first()
    if provider is None or provider.password_login_allowed:
        return
    audit_event(
        organisation_id=user.organisation_id,
        action=Action.SIGN_IN_REFUSED,
        subject_user=user,
        object_type="password_login",
        object_id="password_login_disabled",
    )
    raise ApiError(
        gettext("Your organisation signs staff in with %(provider)s. Use that button instead of a password.")
        % {"provider": provider.name},
        code="password_login_disabled",
        fields={"password": [gettext("Sign in with %(provider)s.") % {"provider": provider.name}]},
    )


def backchannel_logout(*, logout_token: str) -> int:
    """Ends the Welkom sessions the provider's logout token names (by its session id, or every
    session of the subject). Returns how many ended; ValueError for a token that is not valid."""
    provider, claims = flow.logout_token_claims(logout_token)
    sessions = ProviderSession.objects.filter(provider=provider).select_related("user", "provider")
    if claims.get("sid"):
        sessions = sessions.filter(sid=claims["sid"])
    if claims.get("sub"):
        sessions = sessions.filter(subject=claims["sub"])
    ended = list(sessions)
    _end_sessions(ended)
    return len(ended)


def frontchannel_logout(*, issuer: str, sid: str) -> tuple[int, list[str]]:
    """OpenID Connect Front-Channel Logout 1.0: ends the Welkom sessions started through a
    provider with this issuer in the provider's session ``sid``. Returns how many ended and the
    origins of the providers with this issuer (the only pages allowed to frame the answer); an
    unknown issuer gives ``(0, [])``."""
    providers = list(IdentityProvider.objects.filter(issuer=issuer))
    origins = sorted({flow.origin(provider.issuer) for provider in providers})
    if not providers or not sid:
        return 0, origins
    sessions = ProviderSession.objects.filter(provider__in=providers, sid=sid)
    ended = list(sessions.select_related("user", "provider"))
    _end_sessions(ended)
    return len(ended), origins


def _end_sessions(rows: list[ProviderSession]) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for row in rows:
        store(session_key=row.session_key).delete()
        audit_event(
            organisation_id=row.provider.organisation_id,
            action=Action.SIGNED_OUT,
            subject_user=row.user,
            object_type=SIGN_IN,
            object_id=row.provider_id,
        )
    ProviderSession.objects.filter(pk__in=[row.pk for row in rows]).delete()


# --- Linking a company account to a signed-in person ------------------------------------------------

LINK = "identity_link"


def link_start(*, request: HttpRequest, user: User) -> str:
    """The provider's address for linking ``user``'s company account (their own organisation's
    provider only); 400 when the organisation has none."""
    provider = (
        IdentityProvider.objects.filter(organisation_id=user.organisation_id).first()
        if user.organisation_id is not None
        else None
    )
    if provider is None:
        raise ApiError(
            gettext(
                "Your organisation has not set up sign-in with a company account, so there is nothing"
                " to link. Keep signing in with your password, or ask your administrator to set it up."
            ),
            code="no_provider",
            fields={
                "provider": [
                    gettext("There is no identity provider to link to. Ask your administrator to set one up.")
                ]
            },
        )
    try:
        return flow.sign_in_start(session=request.session, provider=provider, email="", link_user_id=user.pk)
    except SignInRefused as refusal:
        sign_in_refused_record(refusal)
        raise ApiError(
            gettext("Welkom cannot reach your organisation's sign-in service. Try again later."),
            code=refusal.reason,
            fields={"provider": [gettext("The identity provider did not answer as expected.")]},
        ) from refusal


def link_create(*, user: User, identity: ProviderIdentity) -> IdentityLink:
    """Links the company account the provider vouched for to ``user``, who started the flow while
    signed in. Only the provider of the person's own organisation, only a verified address in one
    of its allowed domains that no other Welkom account uses, and only a subject no other account
    is linked to. Refusals (SignInRefused) write nothing but their audit entry."""
    provider, claims = identity.provider, identity.claims
    if identity.link_user_id != user.pk or user.organisation_id != provider.organisation_id:
        raise SignInRefused("state_mismatch", provider=provider, user=user)
    existing = IdentityLink.objects.filter(issuer=provider.issuer, subject=claims["sub"]).first()
    if existing is not None and existing.user_id == user.pk:
        return existing
    if existing is not None:
        raise SignInRefused("wrong_organisation", provider=provider, user=user)
    if IdentityLink.objects.filter(user=user, provider=provider).exists():
        raise SignInRefused("already_linked", provider=provider, user=user)
    email = _email(identity)
    if email.rsplit("@", 1)[1] not in set(provider.domains.values_list("domain", flat=True)):
        raise SignInRefused("domain_not_allowed", provider=provider, user=user)
    if not _email_verified(claims):
        raise SignInRefused("email_unverified", provider=provider, user=user)
    if email_in_use(email=email, excluding=user):
        raise SignInRefused("address_in_use", provider=provider, user=user)
    try:
        with transaction.atomic():
            link = IdentityLink.objects.create(
                user=user, provider=provider, issuer=provider.issuer, subject=claims["sub"]
            )
            audit_event(
                organisation_id=provider.organisation_id,
                actor=user,
                action=Action.CREATED,
                subject_user=user,
                object_type=LINK,
                object_id=provider.pk,
            )
    except IntegrityError as error:  # the same subject was linked at the same moment
        raise SignInRefused("wrong_organisation", provider=provider, user=user) from error
    return link


@transaction.atomic
def link_delete(*, user: User) -> bool:
    """Removes the person's link to a company account (False: there was none). A later sign-in
    through the provider finds the account by its address again only if it is a verified address
    of an allowed domain, as at the very first sign-in."""
    links = list(IdentityLink.objects.filter(user=user))
    for link in links:
        audit_event(
            organisation_id=user.organisation_id,  # type: ignore[arg-type]  # links are staff's
            actor=user,
            action=Action.REMOVED,
            subject_user=user,
            object_type=LINK,
            object_id=link.provider_id,
        )
    IdentityLink.objects.filter(pk__in=[link.pk for link in links]).delete()
    return bool(links)
