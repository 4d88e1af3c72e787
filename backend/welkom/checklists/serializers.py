"""Shapes of checklist data. Texts are given in the reader's language (English when missing)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import formats
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from welkom.checklists.models import (
    FINISHED,
    Checklist,
    ChecklistChange,
    ChecklistDocument,
    ChecklistItem,
    ItemStatus,
    MunicipalityNote,
    RetiredReason,
)
from welkom.checklists.selectors import ItemsByRef
from welkom.core.language import Localised, localise
from welkom.newcomers.models import NewcomerProfile


def localised(texts: dict[str, Any], languages: str | list[str]) -> Any:
    """``texts`` in the reader's best language (welkom.core.language)."""
    return localise(texts, [languages] if isinstance(languages, str) else languages).text


class ContentLanguageSerializer(serializers.Serializer[Any]):
    """Which language a piece of content is shown in, and whether it is the one the reader asked for."""

    language = serializers.CharField(help_text="The language of the text shown.")
    requested_language = serializers.CharField(help_text="The reader's language.")
    is_fallback = serializers.BooleanField(help_text="True when the text is not in the reader's language.")
    reviewed = serializers.BooleanField(help_text="False: drafted without a native speaker, not checked yet.")


def content_meta(*shown: Localised) -> dict[str, Any]:
    """One meta for texts shown together (a title and its body): the first fallback among them wins."""
    chosen = next((text for text in shown if text.is_fallback), shown[0])
    meta = chosen.meta()
    meta["reviewed"] = all(text.reviewed for text in shown)
    return meta


def current_amounts(
    amounts: list[dict[str, Any]], today: date, language: str | list[str]
) -> list[dict[str, Any]]:
    """For each amount key the entry valid today: the latest ``valid_from`` that has started."""
    chosen: dict[str, dict[str, Any]] = {}
    for amount in amounts:
        if amount["valid_from"] <= today.isoformat() and (
            amount["key"] not in chosen or amount["valid_from"] > chosen[amount["key"]]["valid_from"]
        ):
            chosen[amount["key"]] = amount
    return [
        {
            "key": a["key"],
            "label": localised(a["label"], language),
            "value": a["value"],
            "unit": a["unit"],
            "valid_from": a["valid_from"],
        }
        for a in chosen.values()
    ]


# Helpers over the serializer context: the reader's language, the newcomer's today, sibling items.
class _Context:
    context: dict[str, Any]

    @property
    def language(self) -> list[str]:
        """The reader's content languages, best first."""
        languages = self.context.get("languages") or ["en"]
        return list(languages)

    @property
    def today(self) -> date:
        today: date = self.context["today"]
        return today


# DRF's own fields for a day and a moment, so that plain rows show them as the declared fields do.
_DAY = serializers.DateField()
_MOMENT = serializers.DateTimeField()


def child_label(item: ChecklistItem) -> str:
    """The child an item is for, as the reader reads it: their first name, or, for a child HR
    entered without one, the day they were born in the reader's language ("child born 12 April
    2019"), worked out when read (the key keeps the day: ``services.child_key``)."""
    if item.child_name or not item.child_key:
        return str(item.child_name)
    born = date.fromisoformat(item.child_key.split("|", 1)[0])
    return gettext("child born %(date)s") % {"date": formats.date_format(born, "DATE_FORMAT")}


class _ChildLabel(serializers.CharField):
    """``child_label`` of the item, declared as a text (as the model's field was)."""

    def to_representation(self, value: ChecklistItem) -> str:  # type: ignore[override]
        return child_label(value)


def _day(value: date | None) -> str | None:
    return None if value is None else _DAY.to_representation(value)


def _moment(value: datetime | None) -> str | None:
    return None if value is None else _MOMENT.to_representation(value)


class ChecklistDocumentSerializer(serializers.ModelSerializer[ChecklistDocument]):
    class Meta:
        model = ChecklistDocument
        fields = ["id", "original_name", "content_type", "size", "uploaded_at"]

    def to_representation(self, instance: ChecklistDocument) -> dict[str, Any]:
        return document_row(instance)


def document_row(document: ChecklistDocument) -> dict[str, Any]:
    """A document as ChecklistDocumentSerializer's fields show it, as a plain dict."""
    return {
        "id": document.pk,
        "original_name": str(document.original_name),
        "content_type": str(document.content_type),
        "size": int(document.size),
        "uploaded_at": _moment(document.uploaded_at),
    }


class ChecklistAmountSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.FloatField()
    unit = serializers.CharField()
    valid_from = serializers.DateField()


class ChecklistRetiredSerializer(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    reason = serializers.CharField()
    facts = serializers.ListField(child=serializers.CharField())
    child = serializers.CharField(allow_blank=True)


class ChecklistItemSerializer(_Context, serializers.ModelSerializer[ChecklistItem]):
    ref = serializers.SerializerMethodField()
    child_name = _ChildLabel(source="*", required=False, allow_blank=True, max_length=100)
    checklist = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    days_left = serializers.SerializerMethodField()
    documents_needed = serializers.SerializerMethodField()
    waiting_for = serializers.SerializerMethodField()
    source_url = serializers.CharField(source="template_item.source_url")
    source_title = serializers.SerializerMethodField()
    checked_on = serializers.DateField(source="template_item.checked_on", allow_null=True)
    amounts = serializers.SerializerMethodField()
    local_note_html = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    retired = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()

    class Meta:
        model = ChecklistItem
        fields = [
            "id",
            "ref",
            "checklist",
            "title",
            "body_html",
            "child_name",
            "status",
            "not_applicable_reason",
            "note",
            "due_on",
            "days_left",
            "documents_needed",
            "waiting_for",
            "source_url",
            "source_title",
            "checked_on",
            "amounts",
            "local_note_html",
            "documents",
            "added_at",
            "status_changed_at",
            "retired",
            "content",
        ]

    def to_representation(self, instance: ChecklistItem) -> dict[str, Any]:
        """The fields above as a plain dict, in their order: DRF's walk over them (and building
        them for each answer) cost most of what an upcoming-items answer took beyond its queries.
        tests/checklists/test_item_rows.py holds it to the fields' own answer."""
        item, template_item = instance, instance.template_item
        return {
            "id": item.pk,
            "ref": self.get_ref(item),
            "checklist": self.get_checklist(item),
            "title": self.get_title(item),
            "body_html": self.get_body_html(item),
            "child_name": child_label(item),
            "status": str(item.status),
            "not_applicable_reason": str(item.not_applicable_reason),
            "note": str(item.note),
            "due_on": _day(item.due_on),
            "days_left": self.get_days_left(item),
            "documents_needed": self.get_documents_needed(item),
            "waiting_for": self.get_waiting_for(item),
            "source_url": str(template_item.source_url),
            "source_title": self.get_source_title(item),
            "checked_on": _day(template_item.checked_on),
            "amounts": self.get_amounts(item),
            "local_note_html": self.get_local_note_html(item),
            "documents": self.get_documents(item),
            "added_at": _moment(item.added_at),
            "status_changed_at": _moment(item.status_changed_at),
            "retired": self.get_retired(item),
            "content": self.get_content(item),
        }

    @extend_schema_field(ContentLanguageSerializer())
    def get_content(self, item: ChecklistItem) -> dict[str, Any]:
        """The language of the title and explanation (and whether a native speaker checked it)."""
        drafted = item.template_item.template.drafted
        return content_meta(
            localise(item.template_item.body_html, self.language, drafted=drafted),
            localise(item.template_item.title, self.language, drafted=drafted),
        )

    def get_ref(self, item: ChecklistItem) -> str:
        return item.template_item.ref

    def get_checklist(self, item: ChecklistItem) -> str:
        return item.template_item.template.slug

    def get_title(self, item: ChecklistItem) -> str:
        return str(localised(item.template_item.title, self.language))

    def get_body_html(self, item: ChecklistItem) -> str:
        return str(localised(item.template_item.body_html, self.language))

    # Counted on the newcomer's profile calendar, as reminders count lateness (overdue_items). The
    # app shows its own count on the device's calendar (docs/mobile-app.md, "Times: one rule").
    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_days_left(self, item: ChecklistItem) -> int | None:
        return None if item.due_on is None else (item.due_on - self.today).days

    def get_documents_needed(self, item: ChecklistItem) -> list[str]:
        return list(localised(item.template_item.documents, self.language) or [])

    def get_waiting_for(self, item: ChecklistItem) -> list[str]:
        """Titles of unfinished items this one depends on (from the same newcomer's items)."""
        siblings: ItemsByRef | dict[str, list[ChecklistItem]] = self.context.get("items_by_ref", {})
        waiting = []
        for ref in item.template_item.depends_on:
            for other in siblings.get(ref, []):
                if other.retired_at is not None or other.status in FINISHED:
                    continue
                if item.child_key and other.child_key and other.child_key != item.child_key:
                    continue
                waiting.append(str(localised(other.template_item.title, self.language)))
        return waiting

    def get_source_title(self, item: ChecklistItem) -> str:
        return str(localised(item.template_item.source_title, self.language))

    @extend_schema_field(ChecklistAmountSerializer(many=True))
    def get_amounts(self, item: ChecklistItem) -> list[dict[str, Any]]:
        return current_amounts(item.template_item.amounts, self.today, self.language)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_local_note_html(self, item: ChecklistItem) -> str | None:
        note: MunicipalityNote | None = self.context.get("municipality")
        texts = note.item_notes.get(item.template_item.ref) if note else None
        return str(localised(texts, self.language)) if texts else None

    @extend_schema_field(ChecklistDocumentSerializer(many=True))
    def get_documents(self, item: ChecklistItem) -> list[dict[str, Any]]:
        if not self.context.get("show_documents"):
            return []
        # Read for the page by selectors.with_documents (upcoming items), else through the relation.
        shown: list[ChecklistDocument] | None = getattr(item, "shown_documents", None)
        documents = item.documents.all() if shown is None else shown
        return [document_row(document) for document in documents]

    @extend_schema_field(ChecklistRetiredSerializer(allow_null=True))
    def get_retired(self, item: ChecklistItem) -> dict[str, Any] | None:
        if item.retired_at is None:
            return None
        return {
            "at": item.retired_at,
            "reason": item.retired_reason,
            "facts": item.retired_detail.get("facts", []),
            "child": child_label(item) if item.retired_reason == RetiredReason.CHILD_REMOVED else "",
        }


class ChecklistSerializer(_Context, serializers.ModelSerializer[Checklist]):
    slug = serializers.CharField(source="template.slug")
    category = serializers.CharField(source="template.category")
    title = serializers.SerializerMethodField()
    intro = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()
    done = serializers.SerializerMethodField()
    total = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()

    class Meta:
        model = Checklist
        fields = ["id", "slug", "category", "title", "intro", "done", "total", "items", "content"]

    @extend_schema_field(ContentLanguageSerializer())
    def get_content(self, checklist: Checklist) -> dict[str, Any]:
        drafted = checklist.template.drafted
        shown = [localise(checklist.template.title, self.language, drafted=drafted)]
        if checklist.template.intro:
            shown.append(localise(checklist.template.intro, self.language, drafted=drafted))
        return content_meta(*shown)

    def get_title(self, checklist: Checklist) -> str:
        return str(localised(checklist.template.title, self.language))

    def get_intro(self, checklist: Checklist) -> str:
        return str(localised(checklist.template.intro, self.language)) if checklist.template.intro else ""

    @extend_schema_field(ChecklistItemSerializer(many=True))
    def get_items(self, checklist: Checklist) -> Any:
        return ChecklistItemSerializer(checklist.items.all(), many=True, context=self.context).data

    def get_done(self, checklist: Checklist) -> int:
        return sum(1 for i in checklist.items.all() if i.retired_at is None and i.status in FINISHED)

    def get_total(self, checklist: Checklist) -> int:
        return sum(1 for i in checklist.items.all() if i.retired_at is None)


class ChecklistItemWriteSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=ItemStatus.choices, required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    not_applicable_reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ChecklistDocumentUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(allow_empty_file=True)


class ChecklistChangedItemSerializer(_Context, serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.SerializerMethodField()
    child_name = _ChildLabel(source="*")
    retired_reason = serializers.CharField()

    def get_title(self, item: ChecklistItem) -> str:
        return str(localised(item.template_item.title, self.language))


class ChecklistChangeSerializer(_Context, serializers.ModelSerializer[ChecklistChange]):
    added = serializers.SerializerMethodField()
    retired = serializers.SerializerMethodField()

    class Meta:
        model = ChecklistChange
        fields = ["id", "changed_at", "profile_fields", "added", "retired"]

    @extend_schema_field(ChecklistChangedItemSerializer(many=True))
    def get_added(self, change: ChecklistChange) -> Any:
        return ChecklistChangedItemSerializer(change.added.all(), many=True, context=self.context).data

    @extend_schema_field(ChecklistChangedItemSerializer(many=True))
    def get_retired(self, change: ChecklistChange) -> Any:
        return ChecklistChangedItemSerializer(change.retired.all(), many=True, context=self.context).data


class ChecklistMunicipalitySerializer(_Context, serializers.ModelSerializer[MunicipalityNote]):
    notes_html = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()

    class Meta:
        model = MunicipalityNote
        fields = [
            "slug",
            "name",
            "registration_url",
            "expat_centre_name",
            "expat_centre_url",
            "notes_html",
            "checked_on",
            "content",
        ]

    @extend_schema_field(ContentLanguageSerializer())
    def get_content(self, note: MunicipalityNote) -> dict[str, Any]:
        return content_meta(localise(note.notes, self.language, drafted=note.drafted))

    def get_notes_html(self, note: MunicipalityNote) -> str:
        return str(localised(note.notes, self.language))


HOUSING_STATES = ("done", "open", "not_needed")
SCHOOL_STATES = ("enrolled", "not_enrolled", "not_needed")


def housing_state(profile: Any) -> str:
    if not profile.address_items:
        return "not_needed"
    return "open" if profile.address_open else "done"


def school_state(profile: Any) -> str:
    if not profile.enrolment_items:
        return "not_needed"
    return "not_enrolled" if profile.enrolment_open else "enrolled"


class ChecklistBoardRowSerializer(serializers.ModelSerializer[NewcomerProfile]):
    name = serializers.SerializerMethodField()
    email = serializers.EmailField(source="user.email")
    team = serializers.CharField(source="team.name", allow_null=True, default=None)
    housing = serializers.SerializerMethodField()
    school = serializers.SerializerMethodField()
    children_to_enrol = serializers.IntegerField(source="enrolment_open")
    open_items = serializers.IntegerField()
    done_items = serializers.IntegerField()
    overdue_items = serializers.IntegerField()

    class Meta:
        model = NewcomerProfile
        fields = [
            "id",
            "name",
            "email",
            "team",
            "municipality",
            "arrival_on",
            "tenure",
            "housing",
            "school",
            "children_to_enrol",
            "open_items",
            "done_items",
            "overdue_items",
        ]

    def get_name(self, profile: NewcomerProfile) -> str:
        return profile.user.full_name or profile.user.email

    @extend_schema_field(serializers.ChoiceField(choices=HOUSING_STATES))
    def get_housing(self, profile: NewcomerProfile) -> str:
        return housing_state(profile)

    @extend_schema_field(serializers.ChoiceField(choices=SCHOOL_STATES))
    def get_school(self, profile: NewcomerProfile) -> str:
        return school_state(profile)


class MunicipalityChoiceSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    name = serializers.CharField()
