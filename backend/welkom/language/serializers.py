from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from welkom.accounts.models import User
from welkom.core.tenancy import for_tenant
from welkom.language import planner
from welkom.language.models import (
    Course,
    CourseFormat,
    Enrolment,
    LanguagePlan,
    Level,
    LevelCheck,
    Milestone,
    MilestoneKind,
    PlanStatus,
    SessionKind,
    SessionStatus,
    StudyLog,
    StudySession,
)
from welkom.language.selectors import Progress
from welkom.newcomers.models import NewcomerProfile
from welkom.newcomers.selectors import profiles_of_organisation


def _hours_field(**options: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal(0), max_value=Decimal(60), **options
    )


class WindowSerializer(serializers.Serializer[Any]):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="0 = Monday … 6 = Sunday")
    start = serializers.TimeField(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"])
    end = serializers.TimeField(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"])

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["end"] <= attrs["start"]:
            raise serializers.ValidationError({"end": [gettext("Ends before it starts.")]})
        return {
            "weekday": attrs["weekday"],
            "start": attrs["start"].strftime("%H:%M"),
            "end": attrs["end"].strftime("%H:%M"),
        }


@extend_schema_serializer(component_name="LanguagePerson")
class PersonSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "email", "full_name"]


class NewcomerSummarySerializer(serializers.ModelSerializer[NewcomerProfile]):
    user = PersonSerializer(read_only=True)

    class Meta:
        model = NewcomerProfile
        fields = ["id", "user", "time_zone", "arrival_on"]


class _OrganisationScoped(serializers.Serializer[Any]):
    """Looks ids of newcomers and courses up in the caller's organisation only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.context.get("user")
        if user is None:
            return
        if "newcomer" in self.fields:
            field = self.fields["newcomer"]
            assert isinstance(field, serializers.PrimaryKeyRelatedField)
            field.queryset = profiles_of_organisation(user=user)
        if "course" in self.fields:
            field = self.fields["course"]
            assert isinstance(field, serializers.PrimaryKeyRelatedField)
            field.queryset = for_tenant(Course.objects.all(), user)


class PlanInputSerializer(_OrganisationScoped):
    newcomer = serializers.PrimaryKeyRelatedField(queryset=profiles_of_organisation(user=None))
    current_level = serializers.ChoiceField(choices=Level.choices)
    target_level = serializers.ChoiceField(choices=Level.choices)
    target_date = serializers.DateField()
    starts_on = serializers.DateField(help_text="May be before arrival: online lessons.")
    lesson_hours_per_week = _hours_field(default=Decimal(0))
    self_study_hours_per_week = _hours_field(default=Decimal(0))
    availability = WindowSerializer(many=True, help_text="Free times in the plan's time zone.")
    time_zone = serializers.CharField(max_length=64, required=False, help_text="Defaults to the newcomer's.")
    course_format = serializers.ChoiceField(choices=CourseFormat.choices)
    course = serializers.PrimaryKeyRelatedField(
        queryset=Course.objects.none(), required=False, allow_null=True
    )


class ReplanSerializer(_OrganisationScoped):
    current_level = serializers.ChoiceField(choices=Level.choices, required=False)
    target_level = serializers.ChoiceField(choices=Level.choices, required=False)
    target_date = serializers.DateField(required=False)
    lesson_hours_per_week = _hours_field(required=False)
    self_study_hours_per_week = _hours_field(required=False)
    availability = WindowSerializer(many=True, required=False)
    course_format = serializers.ChoiceField(choices=CourseFormat.choices, required=False)
    course = serializers.PrimaryKeyRelatedField(
        queryset=Course.objects.none(), required=False, allow_null=True
    )
    dry_run = serializers.BooleanField(default=False, help_text="Show the outcome, save nothing.")
    accept_gap = serializers.BooleanField(
        default=False, help_text="Save even when the target is out of reach; the gap stays visible."
    )


# --- Planner results ---------------------------------------------------------------------------


class OptionChangesSerializer(serializers.Serializer[Any]):
    target_date = serializers.DateField(required=False)
    target_level = serializers.ChoiceField(choices=Level.choices, required=False)
    self_study_hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, required=False)
    lesson_hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, required=False)


class OptionSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["more_hours", "later_date", "lower_target"])
    changes = OptionChangesSerializer()


class PlannedSessionSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    minutes = serializers.IntegerField()


class PlannedMilestoneSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=MilestoneKind.choices)
    code = serializers.CharField()
    level = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)


class SkippedDaySerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    reason = serializers.ChoiceField(choices=["holiday", "leave"])
    name = serializers.CharField()


class PlanResultSerializer(serializers.Serializer[Any]):
    """What the planner made of an input: shown before anything is saved."""

    feasible = serializers.BooleanField()
    reason = serializers.CharField()
    hours_needed = serializers.SerializerMethodField()
    hours_scheduled = serializers.SerializerMethodField()
    gap_hours = serializers.SerializerMethodField()
    finishes_on = serializers.DateField(allow_null=True)
    session_count = serializers.SerializerMethodField()
    first_sessions = serializers.SerializerMethodField()
    milestones = PlannedMilestoneSerializer(many=True)
    skipped_days = SkippedDaySerializer(many=True)
    options = OptionSerializer(many=True)

    @staticmethod
    def _hours(minutes: int) -> str:
        return str((Decimal(minutes) / 60).quantize(Decimal("0.1")))

    @extend_schema_field(serializers.DecimalField(max_digits=6, decimal_places=1))
    def get_hours_needed(self, result: planner.PlanResult) -> str:
        return self._hours(result.minutes_needed)

    @extend_schema_field(serializers.DecimalField(max_digits=6, decimal_places=1))
    def get_hours_scheduled(self, result: planner.PlanResult) -> str:
        return self._hours(result.minutes_scheduled)

    @extend_schema_field(serializers.DecimalField(max_digits=6, decimal_places=1))
    def get_gap_hours(self, result: planner.PlanResult) -> str:
        return self._hours(result.gap_minutes)

    def get_session_count(self, result: planner.PlanResult) -> int:
        return len(result.sessions)

    @extend_schema_field(PlannedSessionSerializer(many=True))
    def get_first_sessions(self, result: planner.PlanResult) -> list[dict[str, Any]]:
        return list(PlannedSessionSerializer(result.sessions[:14], many=True).data)


# --- Plans and progress --------------------------------------------------------------------------


class MilestoneSerializer(serializers.ModelSerializer[Milestone]):
    class Meta:
        model = Milestone
        fields = ["id", "kind", "code", "level", "due_on", "reached_on"]


@extend_schema_serializer(component_name="LanguageProgress")
class ProgressSerializer(serializers.Serializer[Any]):
    hours_needed = serializers.DecimalField(max_digits=6, decimal_places=1)
    hours_done = serializers.DecimalField(max_digits=6, decimal_places=1)
    hours_missed = serializers.DecimalField(max_digits=6, decimal_places=1)
    hours_unconfirmed = serializers.DecimalField(max_digits=6, decimal_places=1)
    hours_planned_ahead = serializers.DecimalField(max_digits=6, decimal_places=1)
    gap_hours = serializers.DecimalField(max_digits=6, decimal_places=1)
    level_checked = serializers.CharField(allow_null=True)
    level_checked_on = serializers.DateField(allow_null=True)
    level_estimated = serializers.CharField()
    status = serializers.ChoiceField(choices=PlanStatus.choices)
    next_milestone = MilestoneSerializer(allow_null=True)


class CourseSummarySerializer(serializers.ModelSerializer[Course]):
    class Meta:
        model = Course
        fields = ["id", "name", "teacher", "location"]


@extend_schema_serializer(component_name="LanguagePlan")
class PlanSerializer(serializers.ModelSerializer[LanguagePlan]):
    newcomer = NewcomerSummarySerializer(source="profile", read_only=True)
    course = CourseSummarySerializer(read_only=True, allow_null=True)
    availability = WindowSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = LanguagePlan
        fields = [
            "id",
            "newcomer",
            "current_level",
            "target_level",
            "target_date",
            "starts_on",
            "lesson_hours_per_week",
            "self_study_hours_per_week",
            "availability",
            "time_zone",
            "course_format",
            "course",
            "hours_needed",
            "progress",
            "milestones",
            "created_at",
            "replanned_at",
        ]

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, plan: LanguagePlan) -> dict[str, Any]:
        progress: Progress = self.context["progress"][plan.pk]
        return dict(ProgressSerializer(progress).data)


class SessionSerializer(serializers.ModelSerializer[StudySession]):
    class Meta:
        model = StudySession
        fields = ["id", "kind", "starts_at", "ends_at", "minutes", "status"]
        read_only_fields = fields


class SessionMarkSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=SessionStatus.choices)


class StudyLogSerializer(serializers.ModelSerializer[StudyLog]):
    minutes = serializers.IntegerField(min_value=1, max_value=720)

    class Meta:
        model = StudyLog
        fields = ["id", "studied_on", "minutes", "note", "created_at"]
        read_only_fields = ["id", "created_at"]


class LevelCheckSerializer(serializers.ModelSerializer[LevelCheck]):
    class Meta:
        model = LevelCheck
        fields = ["id", "checked_on", "level", "note", "created_at"]
        read_only_fields = ["id", "created_at"]


class MyLanguageSerializer(serializers.Serializer[Any]):
    plan = PlanSerializer(allow_null=True)
    this_week = SessionSerializer(many=True)
    time_zone = serializers.CharField()
    calendar_active = serializers.BooleanField()


# --- Hours per step ------------------------------------------------------------------------------


class StepHoursRowSerializer(serializers.Serializer[Any]):
    from_level = serializers.CharField()
    to_level = serializers.CharField()
    hours = serializers.DecimalField(max_digits=6, decimal_places=1)
    origin = serializers.ChoiceField(choices=["default", "organisation"], source="source")
    valid_from = serializers.DateField(allow_null=True)


class StepHoursItemSerializer(serializers.Serializer[Any]):
    from_level = serializers.ChoiceField(choices=Level.choices[:-1])
    hours = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=Decimal("0.5"))


class StepHoursWriteSerializer(serializers.Serializer[Any]):
    valid_from = serializers.DateField()
    steps = StepHoursItemSerializer(many=True, allow_empty=False)


# --- Courses ---------------------------------------------------------------------------------------


class CourseSerializer(serializers.ModelSerializer[Course]):
    times = WindowSerializer(many=True)
    enrolled_count = serializers.IntegerField(read_only=True)
    waiting_count = serializers.IntegerField(read_only=True)
    seats_left = serializers.SerializerMethodField()

    class Meta:
        model = Course
        fields = [
            "id",
            "name",
            "level",
            "teacher",
            "location",
            "seats",
            "starts_on",
            "ends_on",
            "times",
            "time_zone",
            "enrolled_count",
            "waiting_count",
            "seats_left",
        ]

    def get_seats_left(self, course: Course) -> int:
        return max(0, course.seats - int(getattr(course, "enrolled_count", 0)))


class EnrolmentSerializer(serializers.ModelSerializer[Enrolment]):
    newcomer = NewcomerSummarySerializer(source="profile", read_only=True)
    waiting_place = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = ["id", "newcomer", "status", "waiting_place", "created_at"]

    def get_waiting_place(self, enrolment: Enrolment) -> int | None:
        return getattr(enrolment, "waiting_place", None)


class EnrolmentCreateSerializer(_OrganisationScoped):
    newcomer = serializers.PrimaryKeyRelatedField(queryset=profiles_of_organisation(user=None))


class CalendarFeedSerializer(serializers.Serializer[Any]):
    active = serializers.BooleanField()
    created_at = serializers.DateTimeField(allow_null=True)
    last_used_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(allow_null=True, help_text="Only in the answer that creates the address.")
    webcal_url = serializers.CharField(allow_null=True)
