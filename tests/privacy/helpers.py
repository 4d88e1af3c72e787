"""A newcomer with a full profile, for the privacy and audit tests."""

from __future__ import annotations

from datetime import date

from tests.factories import UserFactory
from tests.newcomers.factories import NewcomerProfileFactory
from tests.offline.factories import IdempotencyRecordFactory
from tests.push.factories import PushSubscriptionFactory
from welkom.accounts.models import Role, User
from welkom.newcomers import services


def newcomer_with_profile(org, *, full_name: str, email: str, team=None) -> User:  # type: ignore[no-untyped-def]
    person = UserFactory(organisation=org.organisation, role=Role.NEWCOMER, full_name=full_name, email=email)
    profile = NewcomerProfileFactory(user=person, team=team or org.team)
    services.profile_update(
        profile=profile,
        changed_by=org["hr"],
        arrival_on=date(2026, 11, 2),
        first_day_on=date(2026, 11, 9),
        home_country="IN",
        municipality="eindhoven",
        has_partner=True,
        buddy=org["colleague"],
        children=[{"first_name": f"{full_name.split()[0]}-junior", "birth_date": date(2021, 5, 4)}],
        leaves=[{"starts_on": date(2026, 12, 20), "ends_on": date(2027, 1, 3), "note": f"{full_name} home"}],
    )
    return person


def traces_everywhere(org, person: User, client_factory, *, name: str) -> dict:  # type: ignore[no-untyped-def]
    """Realistic rows about ``person`` in every app that holds personal data, some quoting their
    name: a journey plan, a notification, chat messages, checklist notes and a document, a language
    plan and study log, module progress, translation memory, an offline retry record, a push
    subscription. Needs MEDIA_ROOT pointing at a temporary folder."""
    from datetime import timedelta

    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from welkom.accounts.models import TeamMembership
    from welkom.chat import services as chat_services
    from welkom.checklists.models import ChecklistItem
    from welkom.checklists.services import checklists_reconcile
    from welkom.content.services import content_sync
    from welkom.journeys import services as journey_services
    from welkom.journeys.models import JourneyTemplate
    from welkom.language.models import StudyLog
    from welkom.modules import services as module_services
    from welkom.modules.models import Module
    from welkom.notifications.services import notification_send
    from welkom.translation import services as translation_services

    first_name = name.split()[0]
    hr = org["hr"]
    content_sync(root=settings.CONTENT_DIR, kinds=["modules", "checklists", "journeys"])
    profile = person.newcomer_profile

    # Journey: a plan from the shipped template, one added step quoting the name.
    template = JourneyTemplate.objects.order_by("slug").first()
    plan = journey_services.plan_create(profile=profile, template=template, created_by=hr)
    journey_services.step_add(
        plan=plan,
        actor=hr,
        title=f"Lunch with {name}",
        body=f"{first_name} picks the place.",
        owner="buddy",
        kind="task",
        stage=plan.stages.first().key,
        offset=1,
    )

    # Notifications: one to the person, one to HR about them.
    notification_send(
        recipient=person,
        kind="journey_step",
        title="Welcome!",
        body=f"Hi {first_name}",
        dedupe_key="welcome",
        queue=False,
    )
    notification_send(
        recipient=hr,
        kind="overdue",
        title=f"{name} has an overdue step",
        dedupe_key=f"overdue-{person.pk}",
        queue=False,
    )

    # Chat: the person writes, a colleague mentions them.
    TeamMembership.objects.get_or_create(team=org.team, user=person)
    TeamMembership.objects.get_or_create(team=org.team, user=org["colleague"])
    chat_services.reading_language_set(user=person, language="en")
    channel = chat_services.team_channel_sync(team=org.team)
    own = chat_services.message_post(
        channel=channel, author=person, body=f"Hello, I am {name}", language="en"
    )
    other = chat_services.message_post(
        channel=channel,
        author=org["colleague"],
        body=f"Welcome @{first_name}!",
        language="en",
        mentions=[person.pk],
    )
    chat_services.translation_memory_approve(
        organisation_id=org.organisation.pk,
        approved_by=hr,
        source_language="en",
        target_language="nl",
        source_text=f"Hello, I am {name}",
        translated_text=f"Hallo, ik ben {name}",
    )

    # Checklists: a note and a document, uploaded by the person.
    checklists_reconcile(profile=profile)
    item = ChecklistItem.objects.filter(
        checklist__profile=profile, template_item__key="rental-contract"
    ).get()
    client = client_factory(person)
    note = {"note": f"Asked the landlord for {name}'s contract"}
    assert client.patch(f"/api/checklist-items/{item.pk}", note, format="json").status_code == 200
    upload = client.post(
        f"/api/checklist-items/{item.pk}/documents",
        {"file": SimpleUploadedFile(f"{first_name}-contract.pdf", PDF, content_type="application/pdf")},
        format="multipart",
    )
    assert upload.status_code == 201, upload.content

    # Language: a plan made by HR, a study log with a note.
    start = timezone.localdate() + timedelta(days=(7 - timezone.localdate().weekday()))
    language = client_factory(hr).post(
        "/api/language/plans",
        {
            "newcomer": profile.pk,
            "current_level": "A0",
            "target_level": "A2",
            "target_date": (start + timedelta(days=300)).isoformat(),
            "starts_on": start.isoformat(),
            "lesson_hours_per_week": "4",
            "self_study_hours_per_week": "2",
            "availability": [
                {"weekday": 0, "start": "19:00", "end": "21:00"},
                {"weekday": 2, "start": "19:00", "end": "21:00"},
                {"weekday": 5, "start": "10:00", "end": "12:00"},
            ],
            "course_format": "external_course",
        },
        format="json",
    )
    assert language.status_code == 201, language.content
    StudyLog.objects.create(
        plan_id=language.json()["id"],
        studied_on=timezone.localdate(),
        minutes=30,
        note=f"{first_name} practised numbers",
    )

    # Modules, translation memory, offline retries, push.
    module = Module.objects.order_by("slug").first()
    module_services.progress_update(user=person, module=module, percent=40, section="intro")
    translation_services.memory_entry_save(
        organisation=org.organisation,
        source_language="en",
        target_language="nl",
        source_text=f"Welcome to the team, {name}",
        translated_text=f"Welkom in het team, {name}",
        approved_by=hr,
    )
    IdempotencyRecordFactory(
        user=person, method="PATCH", path="/api/me", status_code=200, body=f'{{"full_name": "{name}"}}'
    )
    PushSubscriptionFactory(user=person, endpoint="https://push.example/abc")
    return {"plan": plan, "own_message": own, "mention": other, "item": item, "document": upload.json()["id"]}


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
