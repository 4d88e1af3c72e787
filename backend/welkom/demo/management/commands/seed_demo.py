"""Create (or refresh) the demo organisation with a team and one user per role. Safe to run twice."""

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from welkom.accounts.models import Organisation, Role, Team, User
from welkom.accounts.selectors import organisation_with_slug, teams_of
from welkom.accounts.services import organisation_create, team_create, team_member_add

DEMO_PASSWORD = "welkom-demo-2026"
TEAM_NAME = "Platform team"
DEMO_PEOPLE = [
    (Role.ADMIN, "admin@demo.welkom.test", "Anouk de Vries", "nl"),
    (Role.HR, "hr@demo.welkom.test", "Sanne Jansen", "nl"),
    (Role.TEAM_LEAD, "lead@demo.welkom.test", "Daan Bakker", "nl"),
    (Role.COLLEAGUE, "colleague@demo.welkom.test", "Lotte Visser", "nl"),
    (Role.NEWCOMER, "newcomer@demo.welkom.test", "Priya Sharma", "en"),
]


class Command(BaseCommand):
    help = "Create the demo organisation, its team and one user per role, and print the logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Password for every demo user.")

    @transaction.atomic
    def handle(self, *args: Any, password: str, **options: Any) -> None:
        organisation = organisation_with_slug(slug="demo") or organisation_create(
            name="Demo B.V.", slug="demo", default_language="nl"
        )
        people: dict[str, User] = {}
        total = len(DEMO_PEOPLE)
        for step, (role, email, name, language) in enumerate(DEMO_PEOPLE, start=1):
            user, created = User.objects.get_or_create(
                email=email,
                defaults={
                    "organisation": organisation,
                    "role": role,
                    "full_name": name,
                    "language": language,
                },
            )
            if created or not user.check_password(password):
                user.set_password(password)
            user.organisation, user.role, user.is_active = organisation, role, True
            user.is_staff = role == Role.ADMIN
            user.save()
            people[role] = user
            self.stdout.write(f"[{step}/{total}] {'created' if created else 'kept'} {role}: {email}")
        team = teams_of(organisation_id=organisation.pk).filter(name__iexact=TEAM_NAME).first()
        if team is None:
            team = team_create(organisation=organisation, name=TEAM_NAME, lead=people[Role.TEAM_LEAD])
        for role in (Role.TEAM_LEAD, Role.COLLEAGUE, Role.NEWCOMER):
            team_member_add(team=team, user=people[role])  # the team's chat channel follows (a signal)
        self._newcomer_profile(organisation, team, people)
        from welkom.language.demo import seed_language_demo

        seed_language_demo(organisation=organisation, hr=people[Role.HR], newcomer=people[Role.NEWCOMER])
        self._journey_plan(people)

        self.stdout.write(
            self.style.SUCCESS(f"\nDemo organisation '{organisation.name}', team '{team.name}'.")
        )
        self.stdout.write("Demo logins (password for all: " + password + "):")
        for role, email, name, _language in DEMO_PEOPLE:
            self.stdout.write(f"  {role:<10} {email:<30} {name}")

    def _newcomer_profile(self, organisation: Organisation, team: Team, people: dict[str, User]) -> None:
        """The demo newcomer arrives in two weeks, so every stage of onboarding has something to show."""
        from welkom.newcomers.models import NewcomerProfile
        from welkom.newcomers.services import profile_update

        newcomer = people[Role.NEWCOMER]
        profile, created = NewcomerProfile.objects.get_or_create(
            user=newcomer, defaults={"organisation": organisation, "team": team}
        )
        if not created:
            return
        today = timezone.localdate()
        profile_update(
            profile=profile,
            changed_by=people[Role.HR],
            home_country="IN",
            languages_spoken=["hi", "en"],
            preferred_language="en",
            time_zone="Asia/Kolkata",
            offer_signed_on=today - timedelta(days=45),
            arrival_on=today + timedelta(days=14),
            first_day_on=today + timedelta(days=21),
            team=team,
            team_lead=people[Role.TEAM_LEAD],
            buddy=people[Role.COLLEAGUE],
            has_partner=True,
            children=[{"first_name": "Asha", "birth_date": date(today.year - 6, 3, 14)}],
            tenure="temporary",
            municipality="eindhoven",
        )

    def _journey_plan(self, people: dict[str, User]) -> None:
        """The demo newcomer follows the default journey (needs `sync_content` first, as `make run` does)."""
        from welkom.journeys.selectors import own_plan, templates_available
        from welkom.journeys.services import plan_create
        from welkom.newcomers.selectors import profile_of

        profile = profile_of(people[Role.NEWCOMER])
        assert profile is not None  # made by _newcomer_profile
        template = templates_available().filter(slug="ict-kennismigrant").first()
        if template is None:
            self.stdout.write("No journey template loaded yet: run `manage.py sync_content` for a demo plan.")
            return
        if own_plan(people[Role.NEWCOMER]) is None:
            plan_create(profile=profile, template=template, created_by=people[Role.HR])
            self.stdout.write(f"Planned the '{template.slug}' journey for {people[Role.NEWCOMER].email}.")
