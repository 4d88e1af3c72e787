"""Queueing is what is tested here, so a real worker consumes from Redis (no eager mode)."""

import time

import pytest
from django.core import mail
from django.db import transaction

from welkom.accounts.models import Invitation

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def _wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_task_queued_after_commit_runs_on_a_real_worker(client_factory, org_a, celery_worker):
    hr = client_factory(org_a["hr"])
    response = hr.post(
        "/api/invitations", {"email": "queued@example.test", "role": "newcomer"}, format="json"
    )
    assert response.status_code == 201
    assert _wait_for(lambda: any("queued@example.test" in m.to for m in mail.outbox)), (
        "the worker never sent it"
    )
    # The mail leaves inside the worker's transaction, which then records the moment: wait for the commit.
    assert _wait_for(lambda: Invitation.objects.get(email="queued@example.test").email_sent_at is not None), (
        "the worker sent the mail but never recorded it"
    )


def test_nothing_is_queued_when_the_transaction_rolls_back(org_a, celery_worker):
    from welkom.accounts import services

    def create_then_fail() -> None:
        with transaction.atomic():
            services.invitation_create(invited_by=org_a["hr"], email="never@example.test", role="newcomer")
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        create_then_fail()
    # Send a marker through the same queue; once it is processed, the rolled-back task would have been too.
    from django.core.cache import cache

    from welkom.core.tasks import echo

    echo.apply_async(args=["after-rollback"], queue="notifications")
    assert _wait_for(lambda: cache.get("welkom:worker:echo:after-rollback") is not None)
    assert not Invitation.objects.filter(email="never@example.test").exists()
    assert not any("never@example.test" in m.to for m in mail.outbox)
