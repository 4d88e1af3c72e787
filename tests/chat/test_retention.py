"""Each organisation decides how long chat messages are kept; a daily beat job deletes older ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from welkom.chat import services
from welkom.chat.models import Message, MessageTranslation

pytestmark = pytest.mark.django_db


def _aged(channel, author, days, body="old"):
    message = services.message_post(channel=channel, author=author, body=body, language="en")
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(days=days))
    return message


def test_messages_older_than_the_organisation_keeps_them_are_deleted(
    client_factory, org_a, org_b, team_channel, translator
):
    other_channel = services.team_channel_sync(team=org_b.team)
    hr = client_factory(org_a["hr"])
    assert hr.put("/api/chat/settings", {"retention_days": 30}, format="json").json() == {
        "retention_days": 30
    }

    old = _aged(team_channel, org_a["team_lead"], 31)
    services.message_translate(message_id=old.pk)
    recent = _aged(team_channel, org_a["team_lead"], 29, body="recent")
    kept_elsewhere = _aged(other_channel, org_b["team_lead"], 31)  # org_b keeps the default (365 days)

    assert services.retention_apply() == 1
    assert set(Message.objects.values_list("pk", flat=True)) == {recent.pk, kept_elsewhere.pk}
    assert not MessageTranslation.objects.filter(message_id=old.pk).exists()
    assert services.retention_apply() == 0


def test_retention_is_on_the_beat_schedule():
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"welkom.chat.tasks.retention_apply", "welkom.chat.tasks.mentions_send_due"} <= schedule


@pytest.mark.parametrize("days", [0, 3651, "a year"])
def test_retention_must_be_a_sensible_number_of_days(client_factory, org_a, days):
    response = client_factory(org_a["admin"]).put(
        "/api/chat/settings", {"retention_days": days}, format="json"
    )
    assert response.status_code == 400
    assert "retention_days" in response.json()["fields"]
    assert client_factory(org_a["admin"]).get("/api/chat/settings").json() == {"retention_days": 365}


@pytest.mark.parametrize("role", ["newcomer", "colleague", "team_lead"])
def test_only_hr_and_admin_set_retention(client_factory, org_a, role):
    client = client_factory(org_a[role])
    assert client.get("/api/chat/settings").status_code == 403
    assert client.put("/api/chat/settings", {"retention_days": 1}, format="json").status_code == 403
