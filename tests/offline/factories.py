"""Test data for the offline app."""

import factory
from factory.django import DjangoModelFactory

from tests.factories import UserFactory
from welkom.offline.models import IdempotencyRecord


class IdempotencyRecordFactory(DjangoModelFactory[IdempotencyRecord]):
    """A stored answer to a request sent with an Idempotency-Key."""

    class Meta:
        model = IdempotencyRecord

    user = factory.SubFactory(UserFactory)
    key = factory.Sequence(lambda n: f"key-{n}")
    method = "POST"
    path = "/api/x"
    fingerprint = "0" * 64
    status_code = 201
