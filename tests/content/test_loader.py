"""The shared content pipeline: line numbers in errors, schema validation, all-or-nothing sync."""

import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.modules.conftest import write_module
from welkom.accounts.models import Organisation
from welkom.content import loader
from welkom.content.loader import ContentError, ContentKind, SyncReport, content_hash, read_yaml, validate
from welkom.content.markdown import render_markdown
from welkom.content.services import content_sync
from welkom.modules.models import Module

SCHEMA = {
    "type": "object",
    "required": ["slug", "minutes"],
    "properties": {"slug": {"type": "string"}, "minutes": {"type": "integer", "minimum": 1}},
}


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("slug: a\nminutes: 3\ntags: [one, two\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_yaml(path)
    assert caught.value.path == path
    assert caught.value.line == 4
    assert str(caught.value).startswith(f"{path}:4: not valid YAML")


def test_schema_error_names_the_field_and_its_line(tmp_path):
    path = tmp_path / "module.yaml"
    path.write_text("slug: a\n# a comment\nminutes: -2\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        validate(read_yaml(path), SCHEMA)
    assert caught.value.line == 3
    assert "minutes" in caught.value.message


def test_missing_required_field_points_at_the_document(tmp_path):
    path = tmp_path / "module.yaml"
    path.write_text("slug: a\n", encoding="utf-8")
    with pytest.raises(ContentError, match="'minutes' is a required property"):
        validate(read_yaml(path), SCHEMA)


def test_content_hash_changes_only_when_content_changes(tmp_path):
    (tmp_path / "a.md").write_text("one", encoding="utf-8")
    (tmp_path / "b.md").write_text("two", encoding="utf-8")
    files = list(tmp_path.iterdir())
    first = content_hash(files, tmp_path)
    assert content_hash(reversed(files), tmp_path) == first
    (tmp_path / "b.md").write_text("two!", encoding="utf-8")
    assert content_hash(files, tmp_path) != first


def test_a_parsed_document_is_the_callers_own(tmp_path):
    """Parsed texts are remembered in the process; what one caller does to its data (an overlay is
    merged into it in place) never reaches the next caller."""
    path = tmp_path / "module.yaml"
    path.write_text("slug: a\ntitle: {en: One}\ntags: [x]\n", encoding="utf-8")
    first = read_yaml(path)
    first.data["title"]["pl"] = "Jeden"
    first.data["tags"].append("y")
    first.lines[("extra",)] = 9
    second = read_yaml(path)
    assert second.data == {"slug": "a", "title": {"en": "One"}, "tags": ["x"]}
    assert ("extra",) not in second.lines
    second.data["slug"] = "b"
    assert read_yaml(path).data["slug"] == "a"
    assert second.line_of("tags") == 3


def test_a_rewritten_file_is_parsed_again_even_at_the_same_size_and_moment(tmp_path):
    """The remembered parses are found by the text's hash, not by name, size or modification time:
    a file rewritten at once, to the same length, with its old modification time, is read anew."""
    path = tmp_path / "module.yaml"
    path.write_text("slug: a\nminutes: 3\n", encoding="utf-8")
    moment = path.stat().st_mtime_ns
    assert read_yaml(path).data == {"slug": "a", "minutes": 3}
    path.write_text("slug: a\nminutes: 4\n", encoding="utf-8")
    os.utime(path, ns=(moment, moment))
    assert read_yaml(path).data == {"slug": "a", "minutes": 4}
    path.write_text("slug: a\nminutes: x\n", encoding="utf-8")
    os.utime(path, ns=(moment, moment))
    for _ in range(2):  # an error is raised each time, never remembered as a result
        with pytest.raises(ContentError, match="minutes"):
            validate(read_yaml(path), SCHEMA)


def test_the_remembered_parses_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "_PARSED_LIMIT", 3)
    for number in range(10):
        assert loader.parse_yaml(f"n: {number}\n", tmp_path / "a.yaml").data == {"n": number}
    assert len(loader._PARSED) <= 3
    assert loader.parse_yaml("n: 0\n", tmp_path / "a.yaml").data == {"n": 0}


@pytest.mark.django_db
def test_a_module_changed_between_two_syncs_in_one_process_is_loaded_again(tmp_path):
    """Two syncs in one process, the second after files changed in place and kept their size and
    modification time: the second sync loads the change (the parses the first one remembered do
    not stand in for the new texts)."""
    folder = write_module(tmp_path, "sample", title="Sample title")
    first = content_sync(root=tmp_path, kinds=["modules"])
    assert first.counts["modules"]["added"] == 1
    for name, old, new in (
        ("module.yaml", "minutes: 5", "minutes: 7"),
        ("en.md", "title: Sample title", "title: Simple title"),
    ):
        path = folder / name
        moment = path.stat().st_mtime_ns
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new), encoding="utf-8")
        assert len(path.read_text(encoding="utf-8")) == len(text)
        os.utime(path, ns=(moment, moment))
    second = content_sync(root=tmp_path, kinds=["modules"])
    assert second.counts["modules"]["changed"] == 1
    module = Module.objects.get(slug="sample")
    assert module.minutes == 7
    assert module.translations.get(locale="en").title == "Simple title"


@pytest.fixture
def organisation_kind():
    """A content kind that loads organisations from YAML: exercises the real command end to end."""

    def sync(folder: Path, report: SyncReport) -> None:
        for path in sorted(folder.glob("*.yaml")):
            document = read_yaml(path)
            validate(
                document, {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
            )
            _, created = Organisation.objects.update_or_create(
                slug=path.stem, defaults={"name": document.data["name"]}
            )
            report.count("orgs", "added" if created else "unchanged", path.stem)

    loader.register(ContentKind(name="orgs", folder="orgs", sync=sync))
    yield
    loader._kinds.pop("orgs")


@pytest.mark.django_db
def test_sync_content_is_all_or_nothing_and_names_the_bad_file(tmp_path, organisation_kind, capsys):
    folder = tmp_path / "orgs"
    folder.mkdir()
    (folder / "a.yaml").write_text("name: A\n", encoding="utf-8")
    (folder / "b.yaml").write_text("name: B\n", encoding="utf-8")
    (folder / "c.yaml").write_text("title: C\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("sync_content", path=tmp_path, kind=["orgs"])
    assert f"{folder / 'c.yaml'}:1" in str(caught.value)
    assert "Nothing was loaded" in str(caught.value)
    assert not Organisation.objects.exists()

    (folder / "c.yaml").write_text("name: C\n", encoding="utf-8")
    call_command("sync_content", path=tmp_path, kind=["orgs"])
    assert Organisation.objects.count() == 3
    out = capsys.readouterr().out
    assert "[1/1] orgs" in out
    assert "Synced: 3 added" in out
    call_command("sync_content", path=tmp_path, kind=["orgs"], dry_run=True)
    assert "0 added, 0 changed, 0 archived, 3 unchanged" in capsys.readouterr().out


@pytest.mark.django_db
def test_unknown_kind_is_refused(tmp_path):
    with pytest.raises(CommandError, match="unknown content kind"):
        call_command("sync_content", path=tmp_path, kind=["nope"])


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every element the browser would build from ``html``."""
    found: list[tuple[str, dict[str, str | None]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="#" onclick="alert(1)">x</a>',
        "<iframe src='https://evil.test'></iframe>",
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_markdown_never_lets_script_through(attack):
    tags = _tags(render_markdown(f"Hello\n\n{attack}\n"))
    assert not [name for name, _ in tags if name in ("script", "iframe", "object", "embed")]
    for name, attributes in tags:
        assert not [key for key in attributes if key.startswith("on") or key == "style"], name
        assert not str(attributes.get("href", "")).lower().startswith("javascript"), name


def test_markdown_links_open_safely_and_images_come_from_content_only():
    html = render_markdown(
        "[IND](https://ind.nl) ![map](/content-media/map.png) ![x](https://tracker.test/p.gif)"
    )
    assert '<a href="https://ind.nl" target="_blank" rel="noopener noreferrer">IND</a>' in html
    assert 'src="/content-media/map.png"' in html
    assert "tracker.test" not in html
