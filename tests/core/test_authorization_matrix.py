"""Every /api/ endpoint x every role x (own data, another team, another organisation).

Generated from the URL configuration and the per-app classification in tests/<app>/endpoints.py:

* ``ENDPOINTS = {url_name: {method: "all" | {roles}}}`` says which roles may use each method;
* ``OBJECTS = {url_name: (scope, caller) -> url kwargs}`` says which object of each scope
  (tests/authz.py) the URL points at, for every endpoint with URL arguments (None: the endpoint
  has no object in that scope, e.g. a setting of one's own organisation);
* ``OTHER_TEAM = {url_name: {roles}}`` says which roles may reach another team's object
  (default: HR and admin, who see their whole organisation).

Expected: anonymous -> 401/403; a role that may not use the method -> 403 on its own data (403 or
404 elsewhere); an allowed role -> reaches its own data (any status but 401/403/404/405/5xx), gets
404 for another organisation, and for another team unless OTHER_TEAM lets it. Adding an endpoint,
a method or a URL argument without classifying it fails here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authz import SCOPES, build_world
from welkom.accounts.models import Role

METHODS = ("get", "post", "put", "patch", "delete")
DEFAULT_OTHER_TEAM = {Role.HR.value, Role.ADMIN.value}


def _api_patterns(resolver=None, prefix=""):  # type: ignore[no-untyped-def]
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _api_patterns(entry, prefix + str(entry.pattern))
        elif (
            isinstance(entry, URLPattern) and (prefix + str(entry.pattern)).startswith("api/") and entry.name
        ):
            yield entry


def _classification() -> tuple[set[str], dict[str, Any], dict[str, Callable[..., Any]], dict[str, set[str]]]:
    public: set[str] = set()
    endpoints: dict[str, Any] = {}
    objects: dict[str, Callable[..., Any]] = {}
    other_team: dict[str, set[str]] = {}
    for path in sorted(Path(__file__).parents[1].glob("*/endpoints.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.endpoints")
        public |= set(module.PUBLIC)
        endpoints.update(module.ENDPOINTS)
        objects.update(getattr(module, "OBJECTS", {}))
        other_team.update(getattr(module, "OTHER_TEAM", {}))
    return public, endpoints, objects, other_team


PUBLIC, ENDPOINTS, OBJECTS, OTHER_TEAM = _classification()
PATTERNS = {pattern.name: pattern for pattern in _api_patterns()}


def _view_methods(pattern: URLPattern) -> list[str]:
    view = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
    return [m for m in METHODS if view is not None and hasattr(view, m)]


CASES = sorted(
    (name, method)
    for name, pattern in PATTERNS.items()
    if name not in PUBLIC
    for method in _view_methods(pattern)
)


def test_every_method_and_url_argument_is_classified():
    problems = []
    for name, method in CASES:
        if method not in ENDPOINTS.get(name, {}):
            problems.append(f"{name} {method.upper()}: say who may use it in ENDPOINTS")
    for name, pattern in PATTERNS.items():
        if name not in PUBLIC and pattern.pattern.converters and name not in OBJECTS:
            problems.append(f"{name}: give its URL arguments per scope in OBJECTS")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method"), CASES, ids=[f"{n}-{m}" for n, m in CASES])
def test_authorization_matrix(client_factory, name, method):
    callers, world = build_world()
    allowed = ENDPOINTS[name][method]
    allowed_roles = set(Role.values) if allowed == "all" else set(allowed)
    reach_other_team = OTHER_TEAM.get(name, DEFAULT_OTHER_TEAM)
    has_object = bool(PATTERNS[name].pattern.converters)
    scopes = SCOPES if has_object else ("own",)
    failures = []

    def call(client, scope, caller):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            kwargs = OBJECTS[name](world[scope], caller) if has_object else {}
            if kwargs is None:  # this endpoint has no object in that scope
                return None, None
            url = reverse(name, kwargs=kwargs)
            response = getattr(client, method)(url, {} if method != "get" else None, format="json")
            transaction.set_rollback(True)
        return url, response.status_code

    anonymous = client_factory()
    url, status = call(anonymous, "own", callers[Role.ADMIN])
    if status not in (401, 403):
        failures.append(f"anonymous {method.upper()} {url}: {status}, expected 401/403")

    for role in Role.values:
        client = client_factory(callers[role])
        for scope in scopes:
            url, status = call(client, scope, callers[role])
            if status is None:
                continue
            if status >= 500:
                ok, expected = False, "no server error"
            elif role not in allowed_roles:
                ok, expected = (status == 403, "403") if scope == "own" else (status in (403, 404), "403/404")
            elif scope == "other_org" or (scope == "other_team" and role not in reach_other_team):
                ok, expected = status == 404, "404"
            else:
                ok, expected = status not in (401, 403, 404, 405), "to be reached"
            if not ok:
                failures.append(f"{role} {method.upper()} {url} ({scope}): {status}, expected {expected}")
    assert not failures, "\n".join(failures)
