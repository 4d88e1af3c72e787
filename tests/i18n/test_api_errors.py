"""API errors speak the language of the person asking: a logged-in person's own language, else the
browser's Accept-Language. Service errors, validation messages and the generic answers alike,
checked against the server catalog. Every error code the code raises is in the schema's enum."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import gettext, override
from drf_spectacular.generators import SchemaGenerator

from welkom.accounts.models import User
from welkom.api.schema import error_codes

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _ in settings.LANGUAGES]


def _in(language: str, message: str, **params: object) -> str:
    with override(language):
        text = gettext(message)
    if language != "en":
        assert text != message, f"{language}: not translated: {message}"
    return text % params if params else text


def _speaking(user: User, language: str) -> User:
    User.objects.filter(pk=user.pk).update(language=language)
    user.refresh_from_db()
    return user


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_service_error_is_in_the_logged_in_persons_language(client_factory, org_a, language):
    hr = client_factory(_speaking(org_a["hr"], language))
    response = hr.post("/api/teams", {"name": org_a.team.name}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] == _in(language, "A team with this name already exists.")
    assert body["fields"] == {"name": [_in(language, "This name is taken.")]}
    assert response["Content-Language"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_validation_message_is_in_the_logged_in_persons_language(client_factory, org_a, language):
    hr = client_factory(_speaking(org_a["hr"], language))
    response = hr.post("/api/invitations", {"role": "newcomer"}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"] == _in(language, "Please correct these fields: %(names)s.", names="email")
    with override(language):
        required = gettext("This field is required.")  # Django REST framework's own catalog
    assert body["fields"] == {"email": [required]}


@pytest.mark.parametrize("language", ["pl", "ar", "ro"])
def test_an_anonymous_caller_gets_the_browsers_language(api, language):
    response = api.post(
        "/api/auth/login",
        {"email": "nobody@example.test", "password": "wrong-password"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5",
    )
    assert response.status_code == 400, response.content
    assert response.json()["detail"] == _in(language, "The e-mail address or password is not right.")


def test_a_logged_in_persons_own_language_wins_over_the_browsers(client_factory, org_a):
    hr = client_factory(_speaking(org_a["hr"], "uk"))
    response = hr.post("/api/teams", {"name": org_a.team.name}, format="json", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.json()["detail"] == _in("uk", "A team with this name already exists.")


def test_not_logged_in_is_answered_in_the_browsers_language(api):
    response = api.get("/api/me", HTTP_ACCEPT_LANGUAGE="bg")
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == _in("bg", "Please log in first.")


def _raised_codes() -> set[str]:
    """Error codes written in the backend: ApiError(code=...), error_body("...", ...) and the
    ``code`` of exception classes (the translation service's)."""
    codes: set[str] = set()
    for path in (Path(settings.BACKEND_DIR) / "welkom").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name == "ApiError":
                    codes |= {
                        kw.value.value
                        for kw in node.keywords
                        if kw.arg == "code" and isinstance(kw.value, ast.Constant)
                    }
                if name in ("error_body", "_json") and node.args:
                    first = node.args[0] if name == "error_body" else node.args[2]
                    if isinstance(first, ast.Constant):
                        codes.add(first.value)
            if isinstance(node, ast.ClassDef) and node.name.endswith(("Error", "Language", "Pair")):
                codes |= {
                    stmt.value.value
                    for stmt in node.body
                    if isinstance(stmt, ast.Assign)
                    and any(getattr(t, "id", "") == "code" for t in stmt.targets)
                    and isinstance(stmt.value, ast.Constant)
                }
    return codes


def test_every_error_code_is_in_the_schema_enum():
    raised = _raised_codes()
    assert {"invitation_expired", "otp_required", "conflict", "missing_pair"} <= raised  # the scan works
    assert raised <= set(error_codes()), (
        f"add to welkom.core.errors.ERROR_CODES: {raised - set(error_codes())}"
    )
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    assert components["ErrorCodeEnum"]["enum"] == error_codes()
    assert components["ApiError"]["properties"]["code"] == {"$ref": "#/components/schemas/ErrorCodeEnum"}
