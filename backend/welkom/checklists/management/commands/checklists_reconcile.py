"""Bring every newcomer's checklists in line with their profile and the current templates.

Profile changes do this by themselves; run this after ``sync_content`` added or removed items, so
running checklists pick them up (added, or retired with the reason "removed from content")."""

from typing import Any

from django.core.management.base import BaseCommand

from welkom.checklists.services import checklists_reconcile
from welkom.core.progress import progress, progress_note
from welkom.newcomers.selectors import profiles_of


class Command(BaseCommand):
    help = "Add or retire checklist items for every newcomer after the templates changed."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--organisation", help="Only this organisation (slug).")

    def handle(self, *args: Any, organisation: str | None, **options: Any) -> None:
        profiles = profiles_of(organisation_slug=organisation).prefetch_related("children")
        total, changed = profiles.count(), 0
        bar = progress(self, profiles.iterator(chunk_size=200), total=total, unit="newcomer")
        for profile in bar:
            change = checklists_reconcile(profile=profile, changed_fields=["templates"])
            if change is not None:
                changed += 1
                progress_note(
                    self,
                    bar,
                    f"{profile.user_id}: {change.added.count()} added, {change.retired.count()} retired",
                )
        self.stdout.write(self.style.SUCCESS(f"Checked {total} newcomers; {changed} had changes."))
