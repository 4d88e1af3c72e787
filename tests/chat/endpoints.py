PUBLIC: set[str] = set()
HELPER = {"team_lead", "hr", "admin"}
ENDPOINTS = {
    "chat-channel-list": {"get": "all"},
    "chat-channel-detail": {"get": "all"},
    "chat-channel-messages": {"get": "all", "post": "all"},
    "chat-channel-read": {"post": "all"},
    "chat-message-detail": {"patch": "all", "delete": "all"},
    "chat-direct-open": {"post": "all"},
    "chat-direct-partners": {"get": "all"},
    "chat-reading-language": {"get": "all", "put": "all"},
    "chat-settings": {"get": {"hr", "admin"}, "put": {"hr", "admin"}},
    "chat-helper-preview": {"post": HELPER},
    "chat-helper-memory": {"post": HELPER},
}


def _channel(scope, caller):  # type: ignore[no-untyped-def]
    """Own scope: the channel of the caller's team (HR and admin join the team for it; a channel is
    its members' only). Elsewhere: that team's channel, which the caller is no member of."""
    from welkom.accounts.models import TeamMembership
    from welkom.chat.services import team_channel_sync

    if scope.name == "own":
        TeamMembership.objects.get_or_create(team=scope.team, user=caller)
    return team_channel_sync(team=scope.team)


def _message(scope, caller):  # type: ignore[no-untyped-def]
    """A message in that channel, by the caller in their own team (so they may edit or delete it),
    by the scope's newcomer elsewhere."""
    from welkom.chat.models import Channel, Message

    channel = _channel(scope, caller)
    author = caller if scope.name == "own" else scope.newcomer
    Channel.objects.filter(pk=channel.pk).update(last_seq=1)
    message = Message.objects.create(
        channel=channel, author=author, seq=1, changed_seq=1, body="Hoi", language="nl"
    )
    return {"pk": message.pk}


def _channel_kwargs(scope, caller):  # type: ignore[no-untyped-def]
    return {"pk": _channel(scope, caller).pk}


OBJECTS = {
    "chat-channel-detail": _channel_kwargs,
    "chat-channel-messages": _channel_kwargs,
    "chat-channel-read": _channel_kwargs,
    "chat-message-detail": _message,
}
# A channel (and its messages) is seen by its current members only, whatever their role: HR and
# admin do not read other teams' conversations (welkom.chat.selectors).
OTHER_TEAM: dict[str, set[str]] = {name: set() for name in OBJECTS}
