"""The shared content pipeline: line numbers in errors, schema validation, all-or-nothing sync."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from welkom.accounts.models import Organisation
from welkom.content import loader
from welkom.content.loader import ContentError, ContentKind, SyncReport, content_hash, read_yaml, validate
from welkom.content.markdown import render_markdown

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
