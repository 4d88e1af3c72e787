import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Uploads made here (e.g. the authorization matrix's checklist documents) stay in tmp."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def translation_packages_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Language packages installed (and removed) here never touch the server's own folder."""
    settings.TRANSLATION_PACKAGES_DIR = str(tmp_path / "packages")
    return tmp_path / "packages"
