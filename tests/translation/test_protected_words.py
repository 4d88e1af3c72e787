"""Acronyms and names stay (issue 17 §3): all-capital words of 2 to 6 letters and @mentions never
reach the model, through the real translation path (/translate, a real package); an organisation
can turn the acronym rule off on its translation settings."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

SETTINGS = "/api/translation/settings"


def _translate(client, text: str) -> str:  # type: ignore[no-untyped-def]
    response = client.post("/translate", {"q": text, "source": "nl", "target": "en"}, format="json")
    assert response.status_code == 200, response.content
    return str(response.json()["translatedText"])


def test_acronyms_stay_as_written_by_default(client_factory, org_a, languages):
    text = _translate(client_factory(org_a["hr"]), "Vraag de KPI na bij HR of QXZ.")
    assert "KPI" in text
    assert "HR" in text
    assert "QXZ" in text


def test_mentions_stay_as_written(client_factory, org_a, languages):
    text = _translate(client_factory(org_a["hr"]), "Kun je dit nakijken, @anna.devries en @piet?")
    assert "@anna.devries" in text
    assert "@piet" in text


def test_an_organisation_can_turn_the_acronym_rule_off(client_factory, org_a, org_b, languages):
    hr = client_factory(org_a["hr"])
    assert hr.get(SETTINGS).json() == {"keep_acronyms": True}
    response = hr.patch(SETTINGS, {"keep_acronyms": False}, format="json")
    assert response.status_code == 200, response.content
    assert hr.get(SETTINGS).json() == {"keep_acronyms": False}

    # The model now sees the capitals (its random weights do not copy an unknown word), while
    # another organisation keeps the default and mentions are kept either way.
    text = _translate(hr, "Vraag de KPI na bij QXZ, @piet.")
    assert "QXZ" not in text
    assert "@piet" in text
    assert "QXZ" in _translate(client_factory(org_b["hr"]), "Vraag de KPI na bij QXZ, @piet.")


def test_a_setting_that_is_not_a_yes_or_no_is_a_400_on_the_field(client_factory, org_a):
    response = client_factory(org_a["admin"]).patch(SETTINGS, {"keep_acronyms": "sometimes"}, format="json")
    assert response.status_code == 400
    assert "keep_acronyms" in response.json()["fields"]
