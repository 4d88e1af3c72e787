"""Events of ``language`` that other apps react to (the rule: docs/architecture.md)."""

from django.dispatch import Signal

# A language ``plan`` was made or re-planned. Sent inside the same transaction; journeys keeps its
# language-milestone steps in line with ``selectors.milestones_for(plan)``.
plan_changed = Signal()
