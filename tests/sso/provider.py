"""A small but real OpenID Connect provider for the tests, on 127.0.0.1.

Flask answers the HTTP (werkzeug's own server, in a thread); joserfc (Authlib's JOSE library) signs
with the provider's own RSA keys. It has discovery, JWKS, authorize (code flow, PKCE S256 required),
token (client_secret_basic or _post; codes single-use) and userinfo endpoints, and makes
back-channel logout tokens, and a logout page that loads front-channel logout addresses in
iframes. A test changes how it behaves through ``misbehave``:

``issuer_in_discovery``  the issuer its discovery document states;
``id_token_issuer``      the ``iss`` it writes into ID tokens;
``sign_with_other_key``  signs ID tokens with a key it does not publish (same key id);
``expires_in``           seconds until an ID token expires (negative: already expired);
``nonce``                the nonce it writes instead of the one it was given;
``replay``               answers the token request with the ID token of the previous sign-in;
``discovery_not_json``   serves an HTML page as its discovery document;
``discovery_status``     answers the discovery request with this HTTP status;
``discovery_without``    leaves these names out of its discovery document.

Who signs in at the authorize endpoint: the user whose e-mail is the ``login_hint`` (the address
typed on Welkom's login page), or without one the user ``signed_in_as`` names. There is no
password screen: the browser is sent straight back.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server


@dataclass
class Person:
    sub: str
    email: str
    email_verified: bool = True
    name: str = ""
    groups: list[str] = field(default_factory=list)
    amr: list[str] = field(default_factory=lambda: ["pwd"])
    acr: str | None = None
    disabled: bool = False


class Provider:
    def __init__(self, *, client_id: str = "welkom", client_secret: str | None = None) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "key-1", "use": "sig", "alg": "RS256"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "key-1", "use": "sig", "alg": "RS256"})
        self.client_id = client_id
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self.redirect_uris: set[str] = set()
        self.frontchannel_logout_uris: set[str] = set()
        self.people: dict[str, Person] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.access_tokens: dict[str, str] = {}
        self.misbehave: dict[str, Any] = {}
        self.last_id_token: str | None = None
        # Who is signed in at the provider in "the browser" when Welkom sends no login_hint (as
        # when a signed-in person links their account): the e-mail they would type there.
        self.signed_in_as: str | None = None
        self.sessions = 0
        self.token_requests = 0
        self.app = self._app()
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add(self, email: str, **fields: Any) -> Person:
        person = Person(sub=fields.pop("sub", secrets.token_hex(8)), email=email, **fields)
        self.people[person.sub] = person
        return person

    def _by_email(self, email: str) -> Person | None:
        return next((p for p in self.people.values() if p.email == email), None)

    # --- tokens ------------------------------------------------------------------------------

    def _sign(self, claims: dict[str, Any], *, key: RSAKey | None = None) -> str:
        return jwt.encode({"alg": "RS256", "kid": "key-1"}, claims, key or self.key)

    def id_token(self, person: Person, *, nonce: str, sid: str) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.misbehave.get("id_token_issuer", self.issuer),
            "sub": person.sub,
            "aud": self.client_id,
            "iat": now,
            "exp": now + int(self.misbehave.get("expires_in", 300)),
            "nonce": self.misbehave.get("nonce", nonce),
            "email": person.email,
            "email_verified": person.email_verified,
            "name": person.name,
            "groups": person.groups,
            "amr": person.amr,
            "sid": sid,
        }
        if person.acr:
            claims["acr"] = person.acr
        key = self.other_key if self.misbehave.get("sign_with_other_key") else self.key
        return self._sign(claims, key=key)

    def logout_token(self, *, sub: str | None = None, sid: str | None = None, **changes: Any) -> str:
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": int(time.time()),
            "jti": secrets.token_hex(8),
            "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
        }
        key = changes.pop("key", None)
        sub, sid = changes.pop("sub", sub), changes.pop("sid", sid)
        if sub:
            claims["sub"] = sub
        if sid:
            claims["sid"] = sid
        claims.update(changes)
        return self._sign({k: v for k, v in claims.items() if v is not None}, key=key)

    # --- HTTP ---------------------------------------------------------------------------------

    def _app(self) -> Flask:
        app = Flask("test-identity-provider")

        @app.get("/.well-known/openid-configuration")
        def discovery() -> Any:
            base = self.issuer
            if self.misbehave.get("discovery_not_json"):
                return "<html>Welcome to our portal</html>", 200, {"Content-Type": "text/html"}
            if self.misbehave.get("discovery_status"):
                return jsonify(error="nope"), int(self.misbehave["discovery_status"])
            document = {
                "issuer": self.misbehave.get("issuer_in_discovery", base),
                "authorization_endpoint": f"{base}/authorize",
                "token_endpoint": f"{base}/token",
                "userinfo_endpoint": f"{base}/userinfo",
                "jwks_uri": f"{base}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "backchannel_logout_supported": True,
                "backchannel_logout_session_supported": True,
                "frontchannel_logout_supported": True,
                "frontchannel_logout_session_supported": True,
                "end_session_endpoint": f"{base}/logout",
            }
            for name in self.misbehave.get("discovery_without", []):
                document.pop(name)
            return jsonify(document)

        @app.get("/logout")
        def logout() -> Any:
            """The provider's own logout page: it loads every registered front-channel logout
            address in an iframe with the issuer and the ended session's id (``?sid=``)."""
            query = urlencode({"iss": self.issuer, "sid": request.args.get("sid", "")})
            frames = "".join(
                f'<iframe title="logout" src="{uri}?{query}"></iframe>'
                for uri in sorted(self.frontchannel_logout_uris)
            )
            return f"<!doctype html><title>Signed out</title><h1>Signed out</h1>{frames}"

        @app.get("/jwks")
        def jwks() -> Any:
            return jsonify(KeySet([self.key]).as_dict(private=False))

        @app.get("/authorize")
        def authorize() -> Any:
            args = request.args
            if args.get("client_id") != self.client_id or args.get("redirect_uri") not in self.redirect_uris:
                return "unknown client or redirect_uri", 400
            back = args["redirect_uri"]
            problem = None
            if args.get("response_type") != "code" or "openid" not in args.get("scope", "").split():
                problem = "unsupported_response_type"
            elif args.get("code_challenge_method") != "S256" or not args.get("code_challenge"):
                problem = "invalid_request"
            person = self._by_email(args.get("login_hint") or self.signed_in_as or "")
            if problem is None and (person is None or person.disabled):
                problem = "access_denied"
            if problem is not None:
                return redirect(f"{back}?{urlencode({'error': problem, 'state': args.get('state', '')})}")
            assert person is not None
            code = secrets.token_urlsafe(24)
            self.sessions += 1
            self.codes[code] = {
                "sub": person.sub,
                "nonce": args.get("nonce", ""),
                "challenge": args["code_challenge"],
                "redirect_uri": back,
                "sid": f"session-{self.sessions}",
            }
            return redirect(f"{back}?{urlencode({'code': code, 'state': args.get('state', '')})}")

        @app.post("/token")
        def token() -> Any:
            self.token_requests += 1
            form = request.form
            client_id, client_secret = form.get("client_id"), form.get("client_secret")
            if request.authorization is not None:
                client_id = request.authorization.username
                client_secret = request.authorization.password
            if client_id != self.client_id or client_secret != self.client_secret:
                return jsonify(error="invalid_client"), 401
            grant = self.codes.pop(form.get("code", ""), None)
            if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
                return jsonify(error="invalid_grant"), 400
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
                return jsonify(error="invalid_grant", error_description="PKCE"), 400
            person = self.people[grant["sub"]]
            value = self.id_token(person, nonce=grant["nonce"], sid=grant["sid"])
            if self.misbehave.get("replay") and self.last_id_token:
                value = self.last_id_token
            self.last_id_token = value
            access = secrets.token_urlsafe(24)
            self.access_tokens[access] = person.sub
            return jsonify(access_token=access, token_type="Bearer", expires_in=300, id_token=value)

        @app.get("/userinfo")
        def userinfo() -> Any:
            header = request.headers.get("Authorization", "")
            sub = self.access_tokens.get(header.removeprefix("Bearer ").strip())
            if sub is None or self.people[sub].disabled:
                return jsonify(error="invalid_token"), 401
            person = self.people[sub]
            return jsonify(
                sub=sub, email=person.email, email_verified=person.email_verified, name=person.name
            )

        return app
