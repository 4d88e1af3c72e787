from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "welkom.language"
    label = "language"

    def ready(self) -> None:
        from welkom.language.receivers import profile_changed as follow_profile
        from welkom.newcomers.signals import profile_changed

        profile_changed.connect(follow_profile, dispatch_uid="language.profile_changed")

        from welkom.language.privacy import register as register_privacy

        register_privacy()  # personal data in exports, erasure and retention (welkom.core.privacy_registry)
