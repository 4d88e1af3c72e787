"""The checklist content: every item cites an official source with the date it was checked (content
without a date loads, but is listed as not re-checked, never stamped with a made-up date), and
malformed content is refused with the file and line."""

import re
import shutil
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from welkom.checklists.content import LOCALES, is_official
from welkom.checklists.models import ChecklistTemplate, ChecklistTemplateItem, MunicipalityNote
from welkom.content.loader import ContentError
from welkom.content.services import content_sync

pytestmark = pytest.mark.django_db

REQUIRED_TEMPLATES = {"arrival-registration", "health-insurance", "tax", "housing", "school-childcare"}
REQUIRED_MUNICIPALITIES = {"amsterdam", "eindhoven", "rotterdam", "den-haag", "utrecht"}
# Shipped items whose source nobody could check against a stored copy yet: they ship with an empty
# checked_on (never a guessed date), the sync lists them, and docs/sources.md says why.
NOT_YET_CHECKED = {
    "arrival-registration/apply-digid",
    "health-insurance/healthcare-allowance-check",
    "school-childcare/primary-school-early",
    "school-childcare/leerplicht-registration",
    "school-childcare/qualification-duty",
}
# Municipality notes whose registration page was replaced by the government's own page for that
# municipality, not found stored (docs/sources.md).
NOTES_NOT_YET_CHECKED = {"den-haag", "rotterdam"}


def _not_rechecked(report):
    """Refs the sync listed as 'source not re-checked: <ref> <url>'."""
    prefix = "source not re-checked: "
    return {m[len(prefix) :].split()[0] for m in report.notices.get("checklists", []) if m.startswith(prefix)}


def test_every_item_has_an_official_source_a_checked_date_and_both_languages(templates):
    items = list(ChecklistTemplateItem.objects.select_related("template"))
    assert len(items) >= 20
    for item in items:
        assert is_official(item.source_url), (item.ref, item.source_url)
        # The shipped content carries a checked date on every item but the few listed above, which
        # the sync lists as not re-checked (see the test below).
        if item.ref in NOT_YET_CHECKED:
            assert item.checked_on is None, item.ref
        else:
            assert isinstance(item.checked_on, date), item.ref
            assert item.checked_on <= timezone.localdate(), item.ref
        for locale in LOCALES:
            assert item.title.get(locale), (item.ref, locale)
            assert item.body_html.get(locale, "").strip(), (item.ref, locale)
            assert item.source_title.get(locale), (item.ref, locale)
        for amount in item.amounts:
            assert amount["valid_from"], item.ref  # amounts are data with a start date
    assert _not_rechecked(templates) == NOT_YET_CHECKED
    sources_doc = (Path(__file__).resolve().parents[2] / "docs" / "sources.md").read_text()
    assert all(ref.split("/")[1] in sources_doc for ref in NOT_YET_CHECKED)
    for note in MunicipalityNote.objects.all():
        if note.slug in NOTES_NOT_YET_CHECKED:
            assert note.checked_on is None, note.slug
        else:
            assert isinstance(note.checked_on, date), note.slug


def test_docs_sources_counts_what_ships_and_has_a_row_per_link(templates):
    """docs/sources.md says how many items and links ship and which are checked; its numbers are
    the shipped content's, and every link an item or note cites has a row there."""
    sources_doc = (Path(__file__).resolve().parents[2] / "docs" / "sources.md").read_text()
    counts = re.search(
        r"COUNTS: (\d+) checklist items cite (\d+) different links; (\d+) items have a checked date and "
        r"(\d+) do not\.\s+(\d+) municipality notes cite (\d+) links; (\d+) notes have a checked date "
        r"and (\d+) do not\.",
        sources_doc,
    )
    assert counts, "docs/sources.md lost its COUNTS line"
    items = list(ChecklistTemplateItem.objects.all())
    notes = list(MunicipalityNote.objects.all())
    note_links = {url for note in notes for url in (note.registration_url, note.expat_centre_url) if url}
    checked = sum(1 for item in items if item.checked_on)
    notes_checked = sum(1 for note in notes if note.checked_on)
    assert [int(n) for n in counts.groups()] == [
        len(items),
        len({item.source_url for item in items}),
        checked,
        len(items) - checked,
        len(notes),
        len(note_links),
        notes_checked,
        len(notes) - notes_checked,
    ]
    lines = sources_doc.splitlines()
    rows = {line.split(" | ")[0].removeprefix("| ") for line in lines if line.startswith("| http")}
    assert {item.source_url for item in items} | note_links <= rows


def test_sync_content_prints_the_sources_nobody_re_checked(content_copy):
    _edit(
        content_copy / "checklists" / "tax" / "checklist.yaml",
        "    checked_on: 2026-11-28\n",
        "    checked_on:\n",
    )
    out = StringIO()
    call_command("sync_content", kind=["checklists"], path=content_copy, stdout=out)
    listed = "source not re-checked: tax/thirty-percent-ruling https://www.belastingdienst.nl/"
    assert listed in out.getvalue()


def test_the_required_templates_and_municipalities_are_there(templates):
    assert set(ChecklistTemplate.objects.values_list("slug", flat=True)) >= REQUIRED_TEMPLATES
    notes = {note.slug: note for note in MunicipalityNote.objects.all()}
    assert set(notes) >= REQUIRED_MUNICIPALITIES
    for note in notes.values():
        assert note.registration_url.startswith("https://")
        assert note.expat_centre_url.startswith("https://")
        assert all(note.notes.get(locale) for locale in LOCALES)


def test_the_facts_the_issue_names_are_in_the_content(templates):
    item = ChecklistTemplateItem.objects.get(template__slug="arrival-registration", key="register-brp")
    assert (item.due_anchor, item.due_days) == ("arrival", 5)
    assert ChecklistTemplateItem.objects.get(key="basic-insurance").due_days == 120  # 4 months
    digid = ChecklistTemplateItem.objects.get(key="apply-digid")
    assert "arrival-registration/register-brp" in digid.depends_on
    rent = ChecklistTemplateItem.objects.get(key="rent-benefit-check")
    assert rent.amounts == [
        {
            "key": "highest-rent-counted",
            "label": rent.amounts[0]["label"],
            "value": 932.93,
            "unit": "EUR/month",
            "valid_from": "2026-01-01",
        }
    ]


def test_sync_is_idempotent(templates):
    again = content_sync(root=settings.CONTENT_DIR, kinds=["checklists"])
    assert again.counts["checklists"]["added"] == 0
    assert again.counts["checklists"]["changed"] == 0
    assert again.counts["checklists"]["unchanged"] == len(REQUIRED_TEMPLATES) + len(REQUIRED_MUNICIPALITIES)


@pytest.fixture
def content_copy(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(Path(settings.CONTENT_DIR) / "checklists", root / "checklists")
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("housing/checklist.yaml", "{tenure: [temporary, undecided]}", "{tenure: [castle]}", "unknown value"),
        ("housing/checklist.yaml", "{tenure: [temporary, undecided]}", "{shoe_size: 42}", "unknown fact"),
        (
            "housing/checklist.yaml",
            "https://www.huurcommissie.nl/en/over-de-huurcommissie/about-the-rent-tribunal-in-english",
            "https://example.com/",
            "official domain",
        ),
        ("housing/checklist.yaml", "depends_on: [rental-contract]", "depends_on: [nope]", "unknown item"),
        ("tax/checklist.yaml", "    checked_on: 2026-11-28\n", "", "'checked_on' is a required property"),
        (
            "tax/checklist.yaml",
            "    checked_on: 2026-11-28\n",
            "    checked_on: 2999-01-01\n",
            "in the future",
        ),
        ("tax/checklist.yaml", "    checked_on: 2026-11-28\n", "    checked_on: last week\n", "not a date"),
        (
            "tax/checklist.yaml",
            "    source:\n      url: https://www.belastingdienst.nl/",
            "    sources:\n      url: https://www.belastingdienst.nl/",
            "'source' is a required property",
        ),
        (
            "municipalities/utrecht.yaml",
            "checked_on: 2026-11-28\n",
            "",
            "'checked_on' is a required property",
        ),
        ("housing/en.md", "## utilities", "## utilities-typo", "no '## utilities' section"),
    ],
)
def test_malformed_content_is_refused_with_file_and_line(content_copy, file, old, new, message):
    _edit(content_copy / "checklists" / file, old, new)
    with pytest.raises(ContentError) as caught:
        content_sync(root=content_copy, kinds=["checklists"])
    assert message in str(caught.value)
    assert caught.value.path.name == Path(file).name
    assert not ChecklistTemplate.objects.exists()  # all or nothing


def test_an_empty_checked_on_loads_as_not_re_checked_and_is_listed(content_copy):
    _edit(
        content_copy / "checklists" / "tax" / "checklist.yaml",
        "    checked_on: 2026-11-28\n",
        "    checked_on:\n",
    )
    _edit(
        content_copy / "checklists" / "municipalities" / "utrecht.yaml",
        "checked_on: 2026-11-28\n",
        "checked_on:\n",
    )
    report = content_sync(root=content_copy, kinds=["checklists"])
    assert ChecklistTemplateItem.objects.get(key="thirty-percent-ruling").checked_on is None
    assert "tax/thirty-percent-ruling" in _not_rechecked(report)
    assert MunicipalityNote.objects.get(slug="utrecht").checked_on is None
    assert "links not re-checked: municipality utrecht" in report.notices["checklists"]


def test_circular_dependencies_are_refused(content_copy):
    _edit(
        content_copy / "checklists" / "health-insurance" / "checklist.yaml",
        "    due: {from: arrival, days: 120}\n    documents:",
        "    due: {from: arrival, days: 120}\n    depends_on: [insure-family]\n    documents:",
    )
    with pytest.raises(ContentError, match="circle"):
        content_sync(root=content_copy, kinds=["checklists"])


def test_removed_templates_are_archived_and_come_back(content_copy):
    content_sync(root=content_copy, kinds=["checklists"])
    shutil.rmtree(content_copy / "checklists" / "tax")
    report = content_sync(root=content_copy, kinds=["checklists"])
    assert report.counts["checklists"]["archived"] == 1
    assert ChecklistTemplate.objects.get(slug="tax").archived_at is not None
    assert ChecklistTemplateItem.objects.get(key="thirty-percent-ruling").archived_at is not None
