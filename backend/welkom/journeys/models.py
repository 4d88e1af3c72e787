"""Journey templates (content) and the plans copied from them for one newcomer.

A template has stages anchored on one of the newcomer's dates, and steps with an offset from the
start of their stage. A plan is a copy made when HR assigns the template: its steps carry concrete
due moments (UTC), so later template edits never change a running plan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from welkom.core.tenancy import TenantModel, TenantQuerySet


class Anchor(models.TextChoices):
    OFFER_SIGNED = "offer_signed", "Offer signed"
    ARRIVAL = "arrival", "Arrival"
    FIRST_DAY = "first_day", "First working day"


class StepKind(models.TextChoices):
    MODULE = "module", "Read a module"
    CHECKLIST = "checklist", "Start a checklist"
    LANGUAGE = "language", "Language milestone"
    MEETING = "meeting", "Meeting"
    TASK = "task", "Task"


class Owner(models.TextChoices):
    NEWCOMER = "newcomer", "Newcomer"
    HR = "hr", "HR"
    TEAM_LEAD = "team_lead", "Team lead"
    BUDDY = "buddy", "Buddy"
    # Every member of the newcomer's team (not the newcomer): each does their own part, recorded as
    # a TeamPartDone row; the step is done when every member has done theirs (or HR marks it done).
    TEAM = "team", "The team"


class OffsetUnit(models.TextChoices):
    CALENDAR = "calendar", "Calendar days"
    WORKING = "working", "Working days (no weekends or Dutch public holidays)"


class StepState(models.TextChoices):
    PLANNED = "planned", "Planned"
    SENT = "sent", "Sent"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"


# --- Templates (content, shared by every organisation) -------------------------------------------


class JourneyTemplate(models.Model):
    tenant_path = None  # content shipped with Welkom: the same for every organisation

    slug = models.SlugField(max_length=80, unique=True)
    title = models.JSONField(default=dict, help_text='Per locale: {"en": "...", "nl": "..."}')
    description = models.JSONField(default=dict, blank=True)
    drafted = models.JSONField(
        default=list, blank=True, help_text="Languages drafted without a native speaker (content/_review)."
    )
    content_hash = models.CharField(max_length=64, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class TemplateStage(models.Model):
    tenant_path = None

    template = models.ForeignKey(JourneyTemplate, on_delete=models.CASCADE, related_name="stages")
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    anchor = models.CharField(max_length=20, choices=Anchor.choices)
    offset_days = models.IntegerField(default=0, help_text="Calendar days from the anchor date.")
    title = models.JSONField(default=dict)

    class Meta:
        ordering = ["template", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="template_stage_key_unique")]

    def __str__(self) -> str:
        return f"{self.template_id}/{self.key}"


class TemplateStep(models.Model):
    tenant_path = None

    stage = models.ForeignKey(TemplateStage, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(max_length=60, help_text="Unique within the template.")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    ref = models.CharField(max_length=80, blank=True, help_text="Module or checklist slug, or level (A1).")
    owner = models.CharField(max_length=20, choices=Owner.choices)
    offset = models.IntegerField(default=0, help_text="Days after the stage starts (negative: before).")
    offset_unit = models.CharField(max_length=10, choices=OffsetUnit.choices, default=OffsetUnit.CALENDAR)
    local_time = models.TimeField(help_text="Time of day in the newcomer's time zone.")
    after = models.JSONField(default=list, blank=True, help_text="Keys of steps that must be done first.")
    title = models.JSONField(default=dict)
    body = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["stage", "position"]

    def __str__(self) -> str:
        return self.key


# --- Plans (one newcomer's copy) ---------------------------------------------------------------------


class Plan(TenantModel):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    profile = models.OneToOneField(
        "newcomers.NewcomerProfile", on_delete=models.CASCADE, related_name="journey_plan"
    )
    template = models.ForeignKey(
        JourneyTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="plans"
    )
    template_slug = models.SlugField(max_length=80)
    hr_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text="Owns HR steps and hears about overdue steps.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Plan {self.template_slug} for {self.profile_id}"


class PlanStage(models.Model):
    tenant_path = "plan__organisation"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stages")
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    anchor = models.CharField(max_length=20, choices=Anchor.choices)
    offset_days = models.IntegerField(default=0)
    title = models.JSONField(default=dict)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="plan_stage_key_unique")]

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.key}"


class PlanStep(models.Model):
    tenant_path = "plan__organisation"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")
    stage = models.ForeignKey(PlanStage, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    ref = models.CharField(max_length=80, blank=True)
    owner = models.CharField(max_length=20, choices=Owner.choices)
    offset = models.IntegerField(default=0)
    offset_unit = models.CharField(max_length=10, choices=OffsetUnit.choices, default=OffsetUnit.CALENDAR)
    local_time = models.TimeField()
    depends_on = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="dependents")
    title = models.JSONField(default=dict)
    body = models.JSONField(default=dict, blank=True)

    due_at = models.DateTimeField(
        null=True, blank=True, help_text="UTC; empty while the anchor date is unknown."
    )
    pinned = models.BooleanField(default=False, help_text="Moved by hand: date changes leave it alone.")
    waiting = models.BooleanField(default=False, help_text="A step it depends on is not done yet.")
    state = models.CharField(max_length=10, choices=StepState.choices, default=StepState.PLANNED)
    sent_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="plan_step_key_unique")]
        indexes = [
            # The dispatcher's query: only planned, ready rows are in this index, so its size is the
            # backlog, not the number of steps ever planned.
            models.Index(
                fields=["due_at"],
                condition=Q(state="planned", waiting=False, due_at__isnull=False),
                name="step_due_idx",
            ),
            # Overdue checks: sent but not done, not yet escalated.
            models.Index(
                fields=["due_at"], condition=Q(state="sent", escalated_at__isnull=True), name="step_open_idx"
            ),
            models.Index(fields=["plan", "kind", "ref"]),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.key}"


class TeamPartDone(models.Model):
    """One team member's part of a team-owned step (``Owner.TEAM``) is done. The step itself turns
    done when every member of the newcomer's team at that moment has a row here."""

    tenant_path = "step__plan__organisation"

    step = models.ForeignKey(PlanStep, on_delete=models.CASCADE, related_name="team_parts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["done_at", "id"]
        constraints = [models.UniqueConstraint(fields=["step", "user"], name="team_part_once_per_member")]

    def __str__(self) -> str:
        return f"Team part {self.pk}"


class PlanEvent(models.Model):
    """The plan's history: created, steps added/moved/skipped/removed/sent/done, dates changed."""

    tenant_path = "plan__organisation"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=30)
    detail = models.JSONField(default=dict, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.plan_id}"


class DispatchWatermark(models.Model):
    """How far the dispatcher has swept. One row per job name; global, not organisation data."""

    tenant_path = None

    name = models.CharField(max_length=40, primary_key=True)
    swept_until = models.DateTimeField()
    ticked_at = models.DateTimeField()
    last_sent = models.PositiveIntegerField(default=0)
    last_caught_up = models.PositiveIntegerField(default=0, help_text="Steps older than the watermark.")

    def __str__(self) -> str:
        return f"{self.name} until {self.swept_until}"
