"""The reads of every ``/translate`` request (the API key, translation memory, glossary and acronym
rule) are statements compiled once per process (welkom.core.statements): after the first request
no SQL is built, and each read gives what the ORM query it replaced gives."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models.sql.compiler import SQLCompiler

from welkom.translation import selectors, services
from welkom.translation.models import ApiKey

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(monkeypatch) -> list[str]:
    """The SELECTs Django builds (compiles to SQL) while the test runs."""
    found: list[str] = []
    as_sql = SQLCompiler.as_sql

    def counting(self: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
        # Reads (PostgreSQL's compiler is a subclass of the same name); not the key's "last used"
        # write, once a minute, an update.
        if type(self).__name__ == "SQLCompiler":
            found.append(self.query.model._meta.db_table if self.query.model else "?")
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    return found


def _translate(api: Any, key: str, q: Any) -> Any:
    response = api.post("/translate", {"q": q, "source": "nl", "target": "en", "api_key": key}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["translatedText"]


def test_a_translate_request_builds_no_sql_once_the_process_has_served_one(api, org_a, languages, built):
    organisation = org_a.organisation
    _, key = services.api_key_create(organisation=organisation, name="Bot", created_by=org_a["hr"])
    services.glossary_entry_create(organisation=organisation, term="Zuidas")
    services.translation_settings_update(organisation=organisation, keep_acronyms=False)
    services.memory_entry_save(
        organisation=organisation,
        source_language="nl",
        target_language="en",
        source_text="Tot morgen",
        translated_text="See you tomorrow",
        approved_by=org_a["hr"],
    )

    def requests() -> list[Any]:
        return [
            _translate(api, key, ["Het kantoor op de Zuidas.", " Tot morgen "]),
            _translate(api, key, "Het kantoor op de Zuidas."),
        ]

    first = requests()  # each statement compiled on its first use (a memory read per number of texts)
    built.clear()
    assert requests() == first
    assert first[0] == [first[1], " See you tomorrow "]
    assert "Zuidas" in first[1]
    assert built == []


def test_the_key_is_read_with_its_organisation_as_the_orm_reads_it(org_a):
    key, raw = services.api_key_create(organisation=org_a.organisation, name="Bot", created_by=org_a["hr"])
    services.api_key_revoke(key=key)
    by_orm = ApiKey.objects.select_related("organisation").get(pk=key.pk)

    found = selectors.api_key_with_hash(by_orm.key_hash)

    assert found is not None
    assert [getattr(found, field.attname) for field in ApiKey._meta.concrete_fields] == [
        getattr(by_orm, field.attname) for field in ApiKey._meta.concrete_fields
    ]
    assert found.revoked_at is not None
    organisation = found.organisation
    assert [getattr(organisation, field.attname) for field in organisation._meta.concrete_fields] == [
        getattr(by_orm.organisation, field.attname) for field in organisation._meta.concrete_fields
    ]
    assert selectors.api_key_with_hash("0" * 64) is None
    assert raw not in (found.key_hash, found.prefix)


@pytest.mark.parametrize("count", [1, 2, 6, 7, 12])
def test_memory_is_found_for_any_number_of_texts_and_only_the_organisations_own(org_a, org_b, count):
    """Up to six texts (hashes) a statement, more the ORM query: the same answers either way."""
    texts = {f"Zin nummer {index}" for index in range(count)}
    for index, text in enumerate(sorted(texts)):
        owners = [(org_a, "A"), (org_b, "B")] if index % 2 == 0 else [(org_b, "B")]
        for org, mark in owners:
            services.memory_entry_save(
                organisation=org.organisation,
                source_language="nl",
                target_language="en",
                source_text=text,
                translated_text=f"{mark} {text}",
                approved_by=org["hr"],
            )

    found = selectors.memory_approved(
        organisation_id=org_a.organisation.pk, source="nl", target="en", texts=texts
    )

    assert found == {text: f"A {text}" for index, text in enumerate(sorted(texts)) if index % 2 == 0}
    assert (
        selectors.memory_approved(
            organisation_id=org_a.organisation.pk, source="nl", target="pl", texts=texts
        )
        == {}
    )
