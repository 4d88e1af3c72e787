"""Test data for the accounts app, which every other app's tests use too. Each other app keeps its
factories beside its tests: ``tests/<app>/factories.py``."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from welkom.accounts.models import Invitation, Organisation, Role, Team, TeamMembership, User

PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name")
    role = Role.COLLEAGUE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TeamFactory(DjangoModelFactory[Team]):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class TeamMembershipFactory(DjangoModelFactory[TeamMembership]):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)


class InvitationFactory(DjangoModelFactory[Invitation]):
    """An invitation row as HR's invite leaves it (no e-mail sent): valid for 14 days."""

    class Meta:
        model = Invitation

    user = factory.SubFactory(UserFactory, role=Role.NEWCOMER)
    organisation = factory.SelfAttribute("user.organisation")
    email = factory.SelfAttribute("user.email")
    role = factory.SelfAttribute("user.role")
    nonce = factory.Sequence(lambda n: f"nonce-{n}")
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda invitation: invitation.created_at + timedelta(days=14))
