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
