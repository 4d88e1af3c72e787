"""A language one test activates does not carry over into the next (tests/conftest.py,
``_default_language``): Django keeps the active language per thread, and the tests of one lane share
a thread. The two tests below run in this order; the second fails if the first's Dutch leaks."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from welkom.accounts.permissions import HasRole


def test_a_test_that_leaves_dutch_active() -> None:
    translation.activate("nl")
    assert translation.get_language() == "nl"
    assert str(HasRole.message) != "Your role does not allow this."


def test_the_next_test_starts_in_the_default_language() -> None:
    assert translation.get_language() == "en"
    assert gettext("Enter a valid email address.") == "Enter a valid email address."
