"""Loading modules from content/modules: validation with file and line, idempotent upserts,
archiving and restoring, and nothing half-loaded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.modules.conftest import EN_MD, MODULE_YAML, write_module
from tests.newcomers.factories import NewcomerProfileFactory
from welkom.content.loader import ContentError
from welkom.content.services import content_sync
from welkom.modules import services
from welkom.modules.content import parse_module_remembered
from welkom.modules.models import Module, ModuleProgress, ModuleTranslation, ModuleTranslationStatus

pytestmark = pytest.mark.django_db
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son\w+\s*=", re.IGNORECASE)  # a real tag with on...=

SHIPPED = {
    "direct-feedback",
    "flat-hierarchy",
    "overleg",
    "planning-punctuality",
    "own-learning",
    "work-life-balance",
    "birthdays-lunch",
    "english-and-dutch",
    "ai-policy",
    "working-across-cultures",
    "clear-language",
    "being-a-buddy",
}


def sync(root: Path):  # type: ignore[no-untyped-def]
    return content_sync(root=root, kinds=["modules"])


def test_shipped_modules_load_in_english_and_dutch_with_reflection_and_quiz(shipped_modules):
    assert shipped_modules.counts["modules"]["added"] >= 12
    modules = {module.slug: module for module in Module.objects.prefetch_related("translations")}
    assert set(modules) >= SHIPPED
    for module in modules.values():
        locales = {t.locale: t for t in module.translations.all()}
        assert set(locales) >= {"en", "nl"}, module.slug
        assert all(t.status == ModuleTranslationStatus.HUMAN for t in locales.values())
        assert locales["en"].reflection, module.slug
        assert locales["nl"].reflection, module.slug
        assert module.quiz, module.slug
        assert locales["en"].title != locales["nl"].title or module.slug == "overleg"
    assert {modules[s].audience for s in ("working-across-cultures", "clear-language", "being-a-buddy")} == {
        "colleague"
    }
    assert modules["direct-feedback"].translations.get(locale="en").region_notes["south-asia"]


def test_resync_of_unchanged_files_changes_nothing(content_root):
    write_module(content_root, "one")
    write_module(content_root, "two")
    first = sync(content_root)
    assert first.counts["modules"]["added"] == 2
    before = {m.slug: (m.updated_at, m.content_hash) for m in Module.objects.all()}
    second = sync(content_root)
    assert second.counts["modules"]["unchanged"] == 2
    assert second.total("added") == second.total("changed") == 0
    assert {m.slug: (m.updated_at, m.content_hash) for m in Module.objects.all()} == before
    assert ModuleTranslation.objects.count() == 4


def test_a_changed_file_is_counted_and_rewritten(content_root):
    folder = write_module(content_root, "one")
    sync(content_root)
    (folder / "en.md").write_text(EN_MD.format(title="A better title"), encoding="utf-8")
    report = sync(content_root)
    assert report.counts["modules"]["changed"] == 1
    assert ModuleTranslation.objects.get(module__slug="one", locale="en").title == "A better title"


def test_removed_module_is_archived_with_progress_kept_and_restored_when_it_returns(content_root, org_a):
    folder = write_module(content_root, "one")
    sync(content_root)
    module = Module.objects.get(slug="one")
    services.progress_update(user=org_a["newcomer"], module=module, percent=40)

    moved = content_root / "elsewhere"
    folder.rename(moved)
    report = sync(content_root)
    assert report.counts["modules"]["archived"] == 1
    module.refresh_from_db()
    assert module.archived_at is not None
    assert ModuleProgress.objects.filter(module=module, percent=40).exists()

    moved.rename(folder)
    report = sync(content_root)
    assert report.counts["modules"]["restored"] == 1
    module.refresh_from_db()
    assert module.archived_at is None
    assert ModuleProgress.objects.get(module=module).percent == 40
    assert sync(content_root).counts["modules"]["unchanged"] == 1


def test_machine_translation_survives_a_resync_but_a_removed_human_text_goes(content_root):
    folder = write_module(content_root, "one")
    sync(content_root)
    module = Module.objects.get(slug="one")
    services.module_machine_translate(
        module=module, locale="pl", engine=lambda t, source, target: f"[pl] {t}"
    )
    (folder / "nl.md").unlink()
    (folder / "module.yaml").write_text(
        MODULE_YAML.format(audience="newcomer")
        .replace("    nl: ", "    xx: ")
        .replace(", nl: ", ", xx: ")
        .replace("xx: Wat", "nl: Wat"),
        encoding="utf-8",
    )
    with pytest.raises(ContentError):  # texts for nl remain but nl.md is gone
        sync(content_root)
    (folder / "module.yaml").write_text(
        _only_english(MODULE_YAML.format(audience="newcomer")), encoding="utf-8"
    )
    sync(content_root)
    module.refresh_from_db()
    assert set(module.translations.values_list("locale", flat=True)) == {"en", "pl"}
    polish = module.translations.get(locale="pl")
    assert polish.status == ModuleTranslationStatus.MACHINE_UNREVIEWED
    assert polish.is_outdated  # made from the earlier text


def _only_english(text: str) -> str:
    return (
        "\n".join(
            line.replace(", nl: Optie A", "")
            .replace(", nl: Optie B", "")
            .replace(", nl: X", "")
            .replace(", nl: Y", "")
            .replace(", nl: Z", "")
            for line in text.splitlines()
            if not line.strip().startswith("nl:")
        )
        + "\n"
    )


# --- Each kind of malformed file: the error names the file and line, nothing is written ---------

BAD_YAML = MODULE_YAML.format(audience="newcomer")


def _replace(old: str, new: str) -> str:
    assert old in BAD_YAML
    return BAD_YAML.replace(old, new, 1)


MALFORMED = {
    "yaml-syntax": (
        "module.yaml",
        _replace("tags: [feedback]", "tags: [feedback"),
        None,
        6,
        "not valid YAML",
    ),
    "missing-field": (
        "module.yaml",
        _replace("minutes: 5\n", ""),
        None,
        1,
        "'minutes' is a required property",
    ),
    "bad-audience": (
        "module.yaml",
        _replace("audience: newcomer", "audience: everyone"),
        None,
        1,
        "audience",
    ),
    "bad-stage": ("module.yaml", _replace("stage: first-week", "stage: week-one"), None, 3, "stage"),
    "unknown-field": ("module.yaml", BAD_YAML + "colour: red\n", None, 1, "colour"),
    "two-correct-in-single": (
        "module.yaml",
        _replace("nl: Optie B}", "nl: Optie B}\n        correct: true"),
        None,
        16,
        "needs one correct option",
    ),
    "no-correct-in-multiple": (
        "module.yaml",
        BAD_YAML.replace("        correct: true\n      - id: y", "      - id: y").replace(
            "text: {en: Y, nl: Y}\n        correct: true", "text: {en: Y, nl: Y}"
        ),
        None,
        30,
        "mark at least one option correct",
    ),
    "missing-dutch-quiz-text": (
        "module.yaml",
        _replace("      nl: Welke is goed?\n", ""),
        None,
        13,
        "no text for nl",
    ),
    "text-for-locale-without-file": (
        "module.yaml",
        _replace("    nl: Wat viel je op?", "    nl: Wat viel je op?\n    de: Was fiel dir auf?"),
        None,
        7,
        "no de.md",
    ),
    "duplicate-question-key": (
        "module.yaml",
        _replace("key: pick-many", "key: pick-one"),
        None,
        24,
        "used twice",
    ),
    "no-front-matter": ("en.md", None, "# Just text\n", 1, "front matter"),
    "unclosed-front-matter": ("en.md", None, "---\ntitle: x\n\nText\n", 1, "not closed"),
    "front-matter-without-title": (
        "en.md",
        None,
        "---\nsummary: no title\n---\nText\n",
        2,
        "'title' is a required",
    ),
    "bad-front-matter-yaml": ("en.md", None, "---\ntitle: [unclosed\n---\nText\n", 2, "not valid YAML"),
    "empty-body": ("en.md", None, "---\ntitle: Empty\n---\n\n", 4, "no text"),
    "unknown-region": (
        "en.md",
        None,
        "---\ntitle: T\n---\nText\n\n::: region atlantis\nNote\n:::\n",
        6,
        "unknown region",
    ),
    "unclosed-region": (
        "en.md",
        None,
        "---\ntitle: T\n---\nText\n::: region south-asia\nNote\n",
        5,
        "not closed",
    ),
    "bad-fence": ("en.md", None, "---\ntitle: T\n---\nText\n::: warning\nx\n:::\n", 5, "::: region <name>"),
    "missing-image": (
        "en.md",
        None,
        "---\ntitle: T\n---\nText\n\n![A chart](images/none.png)\n",
        6,
        "does not exist",
    ),
    "outside-image": (
        "en.md",
        None,
        "---\ntitle: T\n---\n![x](https://evil.test/a.png)\n",
        4,
        "must be a file",
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_module_names_file_and_line_and_writes_nothing(content_root, case):
    write_module(content_root, "aaa-valid", title="Valid before")
    sync(content_root)
    write_module(content_root, "aaa-valid", title="Valid after")  # a pending change elsewhere
    filename, yaml, en, line, message = MALFORMED[case]
    folder = write_module(content_root, "broken", yaml=yaml, en=en)

    with pytest.raises(CommandError) as caught:
        call_command("sync_content", "--path", str(content_root), "--kind", "modules")
    error = str(caught.value)
    assert f"{folder / filename}:{line}:" in error, error
    assert message in error
    assert "Nothing was loaded." in error
    assert not Module.objects.filter(slug="broken").exists()
    assert ModuleTranslation.objects.get(module__slug="aaa-valid", locale="en").title == "Valid before"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda f: (f / "module.yaml").unlink(), "module.yaml is missing"),
        (lambda f: (f / "en.md").rename(f / "english.md"), "named after its locale"),
        (lambda f: [(f / name).unlink() for name in ("en.md", "nl.md")], "no text"),
        (lambda f: f.rename(f.parent / "Bad_Name"), "kebab-case"),
        (lambda f: f.rename(f.parent / "reports"), "reserved"),
        (lambda f: (f / "en.md").write_bytes(b"---\ntitle: \xff\n---\n"), "not UTF-8"),
    ],
    ids=["no-module-yaml", "badly-named-text", "no-text", "bad-folder-name", "reserved-name", "not-utf8"],
)
def test_malformed_folder_is_refused(content_root, setup, message):
    folder = write_module(content_root, "broken")
    setup(folder)
    with pytest.raises(ContentError, match=message):
        sync(content_root)
    assert Module.objects.count() == 0


def test_relative_images_point_at_content_media_and_are_hashed(content_root):
    folder = write_module(content_root, "pictures", en="---\ntitle: T\n---\n![A chart](images/chart.png)\n")
    (folder / "images").mkdir()
    (folder / "images" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    sync(content_root)
    html = ModuleTranslation.objects.get(module__slug="pictures", locale="en").body_html
    assert '<img src="/content-media/modules/pictures/images/chart.png" alt="A chart">' in html
    (folder / "images" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\nother")
    assert sync(content_root).counts["modules"]["changed"] == 1


def test_script_and_event_handlers_in_module_markdown_are_removed(content_root, org_a):
    evil = (
        "---\ntitle: T\n---\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        "[click](javascript:alert(3)) and [site](https://example.org)\n\n"
        "::: region south-asia\n<b onclick=alert(4)>note</b> <script>alert(5)</script>\n:::\n"
    )
    write_module(content_root, "evil", en=evil)
    sync(content_root)
    translation = ModuleTranslation.objects.get(module__slug="evil", locale="en")
    assert "<script" not in translation.body_html
    assert not EVENT_HANDLER.search(translation.body_html)
    assert 'href="javascript:' not in translation.body_html
    assert 'rel="noopener noreferrer"' in translation.body_html

    from welkom.modules.selectors import module_detail, modules_for

    newcomer = org_a["newcomer"]

    NewcomerProfileFactory(user=newcomer, home_country="IN")  # South Asia: the module shows its note
    newcomer.refresh_from_db()
    detail = module_detail(modules_for(newcomer).get(slug="evil"), user=newcomer, locale="en")
    note = detail["region_note"]["html"]
    assert "note" in note
    assert not EVENT_HANDLER.search(note)
    assert "<script" not in note


def test_a_remembered_parse_is_the_callers_own_and_follows_every_byte(content_root):
    """Module folders are parsed once per process while every byte below them stays the same; each
    caller gets data of its own, and any change (same size, a new image) is parsed again."""
    folder = write_module(content_root, "sample", title="Sample title")
    first = parse_module_remembered(folder)
    first.fields["tags"].append("changed-by-a-caller")
    first.locales["en"].title = "Changed by a caller"
    second = parse_module_remembered(folder)
    assert second.fields["tags"] == ["feedback"]
    assert second.locales["en"].title == "Sample title"

    en = folder / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("Sample title", "Simple title"), encoding="utf-8")
    assert parse_module_remembered(folder).locales["en"].title == "Simple title"
    en.write_text(en.read_text(encoding="utf-8") + "\n![A map](images/map.png)\n", encoding="utf-8")
    with pytest.raises(ContentError, match="does not exist"):
        parse_module_remembered(folder)
    (folder / "images").mkdir()
    (folder / "images" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert "map.png" in parse_module_remembered(folder).locales["en"].body
