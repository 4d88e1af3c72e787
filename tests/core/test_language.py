"""One rule for the language a person reads (welkom.core.language)."""

import pytest

from tests.factories import UserFactory
from tests.newcomers.factories import NewcomerProfileFactory
from welkom.core.language import content_languages, person_language, pick

pytestmark = pytest.mark.django_db


def test_server_text_is_in_the_interface_language_or_english():
    assert person_language(UserFactory(language="pl")) == "pl"
    assert person_language(UserFactory(language="ro-RO")) == "ro"
    assert person_language(UserFactory(language="hi")) == "en"


def _newcomer(language: str, spoken: list[str]):
    user = UserFactory(language=language, role="newcomer")
    NewcomerProfileFactory(user=user, languages_spoken=spoken)
    user.refresh_from_db()
    return user


def test_content_falls_back_to_english_then_dutch_only_when_listed():
    assert content_languages(_newcomer("pl", ["pl", "en"])) == ["pl", "en"]
    assert content_languages(_newcomer("pl", ["pl", "nl", "en"])) == ["pl", "nl", "en"]
    only_polish = _newcomer("pl", ["pl"])
    assert content_languages(only_polish) == ["pl", "en"]
    assert "nl" not in content_languages(only_polish)


def test_pick_names_the_language_it_found():
    texts = {"en": "Housing", "nl": "Wonen", "pl": ""}
    assert pick(texts, ["pl", "nl", "en"]) == ("nl", "Wonen")
    assert pick(texts, ["ar"]) == ("en", "Housing")
    assert pick({}, ["pl"]) == ("", None)
