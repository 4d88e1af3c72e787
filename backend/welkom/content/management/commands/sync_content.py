"""Validate every content file and load it into the database in one transaction."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from welkom.content.loader import OUTCOMES, ContentError
from welkom.content.services import content_sync


class Command(BaseCommand):
    help = "Load modules, journey and checklist templates from content/ (all or nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--path", type=Path, help="Content folder (default: settings.CONTENT_DIR).")
        parser.add_argument("--kind", action="append", help="Only this kind (repeatable), e.g. modules.")
        parser.add_argument("--dry-run", action="store_true", help="Validate and count, write nothing.")

    def handle(
        self, *args: Any, path: Path | None, kind: list[str] | None, dry_run: bool, **options: Any
    ) -> None:
        verbose = options["verbosity"] >= 2

        def progress(message: str) -> None:
            if verbose or message.startswith("["):
                self.stdout.write(message)

        try:
            report = content_sync(
                root=path,
                kinds=kind,
                dry_run=dry_run,
                progress=progress,
            )
        except ContentError as exc:
            raise CommandError(f"{exc}\nNothing was loaded.") from exc
        width = max((len(name) for name in report.counts), default=5)
        self.stdout.write("")
        self.stdout.write(f"{'kind':<{width}}  " + "  ".join(f"{o:>9}" for o in OUTCOMES))
        for name, counter in report.counts.items():
            self.stdout.write(f"{name:<{width}}  " + "  ".join(f"{counter[o]:>9}" for o in OUTCOMES))
        for name, messages in report.notices.items():
            self.stdout.write("")
            self.stdout.write(self.style.WARNING(f"{name}: {len(messages)} to look at"))
            for message in messages:
                self.stdout.write(f"  {message}")
        verb = "Checked (dry run)" if dry_run else "Synced"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}: {report.total('added')} added, {report.total('changed')} changed, "
                f"{report.total('archived')} archived, {report.total('unchanged')} unchanged."
            )
        )
