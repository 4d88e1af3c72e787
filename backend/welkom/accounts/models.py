from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from welkom.core.tenancy import TenantModel, TenantQuerySet


class Role(models.TextChoices):
    NEWCOMER = "newcomer", "Newcomer"
    HR = "hr", "HR"
    TEAM_LEAD = "team_lead", "Team lead"
    COLLEAGUE = "colleague", "Colleague"
    ADMIN = "admin", "Admin"


class Organisation(models.Model):
    """The tenant. Every person and every row of organisation data belongs to exactly one."""

    tenant_path = "id"  # an organisation is its own tenant

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    default_language = models.CharField(max_length=10, default="en")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> TenantQuerySet[User]:
        return TenantQuerySet(self.model, using=self._db)

    def with_password(self) -> TenantQuerySet[User]:
        """Accounts someone has set a password for (at most one per address); not the inactive
        placeholders an invitation makes before it is accepted."""
        return self.get_queryset().exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)

    def get_by_natural_key(self, username: str | None) -> User:
        """Logging in: the one account with this address that has a password."""
        return self.with_password().get(**{self.model.USERNAME_FIELD: username})

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.ADMIN)
        return self.create_user(email, password, **extra)


# The stubs cannot type the reverse manager of welkom.sso's ProviderVerification, whose user field comes
# from django-otp's untyped Device base.
class User(AbstractBaseUser, PermissionsMixin):  # type: ignore[django-manager-missing]
    """A person. Logs in with e-mail and password; belongs to one organisation with one role."""

    tenant_path = "organisation"

    # Unique among accounts with a password (the constraint below): an invited person who has not
    # accepted yet is a placeholder without one, in the inviting organisation, so that inviting an
    # address never tells HR whether another organisation knows it (welkom.accounts.services).
    email = models.EmailField()
    full_name = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="users", null=True, blank=True
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.COLLEAGUE)
    language = models.CharField(max_length=10, default="en", help_text="Interface language (BCP 47).")
    time_zone = models.CharField(max_length=64, default="Europe/Amsterdam")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin site.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["full_name", "email"]
        indexes = [models.Index(fields=["organisation", "role"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(is_superuser=True),
                name="user_has_organisation_unless_superuser",
            ),
            models.UniqueConstraint(
                fields=["email"],
                condition=~models.Q(password__startswith=UNUSABLE_PASSWORD_PREFIX),
                name="user_email_unique_with_password",
            ),
            models.UniqueConstraint(
                fields=["organisation", "email"], name="user_email_unique_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email.split("@")[0]


class Team(TenantModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="teams_led"
    )
    members: models.ManyToManyField[User, TeamMembership] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMembership", related_name="teams"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    tenant_path = "team__organisation"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class Invitation(TenantModel):
    """A single-use, expiring link that lets an invited person set their password.

    The link carries a token signed with SECRET_KEY over (id, nonce); nothing secret is stored or
    sent through the broker, and the e-mail task can rebuild the link from the id alone.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    # A random value signed into the link; changing it (re-invite) makes earlier links useless.
    nonce = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"
