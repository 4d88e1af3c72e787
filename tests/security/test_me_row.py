"""``/api/me`` is built as a plain dict (session_apis.me_row) rather than by DRF's walk over
MeSerializer's fields; the fields stay declared for the API schema. These tests hold the plain
answer to what those fields give: the same keys in the same order and the same JSON, byte for byte,
for a newcomer in a team, a lead of two teams, HR with a confirmed authenticator, and a superuser
without an organisation."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from tests.factories import TeamFactory, UserFactory
from welkom.accounts.models import Role
from welkom.accounts.selectors import user_teams
from welkom.security.session_apis import MeSerializer

pytestmark = pytest.mark.django_db


def _same_as_fields(user: Any) -> bytes:
    context = {"teams": list(user_teams(user))}
    plain = MeSerializer(user, context=context).data
    walked = serializers.ModelSerializer.to_representation(MeSerializer(context=context), user)
    assert list(plain) == list(walked)
    assert JSONRenderer().render(plain) == JSONRenderer().render(walked)
    return JSONRenderer().render(plain)


@pytest.mark.parametrize("role", ["newcomer", "team_lead", "hr", "colleague"])
def test_me_is_what_its_fields_give(org_a, role):
    user = org_a[role]
    if role == "team_lead":
        TeamFactory(organisation=org_a.organisation, name="Second", lead=user)
    if role == "hr":
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    rendered = _same_as_fields(user)
    assert rendered.startswith(b'{"id":')


def test_me_without_an_organisation_is_what_its_fields_give(db):
    user = UserFactory(organisation=None, role=Role.ADMIN, is_superuser=True, is_staff=True)
    assert b'"organisation":null' in _same_as_fields(user)


def test_the_answer_of_api_me_is_the_plain_row(client_factory, org_a):
    newcomer = org_a["newcomer"]
    answer = client_factory(newcomer).get("/api/me")
    assert answer.status_code == 200
    assert answer.content == _same_as_fields(newcomer)
