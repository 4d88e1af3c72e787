from typing import Any

from celery import shared_task

from welkom.chat import services

# Translating is idempotent (one row per message and language, checked under a row lock), so a
# task that dies half-way is simply run again.
TRANSLATE_OPTIONS: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (ConnectionError, TimeoutError),
    "retry_backoff": 5,
    "max_retries": 5,
    "soft_time_limit": 120,
    "time_limit": 150,
    "ignore_result": True,
}


# Catching a reader up on older messages (after a change of reading language) may take a while:
# on Redis it waits in a list of its own that workers read after the one of messages just posted
# (kombu's Redis priorities: 0, the default, first; 9 last).
CATCH_UP_PRIORITY = 9


@shared_task(name="welkom.chat.tasks.message_translate", **TRANSLATE_OPTIONS)
def message_translate(message_id: int) -> int:
    from welkom.translation.services import engine_in_this_process

    # A message just posted or edited: its readers are waiting, it goes before other work.
    with engine_in_this_process(urgent=True):
        return services.message_translate(message_id=message_id)


@shared_task(name="welkom.chat.tasks.reader_messages_translate", **TRANSLATE_OPTIONS)
def reader_messages_translate(user_id: int) -> int:
    from welkom.translation.services import engine_in_this_process

    with engine_in_this_process():
        return services.reader_messages_translate(user_id=user_id)


@shared_task(name="welkom.chat.tasks.mentions_send_due", ignore_result=True, acks_late=True)
def mentions_send_due() -> int:
    return services.mentions_send_due()


@shared_task(name="welkom.chat.tasks.retention_apply", ignore_result=True, acks_late=True)
def retention_apply() -> int:
    return services.retention_apply()
