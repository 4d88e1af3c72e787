"""``manage.py restore ARCHIVE``: bring an archive of ``manage.py backup`` back (docs/operations.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from welkom.backups import services
from welkom.backups.management.commands.backup import read_key


class Command(BaseCommand):
    help = "Restore an archive into an empty instance (or, with --replace, over an existing one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The archive written by `manage.py backup`.")
        parser.add_argument("--key-file", help="File with the encryption key (default: WELKOM_BACKUP_KEY).")
        parser.add_argument(
            "--replace", action="store_true", help="Replace the data of an instance that is in use."
        )

    def handle(self, *args: Any, archive: str, replace: bool, **options: Any) -> None:
        try:
            manifest = services.backup_restore(
                archive=Path(archive), key=read_key(options["key_file"]), replace=replace
            )
        except services.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} (Welkom {manifest['welkom_version']}): "
            f"{len(manifest['tables'])} tables, {rows} rows, {len(manifest['files'])} files."
        )
        if manifest["missing_files"]:
            self.stdout.write(f"{len(manifest['missing_files'])} files were already gone when it was made.")
        packages = ", ".join(p["pair"] for p in manifest["language_packages"]) or "none"
        self.stdout.write(f"Language packages it had (install them again from their files): {packages}.")
