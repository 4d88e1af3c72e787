from __future__ import annotations

from celery import shared_task

from welkom.translation.engine import get_engine


# The web process waits for this result; nothing else is queued here. Translating twice is
# harmless, so a lost worker's task may simply run again.
@shared_task(
    name="welkom.translation.tasks.translate",
    ignore_result=False,
    acks_late=False,
    time_limit=120,
    soft_time_limit=90,
)
def translate(
    *, texts: list[str], source: str, target: str, glossary: dict[str, str], html: bool, alternatives: int
) -> list[list[str]]:
    return get_engine().translate(
        texts, source=source, target=target, glossary=glossary, html=html, alternatives=alternatives
    )
