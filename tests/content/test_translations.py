"""Content in the newcomers' languages: per-language files (docs/content-translations.md), review
lists, and what a reader gets through the API (language, fallback, "not yet checked").

Runs on a small content tree of its own (tests/content/tree), not on the translators' files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.checklists.conftest import make_profile
from welkom.checklists.models import ChecklistTemplate, MunicipalityNote
from welkom.content.loader import ContentError
from welkom.content.services import content_sync
from welkom.journeys import services as journey_services
from welkom.journeys.models import JourneyTemplate, TemplateStep
from welkom.modules.models import Module
from welkom.newcomers.models import NewcomerProfile

pytestmark = pytest.mark.django_db
TREE = Path(__file__).parent / "tree"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(TREE, root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- Loading -----------------------------------------------------------------------------------------


def test_every_kind_loads_its_polish_files_and_the_review_list(tree):
    content_sync(root=tree)
    module = Module.objects.get(slug="greet")
    polish = module.translations.get(locale="pl")
    assert polish.title == "Powitanie"
    assert polish.reviewed is False  # pl.md is listed in _review/pl.yaml
    assert module.translations.get(locale="nl").reviewed is True
    assert polish.quiz_text["handshake"]["options"]["bow"] == "Kłaniasz się nisko"
    assert polish.quiz_text["handshake"]["explanation"] == ""  # left out: falls back when read
    assert polish.reflection == ["Kogo dziś przywitałeś?", ""]

    template = ChecklistTemplate.objects.get(slug="papers")
    assert template.title["pl"] == "Twoje dokumenty"
    assert template.drafted == ["pl"]
    register = template.items.get(key="register")
    assert register.documents["pl"] == ["Paszport", "Umowa najmu"]
    assert "Umów wizytę" in register.body_html["pl"]
    assert "pl" not in template.items.get(key="digid").body_html

    note = MunicipalityNote.objects.get(slug="amsterdam")
    assert "Zadzwoń" in note.notes["pl"]
    assert "umowę" in note.item_notes["papers/register"]["pl"]
    assert note.drafted == []  # not listed: checked by a native speaker

    journey = JourneyTemplate.objects.get(slug="start")
    assert journey.title["pl"] == "Twój start"
    assert journey.drafted == ["pl"]
    assert TemplateStep.objects.get(key="meet-buddy").body["pl"] == "Wypijcie razem kawę."
    assert "pl" not in TemplateStep.objects.get(key="read-greet").title


def test_taking_a_file_off_the_review_list_marks_it_checked_without_other_changes(tree):
    content_sync(root=tree)
    (tree / "_review" / "pl.yaml").write_text("drafted: []\n", encoding="utf-8")
    report = content_sync(root=tree)
    assert report.total("changed") == 0
    assert Module.objects.get(slug="greet").translations.get(locale="pl").reviewed is True
    assert ChecklistTemplate.objects.get(slug="papers").drafted == []
    assert JourneyTemplate.objects.get(slug="start").drafted == []


def test_a_review_entry_for_a_file_that_does_not_exist_is_a_notice(tree):
    _edit(tree / "_review" / "pl.yaml", "drafted:\n", "drafted:\n  - modules/greet/ro.md\n")
    report = content_sync(root=tree)
    assert any("modules/greet/ro.md" in notice for notice in report.notices["review"])


BROKEN = {
    "overlay-key-not-in-source": (
        "modules/greet/pl.yaml",
        "  - key: handshake\n",
        "  - key: handshakes\n",
        "modules/greet/pl.yaml:4",
        "no item 'handshakes'",
    ),
    "overlay-option-id-not-in-source": (
        "modules/greet/pl.yaml",
        "      - id: bow\n",
        "      - id: curtsy\n",
        "modules/greet/pl.yaml:9",
        "no item 'curtsy'",
    ),
    "overlay-sets-what-is-not-a-text": (
        "modules/greet/pl.yaml",
        "      - id: hand\n",
        "      - id: hand\n        correct: false\n",
        "modules/greet/pl.yaml:8",
        "not a text",
    ),
    "overlay-field-not-in-source": (
        "checklists/papers/pl.yaml",
        "title: Twoje",
        "titel: Twoje",
        "checklists/papers/pl.yaml:1",
        "'titel' is not in the source",
    ),
    "markdown-link-left-out": (
        "modules/greet/pl.md",
        "[przewodnik](https://www.government.nl/guide)",
        "przewodnik",
        "modules/greet/pl.md",
        "link (https://www.government.nl/guide) of en.md:5 is missing",
    ),
    "checklist-section-link-left-out": (
        "checklists/papers/pl.md",
        "[gemeente](https://www.government.nl/register)",
        "gemeente",
        "checklists/papers/pl.md:1",
        "link (https://www.government.nl/register)",
    ),
    "placeholder-left-out": (
        "journeys/start.yaml",
        "{en: Meet your buddy, nl: Ontmoet je buddy}",
        "{en: 'Meet {buddy}', nl: 'Ontmoet {buddy}'}",
        "journeys/pl/start.yaml:7",
        "placeholder {buddy} of the English text is missing",
    ),
    "documents-list-of-another-length": (
        "checklists/papers/pl.yaml",
        "[Paszport, Umowa najmu]",
        "[Paszport]",
        "checklists/papers/pl.yaml:6",
        "the English has 2 entries",
    ),
    "municipality-overlay-note-for-unknown-item": (
        "checklists/municipalities/pl/amsterdam.yaml",
        "papers/register:",
        "papers/digid:",
        "checklists/municipalities/pl/amsterdam.yaml:3",
        "'papers/digid' is not in the source",
    ),
}


@pytest.mark.parametrize("case", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_translation_names_its_file_and_line_and_loads_nothing(tree, case):
    relative, old, new, where, message = case
    _edit(tree / relative, old, new)
    with pytest.raises(ContentError) as raised:
        content_sync(root=tree)
    assert str(raised.value).startswith(f"{tree / where}"), str(raised.value)
    assert message in str(raised.value)
    assert not Module.objects.exists()
    assert not JourneyTemplate.objects.exists()


@pytest.mark.parametrize(
    "folder",
    ["journeys/xx", "checklists/municipalities/klingon", "_review/xx.yaml", "modules/greet/xx.md"],
)
def test_an_unknown_language_folder_or_file_is_refused(tree, folder):
    path = tree / folder
    if path.suffix:
        path.write_text(
            "drafted: []\n" if path.suffix == ".yaml" else "---\ntitle: X\n---\nX\n", encoding="utf-8"
        )
    else:
        path.mkdir()
    with pytest.raises(ContentError, match=f"unknown language '{path.stem}'") as raised:
        content_sync(root=tree)
    assert raised.value.path == path


# --- Reading -------------------------------------------------------------------------------------------


def _reader(org, language: str, spoken: list[str], role: str = "newcomer"):  # type: ignore[no-untyped-def]
    user = org[role]
    user.language = language
    user.save(update_fields=["language"])
    profile = make_profile(org, user, municipality="amsterdam")
    NewcomerProfile.objects.filter(pk=profile.pk).update(languages_spoken=spoken)
    return user


def test_a_polish_reader_gets_polish_marked_unchecked_and_english_where_polish_is_missing(
    tree, client_factory, org_a
):
    content_sync(root=tree)
    org_a.organisation.default_language = "nl"
    org_a.organisation.save()
    client = client_factory(_reader(org_a, "pl", ["pl"]))

    module = client.get("/api/modules/greet").json()
    assert (module["title"], module["locale"], module["is_fallback"], module["reviewed"]) == (
        "Powitanie",
        "pl",
        False,
        False,
    )
    question = module["quiz"][0]
    assert (question["question"], question["language"]) == ("Jak witasz nowego kolegę?", "pl")
    assert module["reflection"] == ["Kogo dziś przywitałeś?", "What surprised you?"]  # not Dutch
    answer = client.post("/api/modules/greet/quiz/handshake", {"choices": ["hand"]}, format="json").json()
    assert answer["explanation_language"] == "en"

    checklists = client.get("/api/checklists").json()["results"]
    papers = next(c for c in checklists if c["slug"] == "papers")
    assert papers["title"] == "Twoje dokumenty"
    assert papers["content"] == {
        "language": "pl",
        "requested_language": "pl",
        "is_fallback": False,
        "reviewed": False,
    }
    items = {item["ref"]: item for item in papers["items"]}
    assert items["papers/register"]["documents_needed"] == ["Paszport", "Umowa najmu"]
    assert items["papers/register"]["local_note_html"].count("umowę") == 1
    digid = items["papers/digid"]
    assert digid["title"] == "Apply for DigiD"
    assert (digid["content"]["language"], digid["content"]["is_fallback"]) == ("en", True)

    town = client.get(f"/api/checklists/municipality?newcomer={org_a['newcomer'].newcomer_profile.pk}")
    assert town.json()["content"] == {
        "language": "pl",
        "requested_language": "pl",
        "is_fallback": False,
        "reviewed": True,
    }


def test_a_reader_who_lists_dutch_gets_dutch_before_english(tree, client_factory, org_a):
    content_sync(root=tree)
    client = client_factory(_reader(org_a, "ar", ["ar", "nl", "en"]))
    module = client.get("/api/modules/greet").json()
    assert (module["locale"], module["requested_locale"], module["is_fallback"]) == ("nl", "ar", True)
    assert module["reviewed"] is True


def test_a_plan_made_before_a_translation_came_reads_it_once_it_is_loaded(tree, client_factory, org_a):
    overlay = tree / "journeys" / "pl" / "start.yaml"
    saved = overlay.read_text(encoding="utf-8")
    overlay.unlink()
    content_sync(root=tree)
    newcomer = _reader(org_a, "pl", ["pl"])
    plan = journey_services.plan_create(
        profile=newcomer.newcomer_profile,
        template=JourneyTemplate.objects.get(slug="start"),
        created_by=org_a["hr"],
    )
    overlay.write_text(saved, encoding="utf-8")
    content_sync(root=tree)

    body = client_factory(newcomer).get(f"/api/journeys/plans/{plan.pk}").json()
    stage = body["stages"][0]
    assert stage["title"] == "Pierwszy tydzień"
    steps = {step["key"]: step for step in stage["steps"]}
    assert (steps["meet-buddy"]["title"], steps["meet-buddy"]["body"]) == (
        "Poznaj swojego buddy",
        "Wypijcie razem kawę.",
    )
    assert steps["meet-buddy"]["content"] == {
        "language": "pl",
        "requested_language": "pl",
        "is_fallback": False,
        "reviewed": False,
    }
    assert steps["read-greet"]["title"] == "Read about greetings"
    assert (steps["read-greet"]["content"]["language"], steps["read-greet"]["content"]["is_fallback"]) == (
        "en",
        True,
    )
