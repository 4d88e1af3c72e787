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
