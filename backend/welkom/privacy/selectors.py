from __future__ import annotations

from django.db.models import QuerySet

from welkom.accounts.models import Role, User
from welkom.accounts.selectors import users_of_organisation
from welkom.core.tenancy import for_tenant
from welkom.privacy.models import ErasureRecord, ExportRequest


def exports_of(user: User) -> QuerySet[ExportRequest]:
    """A person's own exports; nobody else can see or download them."""
    return for_tenant(ExportRequest.objects.all(), user).filter(user=user)


def erasures_visible_to(user: User) -> QuerySet[ErasureRecord]:
    if user.role != Role.ADMIN:
        return ErasureRecord.objects.none()
    return for_tenant(ErasureRecord.objects.all(), user).select_related("erased_by")


def people_erasable_by(user: User) -> QuerySet[User]:
    people = users_of_organisation(user=user)
    return people if user.role == Role.ADMIN else people.none()
