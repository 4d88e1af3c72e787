from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "welkom.journeys"
    label = "journeys"

    def ready(self) -> None:
        from welkom.content.loader import ContentKind, register
        from welkom.journeys.content import sync_journeys

        register(ContentKind(name="journeys", folder="journeys", sync=sync_journeys, order=50))

        # Other apps' events (docs/architecture.md): each signal is defined in its sender's signals.py.
        from welkom.accounts.signals import person_joined, team_members_changed
        from welkom.checklists.signals import checklist_completed
        from welkom.journeys import receivers
        from welkom.language.signals import plan_changed
        from welkom.modules.signals import module_completed
        from welkom.newcomers.signals import profile_changed

        profile_changed.connect(receivers.profile_changed, dispatch_uid="journeys.profile_changed")
        person_joined.connect(receivers.person_joined, dispatch_uid="journeys.person_joined")
        team_members_changed.connect(receivers.team_members_changed, dispatch_uid="journeys.team_members")
        module_completed.connect(receivers.module_completed, dispatch_uid="journeys.module_completed")
        plan_changed.connect(receivers.language_plan_changed, dispatch_uid="journeys.plan_changed")
        checklist_completed.connect(
            receivers.checklist_completed, dispatch_uid="journeys.checklist_completed"
        )

        # The template texts kept per process (selectors.plan_texts) are read again after a change.
        from django.db.models.signals import post_delete, post_save

        from welkom.journeys.models import JourneyTemplate, TemplateStage, TemplateStep

        for model in (JourneyTemplate, TemplateStage, TemplateStep):
            for signal in (post_save, post_delete):
                signal.connect(
                    receivers.template_texts_changed,
                    sender=model,
                    dispatch_uid=f"journeys.template_texts.{signal is post_save}.{model.__name__}",
                )

        from welkom.journeys.privacy import register as register_privacy

        register_privacy()  # personal data in exports, erasure and retention (welkom.core.privacy_registry)
