"""``manage.py languages install PATH... | list | remove FROM TO | build-demo FOLDER
| available | download LANG...``.

``available`` lists Argos Translate's package index (TRANSLATION_PACKAGE_INDEX_URL) and
``download nl en pl`` fetches the packages needed between those languages (directly or through
English) and installs them as an uploaded file is installed: an explicit operator action, the only
one that uses the network. Without network, install downloaded ``.argosmodel`` files with
``install``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from welkom.core.progress import progress_bytes
from welkom.translation import package_store, packages

DEMO_PAIRS = [
    ("nl", "Dutch", "en", "English"),
    ("en", "English", "nl", "Dutch"),
    ("en", "English", "pl", "Polish"),
]


class Command(BaseCommand):
    help = "Install, list and remove offline translation packages (.argosmodel files)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        install = sub.add_parser("install", help="Install .argosmodel files, or every one in a folder.")
        install.add_argument("paths", nargs="+", type=Path)
        sub.add_parser("list", help="Installed pairs with versions and sizes.")
        remove = sub.add_parser("remove", help="Remove the package of one pair.")
        remove.add_argument("from_code")
        remove.add_argument("to_code")
        available = sub.add_parser(
            "available", help="The package index: pairs, versions, sizes, what is installed."
        )
        available.add_argument("--index", help="Another index address than TRANSLATION_PACKAGE_INDEX_URL.")
        download = sub.add_parser(
            "download", help="Download and install the packages between these languages (e.g. nl en pl)."
        )
        download.add_argument("languages", nargs="+")
        download.add_argument("--index", help="Another index address than TRANSLATION_PACKAGE_INDEX_URL.")
        demo = sub.add_parser(
            "build-demo", help="Build small packages with random weights (nonsense output) and install them."
        )
        demo.add_argument("folder", type=Path)
        demo.add_argument("--if-missing", action="store_true", help="Do nothing when packages are installed.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "install":
                for package in package_store.install_paths(options["paths"]):
                    self.stdout.write(f"Installed {package.pair} version {package.package_version}")
            elif action == "list":
                self._list()
            elif action == "remove":
                package = package_store.remove(from_code=options["from_code"], to_code=options["to_code"])
                self.stdout.write(f"Removed {package.pair}")
            elif action == "available":
                self._available(options["index"])
            elif action == "download":
                self._download(options["languages"], options["index"])
            elif action == "build-demo":
                self._demo(options["folder"], options["if_missing"])
        except packages.PackageError as error:
            raise CommandError(str(error)) from error

    def _list(self) -> None:
        installed = packages.installed_packages()
        if not installed:
            self.stdout.write("No language packages installed.")
            return
        for package in installed:
            size = package.size_bytes / 1_000_000
            self.stdout.write(
                f"{package.pair:10} {package.from_name} → {package.to_name}"
                f"  version {package.package_version}  {size:.1f} MB  installed {package.installed_at}"
                + ("  DEMO (random weights: the output is nonsense)" if package.demo else "")
            )

    def _available(self, index: str | None) -> None:
        from welkom.translation import package_index

        installed = packages.packages_by_pair()
        for entry in package_index.fetch_index(index):
            size = f"{entry.size / 1_000_000:.1f} MB" if entry.size else "size unknown"
            state = package_index.status_of(entry, installed)
            self.stdout.write(
                f"{entry.pair:10} {entry.from_name} → {entry.to_name}  version {entry.package_version}"
                f"  {size}  {state}"
            )

    def _download(self, languages: list[str], index: str | None) -> None:
        from welkom.translation import package_index

        entries = package_index.fetch_index(index)
        installed = packages.packages_by_pair()
        for entry in package_index.pairs_for(languages, entries):
            if package_index.status_of(entry, installed) == "installed":
                self.stdout.write(f"{entry.pair} version {entry.package_version} is already installed")
                continue
            with progress_bytes(self, total=entry.size, desc=entry.pair) as bar:

                def advance(received: int, total: int | None, bar: Any = bar) -> None:
                    bar.total = total
                    bar.update(received - bar.n)

                package = package_index.download(entry, progress=advance)
            self.stdout.write(f"Installed {package.pair} version {package.package_version}")

    def _demo(self, folder: Path, if_missing: bool) -> None:
        from welkom.translation.package_builder import build_package

        if if_missing and packages.installed_packages():
            return
        for seed, (from_code, from_name, to_code, to_name) in enumerate(DEMO_PAIRS):
            path = folder / f"translate-{from_code}_{to_code}-demo.argosmodel"
            if not path.exists():
                build_package(
                    path,
                    from_code=from_code,
                    to_code=to_code,
                    from_name=from_name,
                    to_name=to_name,
                    seed=seed,
                )
            package = package_store.install(path)
            self.stdout.write(
                f"Installed demo package {package.pair} (random weights: the output is nonsense)"
            )
