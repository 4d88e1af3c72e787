"""The one place where organisation (tenant) scoping happens.

Every model that holds organisation data declares ``tenant_path``: the lookup from that model to
its organisation id ("organisation" for a direct foreign key, "plan__organisation" through a parent).
Selectors start every read with :func:`for_tenant` and never filter on organisation by hand, so a
user can never reach another organisation's rows; a read compiled once per process
(``welkom.core.statements``), which takes ids rather than a user, scopes itself with
:func:`organisation_of` and :func:`tenant_filter`. A test walks all models and fails when a model
does not declare its path (or say it is global with ``tenant_path = None``).
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.db import models


class User(Protocol):
    """What scoping needs of a person (``welkom.accounts.models.User`` has it); core does not
    import accounts, which builds on core."""

    @property
    def organisation_id(self) -> int | None: ...

    @property
    def is_authenticated(self) -> bool: ...


M = TypeVar("M", bound=models.Model)


class TenantQuerySet(models.QuerySet[M]):
    def for_tenant(self, user: User) -> TenantQuerySet[M]:
        return for_tenant(self, user)  # type: ignore[return-value]


def tenant_path(model: type[models.Model]) -> str:
    path = getattr(model, "tenant_path", None)
    if not path:
        raise TypeError(f"{model.__name__} does not declare tenant_path; it cannot be scoped")
    return str(path)


def organisation_of(user: User) -> int | None:
    """The organisation whose rows ``user`` may read; None for anyone who may read none."""
    organisation_id = getattr(user, "organisation_id", None)
    if not getattr(user, "is_authenticated", False) or organisation_id is None:
        return None
    return organisation_id


def tenant_filter(model: type[models.Model], organisation_id: int) -> dict[str, int]:
    """The filter that keeps ``model``'s rows of one organisation."""
    return {f"{tenant_path(model)}_id": organisation_id}


def for_tenant(queryset: models.QuerySet[Any], user: User) -> models.QuerySet[Any]:
    """Rows of ``queryset`` that belong to the user's organisation; nothing for anyone else."""
    organisation_id = organisation_of(user)
    if organisation_id is None:
        return queryset.none()
    return queryset.filter(**tenant_filter(queryset.model, organisation_id))


class TenantModel(models.Model):
    """Base for rows that belong directly to one organisation."""

    tenant_path = "organisation"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True
