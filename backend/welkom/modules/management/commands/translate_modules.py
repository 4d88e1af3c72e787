"""Fill a language that has no human translation by machine translation (needs the offline engine)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from welkom.core.errors import ApiError
from welkom.core.progress import progress, progress_note
from welkom.modules.models import Module
from welkom.modules.services import TranslationEngineMissing, module_machine_translate


class Command(BaseCommand):
    help = "Machine-translate modules into a language; results wait for review in the admin."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("locale", help="Target language, e.g. pl or hi.")
        parser.add_argument("--module", action="append", help="Only this module slug (repeatable).")

    def handle(self, *args: Any, locale: str, module: list[str] | None, **options: Any) -> None:
        modules = Module.objects.filter(archived_at__isnull=True)
        if module:
            modules = modules.filter(slug__in=module)
        bar = progress(self, modules, total=modules.count(), unit="module")
        for item in bar:
            if item.translations.filter(locale=locale, status="human").exists():
                progress_note(self, bar, f"{item.slug}: has a human {locale} text, skipped")
                continue
            try:
                module_machine_translate(module=item, locale=locale)
            except TranslationEngineMissing as exc:
                raise CommandError(str(exc)) from exc
            except ApiError as exc:
                raise CommandError(f"{item.slug}: {exc.detail}") from exc
            progress_note(self, bar, f"{item.slug}: machine-translated into {locale}, waiting for review")
