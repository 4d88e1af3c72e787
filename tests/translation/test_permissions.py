"""Who may manage keys, glossary, memory and packages; other organisations' rows are 404."""

from __future__ import annotations

import pytest

from tests.translation.endpoints import ENDPOINTS
from welkom.translation import services
from welkom.translation.models import ApiKey, GlossaryEntry, MemoryEntry

pytestmark = pytest.mark.django_db

ROLES = ["newcomer", "hr", "team_lead", "colleague", "admin"]


def _allowed(name: str, method: str) -> set[str]:
    rule = ENDPOINTS[name][method]
    return set(ROLES) if rule == "all" else set(rule)


def _calls(org):
    key, _ = services.api_key_create(organisation=org.organisation, name="bot", created_by=org["hr"])
    entry = services.glossary_entry_create(organisation=org.organisation, term="Acme")
    memory = services.memory_entry_save(
        organisation=org.organisation,
        source_language="nl",
        target_language="en",
        source_text="Hoi",
        translated_text="Hi",
        approved_by=org["hr"],
    )
    return [
        ("translation-key-list", "get", "/api/translation/keys", None),
        ("translation-key-list", "post", "/api/translation/keys", {"name": "New bot"}),
        ("translation-key-detail", "delete", f"/api/translation/keys/{key.pk}", None),
        ("translation-glossary-list", "get", "/api/translation/glossary", None),
        ("translation-glossary-list", "post", "/api/translation/glossary", {"term": "Zuidas"}),
        ("translation-glossary-detail", "delete", f"/api/translation/glossary/{entry.pk}", None),
        ("translation-memory-list", "get", "/api/translation/memory", None),
        (
            "translation-memory-list",
            "post",
            "/api/translation/memory",
            {
                "source_language": "nl",
                "target_language": "en",
                "source_text": "Dag",
                "translated_text": "Bye",
            },
        ),
        ("translation-memory-detail", "delete", f"/api/translation/memory/{memory.pk}", None),
        ("translation-package-list", "get", "/api/translation/packages", None),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_it_may(client_factory, org_a, role, packages_dir):
    client = client_factory(org_a[role])
    for name, method, url, body in _calls(org_a):
        response = getattr(client, method)(url, body, format="json")
        if role in _allowed(name, method):
            assert response.status_code in (200, 201, 204), (name, method, response.content)
        else:
            assert response.status_code == 403, (name, method, response.status_code)
    for method in ("post", "delete"):
        url = "/api/translation/packages" if method == "post" else "/api/translation/packages/nl/en"
        response = getattr(client, method)(url)
        if role == "admin":
            assert response.status_code in (400, 404)  # no file / nothing installed: but allowed
        else:
            assert response.status_code == 403


def test_anonymous_is_401(api):
    assert api.get("/api/translation/keys").status_code == 401


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_other_organisations_rows_are_404_and_unchanged(client_factory, org_a, org_b, role):
    calls = [(method, url) for _, method, url, _ in _calls(org_b) if method == "delete"]
    client = client_factory(org_a[role])
    for method, url in calls:
        assert getattr(client, method)(url).status_code == 404, url
    assert ApiKey.objects.get(organisation=org_b.organisation).revoked_at is None
    assert GlossaryEntry.objects.filter(organisation=org_b.organisation).exists()
    assert MemoryEntry.objects.filter(organisation=org_b.organisation).exists()


def test_lists_show_only_the_own_organisation(client_factory, org_a, org_b):
    _calls(org_b)
    client = client_factory(org_a["hr"])
    for url in ("/api/translation/keys", "/api/translation/glossary", "/api/translation/memory"):
        assert client.get(url).json()["count"] == 0


def test_a_new_key_is_shown_once_and_stored_as_a_hash(client_factory, org_a):
    response = client_factory(org_a["hr"]).post(
        "/api/translation/keys", {"name": "Mattermost bot"}, format="json"
    )
    assert response.status_code == 201
    raw = response.json()["key"]
    row = ApiKey.objects.get(pk=response.json()["id"])
    assert raw.startswith(row.prefix)
    assert raw not in (row.key_hash, row.prefix)
    listed = client_factory(org_a["hr"]).get("/api/translation/keys").json()["results"][0]
    assert "key" not in listed


def test_bad_glossary_and_memory_input_is_400_with_fields(client_factory, org_a):
    client = client_factory(org_a["hr"])
    response = client.post("/api/translation/glossary", {"term": ""}, format="json")
    assert response.status_code == 400
    assert "term" in response.json()["fields"]
    client.post("/api/translation/glossary", {"term": "Acme"}, format="json")
    response = client.post("/api/translation/glossary", {"term": "Acme"}, format="json")
    assert response.status_code == 400
    assert "term" in response.json()["fields"]
    assert GlossaryEntry.objects.filter(organisation=org_a.organisation).count() == 1
    response = client.post("/api/translation/memory", {"source_language": "nl"}, format="json")
    assert response.status_code == 400
    assert {"target_language", "source_text", "translated_text"} <= set(response.json()["fields"])


def test_a_glossary_term_is_kept_or_translated_for_one_target_language(client_factory, org_a):
    client = client_factory(org_a["admin"])
    keep = client.post("/api/translation/glossary", {"term": "Zuidas"}, format="json")
    assert keep.status_code == 201
    assert (keep.json()["translation"], keep.json()["target_language"]) == ("", "")
    fixed = {"term": "gemeente", "translation": "municipality", "source_language": "nl"}
    response = client.post("/api/translation/glossary", fixed, format="json")
    assert response.status_code == 400
    assert "target_language" in response.json()["fields"]
    response = client.post("/api/translation/glossary", fixed | {"target_language": "en"}, format="json")
    assert response.status_code == 201
    for code in ("english", "e n", "EN", "nl<script>"):
        response = client.post(
            "/api/translation/glossary", {"term": "x", "target_language": code}, format="json"
        )
        assert response.status_code == 400, code
        assert "target_language" in response.json()["fields"]
    assert sorted(GlossaryEntry.objects.values_list("term", "translation", "target_language")) == [
        ("Zuidas", "", ""),
        ("gemeente", "municipality", "en"),
    ]


def test_lists_run_a_fixed_number_of_queries(client_factory, org_a, django_assert_max_num_queries):
    for index in range(5):
        services.api_key_create(organisation=org_a.organisation, name=f"bot {index}", created_by=org_a["hr"])
        services.memory_entry_save(
            organisation=org_a.organisation,
            source_language="nl",
            target_language="en",
            source_text=f"tekst {index}",
            translated_text="text",
            approved_by=org_a["hr"],
        )
    client = client_factory(org_a["hr"])
    for url in ("/api/translation/keys", "/api/translation/memory", "/api/translation/glossary"):
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200
