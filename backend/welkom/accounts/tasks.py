from smtplib import SMTPException
from typing import Any

from celery import shared_task

from welkom.accounts import services

EMAIL_TASK_OPTIONS: dict[str, Any] = {
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 10,
    "retry_backoff_max": 600,
    "max_retries": 6,
    "acks_late": True,  # safe: the service sends at most once (email_sent_at under a row lock)
    "ignore_result": True,
}


@shared_task(name="welkom.accounts.tasks.invitation_send", **EMAIL_TASK_OPTIONS)
def invitation_send(invitation_id: int) -> None:
    services.invitation_send_email(invitation_id=invitation_id)


# Not idempotent (a second run sends a second mail), so not acknowledged late.
@shared_task(name="welkom.accounts.tasks.password_reset_send", **{**EMAIL_TASK_OPTIONS, "acks_late": False})
def password_reset_send(user_id: int) -> None:
    services.password_reset_send_email(user_id=user_id)
