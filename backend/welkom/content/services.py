from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction

from welkom.content.loader import ContentError, SyncReport, registered_kinds


def content_sync(
    *,
    root: Path | None = None,
    kinds: list[str] | None = None,
    dry_run: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> SyncReport:
    """Load every registered content kind from ``root`` in one transaction (all or nothing)."""
    root = Path(root or settings.CONTENT_DIR)
    selected = [kind for kind in registered_kinds() if not kinds or kind.name in kinds]
    unknown = set(kinds or []) - {kind.name for kind in registered_kinds()}
    if unknown:
        raise ContentError(root, None, f"unknown content kind(s): {', '.join(sorted(unknown))}")
    report = SyncReport(progress=progress)
    with transaction.atomic():
        for step, kind in enumerate(selected, start=1):
            progress(f"[{step}/{len(selected)}] {kind.name} from {root / kind.folder}")
            folder = root / kind.folder
            if folder.exists():
                kind.sync(folder, report)
            report.counts.setdefault(kind.name, Counter())
        if dry_run:
            transaction.set_rollback(True)
    return report
