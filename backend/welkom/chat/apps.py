from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "welkom.chat"
    label = "chat"

    def ready(self) -> None:
        from welkom.accounts.signals import team_members_changed
        from welkom.chat.privacy import register as register_privacy
        from welkom.chat.receivers import team_members_changed as follow_team

        register_privacy()  # personal data in exports, erasure and retention (welkom.core.privacy_registry)
        team_members_changed.connect(follow_team, dispatch_uid="chat.follow_team")
