"""Test data for the push app."""

import factory
from factory.django import DjangoModelFactory

from tests.factories import UserFactory
from welkom.push.models import PushSubscription


class PushSubscriptionFactory(DjangoModelFactory[PushSubscription]):
    """A browser's subscription with placeholder keys: enough to be stored, listed and erased, not
    to encrypt a real push message (tests that send make real keys)."""

    class Meta:
        model = PushSubscription

    user = factory.SubFactory(UserFactory)
    endpoint = factory.Sequence(lambda n: f"https://push.example/{n}")
    p256dh = "p"
    auth = "a"
