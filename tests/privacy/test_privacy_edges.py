"""The edges of the right of access, the right to erasure and retention, on light data: a second
export while one is being built, the moment an export's link ends, a task delivered twice, the
progress a person watches, erasure's refusals word for word and what it keeps, the last day a
retention rule keeps, and the totals over several organisations."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from tests.factories import UserFactory
from tests.privacy.helpers import newcomer_with_profile
from welkom.accounts.models import Role
from welkom.audit.models import AuditEntry
from welkom.core import privacy_registry as registry
from welkom.core.errors import ApiError
from welkom.privacy import services
from welkom.privacy.models import ErasureRecord, ExportRequest, ExportStatus, RetentionRule

pytestmark = pytest.mark.django_db

# Sunday 6 December 2026, 23:30 UTC: already Monday 7 December in Amsterdam.
NIGHT = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)

BUSY = {
    "en": "Your export is already being prepared. Wait until it is ready.",
    "nl": "Je export wordt al voorbereid. Wacht tot hij klaar is.",
}
GONE = {
    "en": "This export cannot be downloaded any more. Ask for a new one.",
    "nl": "Deze export kan niet meer worden gedownload. Vraag een nieuwe aan.",
}


@pytest.fixture
def meera(org_a):
    return newcomer_with_profile(org_a, full_name="Meera Iyer", email="meera@alpha.test")


def _speaking(person, language: str):  # type: ignore[no-untyped-def]
    person.language = language
    person.save(update_fields=["language"])
    return person


def _ready(person) -> ExportRequest:  # type: ignore[no-untyped-def]
    export = services.export_request_create(user=person)
    services.export_build(export_id=export.pk)
    export.refresh_from_db()
    return export


def _zip(response) -> zipfile.ZipFile:  # type: ignore[no-untyped-def]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


# --- Right of access ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_second_export_waits_while_one_is_being_built_and_may_follow_a_finished_one(
    client_factory, meera, language
):
    client = client_factory(_speaking(meera, language))
    first = client.post("/api/privacy/exports").json()["id"]
    # The worker took it and is reading the person's data.
    ExportRequest.objects.filter(pk=first).update(status=ExportStatus.RUNNING)
    refused = client.post("/api/privacy/exports")
    assert refused.status_code == 409
    assert (refused.json()["code"], refused.json()["detail"]) == ("export_in_progress", BUSY[language])

    # A task delivered again after a worker died finishes the running export.
    assert services.export_build(export_id=first) is not None
    assert client.get(f"/api/privacy/exports/{first}").json()["status"] == "ready"
    again = client.post("/api/privacy/exports")
    assert again.status_code == 202
    assert [e["status"] for e in client.get("/api/privacy/exports").json()["results"]] == ["queued", "ready"]


def test_after_a_failed_export_the_person_may_ask_again(client_factory, meera):
    client = client_factory(meera)
    first = client.post("/api/privacy/exports").json()["id"]
    ExportRequest.objects.filter(pk=first).update(status=ExportStatus.FAILED, error="build_failed")
    assert client.post("/api/privacy/exports").status_code == 202


def test_an_export_is_built_once_however_often_its_task_runs(meera):
    export = _ready(meera)
    for status in (ExportStatus.READY, ExportStatus.FAILED, ExportStatus.EXPIRED):
        ExportRequest.objects.filter(pk=export.pk).update(status=status)
        assert services.export_build(export_id=export.pk) is None
        after = ExportRequest.objects.get(pk=export.pk)
        assert (after.status, after.file.name, after.finished_at) == (
            status,
            export.file.name,
            export.finished_at,
        )


def test_each_task_builds_its_own_export_not_the_newest_one_waiting(org_a, meera):
    ana = newcomer_with_profile(org_a, full_name="Ana Lima", email="ana@alpha.test")
    hers = services.export_request_create(user=ana)
    his = services.export_request_create(user=meera)  # asked later: listed first
    built = services.export_build(export_id=hers.pk)
    assert built is not None
    assert built.pk == hers.pk
    assert ExportRequest.objects.get(pk=hers.pk).status == ExportStatus.READY
    assert ExportRequest.objects.get(pk=his.pk).status == ExportStatus.QUEUED
    data = json.loads(
        zipfile.ZipFile(ExportRequest.objects.get(pk=hers.pk).file.open("rb")).read("data.json")
    )
    assert data["account"]["account"]["email"] == "ana@alpha.test"


def test_a_failed_build_is_logged_for_the_operators_with_the_export_and_its_error(meera, caplog):
    def broken(user):  # type: ignore[no-untyped-def]
        raise OSError("the disk went away")

    registry.register_source(registry.DataSource(name="zz_broken", export=broken))
    try:
        export = services.export_request_create(user=meera)
        with (
            caplog.at_level("ERROR", logger="welkom.privacy.services"),
            pytest.raises(OSError, match="the disk went away"),
        ):
            services.export_build(export_id=export.pk)
    finally:
        registry._sources.pop("zz_broken")
    (record,) = [r for r in caplog.records if r.name == "welkom.privacy.services"]
    assert (record.levelname, record.getMessage()) == ("ERROR", f"Export {export.pk} failed")
    assert record.exc_info is not None
    assert str(record.exc_info[1]) == "the disk went away"
    assert ExportRequest.objects.get(pk=export.pk).status == ExportStatus.FAILED


def test_asking_through_the_api_builds_the_export_that_was_asked_for(
    client_factory, meera, django_capture_on_commit_callbacks
):
    """The task queued when the request commits is given the new export: run eagerly, it builds it."""
    from config.celery import app

    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client_factory(meera).post("/api/privacy/exports")
    finally:
        app.conf.task_always_eager = False
    assert response.status_code == 202
    export = ExportRequest.objects.get(pk=response.json()["id"])
    assert (export.status, export.progress, export.user_id, export.organisation_id) == (
        ExportStatus.READY,
        100,
        meera.pk,
        meera.organisation_id,
    )


def test_the_progress_a_person_watches_counts_the_parts_read_and_keeps_the_last_tenth_for_the_zip(meera):
    seen: list[tuple[str, int]] = []

    def watch(user):  # type: ignore[no-untyped-def]
        row = ExportRequest.objects.get(user=user)
        seen.append((row.status, row.progress))
        return {"watched": True}

    watchers = [
        registry.DataSource(name="aa_watch", export=watch, order=-1),
        registry.DataSource(name="zz_watch", export=watch, order=1000),
    ]
    for source in watchers:
        registry.register_source(source)
    try:
        parts = len(registry.sources())
        export = _ready(meera)
    finally:
        for source in watchers:
            registry._sources.pop(source.name)
    # The first part is read before anything is done; the last after all others, of 90%.
    assert seen == [("running", 0), ("running", 90 * (parts - 1) // parts)]
    assert (export.status, export.progress) == (ExportStatus.READY, 100)


@pytest.mark.parametrize(
    ("language", "made"),
    [
        ("en", "Made for Şebnem Öztürk on Dec. 7, 2026."),
        ("nl", "Gemaakt voor Şebnem Öztürk op 7 december 2026."),
    ],
)
def test_the_export_is_dated_by_the_persons_day_and_its_link_lasts_its_hours(
    client_factory, org_a, monkeypatch, language, made
):
    """At 23:30 UTC it is already the next day in Amsterdam: the read-me says that day. The zip is
    readable JSON with the person's letters as they are, and the size shown is the zip's."""
    person = _speaking(
        newcomer_with_profile(org_a, full_name="Şebnem Öztürk", email="sebnem@alpha.test"), language
    )
    monkeypatch.setattr(timezone, "now", lambda: NIGHT)
    export = _ready(person)
    client = client_factory(person)
    shown = client.get(f"/api/privacy/exports/{export.pk}").json()
    body = b"".join(client.get(f"/api/privacy/exports/{export.pk}/download").streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(body))

    assert sorted(archive.namelist()) == ["README.txt", "data.json"]
    assert {entry.compress_type for entry in archive.infolist()} == {zipfile.ZIP_DEFLATED}
    assert archive.read("README.txt").decode().splitlines()[1] == made
    text = archive.read("data.json").decode()
    assert text.startswith('{\n  "generated_at": "2026-12-06T23:30:00Z",\n  "about": ')
    assert '"Şebnem Öztürk"' in text
    assert json.loads(text)["account"]["account"]["email"] == "sebnem@alpha.test"
    assert shown["size"] == len(body)
    assert datetime.fromisoformat(shown["finished_at"]) == NIGHT
    assert datetime.fromisoformat(shown["expires_at"]) == NIGHT + timedelta(
        hours=settings.PRIVACY_EXPORT_VALID_HOURS
    )
    assert export.file.name.startswith("exports/")
    assert export.file.name.endswith(".zip")
    assert len(export.file.name) >= len("exports/.zip") + 32


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_link_works_until_the_moment_it_ends(client_factory, meera, monkeypatch, language):
    export = _ready(_speaking(meera, language))
    client = client_factory(meera)
    url = f"/api/privacy/exports/{export.pk}/download"
    assert export.expires_at is not None
    monkeypatch.setattr(timezone, "now", lambda: export.expires_at - timedelta(seconds=1))
    assert client.get(url).status_code == 200
    monkeypatch.setattr(timezone, "now", lambda: export.expires_at)
    gone = client.get(url)
    assert gone.status_code == 410
    assert (gone.json()["code"], gone.json()["detail"]) == ("export_not_available", GONE[language])
    downloads = AuditEntry.objects.filter(object_type="export")
    assert list(downloads.values_list("actor", "subject_user", "action", "object_id")) == [
        (meera.pk, meera.pk, "downloaded", str(export.pk))
    ]


def test_an_export_not_built_or_failed_is_not_there_yet_and_an_expired_one_is_gone(client_factory, meera):
    export = services.export_request_create(user=meera)
    client = client_factory(meera)
    for status, code in [
        (ExportStatus.QUEUED, 409),
        (ExportStatus.RUNNING, 409),
        (ExportStatus.FAILED, 409),
        (ExportStatus.EXPIRED, 410),
    ]:
        ExportRequest.objects.filter(pk=export.pk).update(status=status)
        response = client.get(f"/api/privacy/exports/{export.pk}/download")
        assert (response.status_code, response.json()["code"]) == (code, "export_not_available"), status
    assert not AuditEntry.objects.filter(object_type="export").exists()


def test_the_beat_job_ends_exactly_the_links_whose_time_has_come(client_factory, org_a, meera, monkeypatch):
    ana = newcomer_with_profile(org_a, full_name="Ana Lima", email="ana@alpha.test")
    due, later, also_due = _ready(meera), _ready(meera), _ready(ana)
    waiting = services.export_request_create(user=ana)
    moment = due.expires_at
    assert moment is not None
    ExportRequest.objects.filter(pk=later.pk).update(expires_at=moment + timedelta(seconds=1))
    ExportRequest.objects.filter(pk=also_due.pk).update(expires_at=moment - timedelta(days=1))
    storage = due.file.storage
    monkeypatch.setattr(timezone, "now", lambda: moment)

    assert services.exports_expire() == 2

    for export in (due, also_due):
        row = ExportRequest.objects.get(pk=export.pk)
        assert (row.status, row.file.name, row.size) == (ExportStatus.EXPIRED, "", 0)
        assert not storage.exists(export.file.name)
    kept = ExportRequest.objects.get(pk=later.pk)
    assert (kept.status, kept.file.name, kept.size) == (ExportStatus.READY, later.file.name, later.size)
    assert storage.exists(later.file.name)
    assert client_factory(meera).get(f"/api/privacy/exports/{later.pk}/download").status_code == 200
    assert ExportRequest.objects.get(pk=waiting.pk).status == ExportStatus.QUEUED
    assert services.exports_expire() == 0


# --- Right to erasure -----------------------------------------------------------------------------


def test_erasure_takes_the_persons_exports_and_their_files_once_committed_and_names_what_it_erased(
    client_factory, org_a, meera, django_capture_on_commit_callbacks
):
    ana = newcomer_with_profile(org_a, full_name="Ana Lima", email="ana@alpha.test")
    built, hers = _ready(meera), _ready(ana)
    waiting = services.export_request_create(user=meera)
    storage = built.file.storage
    with django_capture_on_commit_callbacks(execute=False) as pending:
        record = services.erasure_perform(
            person=meera, erased_by=org_a["admin"], confirm_email="  Meera@ALPHA.test "
        )
    # Until the erasure commits the file stays: a rollback must find the export whole.
    assert storage.exists(built.file.name)
    for callback in pending:
        callback()
    assert not storage.exists(built.file.name)
    assert storage.exists(hers.file.name)
    assert not ExportRequest.objects.filter(pk__in=[built.pk, waiting.pk]).exists()
    assert ExportRequest.objects.filter(pk=hers.pk).exists()

    assert (record.erased_user_id, record.erased_by_id, record.organisation_id) == (
        meera.pk,
        org_a["admin"].pk,
        org_a.organisation.pk,
    )
    listed = client_factory(org_a["admin"]).get("/api/privacy/erasures").json()["results"]
    assert [row["erased_user"] for row in listed] == [meera.pk]
    erased = listed[0]["sources"]
    # Every app that erases, in the order they ran (the account last); the ones that only export, not.
    assert erased == [source.name for source in registry.sources() if source.erase is not None]
    assert {"chat", "journeys", "newcomer_profile"} <= set(erased)
    assert erased[-1] == "account"
    assert "privacy" not in erased


REFUSALS = {
    "en": {
        "own": ("You cannot erase your own account.", {"user": ["This is you."]}),
        "mismatch": (
            "Type the person's e-mail address to confirm.",
            {"confirm_email": ["Does not match the person's e-mail address."]},
        ),
        "again": "This person was already erased.",
    },
    "nl": {
        "own": ("Je kunt je eigen account niet wissen.", {"user": ["Dit ben jij."]}),
        "mismatch": (
            "Typ het e-mailadres van de persoon om te bevestigen.",
            {"confirm_email": ["Komt niet overeen met het e-mailadres van de persoon."]},
        ),
        "again": "Deze persoon is al gewist.",
    },
}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_erasure_refusals_say_why_in_the_admins_language(client_factory, org_a, meera, language):
    admin = _speaking(org_a["admin"], language)
    client = client_factory(admin)
    words = REFUSALS[language]

    def erase(person, confirm: str):  # type: ignore[no-untyped-def]
        return client.post(
            "/api/privacy/erasures", {"user": person.pk, "confirm_email": confirm}, format="json"
        )

    own = erase(admin, admin.email)
    assert (own.status_code, own.json()["detail"], own.json()["fields"]) == (400, *words["own"])
    mismatch = erase(meera, "meera@alpha.test.nl")
    assert (mismatch.status_code, mismatch.json()["code"]) == (400, "confirmation_mismatch")
    assert (mismatch.json()["detail"], mismatch.json()["fields"]) == words["mismatch"]
    assert not ErasureRecord.objects.exists()

    assert erase(meera, "meera@alpha.test").status_code == 201
    meera.refresh_from_db()
    again = erase(meera, meera.email)  # the shell's own address now
    assert (again.status_code, again.json()["code"], again.json()["detail"]) == (
        409,
        "already_erased",
        words["again"],
    )
    assert ErasureRecord.objects.count() == 1


def test_nobody_is_erased_by_an_admin_of_another_organisation_through_the_service(org_a, org_b):
    person = org_b["newcomer"]
    with translation.override("en"), pytest.raises(ApiError) as refused:
        services.erasure_perform(person=person, erased_by=org_a["admin"], confirm_email=person.email)
    assert (str(refused.value.detail), refused.value.fields) == (
        "Unknown person.",
        {"user": ["Unknown person."]},
    )
    person.refresh_from_db()
    assert person.is_active
    assert not ErasureRecord.objects.exists()


def test_the_last_active_admin_is_never_erased_whoever_asks(org_a, org_b):
    """Not through the API (an admin erasing an admin leaves themselves), but the service keeps the
    organisation administrable for any caller: another organisation's admin or a former admin of
    this one does not count."""
    admin, hr = org_a["admin"], org_a["hr"]
    UserFactory(organisation=org_a.organisation, role=Role.ADMIN, is_active=False)
    for _ in range(2):
        with translation.override("en"), pytest.raises(ApiError) as refused:
            services.erasure_perform(person=admin, erased_by=hr, confirm_email=admin.email)
        assert (str(refused.value.detail), refused.value.fields) == (
            "The last admin cannot be erased.",
            {"user": ["The last admin."]},
        )
    assert not ErasureRecord.objects.exists()
    UserFactory(organisation=org_a.organisation, role=Role.ADMIN)
    record = services.erasure_perform(person=admin, erased_by=hr, confirm_email=admin.email)
    assert record.erased_user_id == admin.pk


# --- Retention ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ("Keep data for at least a day.", "At least 1.", "Unknown kind of data.")),
        ("nl", ("Bewaar gegevens minstens een dag.", "Minstens 1.", "Onbekend soort gegevens.")),
    ],
)
def test_retention_keeps_data_at_least_a_day_and_the_last_choice_counts(
    client_factory, org_a, language, words
):
    client = client_factory(_speaking(org_a["admin"], language))
    url = "/api/privacy/retention/audit_log"
    zero = client.patch(url, {"keep_days": 0}, format="json")
    assert (zero.status_code, zero.json()["detail"], zero.json()["fields"]) == (
        400,
        words[0],
        {"keep_days": [words[1]]},
    )
    assert not RetentionRule.objects.exists()
    one = client.patch(url, {"keep_days": 1}, format="json")
    assert (one.status_code, one.json()["keep_days"]) == (200, 1)
    assert client.patch(url, {"keep_days": 7}, format="json").json()["keep_days"] == 7
    assert list(RetentionRule.objects.values_list("kind", "keep_days")) == [("audit_log", 7)]
    unknown = client.patch("/api/privacy/retention/nothing", {"keep_days": 3}, format="json")
    assert (unknown.status_code, unknown.json()["code"], unknown.json()["detail"]) == (
        404,
        "not_found",
        words[2],
    )


def test_retention_keeps_a_record_its_whole_last_day_at_the_moment_given(meera):
    """An export record is kept 90 days by default: to the second at the moment the job is given
    (beat gives none; a rerun after downtime may give its own), and purged just after."""
    export = services.export_request_create(user=meera)
    ExportRequest.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED)
    created = ExportRequest.objects.get(pk=export.pk).created_at
    assert services.retention_days(organisation_id=meera.organisation_id)["export_requests"] == 90

    kept = services.retention_apply(now=created + timedelta(days=90))
    assert kept["export_requests"] == 0
    assert ExportRequest.objects.filter(pk=export.pk).exists()
    purged = services.retention_apply(now=created + timedelta(days=90, seconds=1))
    assert purged["export_requests"] == 1
    assert not ExportRequest.objects.filter(pk=export.pk).exists()


def test_the_totals_add_up_what_every_organisation_purged_and_name_every_kind(org_a, org_b):
    old = timezone.now() - timedelta(days=31)
    for org in (org_a, org_b):
        services.retention_set(organisation=org.organisation, kind="audit_log", keep_days=30)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                organisation=org.organisation,
                actor=org["hr"],
                action="viewed",
                subject_user=org["newcomer"],
                object_type="old",
                at=old,
            )
            for org in (org_a, org_b)
        ]
    )
    totals = services.retention_apply()
    assert totals["audit_log"] == 2
    assert set(totals) == {kind.name for kind in registry.retention_kinds()}
    assert not AuditEntry.objects.filter(object_type="old").exists()
