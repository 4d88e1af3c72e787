"""/api/metrics: refused without the scraper's token; counters move after real requests and tasks."""

import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from welkom.core import services as core_services
from welkom.core.tasks import echo

TOKEN = "scrape-me-0123456789"


@pytest.fixture
def scraper(settings):
    settings.METRICS_TOKEN = TOKEN
    return Client(headers={"Authorization": f"Bearer {TOKEN}"})


def value(text: str, name: str, **labels: str) -> float:
    """The sample ``name{labels}`` in Prometheus' text format (0 when absent)."""
    for line in text.splitlines():
        match = re.match(r"^(\w+)(?:\{(.*)\})? (\S+)$", line)
        if not match or match[1] != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match[2] or ""))
        if all(found.get(key) == wanted for key, wanted in labels.items()):
            return float(match[3])
    return 0.0


def scrape(client: Client) -> str:
    response = client.get("/api/metrics")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


@pytest.mark.django_db
def test_metrics_refuse_anyone_without_the_token(settings, client_factory, org_a):
    settings.METRICS_TOKEN = TOKEN
    assert client_factory().get("/api/metrics").status_code == 401
    assert client_factory(org_a["admin"]).get("/api/metrics").status_code == 401  # a session is not enough
    wrong = Client(headers={"Authorization": "Bearer not-the-token"})
    assert wrong.get("/api/metrics").status_code == 401
    settings.METRICS_TOKEN = ""
    unset = Client(headers={"Authorization": "Bearer "})
    assert unset.get("/api/metrics").status_code == 401  # no token configured: nobody


@pytest.mark.django_db
def test_request_counters_move_after_real_requests(scraper, client_factory):
    before = scrape(scraper)
    anonymous = client_factory()
    statuses = [anonymous.get("/api/health").status_code for _ in range(3)]  # 503 without a worker
    assert anonymous.get("/api/me").status_code == 401
    after = scrape(scraper)
    health = {"view": "health", "method": "GET", "status": str(statuses[0])}
    me = {"view": "me", "method": "GET", "status": "401"}
    for labels, expected in ((health, 3), (me, 1)):
        counted = value(after, "welkom_http_requests_total", **labels)
        assert counted - value(before, "welkom_http_requests_total", **labels) == expected
    assert value(after, "welkom_http_request_seconds_count", view="health") >= 3


@pytest.mark.django_db(transaction=True)
def test_task_counters_move_after_real_tasks(scraper, celery_worker):
    before = scrape(scraper)
    for marker in ("one", "two"):
        echo.delay(marker)
    for _ in range(200):
        if cache.get(f"{core_services.ECHO_PREFIX}two") and cache.get(f"{core_services.ECHO_PREFIX}one"):
            break
        time.sleep(0.05)
    name = "welkom.core.tasks.echo"
    for _ in range(100):  # the worker counts a task just after running it
        after = scrape(scraper)
        done = value(after, "welkom_celery_tasks_total", queue="default", task=name, outcome="success")
        if (
            done - value(before, "welkom_celery_tasks_total", queue="default", task=name, outcome="success")
            >= 2
        ):
            break
        time.sleep(0.05)
    assert (
        done - value(before, "welkom_celery_tasks_total", queue="default", task=name, outcome="success") == 2
    )
    waited = value(after, "welkom_celery_task_queue_seconds_count", queue="default", task=name)
    assert waited - value(before, "welkom_celery_task_queue_seconds_count", queue="default", task=name) == 2


@pytest.mark.django_db
def test_queue_length_shows_what_waits_for_a_worker(scraper):
    from config.celery import app

    app.control.purge()
    assert value(scrape(scraper), "welkom_celery_queue_length", queue="default") == 0
    echo.delay("nobody-runs-this")
    echo.delay("nor-this")
    assert value(scrape(scraper), "welkom_celery_queue_length", queue="default") == 2
    assert value(scrape(scraper), "welkom_celery_queue_length", queue="translation") == 0
    app.control.purge()


@pytest.mark.django_db
def test_backup_time_and_deliveries_are_read_at_scrape_time(scraper, settings, tmp_path, org_a):
    from welkom.notifications.services import notification_send

    settings.BACKUP_DIR = str(tmp_path)
    assert value(scrape(scraper), "welkom_backup_last_success_timestamp_seconds") == 0
    (Path(tmp_path) / "welkom-20270104T014500Z.tar").write_bytes(b"x")
    (Path(tmp_path) / "welkom-20270105T014500Z.tar.partial").write_bytes(b"x")  # not complete
    text = scrape(scraper)
    moment = datetime(2027, 1, 4, 1, 45, tzinfo=UTC).timestamp()
    assert value(text, "welkom_backup_last_success_timestamp_seconds") == moment
    assert value(text, "welkom_backup_archives") == 1
    notification_send(
        recipient=org_a["newcomer"], kind="test", title="Hello", dedupe_key="m1", channels=["in_app"]
    )
    assert value(scrape(scraper), "welkom_deliveries", channel="in_app", status="sent") == 1


def wait_for_scrape(client: Client, ready) -> str:  # type: ignore[no-untyped-def]
    """Scrapes until ``ready(text)`` (the worker counts just after it ran); the last scrape."""
    for _ in range(600):  # up to half a minute: a busy worker counts late
        text = scrape(client)
        if ready(text):
            return text
        time.sleep(0.05)
    return text


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_translations_per_language_pair_with_model_time_and_queue_wait(
    scraper, settings, client_factory, org_a, languages, celery_worker
):
    from welkom.translation import services as translation_services

    settings.TRANSLATION_INLINE = False  # the web process queues the work for a translation worker
    _, key = translation_services.api_key_create(
        organisation=org_a.organisation, name="bot", created_by=org_a["hr"]
    )
    body = {"q": ["Goedemorgen!", "Tot morgen."], "source": "nl", "target": "en", "api_key": key}
    pair = {"source": "nl", "target": "en"}
    before = scrape(scraper)
    assert client_factory().post("/translate", body, format="json").status_code == 200
    assert client_factory().post("/translate", body, format="json").status_code == 200  # from the cache
    after = wait_for_scrape(scraper, lambda text: value(text, "welkom_translation_seconds_count", **pair) > 0)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("welkom_translations_total", origin="machine", **pair) == 2
    assert moved("welkom_translations_total", origin="cache", **pair) == 2
    assert moved("welkom_translation_seconds_count", **pair) == 1  # one model job, both texts
    assert moved("welkom_translation_seconds_sum", **pair) > 0
    assert moved("welkom_translation_queue_seconds_count", **pair) == 1  # it waited on the queue
    task = {"queue": "translation", "task": "welkom.translation.tasks.translate", "outcome": "success"}
    assert moved("welkom_celery_tasks_total", **task) == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_chat_post_counts_the_time_until_each_reader_language_is_translated(
    scraper, settings, client_factory, org_a, languages, celery_worker
):
    from welkom.chat import services as chat_services
    from welkom.chat.models import MessageTranslation

    settings.CHAT_TRANSLATOR = "welkom.chat.translation_port.ArgosTranslator"
    chat_services.reading_language_set(user=org_a["team_lead"], language="en")
    chat_services.reading_language_set(user=org_a["newcomer"], language="pl")
    chat_services.reading_language_set(user=org_a["colleague"], language="nl")
    channel = chat_services.team_channel_sync(team=org_a.team)
    before = scrape(scraper)
    posted = client_factory(org_a["team_lead"]).post(
        f"/api/chat/channels/{channel.pk}/messages", {"body": "Good morning", "language": "en"}, format="json"
    )
    assert posted.status_code == 201, posted.content
    for _ in range(300):
        if MessageTranslation.objects.filter(message_id=posted.json()["id"]).count() == 2:
            break
        time.sleep(0.1)
    # Each reader language is counted when its translation is stored: wait until both are.
    after = wait_for_scrape(
        scraper,
        lambda text: all(
            value(text, "welkom_chat_translated_seconds_count", source="en", target=target)
            > value(before, "welkom_chat_translated_seconds_count", source="en", target=target)
            for target in ("nl", "pl")
        ),
    )

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    for target in ("nl", "pl"):
        pair = {"source": "en", "target": target}
        assert moved("welkom_chat_translated_seconds_count", **pair) == 1
        assert moved("welkom_chat_translated_seconds_sum", **pair) > 0
        assert moved("welkom_translations_total", origin="machine", **pair) == 1
        assert moved("welkom_translation_seconds_count", **pair) == 1
        # The chat's task runs the model itself: its wait on the translation queue is the pair's.
        assert moved("welkom_translation_queue_seconds_count", **pair) == 1
    chat_task = {"queue": "translation", "task": "welkom.chat.tasks.message_translate"}
    assert moved("welkom_celery_task_queue_seconds_count", **chat_task) == 1


@pytest.mark.django_db
def test_a_post_translated_first_by_a_readers_catch_up_is_counted_once_per_language(scraper, settings, org_a):
    """Choosing a chat language queues a task that translates the person's recent messages. When it
    runs after a post but before the post's own task (a slow queue: SQLite's on-disk broker polls),
    it stores the post's translations and the post's task finds nothing left: the readers still
    waited from the post, so those count. A message older than the change of language does not."""
    from tests.chat.conftest import DOUBLE
    from welkom.chat import services as chat_services

    settings.CHAT_TRANSLATOR = DOUBLE
    lead, newcomer, colleague = org_a["team_lead"], org_a["newcomer"], org_a["colleague"]
    chat_services.reading_language_set(user=lead, language="en")
    chat_services.reading_language_set(user=newcomer, language="pl")
    chat_services.reading_language_set(user=colleague, language="en")
    channel = chat_services.team_channel_sync(team=org_a.team)
    older = chat_services.message_post(channel=channel, author=lead, body="Hello", language="en")
    assert chat_services.message_translate(message_id=older.pk) == 1  # Polish, at once
    chat_services.reading_language_set(user=colleague, language="nl")  # its catch-up task waits
    before = scrape(scraper)
    posted = chat_services.message_post(channel=channel, author=lead, body="Good morning", language="en")

    assert chat_services.reader_messages_translate(user_id=colleague.pk) == 3  # older: nl; posted: nl, pl
    assert chat_services.message_translate(message_id=posted.pk) == 0  # the post's task: nothing left
    after = scrape(scraper)
    for target in ("nl", "pl"):
        pair = {"source": "en", "target": target}
        counted = value(after, "welkom_chat_translated_seconds_count", **pair)
        assert counted - value(before, "welkom_chat_translated_seconds_count", **pair) == 1, target
    assert older.translations.get(language="nl").status == "translated"  # stored, not counted


@pytest.mark.django_db
def test_deliveries_failed_and_retried_per_channel_follow_real_send_attempts(scraper, settings, org_a):
    import socket

    from welkom.notifications.models import Delivery
    from welkom.notifications.services import MAX_ATTEMPTS, DeliveryRetry, delivery_send, notification_send

    with socket.socket() as probe:  # a port where no mail server answers
        probe.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = probe.getsockname()[1]
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    before = scrape(scraper)
    ids = []
    for key in ("late", "lost"):
        notification_send(
            recipient=org_a["newcomer"],
            kind="test",
            title="Hello",
            dedupe_key=key,
            channels=["email"],
            urgent=True,
        )
        ids.append(Delivery.objects.get(notification__dedupe_key=key, channel="email").pk)
    late, lost = ids
    with pytest.raises(DeliveryRetry):
        delivery_send(delivery_id=late)  # the mail server is down
    for _ in range(MAX_ATTEMPTS - 1):
        with pytest.raises(DeliveryRetry):
            delivery_send(delivery_id=lost)
    assert delivery_send(delivery_id=lost) == "failed"  # the last try
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert delivery_send(delivery_id=late) == "sent"  # the second try
    after = scrape(scraper)

    def moved(status: str) -> float:
        return value(after, "welkom_deliveries", channel="email", status=status) - value(
            before, "welkom_deliveries", channel="email", status=status
        )

    assert moved("sent") == 1
    assert moved("failed") == 1
    assert moved("retried") == 2  # sent or failed after more than one try
