"""The server's voice: audio of an item made by espeak-ng in a Celery job, once per text and
language, and served only to people who may read the item's text."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.checklists.conftest import make_profile
from welkom.chat.services import message_post, team_channel_sync
from welkom.content.services import content_sync
from welkom.journeys.models import JourneyTemplate
from welkom.journeys.selectors import steps_visible_to
from welkom.journeys.services import plan_create
from welkom.modules.models import Module
from welkom.notifications.models import DeliveryChannel
from welkom.notifications.services import notification_send
from welkom.speech.models import SpeechAudio, SpeechStatus
from welkom.speech.tasks import speech_synthesise


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PRIVATE_STORAGE_ROOT = str(tmp_path / "private")


def _world(org_a, org_b):  # type: ignore[no-untyped-def]
    """One of each item the voice can read, in organisation A."""
    content_sync(root=Path(settings.CONTENT_DIR), kinds=["modules", "terms", "checklists", "journeys"])
    profile = make_profile(org_a)
    plan_create(profile=profile, template=JourneyTemplate.objects.first(), created_by=org_a["hr"])
    newcomer = org_a["newcomer"]
    item = profile.checklists.first().items.first()
    step = steps_visible_to(newcomer).first()
    notification = notification_send(
        recipient=newcomer,
        kind="test",
        title="Bel 0900-8844",
        dedupe_key="speech-test",
        channels=[DeliveryChannel.IN_APP],
        queue=False,
    )
    channel = team_channel_sync(team=org_a.team)
    message = message_post(channel=channel, author=org_a["colleague"], body="Hoi, welkom!", language="nl")
    return {
        "module": "direct-feedback",
        "term": "bsn",
        "checklist_item": str(item.pk),
        "step": str(step.pk),
        "notification": str(notification.pk),
        "chat_message": str(message.pk),
    }


def _ask(client, kind, ref, lang="en"):  # type: ignore[no-untyped-def]
    return client.post("/api/speech", {"kind": kind, "ref": ref, "lang": lang}, format="json")


def _audio(client, kind, ref, lang="en"):  # type: ignore[no-untyped-def]
    return client.get("/api/speech/audio", {"kind": kind, "ref": ref, "lang": lang})


@pytest.mark.django_db
def test_the_newcomer_may_ask_for_every_item_they_read(
    org_a, org_b, client_factory, django_capture_on_commit_callbacks
):
    refs = _world(org_a, org_b)
    client = client_factory(org_a["newcomer"])
    for kind, ref in refs.items():
        with django_capture_on_commit_callbacks(execute=False) as queued:
            response = _ask(client, kind, ref)
        assert response.status_code == 202, (kind, response.json())
        assert response.json()["status"] == "pending"
        assert response.json()["url"] is None
        assert len(queued) == 1, kind  # one job per new text
        assert _audio(client, kind, ref).status_code == 404  # not made yet
    assert SpeechAudio.objects.filter(organisation=org_a.organisation).count() == len(refs)
    term = SpeechAudio.objects.get(ssml__contains="BSN")
    assert term.language == "nl"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert _ask(client, "term", "bsn").status_code == 202  # the same text: the same row, no new job
    assert not queued
    assert SpeechAudio.objects.filter(ssml__contains="BSN").count() == 1


@pytest.mark.django_db
def test_nobody_gets_the_voice_of_a_text_they_may_not_read(org_a, org_b, client_factory):
    refs = _world(org_a, org_b)
    colleague_module = Module.objects.filter(audience="colleague").first().slug
    refused = [
        (org_b["newcomer"], kind, ref) for kind, ref in refs.items() if kind not in ("module", "term")
    ] + [
        (org_a["newcomer"], "module", colleague_module),  # a module written for colleagues
        (org_a["colleague"], "checklist_item", refs["checklist_item"]),  # someone else's checklist
        (org_a["team_lead"], "checklist_item", refs["checklist_item"]),
        (org_a["hr"], "notification", refs["notification"]),  # someone else's inbox
        (org_a["colleague"], "notification", refs["notification"]),
        (org_a["hr"], "chat_message", refs["chat_message"]),  # not a member of the team channel
        (org_a["newcomer"], "step", "999999"),
        (org_a["newcomer"], "term", "no-such-term"),
        (org_a["newcomer"], "checklist_item", "abc"),
    ]
    for user, kind, ref in refused:
        client = client_factory(user)
        assert _ask(client, kind, ref).status_code == 404, (user.role, kind)
        assert _audio(client, kind, ref).status_code == 404, (user.role, kind)
    assert not SpeechAudio.objects.exists()
    anonymous = client_factory().post("/api/speech", {"kind": "term", "ref": "bsn", "lang": "en"})
    assert anonymous.status_code in (401, 403)


@pytest.mark.django_db
def test_bad_input_names_the_field(org_a, client_factory):
    client = client_factory(org_a["newcomer"])
    response = client.post("/api/speech", {"kind": "poem", "lang": "xx"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"kind", "ref", "lang"}


@pytest.mark.django_db
def test_a_failing_voice_is_retried_a_bounded_number_of_times(
    org_a, org_b, client_factory, settings, django_capture_on_commit_callbacks
):
    _world(org_a, org_b)
    client = client_factory(org_a["newcomer"])
    settings.WELKOM_ESPEAK = "no-such-espeak-program"
    with django_capture_on_commit_callbacks(execute=False):
        _ask(client, "term", "bsn")
    audio = SpeechAudio.objects.get()
    speech_synthesise.apply(args=[audio.pk])  # runs, retries twice, then gives up
    audio.refresh_from_db()
    assert (audio.status, audio.attempts) == (SpeechStatus.FAILED, 3)
    assert "not installed" in audio.error
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _ask(client, "term", "bsn")
    assert (response.status_code, response.json()["status"], len(queued)) == (200, "failed", 0)


def _sox_stat(path: Path) -> dict[str, float]:
    command = ["sox", str(path), "-n", "stat"]
    report = subprocess.run(command, capture_output=True, text=True, check=True).stderr
    return {
        re.sub(r"\s+", " ", key.strip()): float(value)
        for key, value in re.findall(r"^([^:\n]+):\s+(-?[\d.]+)\s*$", report, re.MULTILINE)
    }


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_speaks_the_text_with_espeak_and_serves_it_once(
    org_a, org_b, client_factory, celery_worker, tmp_path
):
    refs = _world(org_a, org_b)
    org_a["newcomer"].language = "pl"
    org_a["newcomer"].save(update_fields=["language"])
    client = client_factory(org_a["newcomer"])
    assert _ask(client, "module", refs["module"], "pl").status_code == 202
    for _ in range(150):
        response = _ask(client, "module", refs["module"], "pl")
        if response.json()["status"] != "pending":
            break
        time.sleep(0.2)
    body = response.json()
    assert (response.status_code, body["status"], body["language"]) == (200, "ready", "pl"), body
    audio = _audio(client, "module", refs["module"], "pl")
    assert audio.status_code == 200
    assert audio["Content-Type"] == "audio/wav"
    wav = tmp_path / "module.wav"
    wav.write_bytes(b"".join(audio.streaming_content))
    stat = _sox_stat(wav)
    assert stat["Length (seconds)"] > 10  # a whole module, not a beep
    assert abs(stat["Length (seconds)"] * 1000 - body["duration_ms"]) < 50
    assert stat["RMS amplitude"] > 0.02  # not silence
    row = SpeechAudio.objects.get()
    assert (row.status, row.attempts, row.language) == (SpeechStatus.READY, 1, "pl")
    # Someone of another organisation never gets it, not even knowing the item
    assert _audio(client_factory(org_b["newcomer"]), "module", refs["module"], "pl").status_code == 404


@pytest.mark.django_db
def test_audio_of_a_persons_own_words_is_theirs_in_export_and_erasure(
    org_a, org_b, client_factory, django_capture_on_commit_callbacks
):
    from welkom.core.privacy_registry import sources

    refs = _world(org_a, org_b)
    newcomer, colleague = org_a["newcomer"], org_a["colleague"]
    with django_capture_on_commit_callbacks(execute=False):
        _ask(client_factory(newcomer), "chat_message", refs["chat_message"], "nl")
        _ask(client_factory(newcomer), "term", "bsn", "nl")
    spoken = SpeechAudio.objects.get(person=colleague)  # the colleague wrote the message
    speech_synthesise.apply(args=[spoken.pk])
    spoken.refresh_from_db()
    storage, stored = spoken.audio.storage, spoken.audio.name
    assert storage.exists(stored)
    source = next(source for source in sources() if source.name == "speech")
    assert [row["language"] for row in source.export(colleague)["audio_of_your_words"]] == ["nl"]
    assert source.export(newcomer)["audio_of_your_words"] == []
    source.erase(colleague)
    assert not SpeechAudio.objects.filter(person=colleague).exists()
    assert not storage.exists(stored)
    assert SpeechAudio.objects.filter(person=None).count() == 1  # the term's audio is nobody's
