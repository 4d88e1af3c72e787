"""Test data for the notifications app."""

import factory
from factory.django import DjangoModelFactory

from tests.factories import UserFactory
from welkom.notifications.models import Notification


class NotificationFactory(DjangoModelFactory[Notification]):
    """A notification row alone: no deliveries (``notification_send`` makes those)."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    organisation = factory.SelfAttribute("recipient.organisation")
    kind = "test"
    title = factory.Sequence(lambda n: f"Notification {n}")
    dedupe_key = factory.SelfAttribute("title")
