"""Reads for "did this help?": which item a reference names (only what the person may see), a
person's own answers, and HR's summary per item of their organisation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from welkom.accounts.models import Role, User
from welkom.checklists.selectors import items_visible_to, template_items_with_keys
from welkom.core.language import content_languages, pick
from welkom.core.tenancy import for_tenant
from welkom.feedback.models import ContentFeedback, ItemKind
from welkom.journeys.selectors import steps_visible_to, steps_with_keys
from welkom.modules.selectors import modules_for, modules_with_slugs
from welkom.terms.selectors import terms_available, terms_with_keys


def item_key(user: User, *, kind: str, ref: str) -> str | None:
    """The stored key of the item ``ref`` names, when ``user`` may see it; else None."""
    if kind == ItemKind.MODULE:
        return ref if modules_for(user).filter(slug=ref).exists() else None
    if kind == ItemKind.TERM:
        return ref if terms_available().filter(key=ref).exists() else None
    if not ref.isdigit():
        return None
    if kind == ItemKind.CHECKLIST_ITEM:
        item = items_visible_to(user).filter(pk=int(ref)).first()
        return f"{item.template_item.template.slug}/{item.template_item.key}" if item else None
    if kind == ItemKind.STEP:
        step = steps_visible_to(user).filter(pk=int(ref)).values_list("key", flat=True).first()
        return step
    return None


def own_feedback(user: User) -> QuerySet[ContentFeedback]:
    """A person's own answers (nobody sees another person's answer row)."""
    return for_tenant(ContentFeedback.objects.all(), user).filter(user=user)


@dataclass
class ItemSummary:
    kind: str
    key: str
    title: str = ""
    helpful: int = 0
    not_helpful: int = 0
    comments: list[ContentFeedback] = field(default_factory=list)


def summary_for_hr(user: User) -> list[ItemSummary]:
    """Per item of HR's own organisation: how many found it helpful or not, and the comments (newest
    first), items with the most "no" first. Nothing for any other role."""
    if user.role not in (Role.HR, Role.ADMIN):
        return []
    rows = for_tenant(ContentFeedback.objects.all(), user).order_by("-updated_at", "-id")
    items: dict[tuple[str, str], ItemSummary] = {}
    for row in rows:
        item = items.setdefault((row.kind, row.key), ItemSummary(kind=row.kind, key=row.key))
        if row.helpful:
            item.helpful += 1
        else:
            item.not_helpful += 1
        if row.comment:
            item.comments.append(row)
    _titles(user, list(items.values()))
    return sorted(
        items.values(), key=lambda item: (-item.not_helpful, -len(item.comments), item.kind, item.key)
    )


def _titles(user: User, items: list[ItemSummary]) -> None:
    languages = content_languages(user)
    keys: dict[str, set[str]] = defaultdict(set)
    for item in items:
        keys[item.kind].add(item.key)
    titles: dict[tuple[str, str], Any] = {}
    for module in modules_with_slugs(slugs=keys[ItemKind.MODULE]):
        texts = {translation.locale: translation.title for translation in module.translations.all()}
        titles[(ItemKind.MODULE, module.slug)] = pick(texts, languages)[1]
    for term in terms_with_keys(keys=keys[ItemKind.TERM]):
        titles[(ItemKind.TERM, term.key)] = term.term
    pairs = [key.split("/", 1) for key in keys[ItemKind.CHECKLIST_ITEM] if "/" in key]
    for template_item in template_items_with_keys(
        template_slugs={slug for slug, _key in pairs}, keys={key for _slug, key in pairs}
    ):
        titles[(ItemKind.CHECKLIST_ITEM, f"{template_item.template.slug}/{template_item.key}")] = pick(
            template_item.title, languages
        )[1]
    steps = steps_with_keys(user=user, keys=keys[ItemKind.STEP])
    for key, title in steps.values_list("key", "title"):
        titles.setdefault((ItemKind.STEP, key), pick(title or {}, languages)[1])
    for item in items:
        item.title = titles.get((item.kind, item.key)) or item.key
