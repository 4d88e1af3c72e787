"""Demo data for ``manage.py seed_demo``: a group course and the demo newcomer's language plan."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from welkom.accounts.models import Organisation, User
from welkom.language.models import Course, CourseFormat, LanguagePlan
from welkom.language.services import course_create, plan_create
from welkom.newcomers.selectors import profile_of


def seed_language_demo(*, organisation: Organisation, hr: User, newcomer: User) -> None:
    """Safe to run twice: does nothing when the demo newcomer already has a plan."""
    profile = profile_of(newcomer)
    if profile is None or LanguagePlan.objects.filter(profile=profile).exists():
        return
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    course = Course.objects.filter(organisation=organisation, name="Dutch for newcomers A0-A2").first()
    if course is None:
        course = course_create(
            organisation=organisation,
            name="Dutch for newcomers A0-A2",
            level="A2",
            teacher="Marieke Smit",
            location="Online until arrival, then room 1.08",
            seats=8,
            starts_on=monday,
            ends_on=monday + timedelta(weeks=20),
            times=[
                {"weekday": 1, "start": "17:00", "end": "19:00"},
                {"weekday": 3, "start": "17:00", "end": "19:00"},
            ],
            time_zone="Europe/Amsterdam",
        )
    plan_create(
        profile=profile,
        created_by=hr,
        current_level="A0",
        target_level="A2",
        target_date=monday + timedelta(weeks=40),
        starts_on=monday,
        lesson_hours_per_week=Decimal(4),
        self_study_hours_per_week=Decimal(2),
        availability=[
            {"weekday": 5, "start": "10:00", "end": "12:00"},
            {"weekday": 6, "start": "10:00", "end": "12:00"},
        ],
        course_format=CourseFormat.GROUP_COURSE,
        course=course,
    )
