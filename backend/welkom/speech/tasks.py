from celery import shared_task
from celery.app.task import Task

from welkom.speech import services


@shared_task(
    name="welkom.speech.tasks.speech_synthesise",
    bind=True,
    ignore_result=True,
    acks_late=True,
    max_retries=2,
    soft_time_limit=150,
    time_limit=180,
)
def speech_synthesise(self: Task, audio_id: int) -> None:
    try:
        services.speech_synthesise(audio_id=audio_id)
    except services.SpeechFailed as error:
        if self.request.retries < (self.max_retries or 0):
            raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
        services.speech_failed(audio_id=audio_id, reason=str(error))
