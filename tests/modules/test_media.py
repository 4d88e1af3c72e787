"""Module pictures are served from the content folder, only as pictures, only to people logged in."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


@pytest.fixture
def media(tmp_path, settings):
    settings.CONTENT_DIR = tmp_path
    folder = tmp_path / "modules" / "sample" / "images"
    folder.mkdir(parents=True)
    (folder / "chart.png").write_bytes(PNG)
    (folder / "evil.svg").write_text("<svg onload='alert(1)'/>")
    (tmp_path / "modules" / "sample" / "en.md").write_text("---\ntitle: T\n---\nx")
    (tmp_path / "secret.png").write_bytes(PNG)
    return tmp_path


def test_a_picture_is_served_with_a_safe_content_type(client_factory, org_a, media):
    response = client_factory(org_a["newcomer"]).get("/content-media/modules/sample/images/chart.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG


@pytest.mark.parametrize(
    "path",
    [
        "modules/sample/images/evil.svg",
        "modules/sample/en.md",
        "modules/sample/images/missing.png",
        "modules/../secret.png",
        "modules/sample/../../secret.png",
        "secret.png",
    ],
)
def test_anything_but_a_module_picture_is_not_found(client_factory, org_a, media, path):
    assert client_factory(org_a["newcomer"]).get(f"/content-media/{path}").status_code == 404


def test_pictures_need_a_login(api, media):
    assert api.get("/content-media/modules/sample/images/chart.png").status_code == 302
