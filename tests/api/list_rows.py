"""Rows for tests/api/test_list_queries.py: what each list endpoint shows beyond the newcomers of its
world, added in bulk between the measurement at 5 and the one at 50.

``GROW[name](world, start, stop)`` adds rows ``start``..``stop - 1`` to what ``name`` lists;
``HOLDERS[name](world)`` makes, once, the object a list with URL arguments shows rows of (the
authorization matrix's ``OBJECTS`` make a new one per call, with a fixed number of rows);
``LEFT_OUT[name]`` says why a list cannot read more often the more rows it has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from welkom.accounts.models import Role, Team, TeamMembership, User
from welkom.arrivals.models import ArrivalImport, ArrivalImportRow
from welkom.audit.models import Action, AuditEntry
from welkom.chat.models import Channel, ChannelMembership
from welkom.checklists.models import (
    Checklist,
    ChecklistChange,
    ChecklistDocument,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    MunicipalityNote,
)
from welkom.feedback.models import ContentFeedback, ItemKind
from welkom.journeys.models import JourneyTemplate, Plan, PlanEvent, PlanStage, PlanStep
from welkom.language.models import Course, Enrolment, LanguagePlan, LevelCheck, StudyLog, StudySession
from welkom.modules.models import ModuleProgress, QuizAnswer
from welkom.newcomers.models import Child, NewcomerProfile, ProfileChange
from welkom.privacy.models import ErasureRecord, ExportRequest
from welkom.push.models import PushSubscription
from welkom.terms.models import Term
from welkom.translation.models import ApiKey, GlossaryEntry, MemoryEntry, PackageDownload

# The moment the rows are dated: fixed, so nothing depends on the clock (steps due "now" are due at
# a moment long past, which today's answer lists as open).
AT = datetime(2026, 11, 2, 9, tzinfo=UTC)


@dataclass
class World:
    callers: dict[str, User]
    own: Any  # tests.authz.Scope: the callers' organisation and team
    template: JourneyTemplate
    held: dict[str, dict[str, Any]] = field(default_factory=dict)  # url kwargs HOLDERS made
    newcomers: list[NewcomerProfile] = field(default_factory=list)  # the grown ones, by number
    things: dict[str, Any] = field(default_factory=dict)  # objects GROW functions share


def grow_once(grow: Callable[[World, int, int], None], world: World, start: int, stop: int) -> None:
    """Runs ``grow`` for these rows unless it ran already (several lists share one)."""
    done: set[tuple[str, int]] = world.things.setdefault("grown", set())
    if (grow.__name__, start) not in done:
        done.add((grow.__name__, start))
        grow(world, start, stop)


def _between(world: World, start: int, stop: int) -> list[tuple[int, NewcomerProfile]]:
    return [(n, world.newcomers[n]) for n in range(start, stop)]


# --- Objects made once ------------------------------------------------------------------------------


def _own_plan(world: World) -> Plan:
    """The own newcomer's journey plan, one stage to begin with (more come with the rows)."""
    if "plan" not in world.things:
        own = world.own
        plan = Plan.objects.create(
            organisation=own.organisation,
            profile=own.profile,
            template=world.template,
            template_slug=world.template.slug,
            hr_contact=own.hr,
        )
        world.things["plan"] = plan
    plan: Plan = world.things["plan"]
    return plan


def _language_plan(world: World) -> LanguagePlan:
    if "language_plan" not in world.things:
        from tests.language.factories import LanguagePlanFactory

        world.things["language_plan"] = LanguagePlanFactory(
            profile=world.own.profile, created_by=world.own.hr
        )
    plan: LanguagePlan = world.things["language_plan"]
    return plan


def _course(world: World) -> Course:
    if "course" not in world.things:
        from tests.language.factories import CourseFactory

        world.things["course"] = CourseFactory(organisation=world.own.organisation)
    course: Course = world.things["course"]
    return course


def _checklist(world: World) -> Checklist:
    """A checklist of the own newcomer (its items come with the rows)."""
    if "checklist" not in world.things:
        template = ChecklistTemplate.objects.create(
            slug="queries", category="housing", title={"en": "Queries"}, content_hash="queries"
        )
        checklist = Checklist.objects.create(
            organisation=world.own.organisation, profile=world.own.profile, template=template
        )
        world.things["checklist"] = checklist
    checklist: Checklist = world.things["checklist"]
    return checklist


def _template_item(world: World, n: int) -> ChecklistTemplateItem:
    return ChecklistTemplateItem(
        template=_checklist(world).template,
        key=f"item-{n}",
        order=n,
        title={"en": f"Item {n}"},
        body_html={"en": "<p>Do it.</p>"},
        source_url="https://example.org/",
        checked_on=date(2026, 1, 1),
        depends_on=[f"queries/item-{n - 1}"] if n else [],
    )


def _document_item(world: World) -> dict[str, Any]:
    checklist = _checklist(world)
    template_item = _template_item(world, 10_000)
    template_item.key = "documents"
    template_item.save()
    item = ChecklistItem.objects.create(checklist=checklist, template_item=template_item)
    return {"pk": item.pk}


def _import(world: World) -> dict[str, Any]:
    arrival_import = ArrivalImport.objects.create(
        organisation=world.own.organisation,
        uploaded_by=world.own.hr,
        file_name="arrivals.csv",
        file_kind="csv",
    )
    world.things["import"] = arrival_import
    return {"pk": arrival_import.pk}


HOLDERS: dict[str, Callable[[World], dict[str, Any]]] = {
    "arrival-import-rows": _import,
    "checklist-item-documents": _document_item,
    "journey-plan-detail": lambda world: {"pk": _own_plan(world).pk},
    "journey-plan-history": lambda world: {"pk": _own_plan(world).pk},
    "language-course-enrolments": lambda world: {"pk": _course(world).pk},
    "language-plan-sessions": lambda world: {"pk": _language_plan(world).pk},
    "language-study-logs": lambda world: {"pk": _language_plan(world).pk},
    "language-level-checks": lambda world: {"pk": _language_plan(world).pk},
}


# --- Rows -------------------------------------------------------------------------------------------


def _plan_steps(world: World, start: int, stop: int) -> None:
    """A stage per row in the own newcomer's plan, each with a step due at AT: the newcomer's, or
    every other one the team's."""
    plan = _own_plan(world)
    stages = PlanStage.objects.bulk_create(
        PlanStage(plan=plan, key=f"stage-{n}", position=n, anchor="arrival", title={"en": f"Stage {n}"})
        for n in range(start, stop)
    )
    PlanStep.objects.bulk_create(
        PlanStep(
            plan=plan,
            stage=stage,
            key=f"step-{n}",
            position=n,
            kind="task",
            owner="team" if n % 2 else "newcomer",
            local_time=time(9),
            title={"en": f"Step {n}"},
            due_at=AT,
            state="sent",
        )
        for n, stage in zip(range(start, stop), stages, strict=True)
    )


def _plan_events(world: World, start: int, stop: int) -> None:
    plan = _own_plan(world)
    PlanEvent.objects.bulk_create(
        PlanEvent(plan=plan, kind="step_added", actor=profile.user, detail={"key": f"step-{n}"})
        for n, profile in _between(world, start, stop)
    )


def _checklist_items(world: World, start: int, stop: int) -> None:
    template_items = ChecklistTemplateItem.objects.bulk_create(
        _template_item(world, n) for n in range(start, stop)
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            checklist=_checklist(world), template_item=item, due_on=date(2026, 11, 20) + timedelta(n)
        )
        for n, item in zip(range(start, stop), template_items, strict=True)
    )


def _checklists(world: World, start: int, stop: int) -> None:
    """More checklists of the own newcomer (their list shows checklists), with an item each."""
    templates = ChecklistTemplate.objects.bulk_create(
        ChecklistTemplate(
            slug=f"queries-{n}", order=n, category="housing", title={"en": f"List {n}"}, content_hash="q"
        )
        for n in range(start, stop)
    )
    template_items = ChecklistTemplateItem.objects.bulk_create(
        ChecklistTemplateItem(
            template=template,
            key="first",
            title={"en": "First"},
            body_html={"en": "<p>Do it.</p>"},
            source_url="https://example.org/",
            checked_on=date(2026, 1, 1),
        )
        for template in templates
    )
    checklists = Checklist.objects.bulk_create(
        Checklist(organisation=world.own.organisation, profile=world.own.profile, template=template)
        for template in templates
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(checklist=checklist, template_item=item)
        for checklist, item in zip(checklists, template_items, strict=True)
    )


def _documents(world: World, start: int, stop: int) -> None:
    item_id = world.held["checklist-item-documents"]["pk"]
    ChecklistDocument.objects.bulk_create(
        ChecklistDocument(
            organisation=world.own.organisation,
            item_id=item_id,
            file=f"documents/queries-{n}.pdf",
            original_name=f"document-{n}.pdf",
            content_type="application/pdf",
            size=100,
            uploaded_by=profile.user,
        )
        for n, profile in _between(world, start, stop)
    )


def _board(world: World, start: int, stop: int) -> None:
    """Each grown newcomer gets a checklist with one item (HR's board has a row per newcomer)."""
    template = _checklist(world).template
    template_item = world.things.get("board_item")
    if template_item is None:
        template_item = world.things["board_item"] = _template_item(world, 20_000)
        template_item.key = "board"
        template_item.save()
    checklists = Checklist.objects.bulk_create(
        Checklist(organisation=world.own.organisation, profile=profile, template=template)
        for _, profile in _between(world, start, stop)
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(checklist=checklist, template_item=template_item) for checklist in checklists
    )


def _checklist_changes(world: World, start: int, stop: int) -> None:
    """Changes of the own newcomer's profile, each adding an item to their checklist."""
    grow_once(_checklist_items, world, start, stop)
    items = ChecklistItem.objects.filter(checklist=_checklist(world)).order_by("-pk")[: stop - start]
    changes = ChecklistChange.objects.bulk_create(
        ChecklistChange(profile=world.own.profile, profile_fields=["municipality"])
        for _ in range(start, stop)
    )
    ChecklistChange.added.through.objects.bulk_create(
        ChecklistChange.added.through(checklistchange_id=change.pk, checklistitem_id=item.pk)
        for change, item in zip(changes, items, strict=True)
    )


def _direct_channels(world: World, start: int, stop: int) -> None:
    """A direct conversation between each caller and each grown newcomer."""
    pairs = [
        (caller, profile.user)
        for _, profile in _between(world, start, stop)
        for caller in world.callers.values()
    ]
    channels = Channel.objects.bulk_create(
        Channel(
            organisation=world.own.organisation,
            kind="direct",
            direct_key=f"{min(a.pk, b.pk)}:{max(a.pk, b.pk)}",
        )
        for a, b in pairs
    )
    ChannelMembership.objects.bulk_create(
        ChannelMembership(channel=channel, user=user)
        for channel, pair in zip(channels, pairs, strict=True)
        for user in pair
    )


def _municipalities(world: World, start: int, stop: int) -> None:
    MunicipalityNote.objects.bulk_create(
        MunicipalityNote(
            slug=f"queries-{n}",
            name=f"Queries {n}",
            registration_url="https://example.org/",
            checked_on=date(2026, 1, 1),
            content_hash="queries",
        )
        for n in range(start, stop)
    )


def _children(world: World, start: int, stop: int) -> None:
    Child.objects.bulk_create(
        Child(profile=world.own.profile, first_name=f"Child {n}", birth_date=date(2020, 1, 1) + timedelta(n))
        for n in range(start, stop)
    )


def _profile_changes(world: World, start: int, stop: int) -> None:
    ProfileChange.objects.bulk_create(
        ProfileChange(profile=world.own.profile, changed_by=profile.user, changes={"phone": [None, str(n)]})
        for n, profile in _between(world, start, stop)
    )


def _imports(world: World, start: int, stop: int) -> None:
    ArrivalImport.objects.bulk_create(
        ArrivalImport(
            organisation=world.own.organisation,
            uploaded_by=profile.user,
            file_name=f"arrivals-{n}.csv",
            file_kind="csv",
        )
        for n, profile in _between(world, start, stop)
    )


def _import_rows(world: World, start: int, stop: int) -> None:
    ArrivalImportRow.objects.bulk_create(
        ArrivalImportRow(
            arrival_import=world.things["import"],
            number=n + 2,
            values={"email": profile.user.email},
            email=profile.user.email,
            profile=profile,
        )
        for n, profile in _between(world, start, stop)
    )


def _audit(world: World, start: int, stop: int) -> None:
    """Each grown newcomer looked at each caller's data (the log and everyone's own view of it)."""
    AuditEntry.objects.bulk_create(
        AuditEntry(
            organisation=world.own.organisation,
            actor=profile.user,
            actor_role=Role.NEWCOMER,
            action=Action.VIEWED,
            subject_user=caller,
            object_type="newcomer_profile",
            object_id=str(n),
        )
        for n, profile in _between(world, start, stop)
        for caller in world.callers.values()
    )


def _feedback(world: World, start: int, stop: int) -> None:
    """The own newcomer and each grown one answer about a term each."""
    ContentFeedback.objects.bulk_create(
        ContentFeedback(
            organisation=world.own.organisation,
            user=user,
            kind=ItemKind.TERM,
            key=f"queries-{n}",
            helpful=n % 2 == 0,
            comment=f"Comment {n}",
        )
        for n, profile in _between(world, start, stop)
        for user in (world.own.newcomer, profile.user)
    )


def _exports(world: World, start: int, stop: int) -> None:
    ExportRequest.objects.bulk_create(
        ExportRequest(organisation=world.own.organisation, user=caller)
        for _ in range(start, stop)
        for caller in world.callers.values()
    )


def _erasures(world: World, start: int, stop: int) -> None:
    ErasureRecord.objects.bulk_create(
        ErasureRecord(
            organisation=world.own.organisation, erased_user=profile.user, erased_by=world.own.admin
        )
        for _, profile in _between(world, start, stop)
    )


def _push(world: World, start: int, stop: int) -> None:
    PushSubscription.objects.bulk_create(
        PushSubscription(
            user=caller, endpoint=f"https://push.example/{role}/{n}", p256dh="key", auth="secret"
        )
        for n in range(start, stop)
        for role, caller in world.callers.items()
    )


def _terms(world: World, start: int, stop: int) -> None:
    Term.objects.bulk_create(
        Term(key=f"queries-{n}", term=f"term {n}", explanation={"en": f"Term {n}"}, order=n, content_hash="q")
        for n in range(start, stop)
    )


def _api_keys(world: World, start: int, stop: int) -> None:
    ApiKey.objects.bulk_create(
        ApiKey(
            organisation=world.own.organisation,
            name=f"Key {n}",
            prefix=f"k{n}",
            key_hash=f"queries-{n}",
            created_by=world.own.admin,
        )
        for n in range(start, stop)
    )


def _glossary(world: World, start: int, stop: int) -> None:
    GlossaryEntry.objects.bulk_create(
        GlossaryEntry(organisation=world.own.organisation, term=f"term {n}") for n in range(start, stop)
    )


def _memory(world: World, start: int, stop: int) -> None:
    MemoryEntry.objects.bulk_create(
        MemoryEntry(
            organisation=world.own.organisation,
            source_language="en",
            target_language="nl",
            source_text=f"Text {n}",
            source_hash=f"queries-{n}",
            translated_text=f"Tekst {n}",
            approved_by=world.own.hr,
        )
        for n in range(start, stop)
    )


def _downloads(world: World, start: int, stop: int) -> None:
    PackageDownload.objects.bulk_create(
        PackageDownload(
            organisation=world.own.organisation,
            from_code="en",
            to_code=f"x{n}",
            package_version="1.0",
            url=f"https://example.org/{n}.argosmodel",
            started_by=world.own.admin,
        )
        for n in range(start, stop)
    )


def _journey_templates(world: World, start: int, stop: int) -> None:
    JourneyTemplate.objects.bulk_create(
        JourneyTemplate(slug=f"queries-{n}", title={"en": f"Journey {n}"}) for n in range(start, stop)
    )


def _modules(world: World, start: int, stop: int) -> None:
    """Modules for everyone, each begun by the own newcomer and by the grown newcomer of its number."""
    from tests.modules.factories import ModuleFactory, ModuleTranslationFactory

    modules = [ModuleFactory(slug=f"queries-{n}", order=n) for n in range(start, stop)]
    for module in modules:
        ModuleTranslationFactory(module=module, title=module.slug, source_hash=module.content_hash)
    progress = ModuleProgress.objects.bulk_create(
        ModuleProgress(organisation=world.own.organisation, user=user, module=module, percent=50)
        for (n, profile), module in zip(_between(world, start, stop), modules, strict=True)
        for user in (world.own.newcomer, profile.user)
    )
    QuizAnswer.objects.bulk_create(
        QuizAnswer(progress=row, question_key="pick-one", chosen=["b"], correct=False, first_correct=False)
        for row in progress
    )


def _courses(world: World, start: int, stop: int) -> None:
    from tests.language.factories import CourseFactory

    for n in range(start, stop):
        CourseFactory(organisation=world.own.organisation, name=f"Course {n}")


def _enrolments(world: World, start: int, stop: int) -> None:
    Enrolment.objects.bulk_create(
        Enrolment(course=_course(world), profile=profile, status="enrolled")
        for _, profile in _between(world, start, stop)
    )


def _language_plans(world: World, start: int, stop: int) -> None:
    from tests.language.factories import LanguagePlanFactory

    for _, profile in _between(world, start, stop):
        LanguagePlanFactory(profile=profile, created_by=world.own.hr)


def _sessions(world: World, start: int, stop: int) -> None:
    plan = _language_plan(world)
    StudySession.objects.bulk_create(
        StudySession(
            plan=plan,
            kind="lesson",
            starts_at=AT + timedelta(hours=n),
            ends_at=AT + timedelta(hours=n, minutes=45),
            minutes=45,
        )
        for n in range(start, stop)
    )


def _study_logs(world: World, start: int, stop: int) -> None:
    plan = _language_plan(world)
    StudyLog.objects.bulk_create(
        StudyLog(plan=plan, studied_on=date(2026, 11, 2) + timedelta(n), minutes=30)
        for n in range(start, stop)
    )


def _level_checks(world: World, start: int, stop: int) -> None:
    plan = _language_plan(world)
    LevelCheck.objects.bulk_create(
        LevelCheck(
            plan=plan, checked_on=date(2026, 11, 2) + timedelta(n), level="A1", recorded_by=profile.user
        )
        for n, profile in _between(world, start, stop)
    )


def _teams(world: World, start: int, stop: int) -> None:
    """Teams every caller is a member of, each led by a grown newcomer's lead."""
    teams = Team.objects.bulk_create(
        Team(organisation=world.own.organisation, name=f"Team {n}", lead=world.own.lead)
        for n in range(start, stop)
    )
    TeamMembership.objects.bulk_create(
        TeamMembership(team=team, user=caller) for team in teams for caller in world.callers.values()
    )


GROW: dict[str, Callable[[World, int, int], None]] = {
    "arrival-import-list": _imports,
    "arrival-import-rows": _import_rows,
    "audit-list": _audit,
    "audit-me": _audit,
    "chat-channel-list": _direct_channels,
    "checklist-board": _board,
    "checklist-changes": _checklist_changes,
    "checklist-item-documents": _documents,
    "checklist-list": _checklists,
    "checklist-municipalities": _municipalities,
    "checklist-upcoming": _checklist_items,
    "feedback": _feedback,
    "feedback-summary": _feedback,
    "journey-plan-detail": _plan_steps,
    "journey-plan-history": _plan_events,
    "journey-template-list": _journey_templates,
    "journey-today": _plan_steps,
    "language-course-enrolments": _enrolments,
    "language-course-list": _courses,
    "language-level-checks": _level_checks,
    "language-plan-list": _language_plans,
    "language-plan-sessions": _sessions,
    "language-study-logs": _study_logs,
    "me": _teams,
    "module-list": _modules,
    "module-report-modules": _modules,
    "module-report-newcomer": _modules,
    "module-report-questions": _modules,
    "newcomer-detail": _children,
    "newcomer-history": _profile_changes,
    "newcomer-me": _children,
    "privacy-erasure-list": _erasures,
    "privacy-export-list": _exports,
    "push-subscription-list": _push,
    "team-list": _teams,
    "term-list": _terms,
    "translation-glossary-list": _glossary,
    "translation-key-list": _api_keys,
    "translation-memory-list": _memory,
    "translation-package-download-list": _downloads,
}

# What a list's address needs beyond its URL arguments: name -> (world) -> query string.
_NEWCOMER = lambda world: f"?newcomer={world.own.profile.pk}"  # noqa: E731 - HR names the newcomer
QUERIES: dict[str, Callable[[World], str]] = {
    "arrival-cohort": lambda world: "?week=2026-W45",  # the week the grown newcomers arrive
    "checklist-list": _NEWCOMER,
    "checklist-changes": _NEWCOMER,
}

# The lists whose rows do not come with more people or records, and why no query per row can hide
# in them.
_JSON = "its rows are a JSON list in one row (read with it, no query of their own)"
LEFT_OUT: dict[str, str] = {
    "checklist-item-detail": f"amounts: {_JSON}",
    "language-course-detail": f"times: {_JSON}",
    "language-plan-detail": f"availability: {_JSON}",
    "module-detail": f"quiz: {_JSON}",
    "language-hours": "one row per CEFR step of a fixed scale (A0-A1 ... B2-C1), whatever the data",
    "language-me": "this_week: the sessions of the clock's week (these tests do not read the clock), "
    "from one query, in the serializer of language-plan-sessions (covered)",
    "privacy-retention-list": "one row per kind of personal data in the privacy registry (code), "
    "with the organisation's days read in one query",
    "translation-package-list": "the language packages installed on this node (files, not rows)",
    "translation-package-index": "the public package index's list (a download, not rows)",
}
