"""Group courses: seats, the waiting list, and enrolment at the same moment from many connections."""

import threading
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connections
from django.utils import timezone

from tests.newcomers.factories import NewcomerProfileFactory
from welkom.language import services
from welkom.language.models import Course, Enrolment, LanguagePlan


def course_input(**change: Any) -> dict[str, Any]:
    """A course in Amsterdam that starts in a week: dates from Amsterdam's date, as the server
    counts them (timezone.localdate()), never the machine's, which is another zone under faketime."""
    today = timezone.localdate()
    return {
        "name": "Dutch for ICT, A1",
        "level": "A1",
        "teacher": "Mevrouw de Boer",
        "location": "Room 2.14",
        "seats": 2,
        "starts_on": (today + timedelta(days=7)).isoformat(),
        "ends_on": (today + timedelta(days=77)).isoformat(),
        "times": [
            {"weekday": 1, "start": "19:00", "end": "21:00"},
            {"weekday": 3, "start": "19:00", "end": "21:00"},
        ],
        "time_zone": "Europe/Amsterdam",
        **change,
    }


def newcomers(org, count):
    return [NewcomerProfileFactory(user__organisation=org.organisation) for _ in range(count)]


@pytest.mark.django_db
def test_seats_fill_then_the_waiting_list_moves_up(client_factory, org_a):
    hr = client_factory(org_a["hr"])
    created = hr.post("/api/language/courses", course_input(), format="json")
    assert created.status_code == 201, created.content
    course = created.json()
    assert (course["seats_left"], course["enrolled_count"], course["waiting_count"]) == (2, 0, 0)
    people = newcomers(org_a, 4)
    url = f"/api/language/courses/{course['id']}/enrolments"
    answers = [hr.post(url, {"newcomer": p.pk}, format="json").json() for p in people]
    assert [(a["status"], a["waiting_place"]) for a in answers] == [
        ("enrolled", None),
        ("enrolled", None),
        ("waiting", 1),
        ("waiting", 2),
    ]
    again = hr.post(url, {"newcomer": people[0].pk}, format="json")
    assert again.status_code == 400
    assert again.json()["code"] == "already_enrolled"
    summary = hr.get(f"/api/language/courses/{course['id']}").json()
    assert (summary["seats_left"], summary["enrolled_count"], summary["waiting_count"]) == (0, 2, 2)

    assert hr.delete(f"/api/language/enrolments/{answers[0]['id']}").status_code == 204
    rows = hr.get(url).json()["results"]
    assert [(r["newcomer"]["id"], r["status"], r["waiting_place"]) for r in rows] == [
        (people[1].pk, "enrolled", None),
        (people[2].pk, "enrolled", None),
        (people[3].pk, "waiting", 1),
    ]
    # fewer seats than people enrolled is refused; more seats lets the next person in
    assert hr.patch(f"/api/language/courses/{course['id']}", {"seats": 1}, format="json").status_code == 400
    assert hr.patch(f"/api/language/courses/{course['id']}", {"seats": 3}, format="json").status_code == 200
    assert Enrolment.objects.get(profile=people[3]).status == "enrolled"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": "2020-01-01"}, "ends_on"),
        ({"times": []}, "times"),
        ({"times": [{"weekday": 9, "start": "19:00", "end": "21:00"}]}, "times"),
        ({"seats": -1}, "seats"),
        ({"time_zone": "Nowhere/Land"}, "time_zone"),
    ],
)
def test_bad_course_input_names_the_field(client_factory, org_a, change, field):
    hr = client_factory(org_a["hr"])
    response = hr.post("/api/language/courses", course_input(**change), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert not Course.objects.exists()


@pytest.mark.django_db
def test_a_plan_with_the_group_course_follows_its_times_and_takes_a_seat(client_factory, org_a, plan_input):
    hr = client_factory(org_a["hr"])
    course = hr.post("/api/language/courses", course_input(seats=0), format="json").json()
    body = {
        **plan_input,
        "course_format": "group_course",
        "course": course["id"],
        "lesson_hours_per_week": "0",
    }
    body["target_date"] = (timezone.localdate() + timedelta(days=400)).isoformat()
    response = hr.post("/api/language/plans", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["lesson_hours_per_week"] == "4.0"  # taken from the course's times
    plan = LanguagePlan.objects.get()
    lessons = plan.sessions.filter(kind="lesson")
    assert lessons.exists()
    amsterdam = ZoneInfo("Europe/Amsterdam")
    assert {s.starts_at.astimezone(amsterdam).weekday() for s in lessons} == {1, 3}
    assert {s.starts_at.astimezone(amsterdam).strftime("%H:%M") for s in lessons} == {"19:00"}
    assert Enrolment.objects.get(profile=plan.profile).status == "waiting"  # no seats: waiting list


@pytest.mark.django_db(transaction=True)
def test_enrolling_at_the_same_moment_never_oversells_seats(org_a):
    course = services.course_create(
        organisation=org_a.organisation,
        name="A1 evening",
        level="A1",
        seats=3,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=70),
        times=[{"weekday": 1, "start": "19:00", "end": "21:00"}],
    )
    people = newcomers(org_a, 10)
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def enrol(profile):
        try:
            barrier.wait(timeout=10)
            services.enrolment_create(course=course, profile=profile)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=enrol, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    statuses = list(Enrolment.objects.filter(course=course).values_list("status", flat=True))
    assert len(statuses) == 10
    assert statuses.count("enrolled") == 3
    assert statuses.count("waiting") == 7


@pytest.mark.django_db(transaction=True)
def test_cancelling_at_the_same_moment_fills_each_seat_once(org_a):
    course = services.course_create(
        organisation=org_a.organisation,
        name="A2 evening",
        level="A2",
        seats=4,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=70),
        times=[{"weekday": 2, "start": "19:00", "end": "21:00"}],
    )
    people = newcomers(org_a, 8)
    enrolments = [services.enrolment_create(course=course, profile=p) for p in people]
    leaving = enrolments[:4]
    barrier = threading.Barrier(len(leaving))

    def cancel(enrolment):
        try:
            barrier.wait(timeout=10)
            services.enrolment_cancel(enrolment=enrolment)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cancel, args=(e,)) for e in leaving]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    rows = Enrolment.objects.filter(course=course)
    assert rows.filter(status="enrolled").count() == 4
    assert rows.filter(status="waiting").count() == 0
    assert rows.filter(status="cancelled").count() == 4
