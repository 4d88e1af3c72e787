"""The library, reading progress, the quiz and finishing a module, through the API."""

from __future__ import annotations

import json

import pytest

from tests.factories import UserFactory
from tests.modules.conftest import write_module
from tests.newcomers.factories import NewcomerProfileFactory
from welkom.content.services import content_sync
from welkom.modules import services
from welkom.modules.models import Module, ModuleProgress, ModuleTranslationStatus, QuizAnswer
from welkom.modules.signals import module_completed

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(content_root):
    write_module(content_root, "for-newcomers", audience="newcomer", title="Newcomer text")
    write_module(content_root, "for-colleagues", audience="colleague", title="Colleague text")
    write_module(content_root, "for-all", audience="both", title="Shared text")
    content_sync(root=content_root, kinds=["modules"])
    return content_root


def slugs(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["slug"] for item in response.json()["results"]}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("newcomer", {"for-newcomers", "for-all"}),
        ("colleague", {"for-colleagues", "for-all"}),
        ("team_lead", {"for-colleagues", "for-all"}),
        ("hr", {"for-newcomers", "for-colleagues", "for-all"}),
        ("admin", {"for-newcomers", "for-colleagues", "for-all"}),
    ],
)
def test_library_shows_the_modules_for_the_callers_audience(client_factory, org_a, library, role, expected):
    assert slugs(client_factory(org_a[role]).get("/api/modules")) == expected


def test_module_for_another_audience_is_not_found(client_factory, org_a, library):
    assert client_factory(org_a["newcomer"]).get("/api/modules/for-colleagues").status_code == 404
    assert client_factory(org_a["colleague"]).get("/api/modules/for-newcomers").status_code == 404


def test_anonymous_callers_are_refused(api, library):
    assert api.get("/api/modules").status_code in (401, 403)


def test_module_is_read_in_the_users_language(client_factory, org_a, library):
    newcomer = org_a["newcomer"]
    newcomer.language = "nl"
    newcomer.save()
    body = client_factory(newcomer).get("/api/modules/for-newcomers").json()
    assert body["title"] == "Nederlandse titel"
    assert body["locale"] == "nl"
    assert body["is_fallback"] is False
    assert body["reflection"] == ["Wat viel je op?"]
    assert body["quiz"][0]["question"] == "Welke is goed?"
    assert (
        client_factory(newcomer).get("/api/modules/for-newcomers?lang=en").json()["title"] == "Newcomer text"
    )


def test_without_a_translation_the_best_language_is_shown_and_said(client_factory, org_a, library):
    newcomer = org_a["newcomer"]
    newcomer.language = "pl"
    newcomer.save()
    body = client_factory(newcomer).get("/api/modules/for-newcomers").json()
    assert (body["locale"], body["requested_locale"], body["is_fallback"]) == ("en", "pl", True)

    module = Module.objects.get(slug="for-newcomers")
    services.module_machine_translate(module=module, locale="pl", engine=lambda t, source, target: f"PL {t}")
    body = client_factory(newcomer).get("/api/modules/for-newcomers").json()
    assert body["locale"] == "pl"
    assert body["is_fallback"] is False
    assert body["translation_status"] == ModuleTranslationStatus.MACHINE_UNREVIEWED
    assert body["title"] == "PL Newcomer text"
    assert body["quiz"][0]["options"][0]["text"] == "PL Option A"


def test_bad_language_code_is_a_400_with_the_field(client_factory, org_a, library):
    response = client_factory(org_a["newcomer"]).get("/api/modules?lang=<script>")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["lang"]
    unknown = client_factory(org_a["newcomer"]).get("/api/modules?lang=xx")
    assert unknown.status_code == 400
    assert list(unknown.json()["fields"]) == ["lang"]


def test_region_note_is_shown_only_to_readers_from_that_region(client_factory, org_a, library):
    newcomer = org_a["newcomer"]
    profile = NewcomerProfileFactory(user=newcomer, home_country="IN")
    body = client_factory(newcomer).get("/api/modules/for-newcomers").json()
    assert body["region_note"]["region"] == "south-asia"
    assert "compares habits" in body["region_note"]["html"]
    profile.home_country = "PL"
    profile.save()
    assert client_factory(newcomer).get("/api/modules/for-newcomers").json()["region_note"] is None


def test_progress_is_remembered_so_the_reader_can_resume(client_factory, org_a, library):
    client = client_factory(org_a["newcomer"])
    response = client.post(
        "/api/modules/for-newcomers/progress", {"percent": 40, "section": "Heading"}, format="json"
    )
    assert response.status_code == 200, response.content
    item = next(i for i in client.get("/api/modules").json()["results"] if i["slug"] == "for-newcomers")
    assert item["progress"]["percent"] == 40
    assert item["progress"]["section"] == "Heading"
    assert item["progress"]["status"] == "in_progress"
    assert client.get("/api/modules/for-newcomers").json()["progress"]["percent"] == 40


def test_bad_progress_is_refused_with_field_and_nothing_written(client_factory, org_a, library):
    client = client_factory(org_a["newcomer"])
    response = client.post("/api/modules/for-newcomers/progress", {"percent": 150}, format="json")
    assert response.status_code == 400
    assert "percent" in response.json()["fields"]
    assert not ModuleProgress.objects.exists()


def test_the_quiz_never_reveals_answers_before_answering(client_factory, org_a, library):
    body = client_factory(org_a["newcomer"]).get("/api/modules/for-newcomers").json()
    text = json.dumps(body["quiz"])
    assert "correct" not in text
    assert "explanation" not in text
    assert "A is right" not in json.dumps(body)
    assert all(question["answer"] is None for question in body["quiz"])


def test_quiz_is_scored_on_the_server_with_immediate_feedback(client_factory, org_a, library):
    client = client_factory(org_a["newcomer"])
    wrong = client.post("/api/modules/for-newcomers/quiz/pick-one", {"choices": ["b"]}, format="json")
    assert wrong.status_code == 200, wrong.content
    assert wrong.json() == {
        "chosen": ["b"],
        "correct": False,
        "correct_choices": ["a"],
        "explanation": "A is right because it is.",
        "explanation_language": "en",
        "attempts": 1,
    }
    right = client.post("/api/modules/for-newcomers/quiz/pick-one", {"choices": ["a"]}, format="json").json()
    assert right["correct"] is True
    assert right["attempts"] == 2
    answer = QuizAnswer.objects.get()
    assert (answer.correct, answer.first_correct) == (True, False)  # the first miss still counts

    partly = client.post(
        "/api/modules/for-newcomers/quiz/pick-many", {"choices": ["x"]}, format="json"
    ).json()
    assert partly["correct"] is False
    assert sorted(partly["correct_choices"]) == ["x", "y"]
    # once answered, the detail shows the feedback
    quiz = client.get("/api/modules/for-newcomers").json()["quiz"]
    assert quiz[0]["answer"]["correct"] is True


@pytest.mark.parametrize(
    ("key", "choices", "status", "field"),
    [
        ("pick-one", ["a", "b"], 400, "choices"),
        ("pick-one", [], 400, "choices"),
        ("pick-one", ["nope"], 400, "choices"),
        ("pick-many", ["x", "x"], 400, "choices"),
        ("no-such-question", ["a"], 404, None),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_written(
    client_factory, org_a, library, key, choices, status, field
):
    response = client_factory(org_a["newcomer"]).post(
        f"/api/modules/for-newcomers/quiz/{key}", {"choices": choices}, format="json"
    )
    assert response.status_code == status, response.content
    if field:
        assert field in response.json()["fields"]
    assert not QuizAnswer.objects.exists()
    assert not ModuleProgress.objects.exists()


def test_finishing_needs_every_question_answered_and_calls_the_completion_hook_once(
    client_factory, org_a, library
):
    completed = []

    def listener(*, user, module, **kwargs):
        completed.append((user.pk, module.slug))

    module_completed.connect(listener)
    try:
        client = client_factory(org_a["newcomer"])
        early = client.post("/api/modules/for-newcomers/complete")
        assert early.status_code == 400
        assert early.json()["code"] == "quiz_unanswered"
        assert "pick-one" in early.json()["fields"]["quiz"][0]
        client.post("/api/modules/for-newcomers/quiz/pick-one", {"choices": ["b"]}, format="json")
        client.post("/api/modules/for-newcomers/quiz/pick-many", {"choices": ["x", "y"]}, format="json")
        done = client.post("/api/modules/for-newcomers/complete")
        assert done.status_code == 200, done.content
        assert done.json()["status"] == "completed"
        assert done.json()["percent"] == 100
        client.post("/api/modules/for-newcomers/complete")
        assert completed == [(org_a["newcomer"].pk, "for-newcomers")]
        # reading on afterwards does not undo the finish
        client.post("/api/modules/for-newcomers/progress", {"percent": 10}, format="json")
        assert ModuleProgress.objects.get().status == "completed"
    finally:
        module_completed.disconnect(listener)


def test_a_quiz_with_every_answer_wrong_does_not_finish_the_module(client_factory, org_a, library):
    client = client_factory(org_a["newcomer"])
    client.post("/api/modules/for-newcomers/quiz/pick-one", {"choices": ["b"]}, format="json")
    client.post("/api/modules/for-newcomers/quiz/pick-many", {"choices": ["z"]}, format="json")
    refused = client.post("/api/modules/for-newcomers/complete")
    assert refused.status_code == 400
    assert refused.json()["code"] == "quiz_not_passed"
    assert "pick-one, pick-many" in refused.json()["fields"]["quiz"][0]
    assert ModuleProgress.objects.get().completed_at is None
    # Answered again after the feedback: the latest answer counts, half right is enough.
    client.post("/api/modules/for-newcomers/quiz/pick-many", {"choices": ["x", "y"]}, format="json")
    done = client.post("/api/modules/for-newcomers/complete")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "completed"


def test_a_failing_completion_listener_leaves_the_module_unfinished(org_a, library):
    def broken(*, user, module, **kwargs):
        raise RuntimeError("journey step could not be marked")

    module_completed.connect(broken)
    module = Module.objects.get(slug="for-all")
    newcomer = org_a["newcomer"]
    for key, choices in (("pick-one", ["a"]), ("pick-many", ["x", "y"])):
        services.quiz_answer(user=newcomer, module=module, question_key=key, choices=choices)
    try:
        with pytest.raises(RuntimeError):
            services.module_complete(user=newcomer, module=module)
    finally:
        module_completed.disconnect(broken)
    assert ModuleProgress.objects.get(user=newcomer, module=module).completed_at is None


def test_archived_modules_leave_the_library_but_keep_progress(client_factory, org_a, library):
    client = client_factory(org_a["newcomer"])
    client.post("/api/modules/for-all/progress", {"percent": 30}, format="json")
    (library / "modules" / "for-all").rename(library / "gone")
    content_sync(root=library, kinds=["modules"])
    assert slugs(client.get("/api/modules")) == {"for-newcomers"}
    assert client.get("/api/modules/for-all").status_code == 404
    assert ModuleProgress.objects.get(module__slug="for-all").percent == 30


def test_progress_belongs_to_the_organisation_of_the_reader(client_factory, org_a, org_b, library):
    client_factory(org_b["newcomer"]).post("/api/modules/for-all/progress", {"percent": 70}, format="json")
    item = next(i for i in client_factory(org_a["newcomer"]).get("/api/modules").json()["results"])
    assert item["progress"] is None
    progress = ModuleProgress.objects.get()
    assert progress.organisation == org_b.organisation


def test_library_runs_a_fixed_number_of_queries(
    client_factory, org_a, content_root, django_assert_max_num_queries
):
    client = client_factory(org_a["newcomer"])
    write_module(content_root, "m0")
    content_sync(root=content_root, kinds=["modules"])
    client.get("/api/modules")
    with django_assert_max_num_queries(8):
        client.get("/api/modules")
    for number in range(1, 15):
        write_module(content_root, f"m{number}")
    content_sync(root=content_root, kinds=["modules"])
    for module in Module.objects.all()[:10]:
        services.progress_update(user=org_a["newcomer"], module=module, percent=10)
    with django_assert_max_num_queries(8):
        response = client.get("/api/modules")
    assert response.json()["count"] == 15


def test_a_user_without_progress_rights_outside_an_organisation_is_refused(org_a, library):
    from welkom.core.errors import ApiError

    superuser = UserFactory(organisation=None, is_superuser=True, role="admin")
    with pytest.raises(ApiError):
        services.progress_update(user=superuser, module=Module.objects.first(), percent=5)


def test_journeys_can_ask_which_modules_exist_and_which_a_person_finished(org_a, org_b, library):
    from welkom.modules import selectors

    assert selectors.live_module_slugs() == {"for-newcomers", "for-colleagues", "for-all"}
    module = Module.objects.get(slug="for-all")
    for user in (org_a["newcomer"], org_b["newcomer"]):
        services.quiz_answer(user=user, module=module, question_key="pick-one", choices=["a"])
        services.quiz_answer(user=user, module=module, question_key="pick-many", choices=["x", "y"])
    services.module_complete(user=org_a["newcomer"], module=module)
    assert selectors.completed_module_slugs(org_a["newcomer"]) == {"for-all"}
    assert selectors.completed_module_slugs(org_b["newcomer"]) == set()
