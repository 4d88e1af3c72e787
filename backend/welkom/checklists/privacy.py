"""Checklists, their items, notes and uploaded documents in exports and erasure."""

from __future__ import annotations

from typing import IO, Any

from django.db import transaction

from welkom.accounts.models import User
from welkom.checklists.models import (
    Checklist,
    ChecklistChange,
    ChecklistDocument,
    ChecklistItem,
    private_storage,
)
from welkom.core.privacy_registry import DataSource, ExportDocument, PersonalData, register_source
from welkom.privacy.rows import rows


def export_checklists(user: User) -> PersonalData:
    checklists = Checklist.objects.filter(profile__user=user)
    items = ChecklistItem.objects.filter(checklist__in=checklists)
    documents = ChecklistDocument.objects.filter(item__in=items)
    data: dict[str, Any] = {
        "checklists": rows(checklists),
        "items": rows(items),
        "documents": rows(documents, exclude=("file",)),
        "changes": rows(ChecklistChange.objects.filter(profile__user=user)),
    }
    return PersonalData(
        data=data,
        documents=[
            ExportDocument(name=f"{document.pk}-{document.original_name}", open=_opener(document))
            for document in documents
        ],
    )


def _opener(document: ChecklistDocument):  # type: ignore[no-untyped-def,unused-ignore]
    def open_file() -> IO[bytes]:
        return private_storage().open(document.file.name, "rb")

    return open_file


def erase_checklists(user: User) -> None:
    documents = ChecklistDocument.objects.filter(item__checklist__profile__user=user)
    names = list(documents.values_list("file", flat=True))
    documents.delete()
    Checklist.objects.filter(profile__user=user).delete()  # items go with them
    ChecklistChange.objects.filter(profile__user=user).delete()
    # The files go once the erasure is committed: a rolled-back erasure keeps them.
    transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names: list[str]) -> None:
    storage = private_storage()
    for name in names:
        if name:
            storage.delete(name)


def register() -> None:
    register_source(DataSource(name="checklists", export=export_checklists, erase=erase_checklists, order=50))
