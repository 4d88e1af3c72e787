"""``manage.py backup``: one consistent archive of this instance (docs/operations.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from welkom.backups import services
from welkom.backups.crypto import key_generate


class Command(BaseCommand):
    help = "Write one archive of the database, the stored files and a manifest (see docs/operations.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", help="Folder to write into (default: WELKOM_BACKUP_DIR).")
        parser.add_argument("--key-file", help="File with the encryption key (default: WELKOM_BACKUP_KEY).")
        parser.add_argument("--no-encrypt", action="store_true", help="Write the archive unencrypted.")
        parser.add_argument("--prune", action="store_true", help="Then keep N daily, M weekly archives.")
        parser.add_argument("--make-key", action="store_true", help="Print a new encryption key and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["make_key"]:
            self.stdout.write(key_generate())
            return
        key = "" if options["no_encrypt"] else read_key(options["key_file"])
        folder = Path(options["dir"]) if options["dir"] else None
        try:
            path = services.backup_create(folder=folder, key=key)
        except services.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Wrote {path} ({path.stat().st_size} bytes).")
        if options["prune"]:
            from django.conf import settings

            for deleted in services.backups_prune(
                folder=folder, keep_daily=settings.BACKUP_KEEP_DAILY, keep_weekly=settings.BACKUP_KEEP_WEEKLY
            ):
                self.stdout.write(f"Deleted {deleted.name}.")


def read_key(key_file: str | None) -> str | None:
    """The key in ``key_file``, or None: the setting decides."""
    if not key_file:
        return None
    try:
        return Path(key_file).read_text().strip()
    except OSError as error:
        raise CommandError(f"Cannot read the key file: {error}") from error
