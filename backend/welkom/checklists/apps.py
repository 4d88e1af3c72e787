from django.apps import AppConfig


class ChecklistsConfig(AppConfig):
    name = "welkom.checklists"
    label = "checklists"

    def ready(self) -> None:
        from welkom.checklists.content import sync_checklists
        from welkom.checklists.services import follow_profile_change
        from welkom.content.loader import ContentKind, register
        from welkom.newcomers.services import on_profile_change

        register(ContentKind(name="checklists", folder="checklists", sync=sync_checklists, order=30))
        on_profile_change(follow_profile_change)

        from welkom.checklists.privacy import register as register_privacy

        register_privacy()  # personal data in exports, erasure and retention (welkom.privacy.registry)
