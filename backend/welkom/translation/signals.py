"""Translation workers load every installed package when they start, so the first request is warm."""

from __future__ import annotations

import logging
from typing import Any

from celery.signals import worker_ready

logger = logging.getLogger(__name__)


@worker_ready.connect
def warm_translation_models(sender: Any = None, **kwargs: Any) -> None:
    consumer = getattr(sender, "consumer", None) or sender
    queues = getattr(getattr(consumer, "task_consumer", None), "queues", None) or []
    if not any(getattr(queue, "name", "") == "translation" for queue in queues):
        return
    from welkom.translation.engine import get_engine

    pairs = get_engine().warm_up()
    logger.info("Translation models loaded: %s", ", ".join(pairs) or "none installed")
