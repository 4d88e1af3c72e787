""" "Did this help?": who may answer, what each person sees, what HR sees, export and erasure."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from welkom.content.services import content_sync
from welkom.core.privacy_registry import sources
from welkom.feedback.models import ContentFeedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    content_sync(root=Path(settings.CONTENT_DIR), kinds=["modules", "terms"])


def _answer(client, **data):
    return client.post(
        "/api/feedback", {"kind": "term", "ref": "bsn", "helpful": True, **data}, format="json"
    )


def test_newcomer_answers_and_changes_their_answer_and_sees_only_their_own(
    org_a, org_b, client_factory, content
):
    mine = client_factory(org_a["newcomer"])
    assert _answer(mine, helpful=False, comment="  Te moeilijk  ").status_code == 200
    response = _answer(mine, helpful=True, comment="Now clear")
    assert response.status_code == 200
    assert response.json()["helpful"] is True
    assert ContentFeedback.objects.filter(user=org_a["newcomer"]).count() == 1
    assert _answer(client_factory(org_b["newcomer"]), comment="Other person").status_code == 200
    listed = mine.get("/api/feedback").json()["results"]
    assert [(row["key"], row["comment"]) for row in listed] == [("bsn", "Now clear")]


@pytest.mark.parametrize("role", ["hr", "team_lead", "colleague", "admin"])
def test_other_roles_cannot_answer_nor_read_answers(org_a, client_factory, content, role):
    client = client_factory(org_a[role])
    assert _answer(client).status_code == 403
    assert client.get("/api/feedback").status_code == 403


@pytest.mark.parametrize("role", ["newcomer", "team_lead", "colleague"])
def test_only_hr_and_admin_read_the_summary(org_a, client_factory, content, role):
    assert client_factory(org_a[role]).get("/api/feedback/summary").status_code == 403


def test_bad_input_names_the_field(org_a, client_factory, content):
    response = client_factory(org_a["newcomer"]).post(
        "/api/feedback", {"kind": "poem", "ref": "x"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) >= {"kind", "helpful"}


def test_an_item_the_newcomer_cannot_see_is_not_found(org_a, org_b, client_factory, content):
    from welkom.modules.models import Module

    newcomer = client_factory(org_a["newcomer"])
    colleague_module = Module.objects.filter(audience="colleague").first()
    assert colleague_module is not None
    assert _answer(newcomer, kind="module", ref=colleague_module.slug).status_code == 404
    assert _answer(newcomer, kind="term", ref="no-such-term").status_code == 404
    assert _answer(newcomer, kind="checklist_item", ref="999999").status_code == 404
    assert _answer(newcomer, kind="step", ref="abc").status_code == 404
    assert not ContentFeedback.objects.exists()


def test_hr_sees_counts_and_comments_of_their_own_organisation_only(org_a, org_b, client_factory, content):
    from tests.factories import UserFactory
    from welkom.accounts.models import Role

    second = UserFactory(organisation=org_a.organisation, role=Role.NEWCOMER)
    assert (
        _answer(client_factory(org_a["newcomer"]), helpful=False, comment="Ik snap het niet").status_code
        == 200
    )
    assert _answer(client_factory(second), helpful=True).status_code == 200
    assert _answer(client_factory(org_a["newcomer"]), kind="module", ref="direct-feedback").status_code == 200
    assert (
        _answer(client_factory(org_b["newcomer"]), helpful=False, comment="secret of bravo").status_code
        == 200
    )

    rows = client_factory(org_a["hr"]).get("/api/feedback/summary").json()["results"]
    by_key = {(row["kind"], row["key"]): row for row in rows}
    assert set(by_key) == {("term", "bsn"), ("module", "direct-feedback")}
    bsn = by_key[("term", "bsn")]
    assert (bsn["title"], bsn["helpful"], bsn["not_helpful"]) == ("BSN", 1, 1)
    assert [comment["text"] for comment in bsn["comments"]] == ["Ik snap het niet"]
    assert rows[0]["key"] == "bsn"  # the item people got stuck on comes first
    assert by_key[("module", "direct-feedback")]["title"] == "Direct feedback"
    assert "secret of bravo" not in str(rows)


def test_answers_are_the_newcomers_in_export_and_erasure(org_a, client_factory, content):
    newcomer = org_a["newcomer"]
    _answer(client_factory(newcomer), comment="mine")
    source = next(source for source in sources() if source.name == "feedback")
    assert source.export(newcomer)["answers"][0]["comment"] == "mine"
    source.erase(newcomer)
    assert not ContentFeedback.objects.filter(user=newcomer).exists()


def test_hr_reads_comments_in_their_own_language_with_the_original_kept(
    org_a, client_factory, content, languages
):
    """nl→en is installed (a small real package: its words are nonsense, but they are its own):
    HR reading in English gets a translation beside the original; HR reading in a language no
    package reaches gets the original only."""
    comment = "Ik begrijp niet waar ik mijn BSN moet halen."
    assert _answer(client_factory(org_a["newcomer"]), helpful=False, comment=comment).status_code == 200
    hr = org_a["hr"]
    hr.language = "en"
    hr.save(update_fields=["language"])
    shown = client_factory(hr).get("/api/feedback/summary").json()["results"][0]["comments"][0]
    assert shown["text"] == comment
    assert shown["translated"]
    assert shown["translated"] != comment
    hr.language = "tr"
    hr.save(update_fields=["language"])
    shown = client_factory(hr).get("/api/feedback/summary").json()["results"][0]["comments"][0]
    assert (shown["text"], shown["translated"]) == (comment, None)
