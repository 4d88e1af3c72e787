"""Queueing is what is tested here: a real Celery worker on Redis makes the translations."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from config.celery import app
from tests.chat.conftest import messages_url
from welkom.chat.models import MessageTranslation

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def _wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_translating_a_message_is_routed_to_the_translation_queue():
    route = app.amqp.router.route({}, "welkom.chat.tasks.message_translate")
    assert route["queue"].name == "translation"


def test_a_posted_message_is_translated_once_per_language_by_the_worker(
    client_factory, org_a, team_channel, translator, celery_worker
):
    lead = client_factory(org_a["team_lead"])
    colleague = client_factory(org_a["colleague"])
    cursor = colleague.get(messages_url(team_channel)).json()["cursor"]

    answers: list[dict] = []

    def wait_for_news() -> None:
        try:
            answers.append(colleague.get(messages_url(team_channel), {"after": cursor, "wait": 10}).json())
        finally:
            connection.close()  # this thread's own database connection

    waiting = threading.Thread(target=wait_for_news)
    waiting.start()
    time.sleep(0.3)
    message = lead.post(
        messages_url(team_channel), {"body": "Good morning", "language": "en"}, format="json"
    ).json()
    waiting.join(15)
    assert answers
    assert answers[0]["messages"][0]["id"] == message["id"]

    assert _wait_for(lambda: MessageTranslation.objects.filter(message_id=message["id"]).count() == 2)
    time.sleep(0.5)
    assert sorted(
        MessageTranslation.objects.filter(message_id=message["id"]).values_list("language", flat=True)
    ) == [
        "nl",
        "pl",
    ]
    assert len(translator.calls) == 1
    latest = colleague.get(messages_url(team_channel), {"after": cursor}).json()
    assert [m["shown"]["text"] for m in latest["messages"]] == ["Goedemorgen"]


def test_changing_the_reading_language_has_the_worker_translate_older_messages(
    client_factory, org_a, team_channel, translator, celery_worker
):
    from welkom.chat import services

    message = services.message_post(
        channel=team_channel, author=org_a["team_lead"], body="Good morning", language="en"
    )
    services.message_translate(message_id=message.pk)
    colleague = client_factory(org_a["colleague"])
    changed = colleague.put("/api/chat/reading-language", {"language": "uk"}, format="json")
    assert changed.status_code == 200, changed.content

    assert _wait_for(lambda: MessageTranslation.objects.filter(message=message, language="uk").exists())
    shown = next(m["shown"] for m in colleague.get(messages_url(team_channel)).json()["messages"])
    assert (shown["status"], shown["text"]) == ("translated", "[uk] Good morning")
