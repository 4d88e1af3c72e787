"""welkom.core.statements: a queryset compiled once and run with each call's keys gives what the
queryset itself gives, converted as Django converts it, on whichever database the lane runs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory, TeamFactory, TeamMembershipFactory, UserFactory
from welkom.accounts.models import Team, User
from welkom.core.statements import Statement

pytestmark = pytest.mark.django_db


def _teams(organisation_id: int, user_id: int):
    return (
        Team.objects.filter(organisation_id=organisation_id)
        .filter(Q(lead_id=user_id) | Q(members__id=user_id))
        .distinct()
        .values_list("pk", "name")
    )


def test_each_call_runs_with_its_own_keys_and_gives_the_querysets_rows():
    statement = Statement("test.teams", _teams, kinds=(int, int))
    first, second = OrganisationFactory(), OrganisationFactory()
    ana = UserFactory(organisation=first)
    bo = UserFactory(organisation=second)
    TeamFactory(organisation=first, name="Zeeland", lead=ana)
    TeamMembershipFactory(team=TeamFactory(organisation=first, name="Assen"), user=ana)
    TeamMembershipFactory(team=TeamFactory(organisation=second, name="Breda"), user=bo)
    TeamFactory(organisation=first, name="Other")

    assert statement.rows(first.pk, ana.pk) == [tuple(row) for row in _teams(first.pk, ana.pk)]
    assert [name for _pk, name in statement.rows(first.pk, ana.pk)] == ["Assen", "Zeeland"]
    assert statement.rows(second.pk, bo.pk) == [tuple(row) for row in _teams(second.pk, bo.pk)]
    assert statement.rows(second.pk, ana.pk) == []  # another organisation's key: none of theirs
    assert statement.first(first.pk, ana.pk) is not None
    assert statement.first(first.pk, bo.pk) is None
    with CaptureQueriesContext(connection) as queries:
        statement.rows(first.pk, ana.pk)
    assert len(queries.captured_queries) == 1


def test_a_key_beyond_a_64_bit_integer_matches_no_row():
    """An id from a URL or a request body can be any size: SQLite refuses such a number (as it
    does through some of Django's own lookups: the API fuzz test found a server error); a statement
    answers "no row" on both databases."""
    statement = Statement("test.teams.huge", _teams, kinds=(int, int))
    organisation = OrganisationFactory()
    ana = UserFactory(organisation=organisation)
    TeamFactory(organisation=organisation, name="Zeeland", lead=ana)
    huge = 6_194_167_502_286_662_664_192
    for keys in [(huge, ana.pk), (organisation.pk, huge), (organisation.pk, -huge), (organisation.pk, 2**63)]:
        assert statement.rows(*keys) == []
        assert statement.first(*keys) is None
    assert statement.rows(organisation.pk, ana.pk) != []  # the largest and smallest still ask
    assert statement.rows(organisation.pk, 2**63 - 1) == statement.rows(organisation.pk, -(2**63)) == []


def test_columns_are_converted_as_django_converts_them():
    """Datetimes and booleans come back as the ORM gives them (on SQLite the driver gives text and
    integers; Django's converters make them datetimes and bools)."""
    user = UserFactory(is_staff=True)
    User.objects.filter(pk=user.pk).update(last_login=datetime(2026, 3, 1, 8, 30, tzinfo=UTC))
    statement = Statement(
        "test.person",
        lambda user_id: User.objects.filter(pk=user_id).values_list("last_login", "is_staff", "email"),
    )
    assert statement.rows(user.pk) == list(
        User.objects.filter(pk=user.pk).values_list("last_login", "is_staff", "email")
    )
    last_login, is_staff, _email = statement.first(user.pk)
    assert isinstance(last_login, datetime)
    assert last_login.tzinfo is not None
    assert is_staff is True


def test_a_text_key():
    user = UserFactory(email="ana@example.test")
    UserFactory(email="bo@example.test")
    statement = Statement(
        "test.by_email", lambda email: User.objects.filter(email=email).values_list("pk"), kinds=(str,)
    )
    assert statement.rows("ana@example.test") == [(user.pk,)]
    assert statement.rows("nobody@example.test") == []


def test_a_key_the_query_changes_is_refused_when_compiled():
    """``__icontains`` wraps the key in wildcards: it is no longer the parameter the call passes."""
    statement = Statement(
        "test.search", lambda text: User.objects.filter(email__icontains=text).values_list("pk"), kinds=(str,)
    )
    with pytest.raises(ValueError, match=r"test.search: keys \[0\] are not parameters"):
        statement.rows("ana")


def test_the_number_of_keys_is_checked():
    statement = Statement("test.teams2", _teams, kinds=(int, int))
    with pytest.raises(TypeError, match="takes 2 keys, not 1"):
        statement.rows(1)


def test_each_connection_is_asked_for_the_converters_once(monkeypatch):
    """Finding each column's converters cost as much as the rest of a call: they are kept per
    connection (one a thread), and still convert every call's rows."""
    user = UserFactory(is_staff=True)
    statement = Statement(
        "test.person_once",
        lambda user_id: User.objects.filter(pk=user_id).values_list("last_login", "is_staff", "email"),
    )
    asked: list[object] = []
    get_db_converters = type(connection.ops).get_db_converters

    def counting(ops: object, expression: object) -> list[object]:
        asked.append(expression)
        return get_db_converters(ops, expression)  # type: ignore[arg-type]

    monkeypatch.setattr(type(connection.ops), "get_db_converters", counting)
    first = statement.rows(user.pk)
    assert len(asked) == 3
    User.objects.filter(pk=user.pk).update(is_staff=False, last_login=datetime(2026, 3, 1, tzinfo=UTC))
    assert statement.rows(user.pk) == list(
        User.objects.filter(pk=user.pk).values_list("last_login", "is_staff", "email")
    )
    assert statement.rows(user.pk) != first
    assert len(asked) == 3 + 3  # the ORM's own read above; the statement's second call asked none
