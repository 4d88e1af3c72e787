"""Pictures in module Markdown stay inside their own module's media folder.

A browser resolves ``..`` (also written ``%2e%2e``, or with backslashes) before it asks, so
``![x](/content-media/../api/me)`` would make every reader's browser call /api/me. The sanitiser
resolves the path the way the browser will and keeps a picture only when the result lies under
``/content-media/modules/<this module>/``; what it keeps is that resolved path."""

from __future__ import annotations

import re

import pytest

from tests.modules.conftest import write_module
from tests.modules.factories import ModuleTranslationFactory
from tests.modules.test_loader import sync
from welkom.content.markdown import render_markdown
from welkom.modules.content import render
from welkom.modules.models import ModuleTranslation
from welkom.modules.services import translation_save

pytestmark = pytest.mark.django_db

IMG = re.compile(r"<img[^>]*>")


def _sources(html: str) -> list[str]:
    return [re.search(r'src="([^"]*)"', tag).group(1) for tag in IMG.findall(html) if "src=" in tag]


@pytest.mark.parametrize(
    "src",
    [
        "/content-media/../api/me",
        "/content-media/modules/../../api/me",
        "/content-media/modules/sample/../../../api/me",
        "/content-media/%2e%2e/api/me",
        "/content-media/%2E%2E/%2e%2e/api/me",
        "/content-media/.%2e/api/me",
        "/content-media/modules/sample/%2e%2e/%2e%2e/%2e%2e/api/logout",
        "/content-media/..%2fapi/me",
        "/content-media/..%5capi/me",
        "/content-media/..\\api/me",
        "/content-media/modules/other/images/x.png",  # another module's folder
        "/content-media/modules/sample/../other/images/x.png",
        "/content-media//evil.test/x.png",
        "//evil.test/content-media/modules/sample/x.png",
        "/content-media/modules/sample/images/x.png?next=/api/me",
    ],
)
def test_a_picture_path_that_leaves_the_modules_folder_is_dropped(src):
    html = render("sample", f"Look: ![x]({src})\n")
    assert _sources(html) == []
    assert "/api/" not in html


@pytest.mark.parametrize(
    ("src", "kept"),
    [
        ("images/chart.png", "/content-media/modules/sample/images/chart.png"),
        ("./images/chart.png", "/content-media/modules/sample/images/chart.png"),
        ("/content-media/modules/sample/images/chart.png", "/content-media/modules/sample/images/chart.png"),
        ("/content-media/modules/sample/images/../chart.png", "/content-media/modules/sample/chart.png"),
        ("images/a%20b.png", "/content-media/modules/sample/images/a%20b.png"),
    ],
)
def test_a_picture_inside_the_modules_folder_is_kept_as_the_browser_will_ask_for_it(src, kept):
    assert _sources(render("sample", f"![x]({src})\n")) == [kept]


def test_the_shared_sanitiser_confines_pictures_to_content_media():
    html = render_markdown("![a](/content-media/map.png) ![b](/content-media/../api/me)")
    assert _sources(html) == ["/content-media/map.png"]


def test_a_reviewers_edit_with_a_path_attack_is_stored_without_it(content_root):
    """Content files are checked when they are synced; a reviewer's edit of a machine translation
    (the admin, welkom.modules.services.translation_save) is Markdown from a person."""
    write_module(content_root, "sample", en="---\ntitle: T\n---\nHello.\n")
    sync(content_root)
    english = ModuleTranslation.objects.get(module__slug="sample", locale="en")
    polish = ModuleTranslationFactory(
        module=english.module, locale="pl", status="machine_unreviewed", body="Cześć."
    )
    polish.body = "![x](/content-media/%2e%2e/api/me)\n\nCześć.\n"
    translation_save(translation=polish)
    polish.refresh_from_db()
    assert "/api/me" not in polish.body_html
    assert "Cześć." in polish.body_html
