"""After erasure no table holds the person's name or e-mail address.

The search is generic: every text-like column of every table in the database (our apps, Django's,
third-party ones), so an app added later that forgets to register an eraser makes this fail."""

import io
import json
import zipfile

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from tests.privacy.helpers import PDF, newcomer_with_profile, traces_everywhere
from welkom.accounts import services as accounts_services
from welkom.accounts.models import User
from welkom.audit.models import AuditEntry
from welkom.audit.services import audit_record
from welkom.chat.models import Message, MessageMention, MessageTranslation
from welkom.checklists.models import ChecklistDocument
from welkom.core.privacy_registry import ERASED_TEXT
from welkom.journeys.models import Plan
from welkom.language.models import LanguagePlan
from welkom.modules.models import ModuleProgress
from welkom.notifications.models import Notification
from welkom.privacy import services
from welkom.privacy.models import ErasureRecord, ExportRequest

pytestmark = pytest.mark.django_db

NAME = "Zaynab Quillfeather"
EMAIL = "zaynab.quillfeather@alpha.test"


TEXT_TYPES = {"CharField", "TextField", "JSONField", "EmailField", "SlugField", "URLField"}


def tables_mentioning(*needles: str) -> list[tuple[str, str]]:
    """(table, column) pairs in which any needle occurs, case-insensitively. The columns come from
    the database's own catalogue (Django's introspection), on PostgreSQL and SQLite alike."""
    introspection = connection.introspection
    found = []
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            for column in introspection.get_table_description(cursor, table):
                if introspection.get_field_type(column.type_code, column) not in TEXT_TYPES:
                    continue
                quoted_table = connection.ops.quote_name(table)
                quoted_column = connection.ops.quote_name(column.name)
                for needle in needles:
                    cursor.execute(
                        f"SELECT 1 FROM {quoted_table} WHERE LOWER(CAST({quoted_column} AS TEXT)) LIKE %s"
                        " LIMIT 1",
                        [f"%{needle.lower()}%"],
                    )
                    if cursor.fetchone():
                        found.append((table, column.name))
    return sorted(set(found))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def person(org_a, client_factory, media):
    person = newcomer_with_profile(org_a, full_name=NAME, email=EMAIL)
    person.traces = traces_everywhere(org_a, person, client_factory, name=NAME)
    # Leave traces everywhere that exists today: a login, a failed login, an export, audit entries,
    # an invitation, a line in Django admin's history.
    client = client_factory(person)
    client_factory().post("/api/auth/login", {"email": EMAIL, "password": "wrong-password"}, format="json")
    client_factory(org_a["hr"]).post(
        "/api/invitations", {"email": EMAIL, "role": "newcomer", "full_name": NAME}, format="json"
    )
    export = services.export_request_create(user=person)
    services.export_build(export_id=export.pk)
    client_factory(org_a["hr"]).get(f"/api/newcomers/{person.newcomer_profile.pk}")
    audit_record(actor=person, action="viewed", subject_user=org_a["newcomer"], object_type="profile")
    LogEntry.objects.create(
        user=org_a["admin"],
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
    )
    assert client.get("/api/me").status_code == 200
    return person


def test_the_search_finds_the_person_before_erasure(person):
    assert len(tables_mentioning(NAME, EMAIL)) >= 4


def test_erasure_leaves_no_name_or_email_in_any_table(client_factory, org_a, person):
    survivor = org_a["newcomer"]
    response = client_factory(org_a["admin"]).post(
        "/api/privacy/erasures", {"user": person.pk, "confirm_email": EMAIL}, format="json"
    )
    assert response.status_code == 201, response.content
    assert tables_mentioning(NAME, EMAIL, "Zaynab", "Quillfeather") == []

    person.refresh_from_db()
    assert not person.is_active
    assert not person.has_usable_password()
    assert not ExportRequest.objects.filter(user=person).exists()
    assert ErasureRecord.objects.get(erased_user=person).erased_by == org_a["admin"]
    # What the person did to others stays, pointing at the anonymous account (aggregates kept).
    assert AuditEntry.objects.filter(actor=person, subject_user=survivor).exists()
    assert not AuditEntry.objects.filter(subject_user=person).exists()
    assert User.objects.filter(pk=survivor.pk, is_active=True).exists()


def test_erasure_empties_every_app_and_keeps_what_others_need(
    org_a, person, django_capture_on_commit_callbacks
):
    traces = person.traces
    document = ChecklistDocument.objects.get(pk=traces["document"])
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.erasure_perform(person=person, erased_by=org_a["admin"], confirm_email=EMAIL)
    assert not Plan.objects.filter(pk=traces["plan"].pk).exists()
    assert not Notification.objects.filter(recipient=person).exists()
    assert Notification.objects.filter(
        recipient=org_a["hr"], kind="overdue"
    ).exists()  # HR keeps it, nameless
    assert not ChecklistDocument.objects.filter(pk=document.pk).exists()
    assert not storage.exists(name)
    assert not LanguagePlan.objects.filter(profile__user=person).exists()
    assert not ModuleProgress.objects.filter(user=person).exists()
    # The conversation keeps its shape: the person's message is a placeholder, the mention is gone.
    own = Message.objects.get(pk=traces["own_message"].pk)
    assert (own.body, own.author_id) == (ERASED_TEXT, person.pk)
    assert not MessageTranslation.objects.filter(message=own).exists()
    assert Message.objects.get(pk=traces["mention"].pk).body == f"Welcome @{ERASED_TEXT}!"
    assert not MessageMention.objects.filter(user=person).exists()


def test_the_export_holds_every_app_and_nobody_elses_data(person, org_a):
    export = services.export_request_create(user=person)
    services.export_build(export_id=export.pk)
    export.refresh_from_db()
    archive = zipfile.ZipFile(io.BytesIO(export.file.open("rb").read()))
    text = archive.read("data.json").decode()
    data = json.loads(text)
    assert data["journeys"]["plans"][0]["id"] == person.traces["plan"].pk
    assert any(step["title"].get("en") == f"Lunch with {NAME}" for step in data["journeys"]["steps"])
    assert [n["title"] for n in data["notifications"]["notifications"]] == ["Welcome!"]
    assert [m["body"] for m in data["chat"]["messages"]] == [f"Hello, I am {NAME}"]
    assert len(data["chat"]["mentions"]) == 1
    assert "landlord" in json.dumps(data["checklists"]["items"])
    assert data["language"]["study_logs"][0]["note"] == "Zaynab practised numbers"
    assert data["modules"]["progress"][0]["percent"] == 40
    # One memory: the chat correction and the entry made on the translation pages both name them.
    assert len(data["translation"]["memory_about_you"]) == 2
    assert data["offline"]["stored_responses"][0]["path"] == "/api/me"
    assert data["push"]["subscriptions"][0]["endpoint"] == "https://push.example/abc"
    documents = [name for name in archive.namelist() if name.startswith("documents/checklists/")]
    assert len(documents) == 1
    assert documents[0].endswith("Zaynab-contract.pdf")
    assert archive.read(documents[0]) == PDF
    for secret in ("p256dh", "token_hash", "key_hash", "fingerprint"):
        assert f'"{secret}"' not in text
    for foreign in (org_a["newcomer"].email, org_a["colleague"].email, "Welcome @Zaynab"):
        assert foreign not in text


def test_an_erased_person_cannot_log_in(client_factory, org_a, person):
    services.erasure_perform(person=person, erased_by=org_a["admin"], confirm_email=EMAIL)
    response = client_factory().post(
        "/api/auth/login", {"email": EMAIL, "password": "correct-horse-battery-staple"}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("confirm", "field"), [("someone@else.test", "confirm_email"), ("", "confirm_email")]
)
def test_a_wrong_confirmation_erases_nothing(client_factory, org_a, person, confirm, field):
    response = client_factory(org_a["admin"]).post(
        "/api/privacy/erasures", {"user": person.pk, "confirm_email": confirm}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert tables_mentioning(EMAIL)


def test_only_an_admin_of_the_same_organisation_erases(client_factory, org_a, org_b, person):
    body = {"user": person.pk, "confirm_email": EMAIL}
    url = "/api/privacy/erasures"
    for role in ("hr", "team_lead", "colleague", "newcomer"):
        assert client_factory(org_a[role]).post(url, body, format="json").status_code == 403
    assert client_factory(org_b["admin"]).post(url, body, format="json").status_code == 404
    mine = {"user": org_a["admin"].pk, "confirm_email": org_a["admin"].email}
    assert client_factory(org_a["admin"]).post(url, mine, format="json").status_code == 400
    assert not ErasureRecord.objects.exists()


def test_erasure_removes_approved_translations_of_the_persons_own_words(org_a):
    """The one translation memory (welkom.translation) holds chat corrections too: an approved
    translation of something the person wrote goes, even when it does not name them."""
    from welkom.chat import services as chat
    from welkom.translation.models import MemoryEntry

    person = newcomer_with_profile(org_a, full_name="Ilse Veldkamp", email="ilse@alpha.test")
    accounts_services.team_member_add(team=org_a.team, user=person)
    channel = chat.team_channel_sync(team=org_a.team)
    chat.message_post(channel=channel, author=person, body="Is there parking at the office?", language="en")
    for text, translated in [
        ("Is there parking at the office?", "Is er parkeerruimte bij het kantoor?"),
        ("Lunch is at noon", "Lunch is om twaalf uur"),
    ]:
        chat.translation_memory_approve(
            organisation_id=org_a.organisation.pk,
            approved_by=org_a["team_lead"],
            source_language="en",
            target_language="nl",
            source_text=text,
            translated_text=translated,
        )

    services.erasure_perform(person=person, erased_by=org_a["admin"], confirm_email="ilse@alpha.test")

    assert list(MemoryEntry.objects.values_list("source_text", flat=True)) == ["Lunch is at noon"]


def test_the_erasure_list_names_who_erased_and_only_admins_read_it(client_factory, org_a, org_b, person):
    created = client_factory(org_a["admin"]).post(
        "/api/privacy/erasures", {"user": person.pk, "confirm_email": EMAIL}, format="json"
    )
    assert created.status_code == 201
    listed = client_factory(org_a["admin"]).get("/api/privacy/erasures").json()["results"]
    assert [(r["erased_user"], r["erased_by_name"]) for r in listed] == [
        (person.pk, org_a["admin"].display_name)
    ]
    assert client_factory(org_a["hr"]).get("/api/privacy/erasures").status_code == 403
    assert client_factory(org_b["admin"]).get("/api/privacy/erasures").json()["count"] == 0


def test_erasure_removes_the_translations_of_the_persons_own_words_that_do_not_name_them(org_a):
    """The translation of a message the person wrote holds their words in another language even
    when it does not name them: it goes with the message's text."""
    from welkom.chat import services as chat

    person = newcomer_with_profile(org_a, full_name="Ilse Veldkamp", email="ilse@alpha.test")
    accounts_services.team_member_add(team=org_a.team, user=person)
    channel = chat.team_channel_sync(team=org_a.team)
    own = chat.message_post(channel=channel, author=person, body="My back hurts since Monday.", language="en")
    other = chat.message_post(
        channel=channel, author=org_a["team_lead"], body="Lunch is at noon.", language="en"
    )
    for message, text in ((own, "Mijn rug doet pijn sinds maandag."), (other, "Lunch is om twaalf uur.")):
        MessageTranslation.objects.create(
            message=message, language="nl", revision=message.revision, status="translated", text=text
        )

    services.erasure_perform(person=person, erased_by=org_a["admin"], confirm_email="ilse@alpha.test")

    assert not MessageTranslation.objects.filter(message=own).exists()
    assert list(MessageTranslation.objects.values_list("text", flat=True)) == ["Lunch is om twaalf uur."]
    own.refresh_from_db()
    assert own.body == ERASED_TEXT


def test_nobody_outside_an_organisation_erases_or_is_erased_through_the_service(org_a):
    """Two accounts without an organisation (operators, superusers made on the command line) share no tenant:
    erasure refuses them as unknown rather than matching "no organisation" with "no organisation"."""
    from tests.factories import UserFactory
    from welkom.accounts.models import Role
    from welkom.core.errors import ApiError

    operator = UserFactory(organisation=None, role=Role.ADMIN, is_superuser=True)
    other = UserFactory(organisation=None, role=Role.COLLEAGUE, is_superuser=True)
    with pytest.raises(ApiError) as refused:
        services.erasure_perform(person=other, erased_by=operator, confirm_email=other.email)
    assert refused.value.fields == {"user": ["Unknown person."]}
    with pytest.raises(ApiError):
        services.erasure_perform(person=other, erased_by=org_a["admin"], confirm_email=other.email)
    assert not ErasureRecord.objects.exists()
    other.refresh_from_db()
    assert other.email.endswith("@example.test")
