"""Events of ``accounts`` that other apps react to (the rule: docs/architecture.md).

Connect a receiver in your app's ``AppConfig.ready()``; keyword arguments are given per signal.
"""

from django.dispatch import Signal

# A team was created or its members changed (``team``). Sent inside the service's transaction:
# receivers write their own rows in it (chat keeps the team's channel members in step).
team_members_changed = Signal()

# A person accepted their invitation: their account is active now (``user``), in their team when the
# invitation named one. Sent inside the service's transaction (journeys moves the steps that went to
# someone else while they could not do them).
person_joined = Signal()
