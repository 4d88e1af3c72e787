from django.apps import AppConfig


class SpeechConfig(AppConfig):
    name = "welkom.speech"
    label = "speech"

    def ready(self) -> None:
        from welkom.speech.privacy import register as register_privacy

        register_privacy()  # audio of a person's own words is theirs in export and erasure
