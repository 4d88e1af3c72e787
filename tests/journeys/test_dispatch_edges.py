"""The dispatcher at its edges: a step at the very second it is due, lateness at its two minutes, a
tick after midnight in quiet hours, a tick that comes late or runs out of time, who a step goes to
when its owner is missing, the reminder and HR's word on the very day, and the weekly digest at the
turn of a day and of a year."""

import logging
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from tests.factories import TeamMembershipFactory, UserFactory
from tests.journeys.conftest import make_profile
from welkom.journeys import dispatch, services
from welkom.journeys.models import DispatchWatermark, PlanStep
from welkom.newcomers import services as newcomer_services
from welkom.notifications.models import Notification

pytestmark = pytest.mark.django_db

MONDAY = datetime(2027, 1, 4, 10, tzinfo=UTC)  # 11:00 in Amsterdam: no quiet hours
SECOND = timedelta(seconds=1)


def _plan(org, template, *, profile=None, created_by=None):
    return services.plan_create(
        profile=profile or make_profile(org), template=template, created_by=created_by or org["hr"]
    )


def _step(plan, key):
    return PlanStep.objects.get(plan=plan, key=key)


def _due(plan, org, **moments):
    """Give the plan's steps these due moments by hand, as HR would."""
    for key, moment in moments.items():
        services.step_move(step=_step(plan, key), actor=org["hr"], due_at=moment)


def _notification(step, kind="step"):
    return Notification.objects.get(dedupe_key=f"journey-{kind}:{step.pk}")


def _newcomer(org, **fields):
    return UserFactory(organisation=org.organisation, role="newcomer", **fields)


def _keys(user):
    return set(Notification.objects.filter(recipient=user).values_list("dedupe_key", flat=True))


# --- Sending ---------------------------------------------------------------------------------------


def test_a_step_goes_at_its_very_second_and_not_one_before(org_a, small_template):
    plan = _plan(org_a, small_template)
    _due(plan, org_a, read=MONDAY, coffee=MONDAY + SECOND, laptop=MONDAY + timedelta(days=1))
    assert dispatch.dispatch_tick(now=MONDAY - SECOND).sent == 0
    assert dispatch.dispatch_tick(now=MONDAY).sent == 1
    read = _step(plan, "read")
    assert (read.state, read.sent_at) == ("sent", MONDAY)
    assert _step(plan, "coffee").state == "planned"
    assert _step(plan, "welcome").state == "planned"  # its moment has passed, but it waits for the laptop
    assert dispatch.dispatch_tick(now=MONDAY + SECOND).sent == 1
    assert _step(plan, "coffee").sent_at == MONDAY + SECOND


def test_a_skipped_step_is_never_sent(org_a, small_template):
    plan = _plan(org_a, small_template)
    services.step_skip(step=_step(plan, "read"), actor=org_a["hr"])
    dispatch.dispatch_tick(now=MONDAY)
    assert _step(plan, "read").state == "skipped"
    assert not Notification.objects.filter(dedupe_key=f"journey-step:{_step(plan, 'read').pk}").exists()


def test_a_step_counts_as_late_only_more_than_two_minutes_after_its_moment(org_a, small_template):
    plan = _plan(org_a, small_template)
    two_minutes = timedelta(minutes=2)
    _due(plan, org_a, read=MONDAY - two_minutes - SECOND, coffee=MONDAY - two_minutes, laptop=MONDAY)
    result = dispatch.dispatch_tick(now=MONDAY)
    assert (result.sent, result.late, result.batches) == (3, 1, 1)
    watermark = DispatchWatermark.objects.get(name=dispatch.WATERMARK)
    assert (watermark.swept_until, watermark.last_sent, watermark.last_caught_up) == (MONDAY, 3, 1)


def test_a_tick_after_midnight_holds_email_and_push_until_eight_and_a_later_tick_sends_them(
    org_a, small_template
):
    plan = _plan(org_a, small_template)
    night = datetime(2027, 1, 5, 1, tzinfo=UTC)  # 02:00 in Amsterdam, after midnight
    eight = datetime(2027, 1, 5, 7, tzinfo=UTC)  # 08:00 the same morning, not the next day's
    _due(plan, org_a, read=night, coffee=night + timedelta(days=1), laptop=night + timedelta(days=1))
    assert dispatch.dispatch_tick(now=night).sent == 1
    deliveries = {d.channel: d for d in _notification(_step(plan, "read")).deliveries.all()}
    assert (deliveries["in_app"].status, deliveries["in_app"].sent_at) == ("sent", night)
    assert (deliveries["email"].not_before, deliveries["email"].queued_at) == (eight, None)
    assert dispatch.dispatch_tick(now=eight - SECOND).requeued == 0
    assert dispatch.dispatch_tick(now=eight).requeued == 1  # the e-mail (no push subscription)
    deliveries["email"].refresh_from_db()
    assert deliveries["email"].queued_at == eight


def test_a_late_tick_does_not_move_the_watermark_back_and_one_at_the_same_moment_is_recorded(
    org_a, small_template
):
    _plan(org_a, small_template)
    assert not DispatchWatermark.objects.exists()
    assert dispatch.dispatch_tick(now=MONDAY).sent == 3
    watermark = DispatchWatermark.objects.get(name=dispatch.WATERMARK)
    assert (watermark.swept_until, watermark.last_sent) == (MONDAY, 3)
    dispatch.dispatch_tick(now=MONDAY)  # beat sent two ticks for the same minute
    watermark.refresh_from_db()
    assert (watermark.swept_until, watermark.last_sent) == (MONDAY, 0)
    _plan(org_a, small_template, profile=make_profile(org_a, user=_newcomer(org_a)))
    stale = MONDAY - timedelta(minutes=1)  # a tick that waited in the queue
    assert dispatch.dispatch_tick(now=stale).sent == 3
    watermark.refresh_from_db()
    assert (watermark.swept_until, watermark.last_sent) == (MONDAY, 0)


def _logged(caplog):
    return [record.getMessage() for record in caplog.records if record.name == dispatch.__name__]


def test_a_tick_after_downtime_says_so_in_the_log_and_one_after_two_minutes_does_not(
    org_a, small_template, caplog
):
    DispatchWatermark.objects.create(
        name=dispatch.WATERMARK, swept_until=MONDAY - timedelta(minutes=2), ticked_at=MONDAY
    )
    with caplog.at_level(logging.INFO, logger="welkom.journeys.dispatch"):
        dispatch.dispatch_tick(now=MONDAY)
        assert not _logged(caplog)  # on time, and nothing sent or queued: a quiet tick
        _plan(org_a, small_template)
        dispatch.dispatch_tick(now=MONDAY + timedelta(minutes=2, seconds=1))
    caught_up, tick = _logged(caplog)
    assert caught_up.startswith("Journeys: catching up from 2027-01-04 10:00:00+00:00 to 2027-01-04 10:02:01")
    assert tick.startswith("Journeys tick: TickResult(sent=3")


def test_the_batch_size_comes_from_the_settings_when_none_is_given(org_a, small_template, settings):
    settings.JOURNEYS_DISPATCH_BATCH = 2
    _plan(org_a, small_template)
    _plan(org_a, small_template, profile=make_profile(org_a, user=_newcomer(org_a)))
    result = dispatch.dispatch_tick(now=MONDAY)
    assert (result.sent, result.batches) == (6, 3)


def test_a_tick_that_has_used_its_time_stops_between_batches_and_the_next_one_goes_on(
    org_a, small_template, monkeypatch
):
    """The time budget (50 s) is read from a monotonic clock; here each reading is 25 s on."""
    _plan(org_a, small_template)
    _plan(org_a, small_template, profile=make_profile(org_a, user=_newcomer(org_a)))
    readings = iter(range(0, 3000, 25))
    monkeypatch.setattr(dispatch, "clock", SimpleNamespace(monotonic=lambda: next(readings)))
    first = dispatch.dispatch_tick(now=MONDAY, batch_size=2)  # 25 s used: a batch; 50 s: stop
    assert (first.sent, first.batches) == (2, 1)
    assert PlanStep.objects.filter(state="planned", waiting=False).count() == 4
    second = dispatch.dispatch_tick(now=MONDAY, batch_size=2, budget_seconds=80)  # at 0, 25 and 50 s
    assert (second.sent, second.batches) == (4, 2)


# --- Who a step goes to ----------------------------------------------------------------------------


def test_each_owner_gets_their_step_with_a_link_to_where_they_act_on_it(org_a, small_template):
    newcomer = org_a["newcomer"]
    plan = _plan(org_a, small_template, created_by=org_a["admin"])
    dispatch.dispatch_tick(now=datetime(2026, 11, 20, 12, tzinfo=UTC))
    seen = {key: _notification(_step(plan, key)) for key in ("read", "laptop", "coffee")}
    services.step_mark_done(step=_step(plan, "laptop"), by=org_a["admin"])  # the welcome waited for it
    dispatch.dispatch_tick(now=datetime(2026, 11, 20, 12, tzinfo=UTC))
    seen["welcome"] = _notification(_step(plan, "welcome"))
    name = newcomer.display_name
    expected = {
        "read": (newcomer, "/", "Read the module"),
        "laptop": (org_a["admin"], f"/journeys/plans/{plan.pk}", f"{name}: Order the laptop"),
        "welcome": (org_a["team_lead"], "/", f"{name}: Welcome"),
        "coffee": (org_a["colleague"], "/", f"{name}: Coffee with your buddy"),
    }
    for key, (person, link, title) in expected.items():
        notification = seen[key]
        assert (notification.recipient, notification.link, notification.title) == (person, link, title), key
    assert seen["read"].body == "Ten minutes."  # the step's text goes with it


def test_without_a_team_lead_on_the_profile_the_teams_lead_gets_their_steps(org_a, small_template):
    profile = newcomer_services.profile_update(
        profile=make_profile(org_a), changed_by=org_a["hr"], team_lead=None, buddy=None
    )
    plan = _plan(org_a, small_template, profile=profile)
    services.step_mark_done(step=_step(plan, "laptop"), by=org_a["hr"])
    dispatch.dispatch_tick(now=datetime(2026, 11, 20, 12, tzinfo=UTC))
    assert _notification(_step(plan, "welcome")).recipient == org_a["team_lead"]  # the team's lead
    coffee = _notification(_step(plan, "coffee"))  # no buddy: HR does it
    assert (coffee.recipient, coffee.link) == (org_a["hr"], f"/journeys/plans/{plan.pk}")


def test_without_a_team_the_plans_hr_contact_gets_the_team_leads_and_the_teams_steps(org_a, small_template):
    profile = newcomer_services.profile_update(
        profile=make_profile(org_a), changed_by=org_a["hr"], team=None, team_lead=None
    )
    plan = _plan(org_a, small_template, profile=profile)
    team_step = services.step_add(
        plan=plan, actor=org_a["hr"], stage="before", kind="module", owner="team", title="Clear language"
    )
    services.step_mark_done(step=_step(plan, "laptop"), by=org_a["hr"])
    dispatch.dispatch_tick(now=datetime(2026, 11, 20, 12, tzinfo=UTC))
    assert _notification(_step(plan, "welcome")).recipient == org_a["hr"]
    assert [n.recipient for n in Notification.objects.filter(dedupe_key=f"journey-step:{team_step.pk}")] == [
        org_a["hr"]
    ]


def test_a_team_step_and_its_reminder_go_to_every_active_member_whose_part_is_open(org_a, small_template):
    mate = UserFactory(organisation=org_a.organisation, role="colleague")
    gone = UserFactory(organisation=org_a.organisation, role="colleague", is_active=False)
    for person in (mate, gone):
        TeamMembershipFactory(team=org_a.team, user=person)
    plan = _plan(org_a, small_template)
    step = services.step_add(
        plan=plan, actor=org_a["hr"], stage="before", kind="module", owner="team", title="Clear language"
    )
    services.team_part_mark_done(step=step, by=mate)  # before it went out
    dispatch.dispatch_tick(now=datetime(2026, 11, 20, 12, tzinfo=UTC))
    reached = Notification.objects.filter(dedupe_key=f"journey-step:{step.pk}")
    assert {n.recipient for n in reached} == {org_a["team_lead"], org_a["colleague"]}
    assert {n.link for n in reached} == {"/"}
    assert {n.title for n in reached} == {f"{org_a['newcomer'].display_name}: Clear language"}
    services.team_part_mark_done(step=step, by=org_a["colleague"])
    dispatch.overdue_check(now=datetime(2026, 11, 20, 12, tzinfo=UTC))
    reminded = Notification.objects.filter(dedupe_key=f"journey-overdue:{step.pk}")
    assert [n.recipient for n in reminded] == [org_a["team_lead"]]


def test_a_plan_whose_hr_contact_was_deleted_does_not_stop_the_tick_and_hr_still_hears(org_a, small_template):
    contact = UserFactory(organisation=org_a.organisation, role="hr")
    profile = newcomer_services.profile_update(profile=make_profile(org_a), changed_by=org_a["hr"], team=None)
    plan = _plan(org_a, small_template, profile=profile, created_by=contact)
    services.step_add(
        plan=plan, actor=org_a["hr"], stage="before", kind="module", owner="team", title="Clear language"
    )
    other = _plan(org_a, small_template, profile=make_profile(org_a, user=_newcomer(org_a)))
    contact.delete()  # in the admin site: the plan keeps no HR contact
    assert dispatch.dispatch_tick(now=MONDAY).sent == 7
    assert _notification(_step(plan, "read")).recipient == org_a["newcomer"]
    assert _notification(_step(other, "laptop")).recipient == org_a["hr"]
    dispatch.overdue_check(now=MONDAY + timedelta(days=8))
    assert _notification(_step(plan, "read"), "escalated").recipient == org_a["hr"]


# --- Overdue: the owner once, then HR once --------------------------------------------------------


def test_the_reminder_comes_on_the_third_day_to_the_second_and_hr_hears_on_the_seventh(org_a, small_template):
    plan = _plan(org_a, small_template)
    _due(plan, org_a, read=MONDAY, coffee=MONDAY + timedelta(days=30), laptop=MONDAY + timedelta(days=30))
    dispatch.dispatch_tick(now=MONDAY)
    read = _step(plan, "read")
    assert dispatch.overdue_check(now=MONDAY + timedelta(days=3) - SECOND) == (0, 0)
    assert dispatch.overdue_check(now=MONDAY + timedelta(days=3)) == (1, 0)
    assert _step(plan, "read").reminded_at == MONDAY + timedelta(days=3)
    # The reminder takes the place of the step's own notification.
    assert _keys(org_a["newcomer"]) == {f"journey-overdue:{read.pk}"}
    reminder = _notification(read, "overdue")
    assert (reminder.title, reminder.link) == ("Reminder: Read the module", "/")
    assert dispatch.overdue_check(now=MONDAY + timedelta(days=7) - SECOND) == (0, 0)
    assert dispatch.overdue_check(now=MONDAY + timedelta(days=7)) == (0, 1)
    assert _step(plan, "read").escalated_at == MONDAY + timedelta(days=7)
    escalated = _notification(read, "escalated")
    assert (escalated.recipient, escalated.link) == (org_a["hr"], f"/journeys/plans/{plan.pk}")
    assert escalated.title == f"Still open for {org_a['newcomer'].display_name}: Read the module"
    assert dispatch.overdue_check(now=MONDAY + timedelta(days=30)) == (0, 0)


def test_a_reminder_and_hrs_word_after_midnight_go_by_email_at_eight(org_a, small_template):
    night = datetime(2027, 1, 4, 1, tzinfo=UTC)  # 02:00 on a Monday in Amsterdam
    plan = _plan(org_a, small_template)
    _due(plan, org_a, read=night, coffee=night + timedelta(days=30), laptop=night + timedelta(days=30))
    dispatch.dispatch_tick(now=night)
    read = _step(plan, "read")
    for days, kind in ((3, "overdue"), (7, "escalated")):
        moment = night + timedelta(days=days)  # 02:00 again
        dispatch.overdue_check(now=moment)
        deliveries = {d.channel: d for d in _notification(read, kind).deliveries.all()}
        assert (deliveries["in_app"].status, deliveries["in_app"].sent_at) == ("sent", moment), kind
        eight = moment + timedelta(hours=6)
        assert (deliveries["email"].not_before, deliveries["email"].queued_at) == (eight, None), kind


def test_a_step_done_in_time_is_neither_reminded_nor_escalated(org_a, small_template):
    plan = _plan(org_a, small_template)
    dispatch.dispatch_tick(now=MONDAY)
    for key in ("read", "laptop", "coffee"):
        services.step_mark_done(step=_step(plan, key), by=org_a["hr"])
    dispatch.dispatch_tick(now=MONDAY)  # "welcome", released by the laptop, due long ago
    services.step_mark_done(step=_step(plan, "welcome"), by=org_a["hr"])
    assert dispatch.overdue_check(now=MONDAY + timedelta(days=30)) == (0, 0)
    assert not Notification.objects.filter(kind__in=["journey_overdue", "journey_escalated"]).exists()


def test_after_a_long_downtime_the_owner_is_reminded_and_hr_told_in_one_check(org_a, small_template):
    plan = _plan(org_a, small_template)
    _due(plan, org_a, read=MONDAY, coffee=MONDAY + timedelta(days=30), laptop=MONDAY + timedelta(days=30))
    dispatch.dispatch_tick(now=MONDAY)
    assert dispatch.overdue_check(now=MONDAY + timedelta(days=10)) == (1, 1)
    assert dispatch.overdue_check(now=MONDAY + timedelta(days=11)) == (0, 0)
    read = _step(plan, "read")
    assert _notification(read, "overdue").recipient == org_a["newcomer"]
    assert _notification(read, "escalated").recipient == org_a["hr"]


def test_overdue_steps_are_taken_oldest_first_a_batch_at_a_time(org_a, small_template):
    plan = _plan(org_a, small_template)
    _due(plan, org_a, read=MONDAY, coffee=MONDAY - timedelta(hours=1), laptop=MONDAY + timedelta(days=30))
    dispatch.dispatch_tick(now=MONDAY)
    later = MONDAY + timedelta(days=4)
    assert dispatch.overdue_check(now=later, batch_size=1) == (1, 0)
    assert _step(plan, "coffee").reminded_at == later
    assert _step(plan, "read").reminded_at is None
    assert dispatch.overdue_check(now=later, batch_size=1) == (1, 0)
    assert _step(plan, "read").reminded_at == later
    later = MONDAY + timedelta(days=8)
    assert dispatch.overdue_check(now=later, batch_size=1) == (0, 1)
    assert _step(plan, "coffee").escalated_at == later
    assert _step(plan, "read").escalated_at is None
    assert dispatch.overdue_check(now=later, batch_size=1) == (0, 1)


def test_when_the_plans_hr_contact_has_left_every_active_hr_person_hears(org_a, org_b, small_template):
    second = UserFactory(organisation=org_a.organisation, role="hr")
    UserFactory(organisation=org_a.organisation, role="hr", is_active=False)
    contact = UserFactory(organisation=org_a.organisation, role="hr")
    plan = _plan(org_a, small_template, created_by=contact)
    _due(plan, org_a, read=MONDAY, coffee=MONDAY + timedelta(days=30), laptop=MONDAY + timedelta(days=30))
    dispatch.dispatch_tick(now=MONDAY)
    contact.is_active = False
    contact.save(update_fields=["is_active"])
    assert dispatch.overdue_check(now=MONDAY + timedelta(days=8)) == (1, 1)
    key = f"journey-escalated:{_step(plan, 'read').pk}"
    told = Notification.objects.filter(dedupe_key=key)
    assert {n.recipient for n in told} == {org_a["hr"], second}


def test_an_active_hr_contact_alone_hears_about_their_plan(org_a, small_template):
    UserFactory(organisation=org_a.organisation, role="hr")
    plan = _plan(org_a, small_template)
    _due(plan, org_a, read=MONDAY, coffee=MONDAY + timedelta(days=30), laptop=MONDAY + timedelta(days=30))
    dispatch.dispatch_tick(now=MONDAY)
    dispatch.overdue_check(now=MONDAY + timedelta(days=8))
    told = Notification.objects.filter(kind="journey_escalated")
    assert [n.recipient for n in told] == [org_a["hr"]]


# --- The weekly digest -----------------------------------------------------------------------------


def _digest_for(person):
    return Notification.objects.get(kind="journey_digest", recipient=person)


def test_the_digest_of_new_years_day_belongs_to_the_last_week_of_the_old_year(org_a, small_template):
    plan = _plan(org_a, small_template)
    _due(plan, org_a, read=datetime(2026, 12, 20, 9, tzinfo=UTC))
    dispatch.dispatch_tick(now=datetime(2026, 12, 21, tzinfo=UTC))
    friday = datetime(2027, 1, 1, 7, tzinfo=UTC)
    assert dispatch.hr_digest_send(now=friday) == 1
    assert dispatch.hr_digest_send(now=friday + timedelta(days=2)) == 1  # Sunday: the same week, no new one
    monday = friday + timedelta(days=3)
    assert dispatch.hr_digest_send(now=monday) == 1
    digests = Notification.objects.filter(kind="journey_digest").order_by("id")
    assert [d.dedupe_key for d in digests] == ["journey-digest:2026-W53", "journey-digest:2027-W01"]
    assert [d.title for d in digests] == [
        "Overdue onboarding steps, week 2026-W53",
        "Overdue onboarding steps, week 2027-W01",
    ]
    assert {d.link for d in digests} == {"/"}


def test_the_digest_gives_the_day_a_step_was_due_in_amsterdam_not_in_utc(org_a, small_template):
    plan = _plan(org_a, small_template)
    # 23:30 UTC on Sunday 27 December is 00:30 on Monday 28 December in Amsterdam.
    _due(plan, org_a, read=datetime(2026, 12, 27, 23, 30, tzinfo=UTC))
    dispatch.dispatch_tick(now=datetime(2026, 12, 28, tzinfo=UTC))
    dispatch.hr_digest_send(now=datetime(2027, 1, 4, 7, tzinfo=UTC))
    assert "- Read the module (Dec. 28, 2026)" in _digest_for(org_a["hr"]).body


def test_the_digest_lists_steps_three_days_overdue_to_the_second_and_not_those_done(org_a, small_template):
    plan = _plan(org_a, small_template)
    digest_at = datetime(2027, 1, 4, 7, tzinfo=UTC)
    three_days = timedelta(days=3)
    _due(
        plan,
        org_a,
        read=digest_at - three_days,
        coffee=digest_at - three_days + SECOND,
        laptop=digest_at - timedelta(days=10),
    )
    dispatch.dispatch_tick(now=digest_at)
    services.step_mark_done(step=_step(plan, "laptop"), by=org_a["hr"])  # done, though long overdue too
    dispatch.hr_digest_send(now=digest_at)
    body = _digest_for(org_a["hr"]).body
    assert "Read the module" in body
    assert "Coffee with your buddy" not in body
    assert "Order the laptop" not in body


def test_the_digest_groups_each_organisations_newcomers_by_name_and_their_steps_by_moment(
    org_a, org_b, small_template
):
    zaynab = _newcomer(org_a, full_name="Zaynab Haddad")
    anna = _newcomer(org_a, full_name="Anna Visser")
    bruno = _newcomer(org_b, full_name="Bruno Costa")
    plans = [
        _plan(org_a, small_template, profile=make_profile(org_a, user=zaynab)),
        _plan(org_a, small_template, profile=make_profile(org_a, user=anna)),
        _plan(org_b, small_template, profile=make_profile(org_b, user=bruno)),
    ]
    for plan, org in zip(plans, (org_a, org_a, org_b), strict=True):
        # Coffee before reading: the digest follows the moments, not the template's order.
        _due(
            plan,
            org,
            coffee=datetime(2026, 12, 1, 9, tzinfo=UTC),
            read=datetime(2026, 12, 2, 9, tzinfo=UTC),
            laptop=datetime(2027, 2, 1, 9, tzinfo=UTC),
        )
    dispatch.dispatch_tick(now=datetime(2026, 12, 3, tzinfo=UTC))
    assert dispatch.hr_digest_send(now=datetime(2027, 1, 4, 7, tzinfo=UTC)) == 2
    steps = "  - Coffee with your buddy (Dec. 1, 2026)\n  - Read the module (Dec. 2, 2026)"
    assert _digest_for(org_a["hr"]).body == (
        f"Anna Visser (2 open steps past their moment:)\n{steps}\n\n"
        f"Zaynab Haddad (2 open steps past their moment:)\n{steps}"
    )
    assert _digest_for(org_b["hr"]).body == f"Bruno Costa (2 open steps past their moment:)\n{steps}"


def test_the_digest_lists_steps_by_moment_though_the_earlier_one_was_sent_later(org_a, small_template):
    plan = _plan(org_a, small_template)
    _due(
        plan,
        org_a,
        read=datetime(2026, 12, 2, 9, tzinfo=UTC),
        coffee=datetime(2026, 12, 10, 9, tzinfo=UTC),
        laptop=datetime(2027, 2, 1, 9, tzinfo=UTC),
    )
    dispatch.dispatch_tick(now=datetime(2026, 12, 3, tzinfo=UTC))  # reading goes out
    _due(plan, org_a, coffee=datetime(2026, 12, 1, 9, tzinfo=UTC))  # HR moves coffee before it
    dispatch.dispatch_tick(now=datetime(2026, 12, 4, tzinfo=UTC))  # coffee goes out, late
    dispatch.hr_digest_send(now=datetime(2027, 1, 4, 7, tzinfo=UTC))
    assert _digest_for(org_a["hr"]).body.endswith(
        "  - Coffee with your buddy (Dec. 1, 2026)\n  - Read the module (Dec. 2, 2026)"
    )


def test_every_active_hr_person_gets_the_digest_by_email_at_once_even_in_their_night(org_a, small_template):
    far = UserFactory(organisation=org_a.organisation, role="hr", time_zone="America/Los_Angeles")
    UserFactory(organisation=org_a.organisation, role="hr", is_active=False)
    _plan(org_a, small_template)
    dispatch.dispatch_tick(now=datetime(2026, 12, 1, tzinfo=UTC))
    digest_at = datetime(2027, 1, 4, 7, tzinfo=UTC)  # 23:00 on Sunday in Los Angeles
    assert dispatch.hr_digest_send(now=digest_at) == 2
    assert {n.recipient for n in Notification.objects.filter(kind="journey_digest")} == {org_a["hr"], far}
    email = _digest_for(far).deliveries.get()
    assert (email.channel, email.not_before, email.queued_at) == ("email", digest_at, digest_at)
