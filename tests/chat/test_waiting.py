"""Long polling: one watcher per process wakes every waiting reader (welkom.chat.waiting)."""

from __future__ import annotations

import threading
import time
from http.cookies import SimpleCookie

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.chat.test_messages import _post, messages_url
from tests.conftest import CsrfClient
from tests.factories import UserFactory
from welkom.accounts.models import Role
from welkom.accounts.services import team_member_add, team_member_remove
from welkom.chat import selectors, services
from welkom.chat.models import Channel
from welkom.chat.waiting import ClockWatcher, clock_key

pytestmark = pytest.mark.django_db(transaction=True)


def _in_thread(target, results: list, *args) -> threading.Thread:  # type: ignore[no-untyped-def]
    def run() -> None:
        try:
            results.append(target(*args))
        finally:
            connection.close()  # this thread's own database connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_clock_lost_from_the_cache_still_wakes_the_reader_from_the_database(team_channel):
    watcher = ClockWatcher(poll_step=0.05, database_every=0.3)
    cache.delete(clock_key(team_channel.pk))
    results: list[bool] = []
    waiting = _in_thread(
        lambda: watcher.wait(channel_id=team_channel.pk, after=team_channel.last_seq, seconds=10), results
    )
    time.sleep(0.2)
    # The clock moves in the database only (as after a restart of Redis that lost the key).
    Channel.objects.filter(pk=team_channel.pk).update(last_seq=team_channel.last_seq + 1)
    started = time.monotonic()
    waiting.join(10)
    assert results == [True]
    assert time.monotonic() - started < 5
    assert watcher.waiting() == 0


def test_a_reader_is_woken_only_by_news_past_their_own_cursor(team_channel):
    watcher = ClockWatcher(poll_step=0.05, database_every=60)
    cache.set(clock_key(team_channel.pk), 7)
    behind: list[bool] = []
    ahead: list[bool] = []
    first = _in_thread(lambda: watcher.wait(channel_id=team_channel.pk, after=6, seconds=5), behind)
    second = _in_thread(lambda: watcher.wait(channel_id=team_channel.pk, after=7, seconds=0.6), ahead)
    first.join(10)
    second.join(10)
    assert behind == [True]  # the clock (7) is past 6
    assert ahead == [False]  # nothing past 7: the wait ends empty


def _sessions_opened() -> int:
    """Connections ever opened to the test database (PostgreSQL's statistics, flushed within a second)."""
    time.sleep(1.5)
    with connection.cursor() as database:
        database.execute("SELECT pg_stat_clear_snapshot()")
        database.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        return int(database.fetchone()[0])


@pytest.mark.postgresql_only("counts the server's connections in pg_stat_database")
def test_twenty_waiting_readers_open_no_database_connection_each(
    client_factory, org_a, team_channel, settings
):
    settings.CHAT_LONG_POLL_SECONDS = 10
    settings.CHAT_LONG_POLL_WAITERS = 30
    reader = client_factory(org_a["colleague"])
    cursor = reader.get(messages_url(team_channel)).json()["cursor"]
    before = _sessions_opened()
    answers: list = []

    def wait_for_news() -> dict:
        same_session = CsrfClient()  # a client per thread, all in the colleague's session
        same_session.cookies = SimpleCookie(reader.cookies)
        return same_session.get(messages_url(team_channel), {"after": cursor, "wait": 10}).json()

    readers = [_in_thread(wait_for_news, answers) for _ in range(20)]
    time.sleep(4)  # two database checks of the watcher
    message = _post(client_factory(org_a["team_lead"]), team_channel, "Break at 10:30", language="en")
    for thread in readers:
        thread.join(15)
    posted = message.json()["id"]
    assert [[item["id"] for item in answer["messages"]] for answer in answers] == [[posted]] * 20
    opened = _sessions_opened() - before
    # One per reader's thread (its request), the poster's and the watcher's checks, not one per
    # reader per check: before the watcher, 20 readers opened 20 more every 2 s.
    assert opened <= 20 + 6


def _message_queries(client, channel, after: int) -> tuple[dict, int]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(messages_url(channel), {"after": after, "wait": 0}).json()
    return answer, sum('FROM "chat_message"' in query["sql"] for query in queries.captured_queries)


def test_readers_of_one_language_share_a_load_and_each_still_gets_their_own_view(
    client_factory, org_a, team_channel, translator, monkeypatch
):
    """Readers woken by the same change ask for the same rows: one load serves the readers of a
    language with that cursor; each reader's view (their own words, their language) stays theirs."""
    monkeypatch.setattr(selectors, "SHARED_SECONDS", 60.0)  # however slow the machine is
    second_dutch = UserFactory(organisation=org_a.organisation, role=Role.COLLEAGUE)
    services.reading_language_set(user=second_dutch, language="nl")
    team_member_add(team=org_a.team, user=second_dutch)
    lead = client_factory(org_a["team_lead"])
    cursor = lead.get(messages_url(team_channel)).json()["cursor"]
    posted = _post(lead, team_channel, "Pallets at dock 3", language="en").json()
    services.message_translate(message_id=posted["id"])

    dutch, loads = _message_queries(client_factory(org_a["colleague"]), team_channel, cursor)
    assert loads == 1
    assert dutch["messages"][0]["shown"]["text"] == "[nl] Pallets at dock 3"
    again, loads = _message_queries(client_factory(second_dutch), team_channel, cursor)
    assert loads == 0  # the same rows, not loaded again
    assert again["messages"][0]["shown"] == dutch["messages"][0]["shown"]
    polish, loads = _message_queries(client_factory(org_a["newcomer"]), team_channel, cursor)
    assert loads == 1  # another language: its own load
    assert polish["messages"][0]["shown"]["text"] == "[pl] Pallets at dock 3"
    own, _ = _message_queries(lead, team_channel, cursor)
    assert (own["messages"][0]["mine"], own["messages"][0]["shown"]["status"]) == (True, "original")


def test_a_reader_who_left_gets_nothing_from_a_shared_load(client_factory, org_a, team_channel, monkeypatch):
    monkeypatch.setattr(selectors, "SHARED_SECONDS", 60.0)
    lead = client_factory(org_a["team_lead"])
    cursor = lead.get(messages_url(team_channel)).json()["cursor"]
    _post(lead, team_channel, "Shift swap on Friday", language="en")
    colleague = client_factory(org_a["colleague"])
    assert len(colleague.get(messages_url(team_channel), {"after": cursor}).json()["messages"]) == 1
    team_member_remove(team=org_a.team, user=org_a["colleague"])
    assert colleague.get(messages_url(team_channel), {"after": cursor}).status_code == 404
