"""The OpenID Connect sign-in: authorization code flow with PKCE, state and nonce.

Authlib's OAuth2Session speaks the protocol (authorization URL, PKCE, token request, client
authentication); joserfc (Authlib's JOSE library) checks the ID token's signature against the
provider's published keys (JWKS, found through the discovery document) and its claims.

Every refusal is a :class:`SignInRefused` with a reason code; the login page shows a sentence for
each code in the reader's language. Refusals happen before anything is written, so no account is
created or changed; the audit entry is the only row a refusal leaves.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from base64 import urlsafe_b64decode
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.utils import timezone
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidClaimError,
    JoseError,
)
from joserfc.jwk import KeySet

from welkom.sso import crypto, replay
from welkom.sso.models import IdentityProvider

FLOWS_KEY = "sso_flows"
FLOW_SECONDS = 600  # a sign-in started more than ten minutes ago is not finished
SCOPES = "openid email profile"
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
LEEWAY_SECONDS = 60
METADATA_SECONDS = 300
BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"

# Every reason a sign-in can be refused for (the login page has a sentence for each).
REASONS = (
    "state_mismatch",
    "flow_expired",
    "provider_unreachable",
    "wrong_issuer",
    "provider_refused",
    "token_refused",
    "bad_signature",
    "bad_token",
    "token_expired",
    "token_replayed",
    "nonce_mismatch",
    "wrong_audience",
    "email_missing",
    "email_unverified",
    "domain_not_allowed",
    "address_in_use",
    "account_disabled",
    "wrong_organisation",
    "no_provider",
    "password_login_disabled",
    "already_linked",
)


class SignInRefused(Exception):
    def __init__(self, reason: str, *, provider: IdentityProvider | None = None, user: Any = None) -> None:
        assert reason in REASONS, reason
        super().__init__(reason)
        self.reason = reason
        self.provider = provider
        self.user = user
        self.linking = False


def redirect_uri() -> str:
    """The address to register at the provider (the same for every organisation)."""
    return f"{settings.SITE_URL.rstrip('/')}/api/auth/sso/callback"


def backchannel_logout_uri() -> str:
    return f"{settings.SITE_URL.rstrip('/')}/api/auth/sso/backchannel-logout"


def frontchannel_logout_uri() -> str:
    return f"{settings.SITE_URL.rstrip('/')}/api/auth/sso/frontchannel-logout"


def _now() -> int:
    return int(timezone.now().timestamp())


def _get_json(url: str) -> dict[str, Any]:
    response = requests.get(url, timeout=settings.SSO_HTTP_TIMEOUT, headers={"Accept": "application/json"})
    response.raise_for_status()
    data = response.json()
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


def _cache_key(kind: str, url: str) -> str:
    return f"sso:{kind}:{hashlib.sha256(url.encode()).hexdigest()}"


def origin(url: str) -> str:
    """scheme://host[:port] of an address, as CSP's frame-ancestors wants it."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def forget_metadata(issuer: str) -> None:
    cache.delete(_cache_key("metadata", issuer))


ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")


class DiscoveryError(Exception):
    """Why an issuer's discovery document cannot be used: ``unreachable`` (no answer or an HTTP
    error; ``detail`` says which), ``not_json``, ``issuer_mismatch`` (``detail``: the issuer the
    document names) or ``missing_endpoints`` (``detail``: their names)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def fetch_discovery(issuer: str) -> dict[str, Any]:
    """The issuer's discovery document, checked: a JSON object that names exactly this issuer
    (OpenID Connect Discovery, section 4.3) and the endpoints the code flow needs."""
    try:
        response = requests.get(
            discovery_url(issuer), timeout=settings.SSO_HTTP_TIMEOUT, headers={"Accept": "application/json"}
        )
    except requests.RequestException as error:
        raise DiscoveryError("unreachable", type(error).__name__) from error
    if response.status_code != 200:
        raise DiscoveryError("unreachable", f"HTTP {response.status_code}")
    try:
        metadata = response.json()
    except ValueError as error:
        raise DiscoveryError("not_json") from error
    if not isinstance(metadata, dict):
        raise DiscoveryError("not_json")
    if metadata.get("issuer") != issuer:
        raise DiscoveryError("issuer_mismatch", str(metadata.get("issuer") or "")[:300])
    missing = [name for name in ENDPOINTS if not isinstance(metadata.get(name), str) or not metadata[name]]
    if missing:
        raise DiscoveryError("missing_endpoints", ", ".join(missing))
    return metadata


def remember_metadata(issuer: str, metadata: dict[str, Any]) -> None:
    cache.set(_cache_key("metadata", issuer), metadata, METADATA_SECONDS)


def provider_metadata(provider: IdentityProvider) -> dict[str, Any]:
    """The provider's discovery document (checked by :func:`fetch_discovery`), kept a few minutes."""
    metadata = cache.get(_cache_key("metadata", provider.issuer))
    if metadata is None:
        try:
            metadata = fetch_discovery(provider.issuer)
        except DiscoveryError as error:
            reason = "wrong_issuer" if error.reason == "issuer_mismatch" else "provider_unreachable"
            raise SignInRefused(reason, provider=provider) from error
        remember_metadata(provider.issuer, metadata)
    return dict(metadata)


def _keys(provider: IdentityProvider, metadata: dict[str, Any], *, fresh: bool = False) -> KeySet:
    key = _cache_key("jwks", metadata["jwks_uri"])
    data = None if fresh else cache.get(key)
    if data is None:
        try:
            data = _get_json(metadata["jwks_uri"])
            keys = KeySet.import_key_set(data)  # type: ignore[arg-type]
        except (requests.RequestException, ValueError, JoseError) as error:
            raise SignInRefused("provider_unreachable", provider=provider) from error
        cache.set(key, data, METADATA_SECONDS)
        return keys
    return KeySet.import_key_set(data)


def verified_token(provider: IdentityProvider, metadata: dict[str, Any], value: str) -> jwt.Token:
    """The token once its signature checks out with the provider's keys. The keys are fetched
    again once when they do not fit, in case the provider has just rotated them."""
    for fresh in (False, True):
        try:
            return jwt.decode(value, _keys(provider, metadata, fresh=fresh), algorithms=ALGORITHMS)
        except (BadSignatureError, ValueError, JoseError) as error:
            if fresh:
                reason = "bad_signature" if isinstance(error, BadSignatureError | ValueError) else "bad_token"
                raise SignInRefused(reason, provider=provider) from error
    raise AssertionError("unreachable")


def _first_use(kind: str, value: str, until: Any) -> bool:
    """True the first time ``value`` is seen by any web process (welkom.sso.replay); remembered
    until it could no longer be accepted."""
    seconds = until - _now() if isinstance(until, int) else FLOW_SECONDS
    return replay.first_use(kind, value, seconds=seconds + LEEWAY_SECONDS)


def _check_claims(provider: IdentityProvider, claims: dict[str, Any], *, nonce: str) -> None:
    registry = jwt.JWTClaimsRegistry(
        now=_now,
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": provider.issuer},
        aud={"essential": True, "value": provider.client_id},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except ExpiredTokenError as error:
        raise SignInRefused("token_expired", provider=provider) from error
    except InvalidClaimError as error:
        reason = {"iss": "wrong_issuer", "aud": "wrong_audience", "nonce": "nonce_mismatch"}.get(
            error.claim, "bad_token"
        )
        raise SignInRefused(reason, provider=provider) from error
    except ClaimError as error:
        raise SignInRefused("bad_token", provider=provider) from error
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        raise SignInRefused("wrong_audience", provider=provider)


# --- Starting and finishing a sign-in ---------------------------------------------------------


def _client(provider: IdentityProvider, metadata: dict[str, Any], *, secret: bool) -> OAuth2Session:
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    method = "client_secret_basic" if "client_secret_basic" in methods else "client_secret_post"
    return OAuth2Session(
        client_id=provider.client_id,
        client_secret=crypto.decrypt(provider.client_secret_encrypted) if secret else None,
        scope=SCOPES,
        redirect_uri=redirect_uri(),
        token_endpoint_auth_method=method,
        code_challenge_method="S256",
    )


def sign_in_start(
    *, session: SessionBase, provider: IdentityProvider, email: str, link_user_id: int | None = None
) -> str:
    """The provider's authorization URL; the state, nonce and PKCE verifier wait in the session.
    With ``link_user_id`` the answer links the company account to that (signed-in) person
    instead of signing anyone in."""
    metadata = provider_metadata(provider)
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48)
    extra = {"login_hint": email} if email else {}
    url, _ = _client(provider, metadata, secret=False).create_authorization_url(
        metadata["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier, **extra
    )
    flows = dict(session.get(FLOWS_KEY) or {})
    flows[state] = {"provider": provider.pk, "nonce": nonce, "verifier": verifier, "started": _now()}
    if link_user_id is not None:
        flows[state]["link"] = link_user_id
    # A few sign-ins may be open at once (two tabs); the oldest go first.
    session[FLOWS_KEY] = dict(sorted(flows.items(), key=lambda item: item[1]["started"])[-5:])
    return str(url)


@dataclass
class ProviderIdentity:
    provider: IdentityProvider
    claims: dict[str, Any]
    link_user_id: int | None = None  # the answer of a "link my account" flow of this person


def _flow(session: SessionBase, state: str) -> dict[str, Any]:
    flows = dict(session.get(FLOWS_KEY) or {})
    flow = flows.pop(state, None) if state else None
    session[FLOWS_KEY] = flows
    if flow is None:
        # Not a sign-in this browser started (or one already finished: a replayed answer). The
        # audit entry goes to the organisation whose sign-in this browser has open, if any.
        provider = None
        if flows:
            newest = max(flows.values(), key=lambda item: item["started"])
            provider = IdentityProvider.objects.filter(pk=newest["provider"]).first()
        raise SignInRefused("state_mismatch", provider=provider)
    if not _first_use("state", state, int(flow["started"]) + FLOW_SECONDS):
        # The same answer reached another web process first (two tabs, two nodes, a replay).
        provider = IdentityProvider.objects.filter(pk=flow["provider"]).first()
        raise SignInRefused("state_mismatch", provider=provider)
    return flow


def sign_in_finish(*, session: SessionBase, params: dict[str, str]) -> ProviderIdentity:
    """Checks the provider's answer (the callback's query) and returns who signed in. A refusal
    of a "link my account" flow says so (``linking``), so that the person is sent back to /me."""
    flow = _flow(session, params.get("state", ""))
    try:
        identity = _finish(flow, params)
    except SignInRefused as refusal:
        refusal.linking = "link" in flow
        raise
    identity.link_user_id = flow.get("link")
    return identity


def _finish(flow: dict[str, Any], params: dict[str, str]) -> ProviderIdentity:
    provider = IdentityProvider.objects.select_related("organisation").filter(pk=flow["provider"]).first()
    if provider is None:
        raise SignInRefused("no_provider")
    if _now() - int(flow["started"]) > FLOW_SECONDS:
        raise SignInRefused("flow_expired", provider=provider)
    if params.get("error") or not params.get("code"):
        raise SignInRefused("provider_refused", provider=provider)
    metadata = provider_metadata(provider)
    client = _client(provider, metadata, secret=True)
    try:
        token = client.fetch_token(
            metadata["token_endpoint"],
            grant_type="authorization_code",
            code=params["code"],
            code_verifier=flow["verifier"],
            timeout=settings.SSO_HTTP_TIMEOUT,
        )
    except OAuthError as error:
        raise SignInRefused("token_refused", provider=provider) from error
    except (requests.RequestException, ValueError) as error:
        raise SignInRefused("provider_unreachable", provider=provider) from error
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise SignInRefused("bad_token", provider=provider)
    claims = dict(verified_token(provider, metadata, id_token).claims)
    if not _first_use("id-token", id_token, claims.get("exp")):
        raise SignInRefused("token_replayed", provider=provider)
    _check_claims(provider, claims, nonce=flow["nonce"])
    if not _first_use("nonce", f"{provider.issuer} {flow['nonce']}", claims.get("exp")):
        raise SignInRefused("token_replayed", provider=provider)
    claims = _revalidated(provider, metadata, client, claims)
    return ProviderIdentity(provider=provider, claims=claims)


def _revalidated(
    provider: IdentityProvider, metadata: dict[str, Any], client: OAuth2Session, claims: dict[str, Any]
) -> dict[str, Any]:
    """Asks the provider's userinfo endpoint, with the new access token, whether the account is
    still there and enabled; its answer about the same subject completes the ID token's claims."""
    endpoint = metadata.get("userinfo_endpoint")
    if not isinstance(endpoint, str):
        return claims
    try:
        response = client.get(endpoint, timeout=settings.SSO_HTTP_TIMEOUT)
    except requests.RequestException as error:
        raise SignInRefused("provider_unreachable", provider=provider) from error
    if response.status_code in (401, 403):
        raise SignInRefused("account_disabled", provider=provider)
    try:
        response.raise_for_status()
        info = response.json()
    except (requests.RequestException, ValueError) as error:
        raise SignInRefused("provider_unreachable", provider=provider) from error
    if not isinstance(info, dict) or info.get("sub") != claims["sub"]:
        raise SignInRefused("bad_token", provider=provider)
    return {**info, **claims}


# --- Back-channel logout ------------------------------------------------------------------------


def _unverified_claims(value: str) -> dict[str, Any]:
    try:
        payload = value.split(".")[1]
        data = json.loads(urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError) as error:
        raise ValueError("not a JWT") from error
    if not isinstance(data, dict):
        raise ValueError("not a JWT")
    return data


def logout_token_claims(value: str) -> tuple[IdentityProvider, dict[str, Any]]:
    """The provider and claims of a valid logout token (OpenID Connect Back-Channel Logout 1.0,
    section 2.6); ValueError for anything else."""
    unverified = _unverified_claims(value)
    audiences = unverified.get("aud")
    audiences = audiences if isinstance(audiences, list) else [audiences]
    provider = (
        IdentityProvider.objects.filter(
            issuer=unverified.get("iss"), client_id__in=[str(a) for a in audiences]
        )
        .order_by("pk")
        .first()
    )
    if provider is None:
        raise ValueError("unknown issuer or audience")
    try:
        metadata = provider_metadata(provider)
        claims = dict(verified_token(provider, metadata, value).claims)
    except SignInRefused as error:
        raise ValueError(error.reason) from error
    registry = jwt.JWTClaimsRegistry(
        now=_now,
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": provider.issuer},
        aud={"essential": True, "value": provider.client_id},
        iat={"essential": True},
        jti={"essential": True},
    )
    try:
        registry.validate(claims)
    except ClaimError as error:
        raise ValueError(str(error)) from error
    events = claims.get("events")
    if not isinstance(events, dict) or BACKCHANNEL_EVENT not in events:
        raise ValueError("not a logout token")
    if "nonce" in claims or not (claims.get("sub") or claims.get("sid")):
        raise ValueError("not a logout token")
    if _now() - int(claims["iat"]) > FLOW_SECONDS:
        raise ValueError("too old")
    if not _first_use("logout-jti", f"{provider.issuer} {claims['jti']}", int(claims["iat"]) + FLOW_SECONDS):
        raise ValueError("replayed")
    return provider, claims
