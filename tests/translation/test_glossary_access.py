"""The organisation's glossary is HR's and the admin's tool (least privilege): other roles neither
read nor change it. The engine still applies it to everybody's translations, server-side."""

from __future__ import annotations

import pytest

from welkom.translation import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(org_a):
    return services.glossary_entry_create(
        organisation=org_a.organisation,
        term="Project Zwaluw",
        translation="Project Swallow",
        target_language="en",
    )


@pytest.mark.parametrize("role", ["newcomer", "colleague", "team_lead"])
def test_only_hr_and_admin_read_the_glossary(client_factory, org_a, entry, role):
    response = client_factory(org_a[role]).get("/api/translation/glossary")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "Zwaluw" not in response.content.decode()


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_hr_and_admin_read_the_glossary(client_factory, org_a, entry, role):
    response = client_factory(org_a[role]).get("/api/translation/glossary")
    assert response.status_code == 200
    assert [item["term"] for item in response.json()["results"]] == ["Project Zwaluw"]


def test_the_glossary_still_shapes_a_colleagues_translation(client_factory, org_a, entry, languages):
    """Server-side use is unchanged: a colleague's /translate keeps the fixed translation."""
    response = client_factory(org_a["colleague"]).post(
        "/translate", {"q": "Welkom bij Project Zwaluw", "source": "nl", "target": "en"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert "Project Swallow" in response.json()["translatedText"]
