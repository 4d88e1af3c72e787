"""Events of ``modules`` that other apps react to (the rule: docs/architecture.md)."""

from django.dispatch import Signal

# A person finished a module for the first time: ``user`` and ``module``. Sent inside the completing
# transaction, so a failing receiver (journeys marking its step done) undoes the completion too.
module_completed = Signal()
