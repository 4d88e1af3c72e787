from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.conftest import make_org
from tests.factories import UserFactory
from tests.newcomers.factories import NewcomerProfileFactory
from welkom.language import selectors, services
from welkom.language.models import LanguagePlan, Milestone, StudySession
from welkom.language.signals import plan_changed
from welkom.newcomers.models import NewcomerProfile
from welkom.newcomers.services import profile_update

pytestmark = pytest.mark.django_db


def create_plan(client_factory, org, plan_input, **changes):
    response = client_factory(org["hr"]).post("/api/language/plans", {**plan_input, **changes}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_hr_previews_then_saves_a_reachable_plan(client_factory, org_a, plan_input):
    hr = client_factory(org_a["hr"])
    preview = hr.post("/api/language/plans/preview", plan_input, format="json")
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert body["feasible"] is True
    assert body["hours_needed"] == "120.0"
    assert [m["code"] for m in body["milestones"]] == ["A1", "A2"]
    assert not LanguagePlan.objects.exists()  # a preview saves nothing

    plan = create_plan(client_factory, org_a, plan_input)
    assert plan["progress"]["status"] == "on_track"
    assert plan["progress"]["next_milestone"]["code"] == "A1"
    stored = LanguagePlan.objects.get()
    assert sum(s.minutes for s in stored.sessions.all()) == 120 * 60
    assert stored.step_hours["A0"] == "60"


def test_an_unreachable_goal_is_refused_with_the_nearest_options(client_factory, org_a, plan_input):
    hr = client_factory(org_a["hr"])
    tight = {**plan_input, "target_level": "B1"}
    preview = hr.post("/api/language/plans/preview", tight, format="json").json()
    assert preview["feasible"] is False
    assert float(preview["gap_hours"]) > 0
    assert {o["kind"] for o in preview["options"]} >= {"later_date", "lower_target"}
    response = hr.post("/api/language/plans", tight, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "infeasible"
    assert "Nearest options" in body["fields"]["target_date"][0]
    assert not LanguagePlan.objects.exists()
    assert not StudySession.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"target_level": "A0"}, "target_level"),
        ({"target_date": "2020-01-01"}, "target_date"),
        ({"availability": [{"weekday": 0, "start": "21:00", "end": "19:00"}]}, "availability"),
        ({"self_study_hours_per_week": "-1"}, "self_study_hours_per_week"),
        ({"course_format": "group_course"}, "course"),
        ({"course_format": "self_study_app"}, "lesson_hours_per_week"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"current_level": "Z9"}, "current_level"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(client_factory, org_a, plan_input, change, field):
    response = client_factory(org_a["hr"]).post(
        "/api/language/plans", {**plan_input, **change}, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert not LanguagePlan.objects.exists()


def test_who_sees_a_plan(client_factory, org_a, org_b, plan_input):
    plan = create_plan(client_factory, org_a, plan_input)
    url = f"/api/language/plans/{plan['id']}"
    assert client_factory(org_a["newcomer"]).get(url).status_code == 200
    assert client_factory(org_a["team_lead"]).get(url).status_code == 200
    assert client_factory(org_a["colleague"]).get(url).status_code == 403
    # another newcomer of the same organisation, and a team lead of another team: not in sight
    other = UserFactory(organisation=org_a.organisation, role="newcomer")
    assert client_factory(other).get(url).status_code == 404
    session = StudySession.objects.first()
    other_client = client_factory(other)
    assert (
        other_client.patch(
            f"/api/language/sessions/{session.pk}", {"status": "missed"}, format="json"
        ).status_code
        == 404
    )
    assert other_client.get(f"/api/language/plans/{plan['id']}/sessions").status_code == 404
    log = {"studied_on": timezone.localdate().isoformat(), "minutes": 10}
    assert (
        other_client.post(f"/api/language/plans/{plan['id']}/study-logs", log, format="json").status_code
        == 404
    )
    lead = UserFactory(organisation=org_a.organisation, role="team_lead")
    assert client_factory(lead).get(url).status_code == 404
    assert client_factory(lead).get("/api/language/plans").json()["results"] == []


def test_other_organisations_get_404_on_every_object_endpoint(client_factory, org_a, plan_input):
    plan = create_plan(client_factory, org_a, plan_input)
    session = StudySession.objects.first()
    course = services.course_create(
        organisation=org_a.organisation,
        name="NT2 A1",
        level="A1",
        seats=2,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=70),
        times=[{"weekday": 1, "start": "19:00", "end": "21:00"}],
    )
    enrolment = services.enrolment_create(course=course, profile=NewcomerProfile.objects.get())
    org_b = make_org("bravo")
    pid = plan["id"]
    calls = [
        ("get", f"/api/language/plans/{pid}", None),
        ("delete", f"/api/language/plans/{pid}", None),
        ("post", f"/api/language/plans/{pid}/replan", {}),
        ("get", f"/api/language/plans/{pid}/sessions", None),
        ("get", f"/api/language/plans/{pid}/study-logs", None),
        ("post", f"/api/language/plans/{pid}/level-checks", {"level": "A1", "checked_on": "2026-01-01"}),
        ("patch", f"/api/language/sessions/{session.pk}", {"status": "missed"}),
        ("get", f"/api/language/courses/{course.pk}", None),
        ("patch", f"/api/language/courses/{course.pk}", {"seats": 9}),
        ("get", f"/api/language/courses/{course.pk}/enrolments", None),
        ("delete", f"/api/language/enrolments/{enrolment.pk}", None),
    ]
    for role in ("hr", "admin"):
        client = client_factory(org_b[role])
        for method, url, data in calls:
            response = getattr(client, method)(url, data, format="json")
            assert response.status_code == 404, (role, method, url, response.status_code)
    assert LanguagePlan.objects.filter(pk=pid).exists()
    # ids of another organisation inside a body are unknown too
    hr_b = client_factory(org_b["hr"])
    response = hr_b.post("/api/language/plans/preview", plan_input, format="json")
    assert response.status_code == 400
    assert "newcomer" in response.json()["fields"]


@pytest.mark.parametrize("role", ["newcomer", "hr", "team_lead", "colleague", "admin"])
def test_roles_that_may_not_act_get_403(client_factory, org_a, plan_input, role):
    from tests.language.endpoints import ENDPOINTS

    plan = create_plan(client_factory, org_a, plan_input)
    pid = plan["id"]
    session = StudySession.objects.order_by("starts_at").first()
    spare = NewcomerProfileFactory(user__organisation=org_a.organisation)
    course_body = {
        "name": "A1",
        "level": "A1",
        "seats": 5,
        "starts_on": "2027-01-04",
        "ends_on": "2027-03-29",
        "times": [{"weekday": 0, "start": "19:00", "end": "21:00"}],
    }
    course = services.course_create(organisation=org_a.organisation, **course_body)
    enrolment = services.enrolment_create(
        course=course, profile=NewcomerProfile.objects.get(user=org_a["newcomer"])
    )
    client = client_factory(org_a[role])
    calls = {
        ("language-hours", "get"): lambda: client.get("/api/language/hours"),
        ("language-plan-list", "get"): lambda: client.get("/api/language/plans"),
        ("language-plan-preview", "post"): lambda: client.post(
            "/api/language/plans/preview", plan_input, format="json"
        ),
        ("language-plan-detail", "get"): lambda: client.get(f"/api/language/plans/{pid}"),
        ("language-plan-replan", "post"): lambda: client.post(
            f"/api/language/plans/{pid}/replan", {"dry_run": True}, format="json"
        ),
        ("language-plan-sessions", "get"): lambda: client.get(f"/api/language/plans/{pid}/sessions"),
        ("language-study-logs", "get"): lambda: client.get(f"/api/language/plans/{pid}/study-logs"),
        ("language-study-logs", "post"): lambda: client.post(
            f"/api/language/plans/{pid}/study-logs",
            {"studied_on": timezone.localdate().isoformat(), "minutes": 20},
            format="json",
        ),
        ("language-level-checks", "get"): lambda: client.get(f"/api/language/plans/{pid}/level-checks"),
        ("language-level-checks", "post"): lambda: client.post(
            f"/api/language/plans/{pid}/level-checks",
            {"level": "A0", "checked_on": timezone.localdate().isoformat()},
            format="json",
        ),
        ("language-session-detail", "patch"): lambda: client.patch(
            f"/api/language/sessions/{session.pk}", {"status": "planned"}, format="json"
        ),
        ("language-me", "get"): lambda: client.get("/api/language/me"),
        ("language-calendar", "get"): lambda: client.get("/api/language/calendar"),
        ("language-calendar", "post"): lambda: client.post("/api/language/calendar"),
        ("language-course-list", "get"): lambda: client.get("/api/language/courses"),
        ("language-hours", "put"): lambda: client.put(
            "/api/language/hours",
            {"valid_from": "2026-01-01", "steps": [{"from_level": "A0", "hours": "70"}]},
            format="json",
        ),
        ("language-plan-list", "post"): lambda: client.post(
            "/api/language/plans", {**plan_input, "newcomer": spare.pk}, format="json"
        ),
        ("language-course-list", "post"): lambda: client.post(
            "/api/language/courses",
            {**course_body, "name": f"Course by {role}"},
            format="json",
        ),
        ("language-course-detail", "get"): lambda: client.get(f"/api/language/courses/{course.pk}"),
        ("language-course-detail", "patch"): lambda: client.patch(
            f"/api/language/courses/{course.pk}", {"seats": 6}, format="json"
        ),
        ("language-course-enrolments", "get"): lambda: client.get(
            f"/api/language/courses/{course.pk}/enrolments"
        ),
        ("language-course-enrolments", "post"): lambda: client.post(
            f"/api/language/courses/{course.pk}/enrolments", {"newcomer": spare.pk}, format="json"
        ),
        ("language-enrolment-detail", "delete"): lambda: client.delete(
            f"/api/language/enrolments/{enrolment.pk}"
        ),
        ("language-calendar", "delete"): lambda: client.delete("/api/language/calendar"),
        ("language-plan-detail", "delete"): lambda: client.delete(f"/api/language/plans/{pid}"),
    }
    for (name, method), call in calls.items():
        allowed = ENDPOINTS[name][method]
        status = call().status_code
        if allowed == "all" or role in allowed:
            assert status in (200, 201, 204), (name, method, role, status)
        else:
            assert status == 403, (name, method, role, status)


def test_missed_sessions_show_the_gap_and_replanning_closes_it(client_factory, org_a, plan_input):
    plan = LanguagePlan.objects.get(pk=create_plan(client_factory, org_a, plan_input)["id"])
    first = list(plan.sessions.order_by("starts_at")[:3])
    later = first[-1].ends_at + timedelta(hours=1)
    # marked without re-planning, the missed hours are the gap
    for session in first:
        services.session_mark(session=session, status="missed", now=later, replan=False)
    missed = sum(s.minutes for s in first)
    progress = selectors.plan_progress(
        selectors.with_progress(LanguagePlan.objects.all(), later).get(), later
    )
    assert progress.status == "behind"
    assert progress.gap_hours * 60 == missed

    dry = services.plan_replan(plan=plan, changed_by=org_a["hr"], dry_run=True, now=later)
    assert dry.feasible
    assert progress.gap_hours * 60 == missed  # a dry run changes nothing
    ahead_before = sum(s.minutes for s in plan.sessions.filter(starts_at__gte=later))
    services.plan_replan(plan=plan, changed_by=org_a["hr"], now=later)
    progress = selectors.plan_progress(
        selectors.with_progress(LanguagePlan.objects.all(), later).get(), later
    )
    assert progress.status == "on_track"
    assert progress.gap_hours == 0
    assert sum(s.minutes for s in plan.sessions.filter(starts_at__gte=later)) == ahead_before + missed


def test_marking_a_session_missed_re_plans_by_itself(client_factory, org_a, plan_input):
    plan = LanguagePlan.objects.get(pk=create_plan(client_factory, org_a, plan_input)["id"])
    session = plan.sessions.order_by("starts_at").first()
    later = session.ends_at
    ahead = sum(s.minutes for s in plan.sessions.filter(starts_at__gte=later))
    newcomer_marks = services.session_mark(session=session, status="missed", now=later)
    assert newcomer_marks.status == "missed"
    assert sum(s.minutes for s in plan.sessions.filter(starts_at__gte=later)) == ahead + session.minutes
    plan.refresh_from_db()
    assert plan.replanned_at == later


def test_replanning_that_cannot_catch_up_is_refused_unless_the_gap_is_accepted(org_a, plan_input, profile):
    data = {
        **_service_input(plan_input),
        "target_date": date.fromisoformat(plan_input["starts_on"]) + timedelta(days=160),
    }
    data["self_study_hours_per_week"] = 2
    plan = services.plan_create(profile=profile, created_by=org_a["hr"], **data)
    sessions = list(plan.sessions.order_by("starts_at"))
    cut = sessions[len(sessions) // 2]
    now = cut.starts_at
    for session in sessions:
        if session.starts_at < now:
            services.session_mark(session=session, status="missed", now=now, replan=False)
    from welkom.core.errors import ApiError

    with pytest.raises(ApiError) as refused:
        services.plan_replan(plan=plan, changed_by=org_a["hr"], now=now)
    assert refused.value.code == "infeasible"
    result = services.plan_replan(plan=plan, changed_by=org_a["hr"], accept_gap=True, now=now)
    assert result.gap_minutes > 0
    progress = selectors.plan_progress(selectors.with_progress(LanguagePlan.objects.all(), now).get(), now)
    assert progress.status == "behind"
    assert progress.gap_hours * 60 == result.gap_minutes


def _service_input(plan_input):
    return {
        "current_level": plan_input["current_level"],
        "target_level": plan_input["target_level"],
        "target_date": date.fromisoformat(plan_input["target_date"]),
        "starts_on": date.fromisoformat(plan_input["starts_on"]),
        "lesson_hours_per_week": 4,
        "self_study_hours_per_week": 2,
        "availability": plan_input["availability"],
        "course_format": plan_input["course_format"],
    }


def test_study_time_and_level_checks_count_as_progress(client_factory, org_a, plan_input):
    plan = create_plan(client_factory, org_a, plan_input)
    newcomer = client_factory(org_a["newcomer"])
    today = timezone.localdate().isoformat()
    response = newcomer.post(
        f"/api/language/plans/{plan['id']}/study-logs", {"studied_on": today, "minutes": 90}, format="json"
    )
    assert response.status_code == 201, response.content
    bad = newcomer.post(
        f"/api/language/plans/{plan['id']}/study-logs",
        {"studied_on": "2999-01-01", "minutes": 0},
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()["fields"]) == {"minutes"} or "studied_on" in bad.json()["fields"]
    body = newcomer.get(f"/api/language/plans/{plan['id']}").json()
    assert body["progress"]["hours_done"] == "1.5"

    hr = client_factory(org_a["hr"])
    check = hr.post(
        f"/api/language/plans/{plan['id']}/level-checks", {"level": "A1", "checked_on": today}, format="json"
    )
    assert check.status_code == 201, check.content
    body = newcomer.get(f"/api/language/plans/{plan['id']}").json()
    assert body["progress"]["level_checked"] == "A1"
    assert body["progress"]["hours_done"] == "60.0"
    assert body["progress"]["next_milestone"]["code"] == "A2"
    assert Milestone.objects.get(code="A1").reached_on == timezone.localdate()


def test_newcomer_marks_a_session_but_not_before_it_starts(client_factory, org_a, plan_input):
    create_plan(client_factory, org_a, plan_input)
    session = StudySession.objects.order_by("starts_at").first()
    newcomer = client_factory(org_a["newcomer"])
    response = newcomer.patch(f"/api/language/sessions/{session.pk}", {"status": "attended"}, format="json")
    assert response.status_code == 400
    assert "status" in response.json()["fields"]
    services.session_mark(session=session, status="attended", now=session.starts_at)
    session.refresh_from_db()
    assert session.status == "attended"


def test_the_newcomers_phone_view(client_factory, org_a, plan_input):
    newcomer = client_factory(org_a["newcomer"])
    empty = newcomer.get("/api/language/me").json()
    assert empty["plan"] is None
    assert empty["this_week"] == []
    create_plan(client_factory, org_a, {**plan_input, "starts_on": timezone.localdate().isoformat()})
    body = newcomer.get("/api/language/me").json()
    assert body["plan"]["progress"]["next_milestone"]["code"] == "A1"
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    expected = StudySession.objects.filter(
        starts_at__date__gte=monday - timedelta(days=1), starts_at__date__lte=monday + timedelta(days=7)
    )
    for item in body["this_week"]:
        starts = datetime.fromisoformat(item["starts_at"]).astimezone(timezone.get_default_timezone())
        assert monday <= starts.date() < monday + timedelta(days=7)
    assert len(body["this_week"]) <= expected.count()


def test_sessions_list_filters_by_day_and_is_paginated(client_factory, org_a, plan_input):
    plan = create_plan(client_factory, org_a, plan_input)
    start = date.fromisoformat(plan_input["starts_on"])
    hr = client_factory(org_a["hr"])
    body = hr.get(
        f"/api/language/plans/{plan['id']}/sessions?from={start}&to={start + timedelta(days=6)}"
    ).json()
    assert body["count"] == 3  # Monday lesson, Wednesday lesson, Saturday self-study
    assert hr.get(f"/api/language/plans/{plan['id']}/sessions?from=monday").status_code == 400


def test_the_overview_runs_a_fixed_number_of_queries(
    client_factory, org_a, plan_input, django_assert_max_num_queries
):
    create_plan(client_factory, org_a, plan_input)
    hr = client_factory(org_a["hr"])
    hr.get("/api/language/plans")
    with django_assert_max_num_queries(10):
        first = hr.get("/api/language/plans")
    for _ in range(4):
        user = UserFactory(organisation=org_a.organisation, role="newcomer")
        other = NewcomerProfileFactory(user=user)
        create_plan(client_factory, org_a, {**plan_input, "newcomer": other.pk})
    with django_assert_max_num_queries(10):
        more = hr.get("/api/language/plans")
    assert more.json()["count"] == 5
    assert first.status_code == 200


def test_hours_per_step_are_editable_per_organisation(client_factory, org_a, org_b, plan_input):
    hr = client_factory(org_a["hr"])
    table = hr.get("/api/language/hours").json()
    assert [(r["from_level"], r["hours"], r["origin"]) for r in table[:3]] == [
        ("A0", "60.0", "default"),
        ("A1", "60.0", "default"),
        ("A2", "200.0", "default"),
    ]
    response = hr.put(
        "/api/language/hours",
        {"valid_from": "2026-01-01", "steps": [{"from_level": "A0", "hours": "80"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    row = response.json()[0]
    assert (row["from_level"], row["hours"], row["origin"], row["valid_from"]) == (
        "A0",
        "80.0",
        "organisation",
        "2026-01-01",
    )
    preview = hr.post("/api/language/plans/preview", plan_input, format="json").json()
    assert preview["hours_needed"] == "140.0"
    # another organisation keeps the defaults
    assert client_factory(org_b["hr"]).get("/api/language/hours").json()[0]["hours"] == "60.0"
    bad = hr.put(
        "/api/language/hours",
        {"valid_from": "2026-01-01", "steps": [{"from_level": "C1", "hours": "9"}]},
        format="json",
    )
    assert bad.status_code == 400


def test_new_leave_moves_the_sessions_ahead(client_factory, org_a, plan_input, profile):
    create_plan(client_factory, org_a, plan_input)
    start = date.fromisoformat(plan_input["starts_on"])
    leave = {"starts_on": start + timedelta(days=14), "ends_on": start + timedelta(days=27)}
    assert StudySession.objects.filter(starts_at__date__range=(leave["starts_on"], leave["ends_on"])).exists()
    profile_update(profile=profile, changed_by=org_a["hr"], leaves=[leave])
    days = {s.starts_at.date() for s in StudySession.objects.all()}
    assert not {d for d in days if leave["starts_on"] <= d <= leave["ends_on"]}
    assert sum(s.minutes for s in StudySession.objects.all()) == 120 * 60


def test_services_for_journeys_and_reminders(client_factory, org_a, plan_input):
    plan = LanguagePlan.objects.get(pk=create_plan(client_factory, org_a, plan_input)["id"])
    assert [m.code for m in selectors.milestones_for(plan)] == ["A1", "A2"]
    first = plan.sessions.order_by("starts_at").first()
    due = selectors.sessions_starting_between(first.starts_at, first.starts_at + timedelta(minutes=1))
    assert list(due) == [first]
    assert due[0].plan.profile.user == org_a["newcomer"]
    seen = []

    def listener(*, plan, **kwargs):
        seen.append(plan)

    plan_changed.connect(listener)
    try:
        services.plan_replan(plan=plan, changed_by=None)
    finally:
        plan_changed.disconnect(listener)
    assert [p.pk for p in seen] == [plan.pk]


def test_the_demo_has_a_course_and_a_plan():
    from django.core.management import call_command

    call_command("seed_demo")
    call_command("seed_demo")
    plan = LanguagePlan.objects.get()
    assert plan.course is not None
    assert plan.sessions.filter(kind="lesson").exists()
    assert plan.course.enrolments.get().status == "enrolled"


def test_a_missed_session_after_the_target_date_changes_nothing_else(client_factory, org_a, plan_input):
    plan = LanguagePlan.objects.get(pk=create_plan(client_factory, org_a, plan_input)["id"])
    session = plan.sessions.order_by("starts_at").last()
    long_after = datetime.combine(plan.target_date + timedelta(days=30), datetime.min.time(), UTC)
    count = plan.sessions.count()
    services.session_mark(session=session, status="missed", now=long_after)
    assert plan.sessions.count() == count


def test_moving_to_the_netherlands_moves_free_times_to_amsterdam_time(
    client_factory, org_a, plan_input, profile
):
    profile_update(profile=profile, changed_by=org_a["hr"], time_zone="Asia/Kolkata")
    plan = LanguagePlan.objects.get(pk=create_plan(client_factory, org_a, plan_input)["id"])
    assert plan.time_zone == "Asia/Kolkata"
    kolkata = ZoneInfo("Asia/Kolkata")
    assert {s.starts_at.astimezone(kolkata).strftime("%H:%M") for s in plan.sessions.all()} == {
        "19:00",
        "10:00",
    }
    profile_update(profile=profile, changed_by=org_a["hr"], time_zone="Europe/Amsterdam")
    plan.refresh_from_db()
    assert plan.time_zone == "Europe/Amsterdam"
    amsterdam = ZoneInfo("Europe/Amsterdam")
    ahead = plan.sessions.filter(starts_at__gte=timezone.now())
    assert {s.starts_at.astimezone(amsterdam).strftime("%H:%M") for s in ahead} == {"19:00", "10:00"}
    assert sum(s.minutes for s in plan.sessions.all()) == 120 * 60


def test_the_course_list_runs_a_fixed_number_of_queries(client_factory, org_a, django_assert_max_num_queries):
    hr = client_factory(org_a["hr"])
    hr.get("/api/language/courses")
    for n in range(5):
        course = services.course_create(
            organisation=org_a.organisation,
            name=f"Course {n}",
            level="A1",
            seats=1,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + timedelta(days=30),
            times=[{"weekday": 0, "start": "19:00", "end": "21:00"}],
        )
        person = UserFactory(organisation=org_a.organisation, role="newcomer")
        newcomer = NewcomerProfileFactory(user=person)
        services.enrolment_create(course=course, profile=newcomer)
    with django_assert_max_num_queries(6):
        body = hr.get("/api/language/courses").json()
    assert body["count"] == 5
    assert {c["enrolled_count"] for c in body["results"]} == {1}


def test_the_newest_hours_valid_on_the_day_count(org_a):
    from decimal import Decimal

    from welkom.language.models import StepHours

    for valid_from, hours in ((date(2026, 1, 1), 80), (date(2027, 1, 1), 90), (date(2030, 1, 1), 99)):
        StepHours.objects.create(
            organisation=org_a.organisation, from_level="A0", hours=hours, valid_from=valid_from
        )
    on = selectors.step_hours_for(organisation_id=org_a.organisation.pk, on=date(2027, 6, 1))
    assert on["A0"] == Decimal(90)
    assert on["A1"] == Decimal(60)  # no override: the default
    assert selectors.step_hours_for(organisation_id=org_a.organisation.pk, on=date(2025, 6, 1))[
        "A0"
    ] == Decimal(60)


def test_the_planners_refusals_are_in_the_hr_persons_language(client_factory, org_a, plan_input):
    """Dutch-speaking HR reads why a goal is out of reach, the nearest options and a field's problem
    in Dutch (English-speaking HR: test_an_unreachable_goal_is_refused_with_the_nearest_options)."""
    from welkom.accounts.models import User

    User.objects.filter(pk=org_a["hr"].pk).update(language="nl")
    hr = client_factory(org_a["hr"])
    tight = {**plan_input, "target_level": "B1"}
    preview = hr.post("/api/language/plans/preview", tight, format="json").json()
    assert preview["reason"].startswith("Voor B1 zijn nog ")
    response = hr.post("/api/language/plans", tight, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"].startswith("Met deze uren is het doel niet op tijd te halen. Voor B1 zijn nog ")
    [reason] = body["fields"]["target_date"]
    assert "Wat het dichtst in de buurt komt: een latere datum: " in reason
    assert "een lager doel: " in reason
    past = hr.post("/api/language/plans/preview", {**plan_input, "target_date": "2020-01-01"}, format="json")
    assert past.status_code == 400, past.content
    assert past.json()["fields"]["target_date"] == ["De datum om het doel te halen ligt in het verleden."]


@pytest.mark.parametrize(("language", "wanted"), [("en", "6.5"), ("nl", "6,5"), ("pl", "6,5")])
def test_the_planners_hours_are_written_as_the_hr_persons_language_writes_numbers(
    client_factory, org_a, plan_input, language, wanted
):
    """Six free hours a week, six and a half planned in them: "6,5" for Dutch and Polish HR."""
    from django.utils.translation import gettext, override

    from welkom.accounts.models import User

    User.objects.filter(pk=org_a["hr"].pk).update(language=language)
    hr = client_factory(org_a["hr"])
    response = hr.post(
        "/api/language/plans/preview", {**plan_input, "self_study_hours_per_week": "2.5"}, format="json"
    )
    assert response.status_code == 400, response.content
    with override(language):
        expected = gettext(
            "The available times hold %(free)s hours a week, but %(wanted)s hours a week are planned"
            " in them. Add times or plan fewer hours."
        ) % {"free": "6", "wanted": wanted}
    assert response.json()["fields"]["availability"] == [expected]
