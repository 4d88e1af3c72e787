from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "welkom.feedback"
    label = "feedback"

    def ready(self) -> None:
        from welkom.feedback.privacy import register as register_privacy

        register_privacy()  # a newcomer's answers are theirs in export and erasure
