from __future__ import annotations

from celery import shared_task

from welkom.translation import packages, replies
from welkom.translation.engine import translate_observed


# The web process waits for this result (or, with ``reply_to``, for the answer pushed to that Redis
# list: welkom.translation.replies); nothing else is queued here. Translating twice is harmless, so a
# lost worker's task may simply run again.
@shared_task(
    name="welkom.translation.tasks.translate",
    ignore_result=False,
    acks_late=False,
    time_limit=120,
    soft_time_limit=90,
)
def translate(
    *,
    texts: list[str],
    source: str,
    target: str,
    glossary: dict[str, str],
    html: bool,
    alternatives: int,
    keep_acronyms: bool = True,
    reply_to: str | None = None,
) -> list[list[str]] | None:
    def run() -> list[list[str]]:
        return translate_observed(
            texts,
            source=source,
            target=target,
            glossary=glossary,
            html=html,
            alternatives=alternatives,
            keep_acronyms=keep_acronyms,
        )

    if reply_to is None:
        return run()
    # The answer goes to the reply list: the translations, or what went wrong as facts (the web
    # process words a missing pair in the reader's language, as when NoRoute crossed Celery's
    # result). A failure is still the task's: Celery logs it and the metrics count it.
    try:
        translated = run()
    except packages.NoRoute as error:
        replies.send(reply_to, {"no_route": [error.source, error.target, error.missing]})
        raise
    except Exception:
        replies.send(reply_to, {"failed": True})
        raise
    replies.send(reply_to, {"translated": translated})
    return None


# Runs on the default queue (network, not the model): see CELERY_TASK_ROUTES. The row's state makes
# a second run of the same download do nothing.
@shared_task(name="welkom.translation.tasks.package_download", time_limit=3600, soft_time_limit=3500)
def package_download(*, download_id: int) -> None:
    from welkom.translation.services import package_download_run

    package_download_run(download_id=download_id)
