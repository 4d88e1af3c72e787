"""Quizzes and module reports work the same in every language (issue 16 §5): answers are option ids,
scored the same whatever language the question was read in, and a question reworded only in a
translation does not make a queued (offline) answer stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.content.test_translations import TREE
from welkom.content.services import content_sync

pytestmark = pytest.mark.django_db
QUIZ = "/api/modules/greet/quiz/handshake"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(TREE, root)
    content_sync(root=root)
    return root


def _reader(org, role: str, language: str):  # type: ignore[no-untyped-def]
    user = org[role]
    user.language = language
    user.save(update_fields=["language"])
    return user


def _question(client, lang: str | None = None) -> dict:  # type: ignore[no-untyped-def,type-arg]
    url = "/api/modules/greet" + (f"?lang={lang}" if lang else "")
    body = client.get(url).json()
    return body["quiz"][0]


def test_the_same_choice_scores_the_same_in_every_language(tree, client_factory, org_a, org_b):
    polish = client_factory(_reader(org_a, "newcomer", "pl"))
    english = client_factory(_reader(org_b, "newcomer", "en"))
    pl_question, en_question = _question(polish), _question(english)
    assert (pl_question["language"], en_question["language"]) == ("pl", "en")
    assert pl_question["question"] != en_question["question"]
    assert pl_question["version"] == en_question["version"]
    assert [o["id"] for o in pl_question["options"]] == [o["id"] for o in en_question["options"]]

    for client, version in ((polish, pl_question["version"]), (english, en_question["version"])):
        wrong = client.post(QUIZ, {"choices": ["bow"], "version": version}, format="json")
        assert wrong.status_code == 200, wrong.content
        assert (wrong.json()["correct"], wrong.json()["correct_choices"]) == (False, ["hand"])
        right = client.post(QUIZ, {"choices": ["hand"], "version": version}, format="json").json()
        assert (right["correct"], right["attempts"]) == (True, 2)


def test_a_question_reworded_only_in_a_translation_keeps_a_queued_answer(tree, client_factory, org_a):
    client = client_factory(_reader(org_a, "newcomer", "pl"))
    seen = _question(client)["version"]  # read offline, answer queued with this version
    overlay = tree / "modules" / "greet" / "pl.yaml"
    overlay.write_text(
        overlay.read_text(encoding="utf-8").replace("Jak witasz nowego kolegę?", "Jak przywitasz kolegę?"),
        encoding="utf-8",
    )
    assert content_sync(root=tree).counts["modules"]["changed"] == 1
    assert _question(client)["question"] == "Jak przywitasz kolegę?"
    answer = client.post(QUIZ, {"choices": ["hand"], "version": seen}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["correct"] is True


def test_a_question_changed_in_the_source_refuses_the_queued_answer(tree, client_factory, org_a):
    client = client_factory(_reader(org_a, "newcomer", "pl"))
    seen = _question(client)["version"]
    source = tree / "modules" / "greet" / "module.yaml"
    source.write_text(
        source.read_text(encoding="utf-8").replace("How do you greet a new colleague?", "How do you greet?"),
        encoding="utf-8",
    )
    content_sync(root=tree)
    answer = client.post(QUIZ, {"choices": ["hand"], "version": seen}, format="json")
    assert answer.status_code == 409
    assert answer.json()["code"] == "conflict"


def test_the_report_counts_answers_given_in_any_language_under_one_question(tree, client_factory, org_a):
    from tests.factories import UserFactory

    readers = [_reader(org_a, "newcomer", "pl")]
    for language in ("ar", "en"):
        readers.append(UserFactory(organisation=org_a.organisation, role="newcomer", language=language))
    for reader in readers:
        response = client_factory(reader).post(QUIZ, {"choices": ["bow"]}, format="json")
        assert response.status_code == 200, response.content
    hr = client_factory(_reader(org_a, "hr", "pl"))
    rows = hr.get("/api/modules/reports/questions").json()["results"]
    assert [(row["question_key"], row["answered"], row["missed"]) for row in rows] == [("handshake", 3, 3)]
    assert rows[0]["question"] == "Jak witasz nowego kolegę?"  # in the reader's (HR's) language
    assert rows[0]["module_title"] == "Powitanie"
