"""``manage.py languages install PATH... | list | remove FROM TO | build-demo FOLDER``.

Packages come from files only. On a machine with internet an operator may fetch official packages
first with argostranslate's own tool (``argospm``) or from the Argos package index, and then install
the downloaded ``.argosmodel`` files here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from welkom.translation import packages

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
        demo = sub.add_parser(
            "build-demo", help="Build small packages with random weights (nonsense output) and install them."
        )
        demo.add_argument("folder", type=Path)
        demo.add_argument("--if-missing", action="store_true", help="Do nothing when packages are installed.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "install":
                for package in packages.install_paths(options["paths"]):
                    self.stdout.write(f"Installed {package.pair} version {package.package_version}")
            elif action == "list":
                self._list()
            elif action == "remove":
                package = packages.remove_package(from_code=options["from_code"], to_code=options["to_code"])
                self.stdout.write(f"Removed {package.pair}")
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
            package = packages.install_package(path)
            self.stdout.write(
                f"Installed demo package {package.pair} (random weights: the output is nonsense)"
            )
