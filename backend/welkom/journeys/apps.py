from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "welkom.journeys"
    label = "journeys"

    def ready(self) -> None:
        from welkom.content.loader import ContentKind, register
        from welkom.journeys.content import sync_journeys
        from welkom.journeys.services import plan_follow_profile_change
        from welkom.newcomers.services import on_profile_change

        register(ContentKind(name="journeys", folder="journeys", sync=sync_journeys, order=50))
        on_profile_change(plan_follow_profile_change)

        from welkom.journeys import integrations
        from welkom.modules.services import on_module_completed

        on_module_completed(integrations.module_completed)

        from welkom.language.services import on_plan_change

        on_plan_change(integrations.language_plan_changed)

        from welkom.checklists.services import on_checklist_completed

        on_checklist_completed(integrations.checklist_completed)

        from welkom.journeys.privacy import register as register_privacy

        register_privacy()  # personal data in exports, erasure and retention (welkom.privacy.registry)
