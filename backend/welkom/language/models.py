"""Dutch language plans: the hours table, a newcomer's plan with its dated sessions and milestones,
progress (sessions attended or missed, self-study logged, level checks), group courses with seats
and a waiting list, and the secret calendar feed a newcomer subscribes to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from welkom.core.tenancy import TenantModel, TenantQuerySet


class Level(models.TextChoices):
    A0 = "A0", "A0 (no Dutch yet)"
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"


class CourseFormat(models.TextChoices):
    GROUP_COURSE = "group_course", "Employer's group course"
    EXTERNAL_COURSE = "external_course", "External course"
    SELF_STUDY_APP = "self_study_app", "Self-study app"


class StepHours(TenantModel):
    """An organisation's own hours for one CEFR step, from ``valid_from``. Steps without an override
    use the defaults in content/language/hours.yaml."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="language_step_hours"
    )
    from_level = models.CharField(max_length=2, choices=Level.choices)
    hours = models.DecimalField(max_digits=6, decimal_places=1)
    valid_from = models.DateField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["from_level", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "from_level", "valid_from"], name="step_hours_unique_per_day"
            ),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="step_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.from_level}: {self.hours} h from {self.valid_from}"


class Course(TenantModel):
    """A group course the employer runs or buys: weekly times, a teacher and a number of seats."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="language_courses"
    )
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=2, choices=Level.choices, help_text="The level the course leads to.")
    teacher = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True, help_text="A room, or 'online'.")
    seats = models.PositiveIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    # [{"weekday": 0-6, "start": "19:00", "end": "21:00"}] in ``time_zone``.
    times = models.JSONField(default=list)
    time_zone = models.CharField(max_length=64, default="Europe/Amsterdam")
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="course_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class Enrolment(models.Model):
    tenant_path = "course__organisation"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    profile = models.ForeignKey(
        "newcomers.NewcomerProfile", on_delete=models.CASCADE, related_name="language_enrolments"
    )
    status = models.CharField(max_length=10, choices=EnrolmentStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "profile"],
                condition=~models.Q(status="cancelled"),
                name="enrolment_once_per_course",
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} in {self.course_id} ({self.status})"


class LanguagePlan(TenantModel):
    """One newcomer's plan. The inputs are kept so the plan can be re-planned with the same rules."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="language_plans"
    )
    profile = models.OneToOneField(
        "newcomers.NewcomerProfile", on_delete=models.CASCADE, related_name="language_plan"
    )
    current_level = models.CharField(max_length=2, choices=Level.choices)
    target_level = models.CharField(max_length=2, choices=Level.choices)
    target_date = models.DateField()
    starts_on = models.DateField()
    lesson_hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)
    self_study_hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)
    # The newcomer's free times: [{"weekday": 0-6, "start": "HH:MM", "end": "HH:MM"}] in ``time_zone``.
    availability = models.JSONField(default=list)
    time_zone = models.CharField(max_length=64, default="Europe/Amsterdam")
    course_format = models.CharField(max_length=20, choices=CourseFormat.choices)
    course = models.ForeignKey(Course, on_delete=models.SET_NULL, null=True, blank=True, related_name="plans")
    # The hours per step the plan was made with ({"A0": "60.0", ...}), so later table edits do not
    # silently change running plans; re-planning takes the table of that day.
    step_hours = models.JSONField(default=dict)
    hours_needed = models.DecimalField(max_digits=6, decimal_places=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    replanned_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["target_date", "id"]

    def __str__(self) -> str:
        return f"{self.current_level} to {self.target_level} by {self.target_date}"


class SessionKind(models.TextChoices):
    LESSON = "lesson", "Lesson"
    SELF_STUDY = "self_study", "Self-study"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ATTENDED = "attended", "Attended"
    MISSED = "missed", "Missed"


class StudySession(models.Model):
    tenant_path = "plan__organisation"

    plan = models.ForeignKey(LanguagePlan, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=12, choices=SessionKind.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    minutes = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    marked_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at", "status"]), models.Index(fields=["plan", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.kind} at {self.starts_at:%Y-%m-%d %H:%M} UTC"


class PlanStatus(models.TextChoices):
    REACHED = "reached", "Target reached"
    ON_TRACK = "on_track", "On track"
    BEHIND = "behind", "Behind"


class MilestoneKind(models.TextChoices):
    LEVEL = "level", "Level reached"
    EXAM = "exam", "Staatsexamen NT2"


class Milestone(models.Model):
    """A level (A1, A2, B1...) or an exam the plan leads to. ``code`` is stable, so a journey step
    can point at it while re-planning moves ``due_on``."""

    tenant_path = "plan__organisation"

    plan = models.ForeignKey(LanguagePlan, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=8, choices=MilestoneKind.choices)
    code = models.CharField(max_length=20)
    level = models.CharField(max_length=2, choices=Level.choices)
    due_on = models.DateField(null=True, blank=True)
    reached_on = models.DateField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["level", "kind"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="milestone_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} due {self.due_on}"


class StudyLog(models.Model):
    """Self-study the newcomer did outside the planned blocks."""

    tenant_path = "plan__organisation"

    plan = models.ForeignKey(LanguagePlan, on_delete=models.CASCADE, related_name="study_logs")
    studied_on = models.DateField()
    minutes = models.PositiveIntegerField()
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-studied_on", "-id"]

    def __str__(self) -> str:
        return f"{self.minutes} min on {self.studied_on}"


class LevelCheck(models.Model):
    """A test or a teacher's assessment: on this day the newcomer was at this level."""

    tenant_path = "plan__organisation"

    plan = models.ForeignKey(LanguagePlan, on_delete=models.CASCADE, related_name="level_checks")
    checked_on = models.DateField()
    level = models.CharField(max_length=2, choices=Level.choices)
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.level} on {self.checked_on}"


class CalendarFeed(models.Model):
    """A person's secret calendar subscription. Only a hash of the token is stored; revoking sets
    ``revoked_at`` and a new token gives a new address."""

    tenant_path = "user__organisation"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="one_live_feed_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"
