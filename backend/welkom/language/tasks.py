from celery import shared_task

from welkom.language import reminders


@shared_task(name="welkom.language.tasks.lesson_reminders_send", ignore_result=True, max_retries=0)
def lesson_reminders_send() -> None:
    """Every five minutes: reminders for sessions starting within the hour (idempotent per session)."""
    reminders.lesson_reminders_send()
