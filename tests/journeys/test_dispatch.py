"""Sending through the services: once per step and channel, in order after downtime, overdue once."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection

from tests.factories import UserFactory
from tests.journeys.conftest import make_profile
from welkom.journeys import dispatch, services
from welkom.journeys.models import DispatchWatermark, PlanStep
from welkom.notifications.models import Delivery, Notification
from welkom.notifications.services import delivery_send

LATE = datetime(2027, 1, 4, 10, tzinfo=UTC)  # a Monday, 11:00 in Amsterdam: not quiet hours


def _send_all_pending():
    for delivery in Delivery.objects.filter(status="pending"):
        delivery_send(delivery_id=delivery.pk)


@pytest.mark.django_db
def test_a_tick_sends_each_due_step_once_per_channel(profile_a, small_template, org_a):
    plan = services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    first = dispatch.dispatch_tick(now=LATE)
    second = dispatch.dispatch_tick(now=LATE)
    assert first.sent == 3  # "welcome" waits for the laptop
    assert second.sent == 0
    read = PlanStep.objects.get(plan=plan, key="read")
    notification = Notification.objects.get(dedupe_key=f"journey-step:{read.pk}")
    assert notification.recipient == org_a["newcomer"]
    assert notification.link == "/"
    assert sorted(notification.deliveries.values_list("channel", flat=True)) == ["email", "in_app", "push"]
    _send_all_pending()
    _send_all_pending()  # a duplicated task finds the row sent
    assert sorted(m.subject for m in mail.outbox if m.to == [org_a["newcomer"].email]) == ["Read the module"]
    coffee = Notification.objects.get(
        dedupe_key__endswith=str(PlanStep.objects.get(plan=plan, key="coffee").pk)
    )
    assert coffee.recipient == org_a["colleague"]  # the buddy
    assert coffee.title.startswith(org_a["newcomer"].display_name)


@pytest.mark.django_db
def test_quiet_hours_hold_email_and_push_until_eight_local_time(org_a):
    from welkom.notifications.services import notification_send, quiet_hours_end

    zone = __import__("zoneinfo").ZoneInfo("Asia/Kolkata")
    night = datetime(2026, 11, 2, 17, 0, tzinfo=UTC)  # 22:30 in Kolkata
    assert quiet_hours_end(moment=night, zone=zone) == datetime(2026, 11, 3, 2, 30, tzinfo=UTC)
    day = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)  # 11:30 in Kolkata
    assert quiet_hours_end(moment=day, zone=zone) == day
    org_a["hr"].time_zone = "Asia/Kolkata"
    org_a["hr"].save()
    urgent = notification_send(
        recipient=org_a["hr"], kind="x", title="Urgent", dedupe_key="urgent-1", urgent=True, now=night
    )
    email = urgent.deliveries.get(channel="email")
    assert (email.not_before, email.queued_at) == (night, night)  # goes at once
    later = notification_send(recipient=org_a["hr"], kind="x", title="Later", dedupe_key="later-1", now=night)
    email = later.deliveries.get(channel="email")
    assert (email.not_before, email.queued_at) == (datetime(2026, 11, 3, 2, 30, tzinfo=UTC), None)
    assert delivery_send(delivery_id=email.pk) == "pending"  # a stray task does not send it early
    assert not mail.outbox


@pytest.mark.django_db
def test_catch_up_after_downtime_sends_everything_missed_in_order(org_a, small_template):
    plans = []
    for index in range(3):
        user = UserFactory(organisation=org_a.organisation, role="newcomer", email=f"n{index}@alpha.test")
        profile = make_profile(org_a, user=user)
        plans.append(services.plan_create(profile=profile, template=small_template, created_by=org_a["hr"]))
    DispatchWatermark.objects.create(
        name=dispatch.WATERMARK, swept_until=LATE - timedelta(days=60), ticked_at=LATE - timedelta(days=60)
    )
    result = dispatch.dispatch_tick(now=LATE, batch_size=2)
    assert result.sent == 9
    assert result.late == 9
    assert result.batches == 5
    due = dict(PlanStep.objects.values_list("pk", "due_at"))
    keys = (
        Notification.objects.filter(kind="journey_step").order_by("id").values_list("dedupe_key", flat=True)
    )
    in_sending_order = [due[int(key.split(":")[1])] for key in keys]
    assert in_sending_order == sorted(in_sending_order)
    watermark = DispatchWatermark.objects.get()
    assert watermark.swept_until == LATE
    assert watermark.last_caught_up == 9


@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_share_the_work_without_sending_twice(org_a, small_template):
    for index in range(20):
        user = UserFactory(organisation=org_a.organisation, role="newcomer", email=f"c{index}@alpha.test")
        services.plan_create(
            profile=make_profile(org_a, user=user), template=small_template, created_by=org_a["hr"]
        )
    results = []
    barrier = threading.Barrier(2)

    def tick():
        barrier.wait()
        try:
            results.append(dispatch.dispatch_tick(now=LATE, batch_size=5))
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.sent for r in results) == 60
    assert Notification.objects.filter(kind="journey_step").count() == 60
    assert Delivery.objects.count() == 180


@pytest.mark.django_db
def test_overdue_steps_remind_the_owner_once_then_tell_hr_once(profile_a, small_template, org_a):
    plan = services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    dispatch.dispatch_tick(now=datetime(2026, 11, 2, 12, tzinfo=UTC))
    read = PlanStep.objects.get(plan=plan, key="read")  # due 30 Oct
    assert dispatch.overdue_check(now=datetime(2026, 11, 1, tzinfo=UTC)) == (0, 0)
    assert dispatch.overdue_check(now=datetime(2026, 11, 3, tzinfo=UTC)) == (1, 0)
    assert dispatch.overdue_check(now=datetime(2026, 11, 4, tzinfo=UTC)) == (0, 0)
    assert Notification.objects.get(dedupe_key=f"journey-overdue:{read.pk}").recipient == org_a["newcomer"]
    assert dispatch.overdue_check(now=datetime(2026, 11, 7, tzinfo=UTC))[1] == 1
    assert dispatch.overdue_check(now=datetime(2026, 11, 8, tzinfo=UTC)) == (0, 0)
    escalated = Notification.objects.get(dedupe_key=f"journey-escalated:{read.pk}")
    assert escalated.recipient == org_a["hr"]
    assert org_a["newcomer"].display_name in escalated.title


@pytest.mark.django_db
def test_weekly_digest_lists_overdue_steps_per_newcomer_once_a_week(profile_a, small_template, org_a, org_b):
    services.plan_create(profile=profile_a, template=small_template, created_by=org_a["hr"])
    dispatch.dispatch_tick(now=datetime(2026, 11, 2, 12, tzinfo=UTC))
    monday = datetime(2026, 11, 9, 7, tzinfo=UTC)
    assert dispatch.hr_digest_send(now=monday) == 1
    assert dispatch.hr_digest_send(now=monday + timedelta(hours=1)) == 1  # same week: same row
    digest = Notification.objects.get(kind="journey_digest")
    assert digest.recipient == org_a["hr"]
    assert "Read the module" in digest.body
    assert list(digest.deliveries.values_list("channel", flat=True)) == ["email"]
    assert not Notification.objects.filter(recipient__organisation=org_b.organisation).exists()
