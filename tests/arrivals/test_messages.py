"""Server messages (gettext catalogs in translations/server/): every language has every message
with the same placeholders, and the compiled .mo files the server reads match the .po files."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import gettext, override

from welkom.arrivals.messages import COLUMN_LABELS, FILE_MESSAGES, ROW_MESSAGES, RUN_MESSAGES

CATALOGS = Path(settings.LOCALE_PATHS[0])
LANGUAGES = sorted(p.name for p in CATALOGS.iterdir() if (p / "LC_MESSAGES" / "django.po").exists())
MESSAGES = [*ROW_MESSAGES.values(), *FILE_MESSAGES.values(), *RUN_MESSAGES.values(), *COLUMN_LABELS.values()]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_there_are_catalogs_for_the_interface_languages():
    assert set(LANGUAGES) >= {code for code, _ in settings.LANGUAGES} - {"en"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_with_the_same_placeholders(language):
    from django.utils.translation import trans_real

    catalog = trans_real.translation(language)._catalog  # type: ignore[attr-defined]
    with override(language):
        for message in MESSAGES:
            translated = gettext(message)
            assert catalog.get(message), f"{language}: not translated: {message}"
            assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(message)), (
                f"{language}: placeholders differ in {translated!r}"
            )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext's msgfmt")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_the_source(language, tmp_path):
    folder = CATALOGS / language / "LC_MESSAGES"
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(out), str(folder / "django.po")], check=True)
    assert out.read_bytes() == (folder / "django.mo").read_bytes(), f"run `make messages` ({language})"
