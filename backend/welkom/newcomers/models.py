"""The newcomer's profile: dates, household and situation that journeys, language plans and
checklists are computed from. Stores the minimum: never a BSN or a passport number."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from welkom.core.tenancy import TenantModel, TenantQuerySet


class Tenure(models.TextChoices):
    TEMPORARY = "temporary", "Temporary housing"
    RENTING = "renting", "Renting"
    BUYING = "buying", "Buying"
    UNDECIDED = "undecided", "Not decided yet"


class PermitType(models.TextChoices):
    KENNISMIGRANT = "kennismigrant", "Highly skilled migrant (kennismigrant)"
    EU_BLUE_CARD = "eu_blue_card", "EU Blue Card"
    EU_CITIZEN = "eu_citizen", "EU/EEA or Swiss citizen (no permit)"
    INTRA_CORPORATE = "intra_corporate", "Intra-corporate transferee"
    OTHER = "other", "Other permit"


class Employment(models.TextChoices):
    """How the newcomer is employed; decides the journey and items such as the A1 certificate."""

    DIRECT = "direct", "Employed by this organisation"
    AGENCY = "agency", "Through an employment agency (uitzendbureau)"
    POSTED = "posted", "Posted by an employer abroad (A1 certificate)"


class NewcomerProfile(TenantModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="newcomers"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newcomer_profile"
    )
    home_country = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166-1 alpha-2, e.g. IN, PL, TR."
    )
    languages_spoken = models.JSONField(
        default=list, blank=True, help_text="BCP 47 codes, e.g. ['hi', 'en']."
    )
    preferred_language = models.CharField(max_length=10, default="en")
    phone = models.CharField(
        max_length=32, blank=True, help_text="International format, e.g. +48 600 123 456."
    )
    time_zone = models.CharField(max_length=64, default="Europe/Amsterdam")

    offer_signed_on = models.DateField(null=True, blank=True)
    arrival_on = models.DateField(null=True, blank=True)
    first_day_on = models.DateField(null=True, blank=True)

    team = models.ForeignKey(
        "accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newcomers_led",
    )
    buddy = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="buddies_of"
    )

    has_partner = models.BooleanField(default=False)
    tenure = models.CharField(max_length=20, choices=Tenure.choices, default=Tenure.TEMPORARY)
    stays_longer_than_4_months = models.BooleanField(default=True)
    permit_type = models.CharField(
        max_length=20, choices=PermitType.choices, default=PermitType.KENNISMIGRANT
    )
    municipality = models.CharField(
        max_length=80, blank=True, help_text="Lower-case gemeente name, e.g. amsterdam, eindhoven, den-haag."
    )
    employment = models.CharField(max_length=10, choices=Employment.choices, default=Employment.DIRECT)
    housing_by_employer = models.BooleanField(
        default=False, help_text="The employer (or the agency) arranges the housing."
    )

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["arrival_on", "id"]
        indexes = [models.Index(fields=["organisation", "arrival_on"])]

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class Child(models.Model):
    tenant_path = "profile__organisation"

    profile = models.ForeignKey(NewcomerProfile, on_delete=models.CASCADE, related_name="children")
    first_name = models.CharField(max_length=100, blank=True)
    birth_date = models.DateField()

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["birth_date", "id"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return self.first_name or f"Child born {self.birth_date}"

    def age_on(self, day: object) -> int:
        from datetime import date

        assert isinstance(day, date)
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Leave(models.Model):
    """Days the newcomer is away (holiday, trip home); plans skip them."""

    tenant_path = "profile__organisation"

    profile = models.ForeignKey(NewcomerProfile, on_delete=models.CASCADE, related_name="leaves")
    starts_on = models.DateField()
    ends_on = models.DateField()
    note = models.CharField(max_length=200, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="leave_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"Leave {self.starts_on} to {self.ends_on}"


class ProfileChange(models.Model):
    """One saved change of a profile: which fields, from what to what, by whom. Shown as history."""

    tenant_path = "profile__organisation"

    profile = models.ForeignKey(NewcomerProfile, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changes = models.JSONField(help_text="{field: [old, new]} with dates as ISO strings.")

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"Change of {self.profile_id} at {self.changed_at}"
