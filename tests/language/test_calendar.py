"""The calendar subscription: parsed back with the icalendar library and checked field by field."""

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.factories import UserFactory
from tests.newcomers.factories import NewcomerProfileFactory
from welkom.language import services
from welkom.language.models import LanguagePlan, SessionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(client_factory, org_a, plan_input, profile):
    profile.time_zone = "Asia/Kolkata"  # still abroad: the calendar shows Indian time
    profile.save()
    body = {**plan_input, "time_zone": "Europe/Amsterdam"}  # free times given in Amsterdam time
    response = client_factory(org_a["hr"]).post("/api/language/plans", body, format="json")
    assert response.status_code == 201, response.content
    return LanguagePlan.objects.get(pk=response.json()["id"])


def subscribe(client):
    response = client.post("/api/language/calendar")
    assert response.status_code == 201, response.content
    return response.json()


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_the_feed_parses_back_field_by_field(client_factory, org_a, plan):
    newcomer = client_factory(org_a["newcomer"])
    feed = subscribe(newcomer)
    assert feed["webcal_url"].startswith("webcal://")
    session = plan.sessions.order_by("starts_at").first()
    services.session_mark(session=session, status=SessionStatus.MISSED, now=session.starts_at)

    response = client_factory().get(path_of(feed["url"]))  # calendar apps send no cookie
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["x-wr-timezone"]) == "Asia/Kolkata"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Kolkata"]

    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    sessions = list(plan.sessions.all())
    milestones = [m for m in plan.milestones.all() if m.due_on]
    assert len(events) == len(sessions) + len(milestones)
    kolkata = ZoneInfo("Asia/Kolkata")
    for row in sessions:
        event = events[f"language-session-{row.pk}@127.0.0.1"]
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert start == row.starts_at
        assert end == row.ends_at
        assert start.tzinfo.key == "Asia/Kolkata"
        assert event["dtstart"].params["TZID"] == "Asia/Kolkata"
        assert start == row.starts_at.astimezone(kolkata)
        assert str(event["summary"]) == ("Dutch lesson" if row.kind == "lesson" else "Dutch self-study")
        assert str(event["status"]) == ("CANCELLED" if row.pk == session.pk else "CONFIRMED")
    for milestone in milestones:
        event = events[f"language-milestone-{plan.pk}-{milestone.code}@127.0.0.1"]
        assert event.decoded("dtstart") == milestone.due_on
        assert str(event["summary"]) == f"Dutch level {milestone.level} reached"


def test_lessons_keep_their_amsterdam_time_across_summer_time(client_factory, org_a, plan):
    feed = subscribe(client_factory(org_a["newcomer"]))
    calendar = Calendar.from_ical(client_factory().get(path_of(feed["url"])).content)
    amsterdam = ZoneInfo("Europe/Amsterdam")
    evening = [e for e in calendar.walk("VEVENT") if "session" in str(e["uid"])]
    weekday_starts = {
        e.decoded("dtstart").astimezone(amsterdam).strftime("%H:%M")
        for e in evening
        if e.decoded("dtstart").astimezone(amsterdam).weekday() in (0, 2)
    }
    assert weekday_starts == {"19:00"}
    # ...while in Kolkata (no summer time) the same lessons move by an hour across the change
    kolkata = {
        e.decoded("dtstart").strftime("%H:%M")
        for e in evening
        if e.decoded("dtstart").astimezone(amsterdam).weekday() == 0
    }
    span = [e.decoded("dtstart").date() for e in evening]
    if min(span) < date(min(span).year, 3, 25) < max(span) or min(span) < date(min(span).year, 10, 25) < max(
        span
    ):
        assert kolkata == {"22:30", "23:30"}


def test_revoked_and_replaced_addresses_stop_working(client_factory, org_a, plan):
    newcomer = client_factory(org_a["newcomer"])
    first = subscribe(newcomer)
    second = subscribe(newcomer)  # a new address replaces the old one
    anonymous = client_factory()
    assert anonymous.get(path_of(first["url"])).status_code == 404
    assert anonymous.get(path_of(second["url"])).status_code == 200
    assert newcomer.get("/api/language/calendar").json()["active"] is True
    assert newcomer.delete("/api/language/calendar").status_code == 204
    assert anonymous.get(path_of(second["url"])).status_code == 404
    assert newcomer.get("/api/language/calendar").json()["active"] is False


def test_another_persons_token_is_refused(client_factory, org_a, plan):
    mine = subscribe(client_factory(org_a["newcomer"]))
    other_user = UserFactory(organisation=org_a.organisation, role="newcomer")
    NewcomerProfileFactory(user=other_user)
    theirs = subscribe(client_factory(other_user))
    my_token = mine["url"].rsplit("/", 1)[1]
    anonymous = client_factory()
    # their address with my token, and my address with their token
    assert anonymous.get(f"/api/language/calendar/{other_user.pk}/{my_token}").status_code == 404
    their_token = theirs["url"].rsplit("/", 1)[1]
    assert anonymous.get(f"/api/language/calendar/{org_a['newcomer'].pk}/{their_token}").status_code == 404
    assert (
        anonymous.get(f"/api/language/calendar/{org_a['newcomer'].pk}/guessed-token.ics").status_code == 404
    )
    # the other person's own feed is empty (no plan), never someone else's lessons
    calendar = Calendar.from_ical(anonymous.get(path_of(theirs["url"])).content)
    assert calendar.walk("VEVENT") == []


def test_the_token_is_not_stored(client_factory, org_a, plan):
    from welkom.language.models import CalendarFeed

    token = subscribe(client_factory(org_a["newcomer"]))["url"].rsplit("/", 1)[1].removesuffix(".ics")
    stored = CalendarFeed.objects.get()
    assert token not in stored.token_hash
    assert len(token) >= 40
    assert stored.user == org_a["newcomer"]


@pytest.mark.parametrize("language", ["pl", "ar", "ro"])
def test_event_titles_are_in_the_readers_language(client_factory, org_a, plan, language):
    from django.utils.translation import gettext, override

    from welkom.accounts.models import User

    User.objects.filter(pk=org_a["newcomer"].pk).update(language=language)
    feed = subscribe(client_factory(org_a["newcomer"]))
    calendar = Calendar.from_ical(client_factory().get(path_of(feed["url"])).content)
    with override(language):
        lesson, self_study = gettext("Dutch lesson"), gettext("Dutch self-study")
    assert lesson != "Dutch lesson"
    summaries = {str(event["summary"]) for event in calendar.walk("VEVENT")}
    assert summaries & {lesson, self_study}
    assert not summaries & {"Dutch lesson", "Dutch self-study"}
