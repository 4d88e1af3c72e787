"""Test data for the language app. A plan made here is stored as given: no sessions are planned
(``language.services.plan_create`` does that); add the sessions a test needs."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tests.newcomers.factories import NewcomerProfileFactory
from welkom.language.models import (
    Course,
    CourseFormat,
    Enrolment,
    EnrolmentStatus,
    LanguagePlan,
    SessionKind,
    StudySession,
)


class CourseFactory(DjangoModelFactory[Course]):
    class Meta:
        model = Course

    organisation = factory.SubFactory("tests.factories.OrganisationFactory")
    name = factory.Sequence(lambda n: f"Dutch A1 ({n})")
    level = "A1"
    seats = 8
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyAttribute(lambda course: course.starts_on + timedelta(days=90))


class EnrolmentFactory(DjangoModelFactory[Enrolment]):
    class Meta:
        model = Enrolment

    profile = factory.SubFactory(NewcomerProfileFactory)
    course = factory.SubFactory(CourseFactory, organisation=factory.SelfAttribute("..profile.organisation"))
    status = EnrolmentStatus.ENROLLED


class LanguagePlanFactory(DjangoModelFactory[LanguagePlan]):
    """From A0 to A2 in a year, starting today, with 3 lesson and 2 self-study hours a week."""

    class Meta:
        model = LanguagePlan

    profile = factory.SubFactory(NewcomerProfileFactory)
    organisation = factory.SelfAttribute("profile.organisation")
    current_level = "A0"
    target_level = "A2"
    starts_on = factory.LazyFunction(timezone.localdate)
    target_date = factory.LazyAttribute(lambda plan: plan.starts_on + timedelta(days=365))
    lesson_hours_per_week = Decimal(3)
    self_study_hours_per_week = Decimal(2)
    course_format = CourseFormat.SELF_STUDY_APP
    step_hours = factory.LazyFunction(lambda: {"A0": "80.0", "A1": "100.0"})
    hours_needed = Decimal(180)


class StudySessionFactory(DjangoModelFactory[StudySession]):
    """An hour's lesson tomorrow."""

    class Meta:
        model = StudySession

    plan = factory.SubFactory(LanguagePlanFactory)
    kind = SessionKind.LESSON
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + timedelta(hours=1))
    minutes = 60
