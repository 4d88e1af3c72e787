"""Small but real Argos packages, built once per test session with the project's own builder.

Random weights give nonsense translations; what the tests check is everything around the model
(real argostranslate, SentencePiece and CTranslate2 underneath, never a mock). Loaded for every
test folder through ``pytest_plugins`` in tests/conftest.py (chat and modules use them too).
"""

from __future__ import annotations

import fcntl
import hashlib
import inspect
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from welkom.translation import package_builder, packages
from welkom.translation.package_builder import ModelShape

# Built packages are kept between runs and shared by the lanes of one run (each lane would build
# the same five packages, about 18 s of CPU): the key is the builder's source and the arguments.
CACHE = Path(__file__).resolve().parents[1] / "var" / "test-cache" / "argos-packages"


def build_package(output: Path, **options: Any) -> Path:
    """``package_builder.build_package``, through the cache; the lane that builds first holds a
    lock, so lanes that need the same package at the same time wait for it instead of building it
    too."""
    source = inspect.getsource(package_builder).encode()
    key = hashlib.sha256(source + repr(sorted(options.items())).encode()).hexdigest()[:20]
    folder = CACHE / key
    folder.mkdir(parents=True, exist_ok=True)
    cached = folder / output.name
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cached.exists():
            built = package_builder.build_package(folder / f".building-{output.name}", **options)
            built.replace(cached)
    output.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, output)
    return output


LONG_OUTPUTS = ModelShape(
    encoder_layers=2,
    decoder_layers=2,
    width=128,
    heads=2,
    ffn_width=256,
    logit_scale=10.0,
    end_bias=0.0,
    end_ramp=0.5,
)

PAIRS = [
    ("nl", "Dutch", "en", "English"),
    ("en", "English", "nl", "Dutch"),
    ("en", "English", "pl", "Polish"),
]


@pytest.fixture(scope="session")
def package_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("argos-packages")
    files = {}
    for seed, (from_code, from_name, to_code, to_name) in enumerate(PAIRS):
        files[f"{from_code}-{to_code}"] = build_package(
            folder / f"translate-{from_code}_{to_code}.argosmodel",
            from_code=from_code,
            to_code=to_code,
            from_name=from_name,
            to_name=to_name,
            seed=seed,
        )
    # A second build of nl→en with other weights: installing it must invalidate cached translations.
    files["nl-en-v2"] = build_package(
        folder / "v2" / "translate-nl_en.argosmodel", from_code="nl", to_code="en", version="1.1", seed=42
    )
    # nl→en with chat-length outputs (two layers, width 128): long enough beam searches that padding
    # a short sentence to 16 tokens or more changes its scores on x86-64 CPUs, so the tests of exact
    # batching can tell a right grouping from a wrong one (by the scores, bit for bit).
    files["nl-en-long"] = build_package(
        folder / "long" / "translate-nl_en.argosmodel",
        from_code="nl",
        to_code="en",
        shape=LONG_OUTPUTS,
        seed=3,
    )
    return files


@pytest.fixture
def packages_dir(settings, tmp_path) -> Path:
    folder = tmp_path / "installed"
    settings.TRANSLATION_PACKAGES_DIR = str(folder)
    # The package store (welkom.translation.package_store) keeps its archives here, not in var/.
    settings.TRANSLATION_PACKAGE_STORE_DIR = str(tmp_path / "package-store")
    return folder


@pytest.fixture
def languages(packages_dir, package_files) -> list[packages.InstalledPackage]:
    """nl→en, en→nl and en→pl installed (so nl→pl goes through English)."""
    return [packages.install_package(package_files[pair]) for pair in ("nl-en", "en-nl", "en-pl")]


@pytest.fixture
def long_outputs(packages_dir, package_files) -> packages.InstalledPackage:
    """Only nl→en, the build with chat-length outputs (see LONG_OUTPUTS)."""
    return packages.install_package(package_files["nl-en-long"])


def with_metadata(package: Path, output: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of a test package whose ``metadata.json`` ``change`` has edited in place (the same
    weights: only what the metadata says differs)."""
    import json
    import zipfile

    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("/metadata.json"):
                metadata = json.loads(data)
                change(metadata)
                data = json.dumps(metadata).encode()
            target.writestr(item, data)
    return output


def without_demo_mark(demo: Path, output: Path) -> Path:
    """A copy of a builder-made package whose metadata reads like an official package's (no demo
    flag, another description): the same weights, so only the metadata tells the two apart."""

    def official(metadata: dict[str, Any]) -> None:
        metadata.pop("welkom_demo", None)
        metadata["description"] = "Dutch to English"

    return with_metadata(demo, output, official)
