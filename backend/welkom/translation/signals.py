"""Translation workers fetch what the package store has and load every installed package when they
start, so the first request is warm; and Celery's own log lines never carry the texts of a
translation task."""

from __future__ import annotations

import logging
from typing import Any

from celery.signals import worker_ready

logger = logging.getLogger(__name__)

TASK_NAME = "welkom.translation.tasks.translate"
HIDDEN = "[texts not logged]"


class HideTranslatedText(logging.Filter):
    """Celery logs a task's return value ("succeeded in 0.2s: [...]"): not for translations."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = record.args if isinstance(record.args, dict) else None
        if context and str(context.get("name", "")).startswith(TASK_NAME):
            cleaned = {**context, "return_value": HIDDEN, "args": HIDDEN, "kwargs": HIDDEN}
            record.args = cleaned
            if hasattr(record, "data"):
                record.data = cleaned
        return True


logging.getLogger("celery.app.trace").addFilter(HideTranslatedText())


@worker_ready.connect
def warm_translation_models(sender: Any = None, **kwargs: Any) -> None:
    consumer = getattr(sender, "consumer", None) or sender
    queues = getattr(getattr(consumer, "task_consumer", None), "queues", None) or []
    if not any(getattr(queue, "name", "") == "translation" for queue in queues):
        return
    from welkom.translation import package_store
    from welkom.translation.engine import get_engine

    try:  # a worker that starts with an empty folder fetches every package from the store first
        package_store.sync()
    except Exception:
        logger.exception("Could not synchronise the language packages with the store")
    pairs = get_engine().warm_up()
    logger.info("Translation models loaded: %s", ", ".join(pairs) or "none installed")
