from pathlib import Path

import pytest
from django.conf import settings

from welkom.content.loader import ContentError, SyncReport
from welkom.content.services import content_sync
from welkom.journeys.content import sync_journeys
from welkom.journeys.models import JourneyTemplate

pytestmark = pytest.mark.django_db

GOOD = """slug: tiny
title: {en: Tiny}
stages:
  - key: start
    anchor: arrival
    title: {en: Start}
    steps:
      - key: hello
        kind: task
        owner: hr
        days: 1
        title: {en: Hello, nl: Hallo}
"""


def test_the_shipped_templates_sync_and_a_second_sync_changes_nothing():
    report = content_sync(kinds=["journeys"])
    assert report.counts["journeys"]["added"] >= 1
    again = content_sync(kinds=["journeys"])
    assert again.counts["journeys"]["added"] == 0
    assert again.counts["journeys"]["changed"] == 0
    template = JourneyTemplate.objects.get(slug="ict-kennismigrant")
    assert template.title["nl"].startswith("ICT")


def test_a_changed_file_updates_and_a_removed_file_archives(tmp_path: Path):
    (tmp_path / "tiny.yaml").write_text(GOOD)
    sync_journeys(tmp_path, SyncReport())
    (tmp_path / "tiny.yaml").write_text(GOOD.replace("days: 1", "working_days: 2"))
    report = SyncReport()
    sync_journeys(tmp_path, report)
    assert report.counts["journeys"]["changed"] == 1
    step = JourneyTemplate.objects.get(slug="tiny").stages.get().steps.get()
    assert (step.offset, step.offset_unit) == (2, "working")
    (tmp_path / "tiny.yaml").unlink()
    sync_journeys(tmp_path, SyncReport())
    assert JourneyTemplate.objects.get(slug="tiny").archived_at is not None


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (GOOD.replace("kind: task", "kind: party"), 9, "kind"),
        (
            GOOD.replace("        days: 1\n", "        days: 1\n        after: [nobody]\n"),
            12,
            "no step 'nobody'",
        ),
        (GOOD.replace("kind: task", "kind: module"), 8, "needs 'ref'"),
        (GOOD.replace("slug: tiny", "slug: other"), 1, "must match the file name"),
        (GOOD.replace("title: {en: Tiny}", "title: {nl: Klein}"), 2, "'en' is a required property"),
    ],
)
def test_a_malformed_template_names_the_field_and_line(tmp_path: Path, text, line, message):
    (tmp_path / "tiny.yaml").write_text(text)
    with pytest.raises(ContentError) as error:
        sync_journeys(tmp_path, SyncReport())
    assert error.value.line == line, str(error.value)
    assert message in error.value.message


def test_steps_waiting_on_each_other_in_a_circle_are_refused(tmp_path: Path):
    text = GOOD.replace("        days: 1\n", "        days: 1\n        after: [bye]\n") + (
        "      - key: bye\n        kind: task\n        owner: hr\n"
        "        after: [hello]\n        title: {en: Bye}\n"
    )
    (tmp_path / "tiny.yaml").write_text(text)
    with pytest.raises(ContentError, match="circle"):
        sync_journeys(tmp_path, SyncReport())


def test_content_dir_holds_the_default_template():
    assert (settings.CONTENT_DIR / "journeys" / "ict-kennismigrant.yaml").exists()


def test_an_unknown_ref_is_refused_with_the_file_and_line(tmp_path: Path):
    (tmp_path / "journeys").mkdir()
    (tmp_path / "modules" / "overleg").mkdir(parents=True)
    (tmp_path / "modules" / "overleg" / "module.yaml").write_text("audience: newcomer\n")
    module_step = "        kind: module\n        ref: overleg-and-consensus\n"
    text = GOOD.replace("        kind: task\n", module_step)
    (tmp_path / "journeys" / "tiny.yaml").write_text(text)
    with pytest.raises(ContentError) as error:
        sync_journeys(tmp_path / "journeys", SyncReport())
    assert error.value.path.name == "tiny.yaml"
    assert error.value.line == 10
    assert "no module 'overleg-and-consensus'" in error.value.message
    # The module that exists is accepted, and so are a loaded checklist and a language level.
    (tmp_path / "journeys" / "tiny.yaml").write_text(text.replace("overleg-and-consensus", "overleg"))
    sync_journeys(tmp_path / "journeys", SyncReport())
    step = JourneyTemplate.objects.get(slug="tiny").stages.get().steps.get()
    assert step.ref == "overleg"


@pytest.mark.parametrize(("kind", "ref"), [("checklist", "housingg"), ("language", "B3")])
def test_an_unknown_checklist_or_language_ref_is_refused(tmp_path: Path, kind, ref):
    text = GOOD.replace("        kind: task\n", f"        kind: {kind}\n        ref: {ref}\n")
    (tmp_path / "tiny.yaml").write_text(text)
    with pytest.raises(ContentError, match=f"no {kind} '{ref}'"):
        sync_journeys(tmp_path, SyncReport())


def test_every_step_of_the_shipped_journeys_points_at_something_that_exists():
    """After a full sync every module, checklist and language step resolves: the module or
    checklist is loaded, the level is one the language plans know."""
    from welkom.checklists.models import ChecklistTemplate
    from welkom.journeys.models import TemplateStep
    from welkom.modules.models import Module

    content_sync()
    modules = set(Module.objects.filter(archived_at=None).values_list("slug", flat=True))
    checklists = set(ChecklistTemplate.objects.filter(archived_at=None).values_list("slug", flat=True))
    steps = TemplateStep.objects.filter(stage__template__archived_at=None)
    assert steps.exists()
    for step in steps.filter(kind="module"):
        assert step.ref in modules, (step.stage.template.slug, step.key, step.ref)
    for step in steps.filter(kind="checklist"):
        assert step.ref in checklists, (step.stage.template.slug, step.key, step.ref)
    for step in steps.filter(kind="language"):
        assert step.ref in {"A0", "A1", "A2", "B1", "B2", "C1", "nt2_programme_1", "nt2_programme_2"}
