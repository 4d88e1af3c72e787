from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welkom.accounts.models import Role, User
from welkom.core.errors import ApiError
from welkom.core.language import person_language
from welkom.feedback import selectors
from welkom.feedback.models import ContentFeedback


def feedback_give(
    *, user: User, kind: str, ref: str, helpful: bool, comment: str = "", now: datetime | None = None
) -> ContentFeedback:
    """Record (or change) ``user``'s answer about one item they can see. Only newcomers answer."""
    if user.role != Role.NEWCOMER or user.organisation_id is None:
        raise ApiError(_("Only newcomers answer this question."), code="permission_denied", status_code=403)
    key = selectors.item_key(user, kind=kind, ref=ref)
    if key is None:
        raise ApiError(_("There is no such item for you."), code="not_found", status_code=404)
    now = now or timezone.now()
    with transaction.atomic():
        feedback, created = ContentFeedback.objects.select_for_update().get_or_create(
            user=user,
            kind=kind,
            key=key,
            defaults={
                "organisation_id": user.organisation_id,
                "helpful": helpful,
                "comment": comment.strip(),
                "created_at": now,
                "updated_at": now,
            },
        )
        if not created:
            feedback.helpful = helpful
            feedback.comment = comment.strip()
            feedback.updated_at = now
            feedback.save(update_fields=["helpful", "comment", "updated_at"])
    return feedback


def comments_translated(*, user: User, comments: list[str]) -> list[str | None]:
    """The comments in ``user``'s language by the offline translation service; None for a comment
    that cannot be translated (no language package, service busy): the reader then sees the original."""
    from welkom.translation.services import TranslationError, translate_texts

    if not comments:
        return []
    try:
        results = translate_texts(
            organisation=user.organisation, texts=comments, source="auto", target=person_language(user)
        )
    except TranslationError:
        return [None] * len(comments)
    return [
        result.text if result.text != comment else None
        for result, comment in zip(results, comments, strict=True)
    ]
