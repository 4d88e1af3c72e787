"""Events of ``checklists`` that other apps react to (the rule: docs/architecture.md)."""

from django.dispatch import Signal

# The last open item of ``checklist`` was done (or marked not applicable). Sent inside that item's
# transaction (journeys marks its "start the checklist" step done).
checklist_completed = Signal()
