"""welkom.core.tenancy on its own: a tenant model's manager scopes like ``for_tenant``, nobody signed
in gets nothing (not an error), and content that says it is global (``tenant_path = None``), or a
model that says nothing, cannot be scoped by mistake. Found by mutation testing (docs/testing.md);
the scoping through the API is tested per app (tests/accounts/test_scoping_edges.py: an operator
of no organisation)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from welkom.core.tenancy import for_tenant
from welkom.modules.models import Module
from welkom.translation import services
from welkom.translation.models import GlossaryEntry

pytestmark = pytest.mark.django_db


def test_a_tenant_models_manager_gives_the_persons_organisation_only(org_a, org_b):
    services.glossary_entry_create(organisation=org_a.organisation, term="Alpha")
    services.glossary_entry_create(organisation=org_b.organisation, term="Bravo")
    for org, term in ((org_a, "Alpha"), (org_b, "Bravo")):
        scoped = GlossaryEntry.objects.for_tenant(org["hr"])
        assert list(scoped.values_list("term", flat=True)) == [term]
        # A QuerySet of the model's own kind, so a selector can go on from it.
        assert list(scoped.filter(term=term).for_tenant(org["newcomer"])) == list(scoped)


def test_nobody_signed_in_gets_no_rows(org_a):
    services.glossary_entry_create(organisation=org_a.organisation, term="Alpha")
    assert list(for_tenant(GlossaryEntry.objects.all(), AnonymousUser())) == []
    assert list(GlossaryEntry.objects.for_tenant(AnonymousUser())) == []


@pytest.mark.parametrize("model", [Module, Group])  # global by its own word; Django's, saying nothing
def test_a_model_without_an_organisation_cannot_be_scoped_to_one(org_a, model):
    with pytest.raises(TypeError) as refused:
        for_tenant(model.objects.all(), org_a["hr"])
    assert str(refused.value) == f"{model.__name__} does not declare tenant_path; it cannot be scoped"
