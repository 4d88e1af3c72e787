"""Notifications are stored as a kind with parameters and written for the reader when read: the
inbox, the e-mail and the push message are in the reader's language (checked against the server
catalog), step titles come from the content in the reader's content language, and a person who
changes language reads their old notifications in the new one. One notification per step (the
reminder replaces the step's own), withdrawn when the step is done."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import http_ece  # type: ignore[import-untyped]
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core import mail
from django.utils.translation import gettext, ngettext, override

from tests.journeys.conftest import make_profile
from welkom.accounts.models import User
from welkom.core.language import content_languages, pick
from welkom.journeys import dispatch, services
from welkom.journeys.models import PlanStep
from welkom.notifications.models import Delivery, Notification
from welkom.notifications.services import delivery_send
from welkom.push.models import PushSubscription

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _ in settings.LANGUAGES]
SENT = datetime(2026, 11, 2, 12, tzinfo=UTC)  # the "read" step (due 30 Oct) goes out
REMIND = datetime(2026, 11, 3, 10, tzinfo=UTC)  # and is overdue


def _in(language: str, message: str, **params: object) -> str:
    with override(language):
        text = gettext(message)
    if language != "en":
        assert text != message, f"{language}: not translated: {message}"
    return text % params


def _step_title(user: User, step: PlanStep) -> str:
    return str(pick(step.title, content_languages(user))[1])


def _plan(org, template, language: str) -> tuple[User, PlanStep]:
    newcomer = org["newcomer"]
    User.objects.filter(pk=newcomer.pk).update(language=language)
    plan = services.plan_create(profile=make_profile(org), template=template, created_by=org["hr"])
    newcomer.refresh_from_db()
    return newcomer, PlanStep.objects.get(plan=plan, key="read")


def _inbox(client_factory, user: User) -> list[dict]:
    response = client_factory(user).get("/api/notifications")
    assert response.status_code == 200, response.content
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reminder_is_one_notification_in_the_readers_language(
    client_factory, org_a, small_template, language
):
    newcomer, read = _plan(org_a, small_template, language)
    dispatch.dispatch_tick(now=SENT)
    assert dispatch.overdue_check(now=REMIND) == (1, 0)
    expected = _in(language, "Reminder: %(step)s", step=_step_title(newcomer, read))
    about_the_step = [n for n in _inbox(client_factory, newcomer) if n["link"] == "/"]
    titles = [n["title"] for n in about_the_step if _step_title(newcomer, read) in n["title"]]
    assert titles == [expected]  # the reminder only, not the step's own notification as well
    if language == "nl":
        assert "Lees de module" in expected  # the step's Dutch title from the content
    mail.outbox.clear()
    reminder = Notification.objects.get(dedupe_key=f"journey-overdue:{read.pk}")
    email = reminder.deliveries.get(channel="email")
    assert delivery_send(delivery_id=email.pk) == "sent"
    assert [m.subject for m in mail.outbox] == [expected]


def test_an_old_notification_follows_the_readers_new_language(client_factory, org_a, small_template):
    newcomer, read = _plan(org_a, small_template, "en")
    dispatch.dispatch_tick(now=SENT)
    dispatch.overdue_check(now=REMIND)
    client = client_factory(newcomer)
    before = [n["title"] for n in _inbox(client_factory, newcomer)]
    assert _in("en", "Reminder: %(step)s", step="Read the module") in before
    assert client.patch("/api/me", {"language": "pl"}, format="json").status_code == 200
    newcomer.refresh_from_db()
    after = [n["title"] for n in _inbox(client_factory, newcomer)]
    assert _in("pl", "Reminder: %(step)s", step=_step_title(newcomer, read)) in after


def test_a_done_step_takes_its_notifications_and_unsent_mail_with_it(client_factory, org_a, small_template):
    newcomer, read = _plan(org_a, small_template, "pl")
    dispatch.dispatch_tick(now=SENT)
    dispatch.overdue_check(now=REMIND)
    keys = [f"journey-step:{read.pk}", f"journey-overdue:{read.pk}"]
    assert Notification.objects.filter(dedupe_key__in=keys).count() == 1
    response = client_factory(newcomer).post(f"/api/journeys/steps/{read.pk}/done", {}, format="json")
    assert response.status_code == 200, response.content
    assert not Notification.objects.filter(dedupe_key__in=keys).exists()
    assert not Delivery.objects.filter(notification__dedupe_key__in=keys).exists()
    assert all(_step_title(newcomer, read) not in n["title"] for n in _inbox(client_factory, newcomer))


@pytest.mark.parametrize("language", ["nl", "pl", "ar"])
def test_the_hr_digest_is_in_the_readers_language_with_plurals(org_a, small_template, language):
    hr = org_a["hr"]
    User.objects.filter(pk=hr.pk).update(language=language)
    services.plan_create(profile=make_profile(org_a), template=small_template, created_by=hr)
    dispatch.dispatch_tick(now=SENT)
    assert dispatch.hr_digest_send(now=datetime(2026, 11, 9, 7, tzinfo=UTC)) == 1
    digest = Notification.objects.get(kind="journey_digest", recipient=hr)
    year, week, _ = datetime(2026, 11, 9).isocalendar()
    assert digest.title == _in(
        language, "Overdue onboarding steps, week %(week)s", week=f"{year}-W{week:02d}"
    )
    steps = PlanStep.objects.filter(plan__profile__user=org_a["newcomer"], state="sent").count()
    with override(language):
        count = ngettext(
            "%(count)s open step past its moment:", "%(count)s open steps past their moment:", steps
        ) % {"count": steps}
    assert count in digest.body


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_push_message_is_in_the_readers_language(org_a, small_template, push_service, vapid, language):
    base, received, _ = push_service
    newcomer, read = _plan(org_a, small_template, language)
    browser_key = ec.generate_private_key(ec.SECP256R1())
    public = browser_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    auth = b"0123456789abcdef"
    PushSubscription.objects.create(
        user=newcomer, endpoint=f"{base}/sub/1", p256dh=_b64(public), auth=_b64(auth)
    )
    dispatch.dispatch_tick(now=SENT)
    dispatch.overdue_check(now=REMIND)
    reminder = Notification.objects.get(dedupe_key=f"journey-overdue:{read.pk}")
    assert delivery_send(delivery_id=reminder.deliveries.get(channel="push").pk) == "sent"
    payload = json.loads(
        http_ece.decrypt(received[-1]["body"], private_key=browser_key, auth_secret=auth, version="aes128gcm")
    )
    assert payload["title"] == _in(language, "Reminder: %(step)s", step=_step_title(newcomer, read))
