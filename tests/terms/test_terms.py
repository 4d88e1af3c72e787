"""The term list: loaded from content/terms/ (errors name file and line), read in the reader's language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from welkom.content.services import content_sync
from welkom.terms.models import Term

LANGUAGES = ["en", "nl", "pl", "ro", "bg", "uk", "tr", "ar"]
TERMS = Path(settings.CONTENT_DIR) / "terms"


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(TERMS, root / "terms")
    shutil.copytree(Path(settings.CONTENT_DIR) / "_review", root / "_review")
    return root


@pytest.mark.django_db
def test_shipped_terms_have_at_least_40_entries_explained_in_every_newcomer_language():
    content_sync(root=Path(settings.CONTENT_DIR), kinds=["terms"])
    terms = list(Term.objects.all())
    assert len(terms) >= 40
    named = "bsn digid gemeente brp huisarts huisartsenpost zorgverzekering eigen-risico"
    named += " zorgtoeslag loonstrook"
    named += " vakantiegeld cao uitzendbureau proeftijd ziekmelding bedrijfsarts"
    named += " inburgering huurcontract borg"
    for key in named.split():
        assert Term.objects.filter(key=key).exists(), key
    for term in terms:
        assert sorted(term.explanation) == sorted(LANGUAGES), term.key
        assert term.say, term.key
        assert sorted(term.drafted) == ["ar", "bg", "pl", "ro", "tr", "uk"], term.key


@pytest.mark.django_db
def test_sync_is_idempotent_and_archives_a_removed_term(tmp_path):
    root = _copy(tmp_path)
    first = content_sync(root=root, kinds=["terms"])
    assert first.counts["terms"]["added"] >= 40
    again = content_sync(root=root, kinds=["terms"])
    assert again.counts["terms"]["added"] == 0
    assert again.counts["terms"]["changed"] == 0
    source = root / "terms" / "terms.yaml"
    text = source.read_text("utf-8")
    start = text.index("  - key: overleg")
    source.write_text(text[:start], "utf-8")
    for lang in ("pl", "ro", "bg", "uk", "tr", "ar"):
        overlay = root / "terms" / f"{lang}.yaml"
        body = overlay.read_text("utf-8")
        overlay.write_text(body[: body.index("  - key: overleg")], "utf-8")
    third = content_sync(root=root, kinds=["terms"])
    assert third.counts["terms"]["archived"] == 1
    assert Term.objects.get(key="overleg").archived_at is not None


@pytest.mark.django_db
def test_an_overlay_naming_an_unknown_term_fails_with_file_and_line(tmp_path):
    root = _copy(tmp_path)
    overlay = root / "terms" / "pl.yaml"
    lines = overlay.read_text("utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip() == "- key: borg")
    lines[index] = "  - key: no-such-term"
    overlay.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(CommandError) as error:
        call_command("sync_content", path=root, kind=["terms"])
    assert f"{overlay}:{index + 1}: no term 'no-such-term'" in str(error.value)
    assert not Term.objects.exists()  # nothing was loaded


@pytest.mark.django_db
def test_a_term_without_its_dutch_explanation_fails_with_file_and_line(tmp_path):
    root = _copy(tmp_path)
    source = root / "terms" / "terms.yaml"
    lines = source.read_text("utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("nl: Je persoonlijke nummer"))
    del lines[index]
    source.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(CommandError) as error:
        call_command("sync_content", path=root, kind=["terms"])
    assert f"{source}:" in str(error.value)
    assert "'nl' is a required property" in str(error.value)


@pytest.mark.django_db
def test_newcomer_reads_terms_in_their_language_with_the_fallback_named(org_a, client_factory):
    content_sync(root=Path(settings.CONTENT_DIR), kinds=["terms"])
    newcomer = org_a["newcomer"]
    newcomer.language = "pl"
    newcomer.save(update_fields=["language"])
    response = client_factory(newcomer).get("/api/terms?page_size=100")
    assert response.status_code == 200
    bsn = next(term for term in response.json()["results"] if term["key"] == "bsn")
    assert bsn["term"] == "BSN"
    assert bsn["language"] == "pl"
    assert bsn["drafted"] is True
    assert bsn["explanation"].startswith("Twój osobisty numer")
    assert not bsn["is_fallback"]
    Term.objects.filter(key="bsn").update(explanation={"en": "Your number.", "nl": "Je nummer."})
    bsn = next(
        t
        for t in client_factory(newcomer).get("/api/terms?page_size=100").json()["results"]
        if t["key"] == "bsn"
    )
    assert bsn["language"] == "en"
    assert bsn["is_fallback"] is True


@pytest.mark.django_db
def test_terms_need_a_signed_in_person(api):
    assert api.get("/api/terms").status_code in (401, 403)
