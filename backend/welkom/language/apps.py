from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "welkom.language"
    label = "language"

    def ready(self) -> None:
        from welkom.language.services import plan_follow_profile
        from welkom.newcomers.services import on_profile_change

        on_profile_change(plan_follow_profile)

        from welkom.language.privacy import register as register_privacy

        register_privacy()  # personal data in exports, erasure and retention (welkom.privacy.registry)
