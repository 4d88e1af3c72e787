"""HR and admins review machine-translated modules in the admin; other roles cannot sign in there,
and reviewers see nothing else unless Django permissions grant it."""

import pytest

from tests.modules.factories import ModuleTranslationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def machine_translation(db):
    return ModuleTranslationFactory(
        module__slug="sample",
        module__audience="newcomer",
        locale="pl",
        status="machine_unreviewed",
        title="Tytuł",
    )


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_reviewers_approve_machine_translations(client, org_a, machine_translation, role):
    client.force_login(org_a[role])
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/modules/moduletranslation/").status_code == 200
    response = client.post(
        "/admin/modules/moduletranslation/",
        {"action": "approve", "_selected_action": [machine_translation.pk]},
    )
    assert response.status_code == 302
    machine_translation.refresh_from_db()
    assert machine_translation.status == "approved"
    assert machine_translation.reviewed_by == org_a[role]


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_reviewers_see_nothing_else(client, org_a, role):
    client.force_login(org_a[role])
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get("/admin/newcomers/newcomerprofile/").status_code == 403


@pytest.mark.parametrize("role", ["newcomer", "team_lead", "colleague"])
def test_other_roles_cannot_sign_in_to_the_admin(client, org_a, machine_translation, role):
    client.force_login(org_a[role])
    assert client.get("/admin/modules/moduletranslation/").status_code == 302  # to the admin login
