"""Test data for the newcomers app."""

import factory
from factory.django import DjangoModelFactory

from tests.factories import UserFactory
from welkom.accounts.models import Role
from welkom.newcomers.models import NewcomerProfile


class NewcomerProfileFactory(DjangoModelFactory[NewcomerProfile]):
    """A profile written straight to the table: no listeners run (journeys, checklists, chat). To
    get what HR's saving does, pass the profile on to ``newcomers.services.profile_update``."""

    class Meta:
        model = NewcomerProfile

    user = factory.SubFactory(UserFactory, role=Role.NEWCOMER)
    organisation = factory.SelfAttribute("user.organisation")
