import pytest
from django.core.management import call_command

from welkom.accounts.models import Organisation, Role, Team, User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_logins(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert Organisation.objects.count() == 1
    assert User.objects.count() == len(Role.values)
    from welkom.newcomers.models import NewcomerProfile

    assert NewcomerProfile.objects.get().children.count() == 1
    assert {u.role for u in User.objects.all()} == set(Role.values)
    assert Team.objects.get().memberships.count() == 3
    assert "hr@demo.welkom.test" in out
    assert "[5/5]" in out


def test_after_sync_content_the_demo_newcomer_has_a_journey_checklists_and_a_language_plan():
    from django.conf import settings

    from welkom.checklists.models import Checklist
    from welkom.content.services import content_sync
    from welkom.journeys.models import Plan
    from welkom.language.models import LanguagePlan

    content_sync(root=settings.CONTENT_DIR)
    call_command("seed_demo")
    call_command("seed_demo")
    newcomer = User.objects.get(role=Role.NEWCOMER)
    assert Plan.objects.filter(profile__user=newcomer).count() == 1
    assert Plan.objects.get(profile__user=newcomer).steps.count() > 10
    assert Checklist.objects.filter(profile__user=newcomer).exists()
    assert LanguagePlan.objects.filter(profile__user=newcomer).count() == 1
