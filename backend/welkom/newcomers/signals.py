"""Events of ``newcomers`` that other apps react to (the rule: docs/architecture.md)."""

from django.dispatch import Signal

# A profile was created or changed: ``profile`` and ``changes`` ({field: (old, new)}). Sent inside
# the change's transaction, so receivers (journey due dates, checklists, the language plan) write in
# it and a failing receiver rolls the whole change back.
profile_changed = Signal()
