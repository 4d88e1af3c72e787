"""Server messages (gettext catalogs in translations/server/): every message the code writes is in
every language's catalog, translated, with the same placeholders; and the compiled .mo files the
server reads match the .po files. A failure names the language and the message."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.once(reason="reads the message catalogs")

CATALOGS = Path(settings.LOCALE_PATHS[0])
LANGUAGES = sorted(p.name for p in CATALOGS.iterdir() if (p / "LC_MESSAGES" / "django.po").exists())
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdif]")


def read_po(path: Path) -> dict[str, list[str]]:
    """msgid → its translations (one, or one per plural form), from a .po file."""
    entries: dict[str, list[str]] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            if line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            else:
                key, _, rest = line.partition(" ")
                fields[key] = ast.literal_eval(rest)
        if fields.get("msgid"):
            forms = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            entries[fields["msgid"]] = forms
            if "msgid_plural" in fields:
                entries[fields["msgid"]] = [fields["msgid_plural"], *forms]
    return entries


def placeholders(text: str) -> list[str]:
    return sorted(match.group(0).split(")")[0] for match in PLACEHOLDER.finditer(text))


@pytest.fixture(scope="module")
def source_messages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Every message the code and templates mark for translation (what `make messages` collects)."""
    if shutil.which("xgettext") is None:
        pytest.skip("needs GNU gettext's xgettext")
    out = tmp_path_factory.mktemp("locale")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(settings.BACKEND_DIR)
        patch.setattr(settings, "LOCALE_PATHS", [out])
        call_command(
            "makemessages", locale=["xx"], no_location=True, ignore_patterns=["*/migrations/*"], verbosity=0
        )
    return read_po(out / "xx" / "LC_MESSAGES" / "django.po")


def test_there_are_catalogs_for_the_interface_languages():
    assert set(LANGUAGES) >= {code for code, _ in settings.LANGUAGES} - {"en"}


def test_the_code_has_server_messages(source_messages):
    assert "Reminder: %(step)s" in source_messages  # a notification
    assert "Welcome to %(organisation)s on Welkom" in source_messages  # an e-mail template
    assert "This column is empty, but it is needed." in source_messages  # arrivals (gettext_noop)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_with_the_same_placeholders(language, source_messages):
    catalog = read_po(CATALOGS / language / "LC_MESSAGES" / "django.po")
    problems = []
    for msgid, source in source_messages.items():
        forms = catalog.get(msgid)
        if forms is None:
            problems.append(f"missing (run `make messages`): {msgid!r}")
            continue
        plural = len(source) > 1
        translations = forms[1:] if plural else forms
        expected = placeholders(msgid)
        for text in translations:
            found = placeholders(text)
            # A plural form may leave the number out ("one day"), never add a placeholder.
            fits = found == expected or (plural and set(found) <= set(expected))
            if not text:
                problems.append(f"not translated: {msgid!r}")
            elif not fits:
                problems.append(f"placeholders differ: {msgid!r} → {text!r}")
    assert not problems, f"{language}:\n" + "\n".join(problems)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext's msgfmt")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_the_source(language, tmp_path):
    folder = CATALOGS / language / "LC_MESSAGES"
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(out), str(folder / "django.po")], check=True)
    assert out.read_bytes() == (folder / "django.mo").read_bytes(), f"run `make messages` ({language})"
