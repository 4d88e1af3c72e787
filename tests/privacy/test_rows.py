"""Finding and neutralising a person's name in other people's texts."""

import pytest

from tests.factories import UserFactory
from tests.notifications.factories import NotificationFactory
from welkom.notifications.models import Notification
from welkom.privacy.rows import mentions_of, scrub


@pytest.fixture
def ali(org_a):
    return UserFactory(organisation=org_a.organisation, full_name="Ali Kaya", email="ali.kaya@alpha.test")


@pytest.mark.django_db
def test_only_whole_words_count(org_a, ali):
    assert scrub("Ali and ALI KAYA wrote to ali.kaya@alpha.test about quality", ali) == (
        "[removed] and [removed] wrote to [removed] about quality"
    )
    for title in ("Coffee with Ali", "Quality check", "Kayak trip", "Ali Kaya is late"):
        NotificationFactory(recipient=org_a["hr"], title=title)
    found = Notification.objects.filter(mentions_of(ali, "title", "body")).values_list("title", flat=True)
    assert sorted(found) == ["Ali Kaya is late", "Coffee with Ali"]
