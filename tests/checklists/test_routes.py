"""Checklist items for the EU worker, short-stay and agency-worker routes (issue 18 §3): they
follow the profile's employment and housing, and amounts are data shown as valid today."""

import pytest

from tests.checklists.conftest import make_profile, refs
from welkom.newcomers import services as newcomer_services

pytestmark = pytest.mark.django_db

NEW_ITEMS = {
    "health-insurance/register-huisarts",
    "tax/check-first-payslip",
    "arrival-registration/civic-integration",
    "arrival-registration/exchange-driving-licence",
}


def test_everyone_staying_gets_the_gp_payslip_integration_and_licence_items(org_a, templates):
    profile = make_profile(org_a)
    assert refs(profile) >= NEW_ITEMS
    assert "health-insurance/basic-insurance" in refs(profile)
    assert "health-insurance/a1-certificate" not in refs(profile)
    assert "housing/employer-housing-contract" not in refs(profile)


def test_a_posted_worker_carries_an_a1_certificate_instead_of_dutch_insurance(org_a, templates):
    profile = make_profile(org_a, employment="posted", stays_longer_than_4_months=False, has_partner=True)
    current = refs(profile)
    assert "health-insurance/a1-certificate" in current
    assert not {"health-insurance/basic-insurance", "health-insurance/insure-family"} & current
    # Integration and the licence exchange are for people who stay; registration is in the RNI.
    assert "arrival-registration/register-rni" in current
    assert (
        not {"arrival-registration/civic-integration", "arrival-registration/exchange-driving-licence"}
        & current
    )


def test_housing_from_the_employer_adds_the_contract_check_and_follows_the_profile(org_a, templates):
    profile = make_profile(org_a, employment="agency", housing_by_employer=True)
    assert "housing/employer-housing-contract" in refs(profile)
    newcomer_services.profile_update(profile=profile, changed_by=org_a["hr"], housing_by_employer=False)
    assert "housing/employer-housing-contract" in refs(profile, retired=True)


def test_the_gp_item_shows_the_deductible_with_a_start_date_and_the_payslip_item_its_source(
    client_factory, org_a, templates
):
    make_profile(org_a)
    body = client_factory(org_a["newcomer"]).get("/api/checklists").json()
    items = {item["ref"]: item for checklist in body["results"] for item in checklist["items"]}
    payslip = items["tax/check-first-payslip"]
    assert payslip["source_url"].startswith("https://www.rijksoverheid.nl/")
    # No minimum-wage amount: only a half-year that has passed could be checked (docs/sources.md).
    assert payslip["amounts"] == []
    deductible = items["health-insurance/register-huisarts"]["amounts"]
    assert [(a["unit"], a["value"]) for a in deductible] == [("EUR/year", 385)]
    licence = items["arrival-registration/exchange-driving-licence"]
    # The RDW page was never found stored; government.nl's page on the exchange was (docs/sources.md).
    assert licence["source_url"].startswith("https://www.government.nl/topics/driving-licence/")
    assert licence["checked_on"] == "2026-12-07"
