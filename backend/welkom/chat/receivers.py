"""How chat reacts to other apps' events (connected in ChatConfig.ready())."""

from __future__ import annotations

from typing import Any

from welkom.accounts.models import Team
from welkom.chat.services import team_channel_sync


def team_members_changed(*, team: Team, **kwargs: Any) -> None:
    """The team's channel follows the team's members (accounts.signals.team_members_changed)."""
    team_channel_sync(team=team)
