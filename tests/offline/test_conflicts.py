"""The conflict rule for the four actions a newcomer can take offline (docs/mobile-app.md),
through the API as the phone's outbox sends them: late, with ``Welkom-Action-Age`` and an
``Idempotency-Key``.

- Mark a step done: a step HR skipped meanwhile stays skipped (409), a removed one is gone (404);
  otherwise it is done, dated when it was marked.
- Tick a checklist item: refused (409) when its status changed on the server after the tick, or it
  was retired; otherwise applied.
- Log study time: adds up, never conflicts.
- Answer a quiz question: refused (409) when the question changed since it was shown.

A repeat of the same key gets the first answer back, whatever changed since: exactly once.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from tests.checklists.conftest import make_profile
from welkom.checklists.models import ChecklistItem
from welkom.content.services import content_sync
from welkom.journeys import services as journeys
from welkom.journeys.models import JourneyTemplate, PlanStep, StepState
from welkom.language.models import LanguagePlan, StudyLog
from welkom.language.services import plan_create as language_plan_create
from welkom.modules.models import Module, ModuleTranslation, QuizAnswer
from welkom.offline.models import IdempotencyRecord

pytestmark = pytest.mark.django_db

TEN_MINUTES_AGO = {"Welkom-Action-Age": "600"}


def _late(key: str, age: int = 600) -> dict[str, dict[str, str]]:
    """Headers of an action the phone kept for ``age`` seconds."""
    return {"headers": {"Welkom-Action-Age": str(age), "Idempotency-Key": f"offline-{key}"}}


@pytest.fixture
def world(org_a, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    content_sync(root=settings.CONTENT_DIR, kinds=["checklists", "journeys", "modules"])
    today = timezone.localdate()
    profile = make_profile(
        org_a, arrival_on=today + timedelta(days=20), first_day_on=today + timedelta(days=27)
    )
    plan = journeys.plan_create(
        profile=profile,
        template=JourneyTemplate.objects.get(slug="ict-kennismigrant"),
        created_by=org_a["hr"],
    )
    monday = today + timedelta(days=7 - today.weekday())
    language_plan_create(
        profile=profile,
        created_by=org_a["hr"],
        current_level="A0",
        target_level="A2",
        target_date=monday + timedelta(weeks=40),
        starts_on=monday,
        lesson_hours_per_week=Decimal(4),
        self_study_hours_per_week=Decimal(2),
        availability=[
            {"weekday": 0, "start": "19:00", "end": "21:00"},
            {"weekday": 2, "start": "19:00", "end": "21:00"},
            {"weekday": 5, "start": "10:00", "end": "12:00"},
        ],
        course_format="external_course",
    )
    return plan


def _newcomer_step(plan) -> PlanStep:  # type: ignore[no-untyped-def]
    return PlanStep.objects.filter(plan=plan, owner="newcomer", state__in=["planned", "sent"]).first()


# --- Mark a step done -----------------------------------------------------------------------------


def test_a_step_hr_skipped_meanwhile_stays_skipped(client_factory, org_a, world):
    step = _newcomer_step(world)
    hr = client_factory(org_a["hr"])
    assert hr.post(f"/api/journeys/steps/{step.pk}/skip").status_code == 200

    newcomer = client_factory(org_a["newcomer"])
    url = f"/api/journeys/steps/{step.pk}/done"
    late = newcomer.post(url, **_late("done-after-skip"))
    assert late.status_code == 409
    assert late.json()["code"] == "conflict"
    assert "skipped" in late.json()["detail"]
    step.refresh_from_db()
    assert (step.state, step.done_at) == (StepState.SKIPPED, None)
    # The phone never heard the answer and sends it again: the same answer, nothing else.
    again = newcomer.post(url, **_late("done-after-skip", age=900))
    assert (again.status_code, again["Idempotent-Replayed"]) == (409, "true")
    assert again.json() == late.json()


def test_a_step_removed_meanwhile_is_gone(client_factory, org_a, world):
    step = _newcomer_step(world)
    assert client_factory(org_a["hr"]).delete(f"/api/journeys/steps/{step.pk}").status_code == 204
    late = client_factory(org_a["newcomer"]).post(f"/api/journeys/steps/{step.pk}/done", **_late("gone"))
    assert late.status_code == 404
    assert not PlanStep.objects.filter(pk=step.pk).exists()


def test_a_late_done_is_dated_when_it_was_marked_and_applied_once(client_factory, org_a, world):
    step = _newcomer_step(world)
    # HR moved it meanwhile: that does not stand in the way of "done".
    moved = timezone.now() + timedelta(days=2)
    hr = client_factory(org_a["hr"])
    assert (
        hr.patch(f"/api/journeys/steps/{step.pk}", {"due_at": moved.isoformat()}, format="json").status_code
        == 200
    )

    newcomer = client_factory(org_a["newcomer"])
    before = timezone.now()
    first = newcomer.post(f"/api/journeys/steps/{step.pk}/done", **_late("done-once", age=3600))
    assert first.status_code == 200
    step.refresh_from_db()
    assert step.state == StepState.DONE
    assert step.done_by == org_a["newcomer"]
    assert before - timedelta(hours=1, minutes=1) < step.done_at < before - timedelta(minutes=59)
    events = world.events.filter(kind="step_done").count()

    # HR skips nothing now (it is done); a repeat of the key changes nothing more.
    again = newcomer.post(f"/api/journeys/steps/{step.pk}/done", **_late("done-once", age=3700))
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert world.events.filter(kind="step_done").count() == events
    assert IdempotencyRecord.objects.filter(user=org_a["newcomer"], key="offline-done-once").count() == 1


def test_a_step_someone_else_already_marked_done_stays_done(client_factory, org_a, world):
    step = _newcomer_step(world)
    assert client_factory(org_a["hr"]).post(f"/api/journeys/steps/{step.pk}/done").status_code == 200
    late = client_factory(org_a["newcomer"]).post(f"/api/journeys/steps/{step.pk}/done", **_late("same"))
    assert late.status_code == 200
    assert late.json()["state"] == "done"
    step.refresh_from_db()
    assert step.done_by == org_a["hr"]  # the first "done" is the one recorded


# --- Tick a checklist item ------------------------------------------------------------------------


def _item(plan) -> ChecklistItem:  # type: ignore[no-untyped-def]
    return ChecklistItem.objects.filter(
        checklist__profile=plan.profile, retired_at__isnull=True, status="open"
    ).first()


def test_an_item_hr_marked_not_applicable_meanwhile_keeps_hrs_change(client_factory, org_a, world):
    item = _item(world)
    hr = client_factory(org_a["hr"])
    body = {"status": "not_applicable", "not_applicable_reason": "Arranged by the relocation agency"}
    assert hr.patch(f"/api/checklist-items/{item.pk}", body, format="json").status_code == 200

    newcomer = client_factory(org_a["newcomer"])
    url = f"/api/checklist-items/{item.pk}"
    late = newcomer.patch(url, {"status": "done"}, format="json", **_late("tick"))
    assert late.status_code == 409
    assert late.json()["code"] == "conflict"
    item.refresh_from_db()
    assert (item.status, item.status_changed_by) == ("not_applicable", org_a["hr"])
    again = newcomer.patch(url, {"status": "done"}, format="json", **_late("tick", age=700))
    assert (again.status_code, again["Idempotent-Replayed"]) == (409, "true")
    # Ticked after HR's change (the person saw it): applied.
    fresh = newcomer.patch(url, {"status": "done"}, format="json", **_late("tick-2", age=0))
    assert fresh.status_code == 200
    item.refresh_from_db()
    assert (item.status, item.status_changed_by) == ("done", org_a["newcomer"])


def test_an_item_retired_meanwhile_is_refused(client_factory, org_a, world):
    from welkom.newcomers.services import profile_update

    profile_update(profile=world.profile, changed_by=org_a["hr"], tenure="buying")
    item = ChecklistItem.objects.get(
        checklist__profile=world.profile,
        template_item__template__slug="housing",
        template_item__key="rental-contract",
    )
    assert item.retired_at is not None
    late = client_factory(org_a["newcomer"]).patch(
        f"/api/checklist-items/{item.pk}", {"status": "done"}, format="json", **_late("retired")
    )
    assert (late.status_code, late.json()["code"]) == (409, "retired")


# --- Log study time ---------------------------------------------------------------------------------


def test_study_time_adds_up_and_never_conflicts(client_factory, org_a, world):
    plan = LanguagePlan.objects.get(profile=world.profile)
    newcomer = client_factory(org_a["newcomer"])
    url = f"/api/language/plans/{plan.pk}/study-logs"
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    # HR changes the plan while the phone is offline: the time still counts.
    hr = client_factory(org_a["hr"])
    assert (
        hr.post(
            f"/api/language/plans/{plan.pk}/level-checks",
            {"level": "A1", "checked_on": timezone.localdate().isoformat()},
            format="json",
        ).status_code
        == 201
    )
    day_old = 24 * 3600
    first = newcomer.post(
        url, {"studied_on": yesterday, "minutes": 30}, format="json", **_late("log-1", day_old)
    )
    same_again = newcomer.post(url, {"studied_on": yesterday, "minutes": 30}, format="json", **_late("log-2"))
    assert first.status_code == same_again.status_code == 201
    # The phone resends the first (it never heard back): counted once.
    repeat = newcomer.post(url, {"studied_on": yesterday, "minutes": 30}, format="json", **_late("log-1"))
    assert (repeat.status_code, repeat["Idempotent-Replayed"]) == (201, "true")
    assert list(StudyLog.objects.filter(plan=plan).values_list("minutes", flat=True)) == [30, 30]


def test_study_time_for_a_plan_that_was_removed_is_gone(client_factory, org_a, world):
    plan = LanguagePlan.objects.get(profile=world.profile)
    plan_id = plan.pk
    plan.delete()
    late = client_factory(org_a["newcomer"]).post(
        f"/api/language/plans/{plan_id}/study-logs",
        {"studied_on": timezone.localdate().isoformat(), "minutes": 20},
        format="json",
        **_late("log-gone"),
    )
    assert late.status_code == 404


# --- Answer a quiz question -------------------------------------------------------------------------


def _quiz(client, slug: str = "direct-feedback"):  # type: ignore[no-untyped-def]
    return client.get(f"/api/modules/{slug}").json()["quiz"]


def test_an_answer_to_a_question_that_changed_is_not_scored(client_factory, org_a, world):
    newcomer = client_factory(org_a["newcomer"])
    question = _quiz(newcomer)[0]
    assert len(question["version"]) == 16
    module = Module.objects.get(slug="direct-feedback")
    right = module.question(question["key"])["correct"]

    # A content update rewrites the question while the answer waits on the phone.
    source = ModuleTranslation.objects.get(module=module, locale=module.source_locale)
    source.quiz_text[question["key"]]["question"] += " (updated)"
    source.save(update_fields=["quiz_text"])
    assert _quiz(newcomer)[0]["version"] != question["version"]

    url = f"/api/modules/direct-feedback/quiz/{question['key']}"
    body = {"choices": right, "version": question["version"]}
    late = newcomer.post(url, body, format="json", **_late("answer"))
    assert late.status_code == 409
    assert late.json()["code"] == "conflict"
    assert not QuizAnswer.objects.filter(progress__user=org_a["newcomer"]).exists()
    again = newcomer.post(url, body, format="json", **_late("answer"))
    assert (again.status_code, again["Idempotent-Replayed"]) == (409, "true")

    # Answered to the question as it is now: scored, once.
    current = {"choices": right, "version": _quiz(newcomer)[0]["version"]}
    scored = newcomer.post(url, current, format="json", **_late("answer-2", age=5))
    assert scored.status_code == 200
    assert scored.json()["correct"] is True
    newcomer.post(url, current, format="json", **_late("answer-2", age=5))
    assert QuizAnswer.objects.get(progress__user=org_a["newcomer"]).attempts == 1


def test_an_answer_whose_options_changed_or_question_was_removed_is_refused(client_factory, org_a, world):
    newcomer = client_factory(org_a["newcomer"])
    first, second = _quiz(newcomer)[:2]
    module = Module.objects.get(slug="direct-feedback")
    quiz = [dict(q) for q in module.quiz]
    quiz[0]["correct"] = [option for option in quiz[0]["options"] if option not in quiz[0]["correct"]][:1]
    module.quiz = [quiz[0], *quiz[2:]]  # the right answer of the first changed; the second is gone
    module.save(update_fields=["quiz"])

    for question in (first, second):
        late = newcomer.post(
            f"/api/modules/direct-feedback/quiz/{question['key']}",
            {"choices": [question["options"][0]["id"]], "version": question["version"]},
            format="json",
            **_late(f"answer-{question['key']}"),
        )
        assert (late.status_code, late.json()["code"]) == (409, "conflict"), question["key"]
    # Without a version (another API client) an unknown question is simply not found.
    unknown = newcomer.post(
        f"/api/modules/direct-feedback/quiz/{second['key']}", {"choices": ["a"]}, format="json"
    )
    assert unknown.status_code == 404


def test_an_answer_without_a_version_is_scored_as_before(client_factory, org_a, world):
    newcomer = client_factory(org_a["newcomer"])
    question = _quiz(newcomer)[0]
    response = newcomer.post(
        f"/api/modules/direct-feedback/quiz/{question['key']}",
        {"choices": [question["options"][0]["id"]]},
        format="json",
        headers=TEN_MINUTES_AGO,
    )
    assert response.status_code == 200


def test_the_shipped_content_gives_every_question_a_stable_version(client_factory, org_a, world):
    newcomer = client_factory(org_a["newcomer"])
    before = {q["key"]: q["version"] for q in _quiz(newcomer)}
    content_sync(root=settings.CONTENT_DIR, kinds=["modules"])  # the same content again
    assert {q["key"]: q["version"] for q in _quiz(newcomer)} == before
    assert len(set(before.values())) == len(before)
