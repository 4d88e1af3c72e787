"""A reading language that is not one is refused with words the person can act on, in their own
language: what they typed, and whether it is not a code at all or a code no language has."""

import pytest

from welkom.chat.models import ChatReader

pytestmark = pytest.mark.django_db

REFUSALS = {
    "en": (
        "Use a language code such as nl, en or pl.",
        "“Romanian” is not a language code (two or three letters, e.g. pl).",
        "“qqq” is not a known language code (ISO 639-1, e.g. pl).",
    ),
    "nl": (
        "Gebruik een taalcode zoals nl, en of pl.",
        "„Romanian” is geen taalcode (twee of drie letters, bijv. pl).",
        "„qqq” is geen bekende taalcode (ISO 639-1, bijv. pl).",
    ),
}


@pytest.mark.parametrize("interface", ["en", "nl"])
def test_a_reading_language_that_is_not_one_is_refused_in_the_persons_language(
    client_factory, org_a, interface
):
    newcomer = org_a["newcomer"]
    newcomer.language = interface
    newcomer.save(update_fields=["language"])
    client = client_factory(newcomer)
    summary, not_a_code, unknown = REFUSALS[interface]

    for value, field_error in [("Romanian", not_a_code), ("qqq", unknown)]:
        response = client.put("/api/chat/reading-language", {"language": value}, format="json")
        assert response.status_code == 400
        assert (response.json()["detail"], response.json()["fields"]) == (
            summary,
            {"language": [field_error]},
        )
    assert not ChatReader.objects.exists()
