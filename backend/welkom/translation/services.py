"""Translation for every part of Welkom: the HTTP API, team chat and content call these services.

``translate_texts`` is the one entry point: approved translations (translation memory) first, then
the cache, then the model in a translation worker. Translated text is never written to logs.
"""

from __future__ import annotations

import contextvars
import hashlib
import secrets
import time
from collections.abc import Container, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import cached_property, partial
from pathlib import Path
from typing import Any

import redis
from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from welkom.accounts.models import Organisation, User
from welkom.core.metrics import TRANSLATIONS
from welkom.translation import detection, package_store, packages, replies, selectors
from welkom.translation.glossary import Glossary, glossary_load
from welkom.translation.models import (
    ApiKey,
    GlossaryEntry,
    MemoryEntry,
    PackageDownload,
    TranslationSettings,
    source_hash,
)


class TranslationError(Exception):
    """A request the service cannot serve, with a sentence saying why and the HTTP status. The
    sentence is rendered with gettext where it is raised, in the web process that serves the
    request (the reader's language is active there); what a translation worker raises crosses as
    facts and is worded here (``no_route_message``)."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class UnsupportedLanguage(TranslationError):
    code = "unsupported_language"


class MissingPair(TranslationError):
    code = "missing_pair"


class LimitExceeded(TranslationError):
    code = "limit_exceeded"


class RateLimited(TranslationError):
    status_code = 429
    code = "rate_limited"


class InvalidApiKey(TranslationError):
    status_code = 403
    code = "invalid_api_key"


class EngineUnavailable(TranslationError):
    status_code = 503
    code = "engine_unavailable"


@dataclass(frozen=True)
class Result:
    text: str
    alternatives: list[str] = field(default_factory=list)
    detected: detection.Detection | None = None
    origin: str = "machine"  # machine | cache | memory | identity
    demo: bool = False  # made by a demo package (random weights): not a translation to trust


def no_route_message(error: packages.NoRoute) -> str:
    """The missing package, worded in the active language (the reader's, in the web process)."""
    params = {"source": error.source, "target": error.target, "missing": error.missing}
    if error.direct:
        return gettext(
            "No translation from %(source)s to %(target)s: install the %(missing)s (or %(direct)s) package."
        ) % (params | {"direct": error.direct})
    return gettext("No translation from %(source)s to %(target)s: install the %(missing)s package.") % params


def missing_pair(error: packages.NoRoute) -> MissingPair:
    return MissingPair(no_route_message(error), field="target")


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def supported_languages() -> dict[str, tuple[str, list[str]]]:
    return packages.languages(packages.packages_by_pair())


def check_limits(texts: list[str]) -> None:
    """Items per batch and characters per request; each has its own error."""
    if len(texts) > settings.TRANSLATION_BATCH_LIMIT:
        raise LimitExceeded(
            gettext("Too many texts: %(count)s in one request, at most %(limit)s.")
            % {"count": len(texts), "limit": settings.TRANSLATION_BATCH_LIMIT},
            field="q",
        )
    characters = sum(len(text) for text in texts)
    if characters > settings.TRANSLATION_CHAR_LIMIT:
        raise LimitExceeded(
            gettext("Too much text: %(count)s characters in one request, at most %(limit)s.")
            % {"count": characters, "limit": settings.TRANSLATION_CHAR_LIMIT},
            field="q",
        )


def detect_languages(*, text: str) -> list[detection.Detection]:
    candidates = set(supported_languages()) or {"en", "nl"}
    return detection.detect(text, candidates=candidates)


def _check_languages(known: Container[str], *, source: str, target: str, auto: bool = False) -> None:
    """Both languages have an installed package (``auto`` allows "auto" as the source)."""
    if target not in known:
        raise UnsupportedLanguage(
            gettext("Target language %(code)s is not supported.") % {"code": target}, field="target"
        )
    if not (auto and source == "auto") and source not in known:
        raise UnsupportedLanguage(
            gettext("Source language %(code)s is not supported.") % {"code": source}, field="source"
        )


def translate_texts(
    *,
    organisation: Organisation | None,
    texts: list[str],
    source: str,
    target: str,
    html: bool = False,
    alternatives: int = 0,
) -> list[Result]:
    """Translates ``texts`` from ``source`` (or ``"auto"``) to ``target``, one Result per text."""
    check_limits(texts)
    if alternatives < 0 or alternatives > 3:
        raise TranslationError(gettext("Alternatives must be between 0 and 3."), field="alternatives")
    installed = packages.packages_by_pair()
    known = packages.languages(installed)
    _check_languages(known, source=source, target=target, auto=True)

    detected: list[detection.Detection | None] = [None] * len(texts)
    sources = [source] * len(texts)
    if source == "auto":
        for index, text in enumerate(texts):
            found = (
                detection.detect(text, candidates=set(known))[0]
                if text.strip()
                else detection.Detection(target, 0.0)
            )
            detected[index], sources[index] = found, found.language

    results: list[Result | None] = [None] * len(texts)
    rules = _Rules(organisation)
    for language in sorted(set(sources)):
        indexes = [index for index, value in enumerate(sources) if value == language]
        work = _pair_work(
            organisation=organisation,
            texts=[texts[index] for index in indexes],
            source=language,
            target=target,
            html=html,
            alternatives=alternatives,
            installed=installed,
            rules=rules,
        )
        done = work.complete(run_engine(**work.for_engine()) if work.missing else [])
        for index, result in zip(indexes, done, strict=True):
            results[index] = replace(result, detected=detected[index])
    return [result for result in results if result is not None]


class _Rules:
    """The organisation's glossary and acronym rule, read at most once per request, when the first
    text needs them (a request answered by identity or memory alone reads neither)."""

    def __init__(self, organisation: Organisation | None) -> None:
        self.organisation = organisation

    @cached_property
    def glossary(self) -> Glossary:
        return glossary_load(organisation=self.organisation)

    @cached_property
    def keep_acronyms(self) -> bool:
        return selectors.keeps_acronyms(organisation=self.organisation)


@dataclass
class _PairWork:
    """One pair's texts after the lookups: what memory and cache answered, and what the model must do."""

    texts: list[str]
    source: str
    target: str
    html: bool
    alternatives: int
    results: list[Result | None]
    keys: dict[int, str] = field(default_factory=dict)
    glossary: dict[str, str] = field(default_factory=dict)
    keep_acronyms: bool = True
    demo: bool = False  # a package on the route is a demo package

    @property
    def missing(self) -> list[int]:
        return [index for index, result in enumerate(self.results) if result is None]

    def for_engine(self) -> dict[str, Any]:
        return {
            "texts": [self.texts[index] for index in self.missing],
            "source": self.source,
            "target": self.target,
            "glossary": self.glossary,
            "html": self.html,
            "alternatives": self.alternatives,
            "keep_acronyms": self.keep_acronyms,
        }

    def complete(self, translated: list[list[str]]) -> list[Result]:
        """Fills in the model's translations (and caches them)."""
        missing = self.missing
        if missing:
            cache.set_many(
                {self.keys[index]: options for index, options in zip(missing, translated, strict=True)},
                timeout=settings.TRANSLATION_CACHE_SECONDS,
            )
            for index, options in zip(missing, translated, strict=True):
                self.results[index] = Result(options[0], options[1:], origin="machine")
        for result in self.results:
            if result is not None:
                TRANSLATIONS.labels(self.source, self.target, result.origin).inc()
        return [
            replace(result, demo=self.demo and result.origin in ("machine", "cache"))
            for result in self.results
            if result is not None
        ]


def _pair_work(
    *,
    organisation: Organisation | None,
    texts: list[str],
    source: str,
    target: str,
    html: bool,
    alternatives: int,
    installed: dict[tuple[str, str], packages.InstalledPackage],
    rules: _Rules,
) -> _PairWork:
    """Translation memory and cache for one pair; the rest is left for the model."""
    work = _PairWork(texts, source, target, html, alternatives, results=[None] * len(texts))
    if source == target:
        work.results = [Result(text, [text] * alternatives, origin="identity") for text in texts]
        return work
    try:
        chain = packages.route(source, target, installed)
    except packages.NoRoute as error:
        raise missing_pair(error) from error
    work.demo = any(step.demo for step in chain)

    results = work.results
    # 1. Approved translations win over the model. Entries are stored without surrounding
    # whitespace (the chat stores messages trimmed); a text that has some keeps it around the
    # approved translation.
    if organisation is not None:
        wanted = {piece for text in texts for piece in (text, text.strip()) if piece}
        approved = selectors.memory_approved(
            organisation_id=organisation.pk, source=source, target=target, texts=wanted
        )
        for index, text in enumerate(texts):
            core = text.strip()
            if text in approved:
                results[index] = Result(approved[text], [], origin="memory")
            elif core in approved:
                lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
                results[index] = Result(lead + approved[core] + trail, [], origin="memory")

    # 2. The cache: text, pair, package versions, glossary version, acronym rule, format,
    # alternatives.
    version = "|".join(step.version_key for step in chain)
    work.keep_acronyms = rules.keep_acronyms
    rule_key = f"{rules.glossary.version}|{'A' if work.keep_acronyms else 'a'}"
    work.keys = {
        index: "translation:"
        + _hash(f"{organisation.pk if organisation else '-'}|{source}|{target}|{version}|{rule_key}|{html}")
        + _hash(f"{alternatives}|{text}")
        for index, text in enumerate(texts)
        if results[index] is None
    }
    cached = cache.get_many(list(work.keys.values())) if work.keys else {}
    for index, key in work.keys.items():
        if key in cached:
            options = cached[key]
            results[index] = Result(options[0], options[1:], origin="cache")

    if work.missing:
        work.glossary = rules.glossary.terms(source=source, target=target)
    return work


def translate_into_languages(
    *, organisation: Organisation | None, text: str, source: str, targets: list[str]
) -> dict[str, Result | TranslationError]:
    """``text`` into each of ``targets`` at once: one Result per target, or the error for that
    target (no package, no worker). Every target has its own model, so the model work for all of
    them runs at the same time (threads here, or tasks on the translation workers) and the cores
    share it; memory and cache lookups stay in this thread."""
    check_limits([text])
    installed = packages.packages_by_pair()
    known = packages.languages(installed)
    outcomes: dict[str, Result | TranslationError] = {}
    work: dict[str, _PairWork] = {}
    rules = _Rules(organisation)
    for target in targets:
        try:
            _check_languages(known, source=source, target=target)
            work[target] = _pair_work(
                organisation=organisation,
                texts=[text],
                source=source,
                target=target,
                html=False,
                alternatives=0,
                installed=installed,
                rules=rules,
            )
        except TranslationError as error:
            outcomes[target] = error
    translated = run_engines({target: item.for_engine() for target, item in work.items() if item.missing})
    for target, item in work.items():
        answer = translated.get(target, [])
        outcomes[target] = answer if isinstance(answer, TranslationError) else item.complete(answer)[0]
    return outcomes


_engine_here: contextvars.ContextVar[bool] = contextvars.ContextVar("translation_engine_here", default=False)


_urgent: contextvars.ContextVar[bool] = contextvars.ContextVar("translation_urgent", default=False)


@contextmanager
def engine_in_this_process(*, urgent: bool = False) -> Iterator[None]:
    """For code that already runs on a translation worker (the chat's per-message task): use the
    warm engine of this process instead of queueing a task and waiting for it (which would wait
    on itself when the worker has one slot). ``urgent``: a chat message's fan-out to its readers'
    languages, which goes before other work in the models' gatherings and uses the chat's beam
    size (``TRANSLATION_CHAT_BEAM_SIZE``)."""
    token = _engine_here.set(True)
    urgent_token = _urgent.set(urgent)
    try:
        yield
    finally:
        _urgent.reset(urgent_token)
        _engine_here.reset(token)


def _engine_here_or_inline() -> bool:
    return settings.TRANSLATION_INLINE or _engine_here.get()


def _run_inline(
    *,
    texts: list[str],
    source: str,
    target: str,
    glossary: dict[str, str],
    html: bool,
    alternatives: int,
    keep_acronyms: bool = True,
) -> list[list[str]]:
    from welkom.translation.engine import translate_observed

    try:
        return translate_observed(
            texts,
            source=source,
            target=target,
            glossary=glossary,
            html=html,
            alternatives=alternatives,
            keep_acronyms=keep_acronyms,
            urgent=_urgent.get(),
        )
    except packages.NoRoute as error:
        raise missing_pair(error) from error


@dataclass(frozen=True)
class _Sent:
    """A job sent to a translation worker: its reply list (welkom.translation.replies) or, with the
    on-disk result store, Celery's result to wait for."""

    reply: replies.Reply | None = None
    result: Any = None


def _queue(job: dict[str, Any]) -> _Sent:
    """Sends one ``run_engine`` job (its keyword arguments) to a translation worker."""
    from welkom.translation.tasks import translate

    # What worker logs and monitors show instead of the texts.
    hidden: dict[str, Any] = {
        "argsrepr": "()",
        "kwargsrepr": f"{{{len(job['texts'])} texts {job['source']}→{job['target']}}}",
        "expires": settings.TRANSLATION_TIMEOUT_SECONDS,
    }
    reply = replies.reply()
    if reply is not None:
        translate.apply_async(kwargs={**job, "reply_to": reply.key}, ignore_result=True, **hidden)
        return _Sent(reply=reply)
    return _Sent(result=translate.apply_async(kwargs=job, **hidden))


def _no_answer() -> EngineUnavailable:
    return EngineUnavailable(gettext("No translation worker answered in time. Please try again later."))


def _collect(sent: _Sent, *, timeout: float) -> list[list[str]]:
    if sent.reply is not None:
        try:
            answer = replies.wait(sent.reply, timeout=timeout)
        except redis.RedisError as error:
            raise _no_answer() from error
        if answer is None or answer.get("failed"):
            raise _no_answer()
        if "no_route" in answer:
            raise missing_pair(packages.NoRoute(*answer["no_route"]))
        return [list(options) for options in answer["translated"]]
    pending = sent.result
    try:
        outcome = pending.get(timeout=max(timeout, 0.1), interval=0.02)
    except CeleryTimeoutError as error:
        raise _no_answer() from error
    except packages.NoRoute as error:
        raise missing_pair(error) from error
    finally:
        _forget(pending)  # the translated text does not stay in the result store
    return [list(options) for options in outcome]


def _forget(pending: Any) -> None:
    """Removes a result from the store. When no worker answered there is no result: the on-disk
    store (the embedded default) then has no file to remove, which is not an error."""
    with suppress(FileNotFoundError):
        pending.forget()


def run_engine(
    *,
    texts: list[str],
    source: str,
    target: str,
    glossary: dict[str, str],
    html: bool,
    alternatives: int,
    keep_acronyms: bool = True,
) -> list[list[str]]:
    """Runs the model: in this process when TRANSLATION_INLINE, otherwise in a translation worker."""
    job: dict[str, Any] = {
        "texts": texts,
        "source": source,
        "target": target,
        "glossary": glossary,
        "html": html,
        "alternatives": alternatives,
        "keep_acronyms": keep_acronyms,
    }
    if _engine_here_or_inline():
        return _run_inline(**job)
    return _collect(_queue(job), timeout=settings.TRANSLATION_TIMEOUT_SECONDS)


def run_engines(jobs: dict[str, dict[str, Any]]) -> dict[str, list[list[str]] | TranslationError]:
    """Several ``run_engine`` jobs (keyword arguments by name) at the same time; a job that fails with
    a TranslationError gets it as its answer, the others still get theirs."""
    answers: dict[str, list[list[str]] | TranslationError] = {}
    if not jobs:
        return answers
    if _engine_here_or_inline():
        # CTranslate2 lets go of the GIL while it translates: the models work side by side.
        with ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="translate-into") as pool:
            # Each thread runs in a copy of this context (the task's queue wait, for the metrics).
            futures = {
                name: pool.submit(contextvars.copy_context().run, partial(_run_inline, **job))
                for name, job in jobs.items()
            }
            for name, future in futures.items():
                try:
                    answers[name] = future.result()
                except TranslationError as error:
                    answers[name] = error
        return answers
    deadline = time.monotonic() + settings.TRANSLATION_TIMEOUT_SECONDS
    queued = {name: _queue(job) for name, job in jobs.items()}
    for name, pending in queued.items():
        try:
            answers[name] = _collect(pending, timeout=deadline - time.monotonic())
        except TranslationError as error:
            answers[name] = error
    return answers


# --- API keys ------------------------------------------------------------------------------------


def api_key_create(*, organisation: Organisation, name: str, created_by: User) -> tuple[ApiKey, str]:
    """Creates a key; the raw key is returned once and never stored."""
    raw = "wk_" + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        organisation=organisation,
        name=name.strip(),
        prefix=raw[:10],
        key_hash=_hash(raw),
        created_by=created_by,
    )
    return key, raw


def api_key_revoke(*, key: ApiKey) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def api_key_authenticate(*, raw: str) -> ApiKey:
    """The live key for ``raw``, counted against its per-minute limit."""
    key = selectors.api_key_with_hash(_hash(raw.strip()))
    if key is None:
        raise InvalidApiKey(gettext("Invalid API key."), field="api_key")
    if key.revoked_at is not None:
        raise InvalidApiKey(gettext("This API key has been revoked."), field="api_key")
    now = timezone.now()
    used, first_this_minute = _count_request(f"translation:rate:{key.pk}:{int(now.timestamp() // 60)}")
    if used > settings.TRANSLATION_KEY_REQUESTS_PER_MINUTE:
        raise RateLimited(
            gettext("Too many requests for this API key: at most %(limit)s per minute.")
            % {"limit": settings.TRANSLATION_KEY_REQUESTS_PER_MINUTE}
        )
    if first_this_minute:
        # "Last used" to the minute: one write a minute per key, not one per request (a bot's
        # concurrent requests would otherwise queue for the same row).
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


def _count_request(counter: str) -> tuple[int, bool]:
    """Adds this request to its minute's counter: the count, and whether this request began it.
    With Redis one round trip (INCR and EXPIRE together: the counter lives until two minutes after
    its minute's last request); with other caches (the embedded default's files) in one step when
    the counter exists, else by creating it first."""
    store = caches["default"]
    if isinstance(store, RedisCache):
        name = store.make_and_validate_key(counter)
        client = store._cache.get_client(name, write=True)  # type: ignore[attr-defined]
        pipeline = client.pipeline(transaction=False)
        pipeline.incr(name)
        pipeline.expire(name, 120)
        used = int(pipeline.execute()[0])
        return used, used == 1
    try:
        return cache.incr(counter), False
    except ValueError:  # the first request of this minute (or two at once: one of them creates it)
        first_this_minute = cache.add(counter, 0, timeout=120)
        return cache.incr(counter), first_this_minute


# --- Glossary and translation memory ----------------------------------------------------------


def glossary_entry_create(
    *,
    organisation: Organisation,
    term: str,
    translation: str = "",
    source_language: str = "",
    target_language: str = "",
) -> GlossaryEntry:
    """A term kept as written (no ``translation``), or translated one fixed way into one language:
    a fixed translation without a target language would be pasted into every language."""
    if translation.strip() and not target_language:
        raise TranslationError(
            gettext("Choose the language this translation is for."), field="target_language"
        )
    try:
        with transaction.atomic():
            return GlossaryEntry.objects.create(
                organisation=organisation,
                term=term.strip(),
                translation=translation.strip(),
                source_language=source_language,
                target_language=target_language,
            )
    except IntegrityError as error:
        raise TranslationError(
            gettext("This term is already in the glossary for these languages."), field="term"
        ) from error


def glossary_entry_delete(*, entry: GlossaryEntry) -> None:
    entry.delete()


def memory_entry_save(
    *,
    organisation: Organisation,
    source_language: str,
    target_language: str,
    source_text: str,
    translated_text: str,
    approved_by: User,
) -> MemoryEntry:
    """Stores (or replaces) the approved translation of ``source_text`` (both without surrounding
    whitespace)."""
    source_text, translated_text = source_text.strip(), translated_text.strip()
    entry, _ = MemoryEntry.objects.update_or_create(
        organisation=organisation,
        source_language=source_language,
        target_language=target_language,
        source_hash=source_hash(source_text),
        defaults={"source_text": source_text, "translated_text": translated_text, "approved_by": approved_by},
    )
    return entry


def memory_entry_delete(*, entry: MemoryEntry) -> None:
    entry.delete()


def memory_entries_forget(*, organisation_id: int, texts: Iterable[str]) -> int:
    """Deletes the approved translations of any of ``texts`` (for instance a person's own words
    when they are erased). Returns how many entries went."""
    hashes = {source_hash(piece) for text in texts for piece in (text, text.strip()) if piece}
    if not hashes:
        return 0
    deleted, _ = MemoryEntry.objects.filter(organisation_id=organisation_id, source_hash__in=hashes).delete()
    return deleted


# --- Packages ---------------------------------------------------------------------------------------


def package_install(*, path: Path) -> packages.InstalledPackage:
    try:
        return package_store.install(path)
    except packages.PackageError as error:
        raise TranslationError(str(error), field="file") from error


def package_remove(*, from_code: str, to_code: str) -> packages.InstalledPackage:
    try:
        return package_store.remove(from_code=from_code, to_code=to_code)
    except packages.PackageError as error:
        raise TranslationError(str(error)) from error


# --- Organisation settings ----------------------------------------------------------------------


def translation_settings_update(*, organisation: Organisation, keep_acronyms: bool) -> TranslationSettings:
    """Changes the organisation's rules; cached translations made under the old rule are not used
    (the rule is part of the cache key)."""
    row, _ = TranslationSettings.objects.update_or_create(
        organisation=organisation, defaults={"keep_acronyms": keep_acronyms}
    )
    return row


# --- Downloads from the package index (the admin's settings screen) ------------------------------

# A download that has not reported progress for this long lost its worker: it no longer blocks a
# new download of the same pair. Progress comes at least every package_index.TIMEOUT seconds.
DOWNLOAD_STALE_SECONDS = 10 * 60


class IndexUnavailable(TranslationError):
    status_code = 503
    code = "index_unavailable"


class DownloadInProgress(TranslationError):
    status_code = 409
    code = "conflict"


def _index_entry(download: PackageDownload) -> Any:
    from welkom.translation.package_index import IndexEntry

    return IndexEntry(
        from_code=download.from_code,
        from_name=download.from_code,
        to_code=download.to_code,
        to_name=download.to_code,
        package_version=download.package_version,
        url=download.url,
        size=download.size,
        sha256=download.sha256 or None,
    )


def package_download_start(
    *, organisation: Organisation, started_by: User, from_code: str, to_code: str
) -> PackageDownload:
    """Looks the pair up in the package index and queues its download (one per pair at a time)."""
    from welkom.translation import package_index
    from welkom.translation.tasks import package_download

    try:
        entries = package_index.fetch_index()
    except package_index.DownloadRefused as error:
        raise IndexUnavailable(gettext("The package index cannot be reached.")) from error
    entry = next((item for item in entries if (item.from_code, item.to_code) == (from_code, to_code)), None)
    if entry is None:
        raise TranslationError(gettext("The package index has no package for this pair."), field="to_code")
    stale = timezone.now() - timedelta(seconds=DOWNLOAD_STALE_SECONDS)
    PackageDownload.objects.filter(state__in=PackageDownload.ACTIVE, updated_at__lt=stale).update(
        state=PackageDownload.State.FAILED, error_code="interrupted", updated_at=timezone.now()
    )
    try:
        with transaction.atomic():
            download = PackageDownload.objects.create(
                organisation=organisation,
                started_by=started_by,
                from_code=entry.from_code,
                to_code=entry.to_code,
                package_version=entry.package_version,
                url=entry.url,
                size=entry.size,
                sha256=entry.sha256 or "",
            )
    except IntegrityError as error:
        raise DownloadInProgress(gettext("This package is already being downloaded.")) from error
    transaction.on_commit(lambda: package_download.delay(download_id=download.pk))
    return download


def package_download_run(*, download_id: int) -> PackageDownload:
    """Downloads, checks and installs a queued package, reporting progress on its row. Safe to run
    twice: only a queued download is started."""
    from welkom.translation import package_index

    claimed = PackageDownload.objects.filter(pk=download_id, state=PackageDownload.State.QUEUED).update(
        state=PackageDownload.State.RUNNING, updated_at=timezone.now()
    )
    download = PackageDownload.objects.get(pk=download_id)
    if not claimed:
        return download

    def progress(received: int, total: int | None) -> None:
        PackageDownload.objects.filter(pk=download_id).update(
            received_bytes=received, total_bytes=total, updated_at=timezone.now()
        )

    failure: Exception | None = None
    try:
        package_index.download(_index_entry(download), progress=progress)
    except package_index.DownloadRefused as error:
        code, detail = error.code, str(error)
    except Exception as error:  # recorded on the row, then raised for the worker's log
        code, detail, failure = "failed", str(error), error
    else:
        code, detail = "", ""
    download.refresh_from_db(fields=["received_bytes", "total_bytes"])
    download.state = PackageDownload.State.FAILED if code else PackageDownload.State.DONE
    download.error_code, download.error = code, detail
    download.save(update_fields=["state", "error_code", "error", "updated_at"])
    if failure is not None:
        raise failure
    return download
