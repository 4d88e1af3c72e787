from django.apps import AppConfig


class ChecklistsConfig(AppConfig):
    name = "welkom.checklists"
    label = "checklists"

    def ready(self) -> None:
        from welkom.checklists.content import sync_checklists
        from welkom.checklists.receivers import profile_changed as follow_profile
        from welkom.content.loader import ContentKind, register
        from welkom.newcomers.signals import profile_changed

        register(ContentKind(name="checklists", folder="checklists", sync=sync_checklists, order=30))
        profile_changed.connect(follow_profile, dispatch_uid="checklists.profile_changed")

        from welkom.checklists.privacy import register as register_privacy

        register_privacy()  # personal data in exports, erasure and retention (welkom.core.privacy_registry)
