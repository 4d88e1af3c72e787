"""The translation engine that runs in the translation workers.

It loads each installed package once (CTranslate2 translator + SentencePiece tokenizer through
argostranslate's ``Package``) and keeps it warm. The sentences of requests that arrive at the same
time are gathered into few ``translate_batch`` calls per model (micro-batching, see
:class:`MicroBatcher`). Sentences are split offline with pysbd: argostranslate's own splitters
download a model on first use, which fails offline.

Per line of text the result is exactly what ``argostranslate.translate`` produces with the same
sentence splitter: sentences tokenized, translated with beam search, their tokens joined and
decoded, the leading space dropped; with exact batches (the default) bit for bit, because a
sentence only shares a call with sentences that keep its numbers (see "Keeping argostranslate's
numbers" below). Protected runs (see :mod:`segments`) are put back around it.

Imports of CTranslate2 and argostranslate happen only when a model is loaded: the web process never
loads this machinery (it never imports ``argostranslate.translate`` at all).
"""

from __future__ import annotations

import bisect
import itertools
import json
import logging
import os
import socket
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings

from welkom.core.metrics import translation_observe
from welkom.translation import packages
from welkom.translation.segments import Paragraph, split_text, translatable

logger = logging.getLogger(__name__)


class PysbdSentencizer:
    """Offline sentence splitting (pysbd rules), in the shape of argostranslate's sentencizers.

    The last few texts split are kept, per language, for every package of that source language: a
    chat message goes to each reader's language through a model of its own, and each would split
    the same text again (about 0.45 ms of CPU a message in Dutch). Only a few (``RECENT``), so a
    text stays in memory no longer than the next few messages."""

    RECENT: ClassVar[int] = 64
    _recent: ClassVar[OrderedDict[tuple[str, str], tuple[str, ...]]] = OrderedDict()
    _recent_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, language: str) -> None:
        import pysbd
        from pysbd.languages import LANGUAGE_CODES

        self.language = language if language in LANGUAGE_CODES else "en"
        self._segmenter = pysbd.Segmenter(language=self.language, clean=False)
        self._segmenter.language_module = with_quick_abbreviations(self._segmenter.language_module)
        self._lock = threading.Lock()  # pysbd keeps state while it segments

    def split_sentences(self, text: str) -> list[str]:
        if not text.strip():
            return []
        key = (self.language, text)
        with self._recent_lock:
            known = self._recent.get(key)
            if known is not None:
                self._recent.move_to_end(key)
                return list(known)
        with self._lock:
            sentences = [sentence for sentence in self._segmenter.segment(text) if sentence.strip()]
        with self._recent_lock:
            self._recent[key] = tuple(sentences)
            while len(self._recent) > self.RECENT:
                self._recent.popitem(last=False)
        return sentences


def with_quick_abbreviations(language: Any) -> Any:
    """pysbd's rules for ``language`` (its language class), with the same abbreviation search made
    quick. pysbd looks at every abbreviation of the language for every line (1,656 for Dutch):
    about half of a chat message's splitting time. Only those that occur in the line (lowered) do
    anything, and those start with one of the line's runs of 1 to 3 characters; so they are found
    through an index of their first 3 characters, then treated as pysbd treats them, in the list's
    order (pysbd 0.3.4's ``search_for_abbreviations_in_string``; a test compares the splits)."""
    import re

    stripped = [abbreviation.strip() for abbreviation in language.Abbreviation.ABBREVIATIONS]
    starting: dict[str, list[int]] = {}
    for index, abbreviation in enumerate(stripped):
        starting.setdefault(abbreviation[:3], []).append(index)

    class AbbreviationReplacer(language.AbbreviationReplacer):
        def search_for_abbreviations_in_string(self, text: str) -> str:
            lowered = text.lower()
            runs = {""}
            for size in (1, 2, 3):
                runs.update(lowered[start : start + size] for start in range(len(lowered) - size + 1))
            candidates = sorted(index for run in runs & starting.keys() for index in starting[run])
            for index in candidates:
                abbreviation = stripped[index]
                if abbreviation not in lowered:
                    continue
                abbrev_match = re.findall(rf"(?:^|\s|\r|\n){abbreviation}", text, flags=re.IGNORECASE)
                if not abbrev_match:
                    continue
                next_word_start = r"(?<={" + str(re.escape(abbreviation)) + "} ).{1}"
                char_array = re.findall(next_word_start, text)
                for position, match in enumerate(abbrev_match):
                    text = self.scan_for_replacements(text, match, position, char_array)
            return text

    return type(language.__name__, (language,), {"AbbreviationReplacer": AbbreviationReplacer})


# --- Keeping argostranslate's numbers while batching ----------------------------------------------
#
# CTranslate2 pads the sentences of one batch to the longest, and the padded length can change the
# floating-point sums of a sentence (not its batch neighbours, the batch size or the thread counts:
# ``bench/translation/numerics.py`` measures this). On x86-64 with AVX-512 (oneDNN kernels) only one
# thing matters: whether a sentence is padded to fewer than 16 tokens or to 16 and more. So sentences
# may share a call with any others whose padded lengths fall in the same range, and each still gets
# exactly the numbers it gets from argostranslate.

ARGOS_BATCH_TOKENS = 32  # argostranslate's ARGOS_BATCH_SIZE default, with batch_type="tokens"


def argos_padded_lengths(lengths: list[int], *, max_batch_tokens: int = ARGOS_BATCH_TOKENS) -> list[int]:
    """The length each sentence is padded to when argostranslate translates them in one call.

    argostranslate passes a paragraph's sentences to ``translate_batch`` (``batch_type="tokens"``).
    CTranslate2 sorts them longest first and cuts the list into batches in which
    (sentences x longest sentence) stays within ``max_batch_tokens``; a batch is never empty.
    """
    # A stable sort, as CTranslate2's std::sort is on short lists (insertion sort up to 16 items).
    order = sorted(range(len(lengths)), key=lambda index: -lengths[index])
    padded = [0] * len(lengths)
    start = 0
    while start < len(order):
        longest = lengths[order[start]]
        end = start + 1
        while end < len(order) and (end - start + 1) * longest <= max_batch_tokens:
            end += 1
        for index in order[start:end]:
            padded[index] = longest
        start = end
    return padded


class PaddingRanges:
    """Which padded lengths give a sentence the same numbers: lengths in one range do.

    ``boundaries`` (16,) means 1-15 and 16 and more; ``None`` means every length is its own range
    (always safe); ``()`` means padding never matters (one range).
    """

    def __init__(self, boundaries: tuple[int, ...] | None) -> None:
        self.boundaries = boundaries

    def setting(self) -> str:
        """As ``WELKOM_TRANSLATION_PAD_BOUNDARIES`` writes them (:func:`parse_pad_boundaries`)."""
        return "each" if self.boundaries is None else ",".join(map(str, self.boundaries))

    def key(self, padded_length: int) -> int:
        if self.boundaries is None:
            return padded_length
        return bisect.bisect_right(self.boundaries, padded_length)

    def __repr__(self) -> str:
        if self.boundaries is None:
            return "every padded length apart"
        edges = [1, *self.boundaries]
        parts = [f"{low}-{high - 1}" for low, high in itertools.pairwise(edges)]
        return ", ".join([*parts, f"{edges[-1]}+"])


def parse_pad_boundaries(value: str) -> tuple[int, ...] | None:
    """``WELKOM_TRANSLATION_PAD_BOUNDARIES``: "16" or "8,16"; "" (padding never matters); "each"."""
    value = value.strip()
    if value == "each":
        return None
    return tuple(sorted({int(part) for part in value.split(",") if part.strip()}))


# Any text gives probe tokens: what matters is their number, not their meaning.
PROBE_TEXT = (
    "Goedemorgen allemaal, de vergadering van vandaag begint om half tien in de grote zaal en duurt"
    " ongeveer een uur. Neem je laptop mee, want we bekijken samen de planning voor volgende week."
)


def padding_ranges_hold(
    translator: Any, tokens: list[str], ranges: PaddingRanges, *, beam_size: int, prefix: str
) -> bool:
    """Checks ``ranges`` here: every probe length, padded to the top of its range, keeps its scores.

    Run when a model loads. Scores are compared bit for bit, which shows a changed sum even when the
    words stay the same. Where padding changes the numbers depends on the CPU's vector width and
    CTranslate2's kernels (on one AVX2 host a 5-token sentence changed from 9 padded tokens on, a
    14-token one from 16, a 22-token one from 25), so every length of a range is tried, not a sample:
    one call per length alone, and one call per range with all of them padded together (batch size
    itself does not change a sentence's numbers). Passing is evidence, not proof; failing is certain.
    """
    if ranges.boundaries is None or not tokens:
        return True
    edges = [1, *ranges.boundaries, max(48, (ranges.boundaries or (1,))[-1] + 24)]

    def sentence(length: int, offset: int) -> list[str]:
        return _probe_sentence(tokens, length, offset)

    def translate(batch: list[list[str]]) -> list[Any]:
        return _probe_translate(translator, batch, beam_size=beam_size, prefix=prefix)

    for low, high in itertools.pairwise(edges):
        top = high - 1
        lengths = list(range(max(2, low), top))
        if not lengths:
            continue
        probes = [sentence(length, 3 * length) for length in lengths]
        filler = sentence(top, 11 * top + 5)
        together = translate([*probes, filler])
        for length, probe, padded in zip(lengths, probes, together, strict=False):
            alone = translate([probe])[0]
            if (alone.hypotheses, alone.scores) != (padded.hypotheses, padded.scores):
                logger.warning(
                    "Padding a %d-token sentence to %d tokens changes its numbers on this machine;"
                    " only sentences padded to equal lengths share a call"
                    " (bench/translation/numerics.py shows where to set WELKOM_TRANSLATION_PAD_BOUNDARIES)",
                    length,
                    top,
                )
                return False
    return True


def _probe_sentence(tokens: list[str], length: int, offset: int) -> list[str]:
    """A made-up sentence of ``length`` of the model's own tokens, for the padding checks."""
    return [tokens[(offset + 7 * index) % len(tokens)] for index in range(length)]


def _probe_translate(
    translator: Any, batch: list[list[str]], *, beam_size: int, prefix: str, max_decoding_length: int = 256
) -> list[Any]:
    """One call of the padding checks, with the scores (256 is CTranslate2's own length limit)."""
    return translator.translate_batch(
        batch,
        target_prefix=[[prefix]] * len(batch) if prefix else None,
        max_batch_size=len(batch),
        beam_size=beam_size,
        num_hypotheses=1,
        length_penalty=0.2,
        replace_unknowns=True,
        return_scores=True,
        max_decoding_length=max_decoding_length,
    )


# Sentence lengths the search for boundaries pads (each to every longer length up to the last).
SEARCH_LENGTHS = (2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 15, 16, 18, 20, 22, 24, 28, 32, 40)
SEARCH_MAX_PADDED = 48


def find_pad_boundaries(
    translator: Any, tokens: list[str], *, beam_size: int, prefix: str, max_decoding_length: int = 256
) -> tuple[int, ...] | None:
    """The padded lengths at which this machine changes a sentence's numbers, measured.

    Sentences of the ``SEARCH_LENGTHS`` are padded together (one call per padded length P, with a
    filler of P tokens) to every length from their own up to ``SEARCH_MAX_PADDED``; P is a boundary
    when any of them gets other numbers at P than at P - 1. Which lengths these are depends on the
    CPU's vector width and CTranslate2's kernels (AVX-512 hosts: 16; AVX2 hosts: several), so a
    worker finds them itself instead of falling back to "every padded length apart". None when
    the numbers change at so many lengths that ranges would not help.
    """
    if not tokens:
        return None

    def sentence(length: int, offset: int) -> list[str]:
        return _probe_sentence(tokens, length, offset)

    def translate(batch: list[list[str]]) -> list[Any]:
        return _probe_translate(
            translator, batch, beam_size=beam_size, prefix=prefix, max_decoding_length=max_decoding_length
        )

    probes = {length: sentence(length, 3 * length) for length in SEARCH_LENGTHS}
    previous = {length: _numbers(translate([probe])[0]) for length, probe in probes.items()}
    boundaries = []
    for padded in range(min(SEARCH_LENGTHS) + 1, SEARCH_MAX_PADDED + 1):
        lengths = [length for length in SEARCH_LENGTHS if length < padded]
        together = translate([*(probes[length] for length in lengths), sentence(padded, 11 * padded + 5)])
        changed = False
        for length, result in zip(lengths, together, strict=False):
            numbers = _numbers(result)
            changed |= numbers != previous[length]
            previous[length] = numbers
        if changed:
            boundaries.append(padded)
    return tuple(boundaries) if len(boundaries) <= 8 else None


def _numbers(result: Any) -> tuple[Any, Any]:
    return (result.hypotheses, result.scores)


def cpu_signature() -> str:
    """What decides CTranslate2's kernels here: CPU model, vector extensions, library version."""
    import ctranslate2

    model, flags = "unknown", ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and model == "unknown":
                model = value.strip()
            elif key.strip() == "flags" and not flags:
                flags = " ".join(
                    sorted(flag for flag in value.split() if flag.startswith(("avx", "amx", "fma", "f16c")))
                )
    except OSError:
        pass
    return f"{model} [{flags}] ctranslate2 {ctranslate2.__version__}"


def decoding_limit(longest_input: int) -> int:
    """Most tokens a call may generate: ``TRANSLATION_MAX_LENGTH_RATIO`` x its longest input plus
    ``TRANSLATION_MAX_LENGTH_EXTRA``, at most CTranslate2's own default (256). A model that runs on
    (repeating itself, as models sometimes do on odd input) then stops instead of decoding up to
    256 steps for every sentence of its call; a translation within the limit is not changed."""
    ratio = settings.TRANSLATION_MAX_LENGTH_RATIO
    if ratio <= 0:
        return 256
    return max(1, min(256, int(ratio * longest_input) + settings.TRANSLATION_MAX_LENGTH_EXTRA))


ANY_RANGE = -1  # the key of sentences that may share a call with any others (see _plan)
MIN_CALL_SIZE = 8  # sentences; below that CTranslate2's cost per sentence grows quickly
# A call of at most this many padded tokens (sentences x longest) ends soon: a small request may
# wait for it. A bigger one (a bot's long request) may take seconds: nobody waits for it.
SHORT_CALL_TOKENS = 512


@dataclass
class _Job:
    sentences: list[list[str]]
    keys: list[int]  # the padding range each sentence must be translated in (PaddingRanges.key)
    options: tuple[int, int, str]
    done: threading.Event = field(default_factory=threading.Event)
    results: list[Any] = field(default_factory=list)
    remaining: int = 0
    error: BaseException | None = None
    urgent: bool = False  # a chat message's translation: goes before other work


class MicroBatcher:
    """Gathers the sentences of concurrent requests into few CTranslate2 calls per model.

    Up to ``calls_at_once`` calls run at a time (CTranslate2's ``inter_threads``, one call per
    slot). When a slot is free, the waiting requests form a gathering (see ``_take`` for how long
    it waits for the clients just answered); its sentences are grouped by ``keys`` (the padding
    range argostranslate translates each in) into one call per range, cut into calls of at most
    about ``max_batch_size``. While calls run, new requests wait for the next gathering. With
    ``ranges`` None all sentences may share a call (padded batches: not bit-identical to
    argostranslate).
    """

    def __init__(
        self,
        translator: Any,
        *,
        max_batch_size: int,
        wait_seconds: float,
        quiet_seconds: float | None = None,
        calls_at_once: int = 1,
        ranges: PaddingRanges | None,
    ) -> None:
        self._translator = translator
        self._ranges = ranges
        self._max_batch_size = max(1, max_batch_size)
        self._wait_seconds = wait_seconds
        self._quiet_seconds = wait_seconds if quiet_seconds is None else quiet_seconds
        self._last_arrival = self._last_finish = 0.0
        self._free = self._slots = max(1, calls_at_once)
        self._calls = ThreadPoolExecutor(max_workers=self._free, thread_name_prefix="translation-call")
        self._pending: list[_Job] = []
        # Requests answered whose clients have not sent another since: they are about to.
        self._awaited = 0
        self._long_calls = 0  # running calls of more than SHORT_CALL_TOKENS
        self._condition = threading.Condition()
        # How many requests the gathering holds while it waits for more (None: it is not waiting).
        self._holding: int | None = None
        self._thread = threading.Thread(target=self._run, name="translation-batcher", daemon=True)
        self._thread.start()

    def translate(
        self,
        sentences: list[list[str]],
        *,
        keys: list[int] | None = None,
        beam_size: int,
        num_hypotheses: int,
        prefix: str,
        urgent: bool = False,
    ) -> list[Any]:
        if not sentences:
            return []
        job = _Job(
            sentences,
            keys if keys is not None else [0] * len(sentences),
            (beam_size, num_hypotheses, prefix),
            results=[None] * len(sentences),
            remaining=len(sentences),
            urgent=urgent,
        )
        with self._condition:
            self._pending.append(job)
            self._last_arrival = time.monotonic()
            if self._free == self._slots and self._last_arrival - self._last_finish >= self._wait_seconds:
                self._awaited = 0  # the model has been idle for a while: nobody is on the way back
            else:
                self._awaited = max(0, self._awaited - 1)
            self._condition.notify_all()
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.results

    def wait_until_holding(self, requests: int, *, timeout: float) -> bool:
        """Wait until the batcher holds ``requests`` waiting requests and has chosen to wait for
        more (or for a free slot) rather than start a call for them; False after ``timeout``.
        It lets a test or a bench watch the gathering rule decide, without sleeping."""
        with self._condition:
            return self._condition.wait_for(lambda: self._holding == requests, timeout=timeout)

    def _wait(self, timeout: float | None = None) -> None:
        self._holding = len(self._pending)
        self._condition.notify_all()  # wakes whoever is in wait_until_holding
        self._condition.wait(timeout)
        self._holding = None

    def _take(self) -> list[_Job]:
        with self._condition:
            while not self._pending or self._free <= 0:
                self._wait()
            # A call costs nearly as much for one sentence as for eight: CTranslate2 reads all of
            # the model's weights at every decoding step (``bench/translation/run.py`` notes). So
            # a gathering waits for the requests it can expect, from the clients answered since
            # the last one, who send their next request right away. While other calls run and
            # fewer than MIN_CALL_SIZE sentences wait, it waits for those calls as well (their
            # clients come back with more), if they are short: a long call (a bot's big request)
            # does not keep a chat message from a free core. It goes once every answered client
            # is back or the gathering is full; if some do not come back, when no request has
            # come for quiet_seconds, and at most wait_seconds after it began to wait for them.
            began = None
            while True:
                now = time.monotonic()
                size = sum(len(job.sentences) for job in self._pending)
                running = self._free < self._slots
                if size >= self._max_batch_size or (
                    self._awaited == 0 and (not running or size >= MIN_CALL_SIZE)
                ):
                    break
                if running and size < MIN_CALL_SIZE and not self._long_calls:
                    self._wait()
                    continue
                began = now if began is None else began
                quiet_until = max(self._last_arrival, self._last_finish) + self._quiet_seconds
                remaining = min(began + self._wait_seconds, quiet_until) - now
                if remaining <= 0:
                    self._awaited = 0  # those clients have gone
                    break
                self._wait(remaining)
            # Chat messages first: while one waits, the gathering takes only urgent jobs, so a
            # bot's big request never holds a message up in a long call.
            urgent = any(job.urgent for job in self._pending)
            options = next(job.options for job in self._pending if job.urgent or not urgent)
            taken = [job for job in self._pending if job.options == options and (job.urgent or not urgent)]
            chosen = {id(job) for job in taken}
            self._pending = [job for job in self._pending if id(job) not in chosen]
            return taken

    def _plan(self, jobs: list[_Job]) -> list[list[tuple[_Job, int]]]:
        """The calls for these jobs: each a list of (job, sentence index)."""
        groups: dict[int, tuple[list[tuple[_Job, int]], list[tuple[_Job, int]]]] = {}
        for job in jobs:
            for index, sentence in enumerate(job.sentences):
                key = job.keys[index] if self._ranges is not None else 0
                own = (
                    self._ranges.key(len(sentence)) if self._ranges is not None and key != ANY_RANGE else key
                )
                regular, shorter = groups.setdefault(key, ([], []))
                # "shorter": argostranslate pads it together with a longer sentence of its paragraph
                # into a higher range; it needs a call whose longest sentence is in that range.
                (regular if own == key else shorter).append((job, index))
        sizes = [len(regular) + len(shorter) for regular, shorter in groups.values()]
        counts = [-(-size // self._max_batch_size) for size in sizes]
        # Free slots would stay idle: cut the largest group once more, as long as every part keeps
        # MIN_CALL_SIZE sentences (smaller calls cost much more CPU per sentence).
        while sum(counts) < self._free:
            largest = max(range(len(sizes)), key=lambda group: sizes[group] / counts[group])
            if sizes[largest] / (counts[largest] + 1) < MIN_CALL_SIZE:
                break
            counts[largest] += 1
        calls = []
        for (regular, shorter), count in zip(groups.values(), counts, strict=True):
            if not regular:  # keys that name no longer sentence: nothing to pad them with
                regular, shorter = shorter, []
            # Longest first, cut into near-equal calls: little padding within each call.
            regular.sort(key=lambda entry: -len(entry[0].sentences[entry[1]]))
            size = -(-len(regular) // count)
            parts = [regular[start : start + size] for start in range(0, len(regular), size)]
            for position, entry in enumerate(shorter):
                parts[position % len(parts)].append(entry)
            calls.extend(parts)
        return calls

    @staticmethod
    def _is_long(entries: list[tuple[_Job, int]]) -> bool:
        longest = max(len(job.sentences[index]) for job, index in entries)
        return len(entries) * longest > SHORT_CALL_TOKENS

    def _work(self, entries: list[tuple[_Job, int]], options: tuple[int, int, str], long: bool) -> None:
        try:
            self._call(entries, options)
        finally:
            with self._condition:
                self._long_calls -= long
                self._free += 1
                self._last_finish = time.monotonic()
                self._condition.notify_all()

    def _call(self, entries: list[tuple[_Job, int]], options: tuple[int, int, str]) -> None:
        beam_size, num_hypotheses, prefix = options
        batch = [job.sentences[index] for job, index in entries]
        started = time.perf_counter()
        try:
            results = self._translator.translate_batch(
                batch,
                target_prefix=[[prefix]] * len(batch) if prefix else None,
                replace_unknowns=True,
                max_batch_size=len(batch),  # one padded batch, exactly as planned
                batch_type="examples",
                beam_size=beam_size,
                num_hypotheses=num_hypotheses,
                length_penalty=0.2,
                return_scores=True,
                max_decoding_length=decoding_limit(max(len(sentence) for sentence in batch)),
            )
        except BaseException as error:  # handed to every waiting request
            for job, _ in entries:
                job.error = error
                job.done.set()
            return
        logger.debug(
            "Call of %d sentences (longest %d tokens) in %.0f ms",
            len(batch),
            max(len(sentence) for sentence in batch),
            1000 * (time.perf_counter() - started),
        )
        with self._condition:
            for (job, index), result in zip(entries, results, strict=True):
                job.results[index] = result
                job.remaining -= 1
                if job.remaining == 0:
                    job.done.set()
                    self._awaited += 1

    def _run(self) -> None:
        while True:
            jobs = self._take()
            calls = [(entries, self._is_long(entries)) for entries in self._plan(jobs)]
            with self._condition:
                self._free -= len(calls)  # may go below 0: the next gathering waits for a slot
                self._long_calls += sum(long for _, long in calls)
            for entries, long in calls:
                self._calls.submit(self._work, entries, jobs[0].options, long)


def usable_cores() -> int:
    """The cores this process may run on (a container or ``taskset`` may allow fewer than the
    machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


BATCHING_CACHE_KEY = "translation:batching"


def batching_publish(pair: str, mode: str, ranges: PaddingRanges | None = None) -> None:
    """Tells operators and the benchmarks how this worker batches a package's sentences (read with
    :func:`batching_modes`): the choice depends on the host's CPU. ``ranges``: those of exact
    batches, published as their setting ("16", "each", "" when padding never matters); None (padded
    batches) publishes None."""
    from django.core.cache import cache

    boundaries = None if ranges is None else ranges.setting()
    with suppress(Exception):  # a cache that is down must not stop a model from loading
        modes = cache.get(BATCHING_CACHE_KEY) or {}
        modes[pair] = {
            "mode": mode,
            "boundaries": boundaries,
            "cpu": cpu_signature(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
        }
        cache.set(BATCHING_CACHE_KEY, modes, None)


def batching_modes() -> dict[str, dict[str, Any]]:
    from django.core.cache import cache

    return cache.get(BATCHING_CACHE_KEY) or {}


class LoadedModel:
    def __init__(self, installed: packages.InstalledPackage) -> None:
        import ctranslate2
        from argostranslate import settings as argos_settings
        from argostranslate.package import Package

        self.installed = installed
        self.argos_batch_tokens = argos_settings.batch_size  # how argostranslate batches a paragraph
        self.package = Package(Path(installed.path))
        inter_threads = max(1, settings.TRANSLATION_INTER_THREADS)
        # 0: the cores shared out between the calls that run at once (more threads than cores
        # only make them wait for each other).
        intra_threads = settings.TRANSLATION_INTRA_THREADS or max(1, usable_cores() // inter_threads)
        self.translator = ctranslate2.Translator(
            str(Path(installed.path) / "model"),
            device="cpu",
            inter_threads=inter_threads,
            intra_threads=intra_threads,
            compute_type="auto",
        )
        self.sentencizer = PysbdSentencizer(installed.from_code)
        self.ranges = self._padding_ranges() if settings.TRANSLATION_EXACT_BATCHES else None
        mode = "padded batches (any sentences together)" if self.ranges is None else f"exact: {self.ranges}"
        batching_publish(installed.pair, mode, self.ranges)
        self.batcher = MicroBatcher(
            self.translator,
            max_batch_size=settings.TRANSLATION_MAX_BATCH_SIZE,
            wait_seconds=settings.TRANSLATION_BATCH_WAIT_MS / 1000,
            quiet_seconds=settings.TRANSLATION_BATCH_QUIET_MS / 1000,
            calls_at_once=inter_threads,
            ranges=self.ranges,
        )

    def _padding_ranges(self) -> PaddingRanges:
        """The padding ranges of this package on this machine: checked (and with "auto" found)
        once per package, CPU and CTranslate2 version, then remembered on disk, so a worker that
        restarts does not spend its first seconds on probe calls."""
        configured = settings.TRANSLATION_PAD_BOUNDARIES.strip()
        memory = packages.packages_dir() / ".padding-ranges.json"
        key = "|".join(
            [self.installed.pair, self.installed.version_key, cpu_signature(), configured,
             str(settings.TRANSLATION_BEAM_SIZE)]
        )  # fmt: skip
        try:
            known = json.loads(memory.read_text())
        except (OSError, ValueError):
            known = {}
        started = time.perf_counter()
        if key in known:
            ranges = PaddingRanges(parse_pad_boundaries(known[key]))
            how = "remembered"
        else:
            ranges = self._check_padding(configured)
            how = f"checked in {time.perf_counter() - started:.1f} s"
            known[key] = ranges.setting()
            with suppress(OSError):
                memory.write_text(json.dumps(known, indent=1))
        logger.info(
            "Package %s: sentences share a call when padded within %s (%s; %s)",
            self.installed.pair, ranges, how, cpu_signature(),
        )  # fmt: skip
        return ranges

    def _check_padding(self, configured: str) -> PaddingRanges:
        probe_tokens = self.package.tokenizer.encode(PROBE_TEXT)
        options = {"beam_size": settings.TRANSLATION_BEAM_SIZE, "prefix": self.package.target_prefix}
        if configured == "auto":
            # AVX-512 hosts change numbers only at 16. On an AVX2 host (AMD EPYC, 2026-12-07) the
            # search below found changes at more than 8 padded lengths up to 48, so ranges do not
            # help there: each padded length apart, without spending minutes on probes.
            if "avx512" not in cpu_signature():
                return PaddingRanges(None)
            if padding_ranges_hold(self.translator, probe_tokens, PaddingRanges((16,)), **options):
                return PaddingRanges((16,))
            configured = "search"
        if configured == "search":
            # A few decoding steps show a changed sum (the encoder's output differs): the check
            # below then runs the ranges found at full length.
            found = find_pad_boundaries(self.translator, probe_tokens, max_decoding_length=4, **options)
            ranges = PaddingRanges(found)
        else:
            ranges = PaddingRanges(parse_pad_boundaries(configured))
        if not padding_ranges_hold(self.translator, probe_tokens, ranges, **options):
            return PaddingRanges(None)
        return ranges

    def translate_lines(
        self, lines: list[str], *, num_hypotheses: int, urgent: bool = False
    ) -> list[list[str]]:
        """Each line translated as argostranslate translates a paragraph: ``num_hypotheses`` each."""
        return [
            [value for value, _ in options]
            for options in self.hypotheses(lines, num_hypotheses=num_hypotheses, urgent=urgent)
        ]

    def hypotheses(
        self, lines: list[str], *, num_hypotheses: int, urgent: bool = False
    ) -> list[list[tuple[str, float]]]:
        """Per line, what argostranslate's ``hypotheses`` gives for a paragraph: (text, score) pairs,
        the score summed over the sentences in order, as argostranslate sums it. ``urgent``: a chat
        message's translation (``TRANSLATION_CHAT_BEAM_SIZE``, and it goes before other work)."""
        sentences = [self.sentencizer.split_sentences(line) for line in lines]
        beam = settings.TRANSLATION_CHAT_BEAM_SIZE if urgent else settings.TRANSLATION_BEAM_SIZE
        tokenizer = self.package.tokenizer
        tokenized = [[tokenizer.encode(sentence) for sentence in group] for group in sentences]
        keys: list[int] = []
        # A chat message's translation uses its own beam size, so it is not argostranslate's
        # output anyway: unless TRANSLATION_CHAT_EXACT_BATCHES, its pieces share a call whatever
        # their padding (AVX2 hosts have several padding ranges: a message's short and long
        # pieces would otherwise make a call each, per language).
        exact = self.ranges is not None and (not urgent or settings.TRANSLATION_CHAT_EXACT_BATCHES)
        for group in tokenized:
            padded = argos_padded_lengths(
                [len(tokens) for tokens in group], max_batch_tokens=self.argos_batch_tokens
            )
            keys.extend(self.ranges.key(length) if exact and self.ranges else ANY_RANGE for length in padded)
        results = self.batcher.translate(
            [tokens for group in tokenized for tokens in group],
            keys=keys,
            beam_size=max(num_hypotheses, beam),
            num_hypotheses=num_hypotheses,
            prefix=self.package.target_prefix,
            urgent=urgent,
        )
        output: list[list[tuple[str, float]]] = []
        position = 0
        for group in sentences:
            batch = results[position : position + len(group)]
            position += len(group)
            hypotheses = []
            for index in range(num_hypotheses):
                tokens = [token for result in batch for token in result.hypotheses[index]]
                score = 0.0
                for result in batch:
                    score += result.scores[index]
                value = tokenizer.decode(tokens)
                prefix = self.package.target_prefix
                if prefix and value.startswith(prefix):
                    value = value[len(prefix) :]
                if value.startswith(" "):
                    value = value[1:]
                hypotheses.append((value, score))
            output.append(hypotheses)
        return output


class Engine:
    """Holds the loaded models of this process; reloads a pair when its package file changes."""

    def __init__(self) -> None:
        self._models: dict[tuple[str, str], LoadedModel] = {}
        self._lock = threading.Lock()

    def model(self, installed: packages.InstalledPackage) -> LoadedModel:
        key = (installed.from_code, installed.to_code)
        with self._lock:
            loaded = self._models.get(key)
            if loaded is None or (loaded.installed.version_key, loaded.installed.path) != (
                installed.version_key,
                installed.path,
            ):
                logger.info("Loading translation package %s (%s)", installed.pair, installed.version_key)
                loaded = LoadedModel(installed)
                self._models[key] = loaded
            return loaded

    def warm_up(self) -> list[str]:
        return [self.model(installed).installed.pair for installed in packages.installed_packages()]

    def translate(
        self,
        texts: list[str],
        *,
        source: str,
        target: str,
        glossary: dict[str, str],
        html: bool,
        alternatives: int,
        keep_acronyms: bool = True,
        urgent: bool = False,
    ) -> list[list[str]]:
        """Translations of ``texts``: for each, the best one followed by ``alternatives`` others.
        ``urgent``: a chat message's fan-out to its readers' languages (see ``hypotheses``)."""
        chain = [self.model(step) for step in packages.route(source, target, packages.packages_by_pair())]
        count = alternatives + 1
        documents = [split_text(text, glossary=glossary, html=html, acronyms=keep_acronyms) for text in texts]
        # Everything the model has to translate, in order: whole plain lines, or runs between
        # protected runs.
        pieces: list[str] = []
        for document in documents:
            for paragraph in document:
                if paragraph.is_plain:
                    pieces.append(paragraph.runs[0].text)
                else:
                    pieces.extend(translatable(run)[1] for run in paragraph.runs if run.translate)
        translated = self._through(chain, pieces, count, urgent=urgent)
        position = 0
        results = []
        for document in documents:
            lines_per_hypothesis: list[list[str]] = [[] for _ in range(count)]
            for paragraph in document:
                used = self._assemble(paragraph, translated, position, count)
                position += used[0]
                for index in range(count):
                    lines_per_hypothesis[index].append(used[1][index])
            results.append(["\n".join(lines) for lines in lines_per_hypothesis])
        logger.info("Translated %d texts (%d pieces) %s→%s", len(texts), len(pieces), source, target)
        return results

    @staticmethod
    def _through(
        chain: list[LoadedModel], pieces: list[str], count: int, *, urgent: bool = False
    ) -> list[list[str]]:
        if not pieces:
            return []
        current = pieces
        for step, model in enumerate(chain):
            last = step == len(chain) - 1
            hypotheses = model.translate_lines(current, num_hypotheses=count if last else 1, urgent=urgent)
            if last:
                return hypotheses
            current = [options[0] for options in hypotheses]
        raise AssertionError("empty chain")

    @staticmethod
    def _assemble(
        paragraph: Paragraph, translated: list[list[str]], position: int, count: int
    ) -> tuple[int, list[str]]:
        if paragraph.is_plain:
            return 1, translated[position]
        used = 0
        lines = ["" for _ in range(count)]
        for run in paragraph.runs:
            if not run.translate:
                lines = [line + run.text for line in lines]
                continue
            before, _, after = translatable(run)
            options = translated[position + used]
            used += 1
            lines = [line + before + options[index] + after for index, line in enumerate(lines)]
        return used, lines


_engine: Engine | None = None
_engine_lock = threading.Lock()


def get_engine() -> Engine:
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = Engine()
        return _engine


def translate_observed(
    texts: list[str],
    *,
    source: str,
    target: str,
    glossary: dict[str, str],
    html: bool,
    alternatives: int,
    keep_acronyms: bool = True,
    urgent: bool = False,
) -> list[list[str]]:
    """``get_engine().translate(...)`` with its time counted in the translation metrics: how the
    worker's task and the web process's inline path both translate."""
    started = time.perf_counter()
    translated = get_engine().translate(
        texts,
        source=source,
        target=target,
        glossary=glossary,
        html=html,
        alternatives=alternatives,
        keep_acronyms=keep_acronyms,
        urgent=urgent,
    )
    translation_observe(source=source, target=target, seconds=time.perf_counter() - started)
    return translated
