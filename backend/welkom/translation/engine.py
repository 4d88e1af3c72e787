"""The translation engine that runs in the translation workers.

It loads each installed package once (CTranslate2 translator + SentencePiece tokenizer through
argostranslate's ``Package``) and keeps it warm. Requests that arrive at the same time are
gathered into one ``translate_batch`` call per model (micro-batching). Sentences are split offline
with pysbd: argostranslate's own splitters download a model on first use, which fails offline.

Per line of text the result is exactly what ``argostranslate.translate`` produces with the same
sentence splitter: sentences tokenized, translated with beam search, their tokens joined and
decoded, the leading space dropped. Protected runs (see :mod:`segments`) are put back around it.

Imports of CTranslate2 and argostranslate happen only when a model is loaded: the web process never
loads this machinery (it never imports ``argostranslate.translate`` at all).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from welkom.translation import packages
from welkom.translation.segments import Paragraph, split_text, translatable

logger = logging.getLogger(__name__)


class PysbdSentencizer:
    """Offline sentence splitting (pysbd rules), in the shape of argostranslate's sentencizers."""

    def __init__(self, language: str) -> None:
        import pysbd
        from pysbd.languages import LANGUAGE_CODES

        self.language = language if language in LANGUAGE_CODES else "en"
        self._segmenter = pysbd.Segmenter(language=self.language, clean=False)
        self._lock = threading.Lock()  # pysbd keeps state while it segments

    def split_sentences(self, text: str) -> list[str]:
        if not text.strip():
            return []
        with self._lock:
            return [sentence for sentence in self._segmenter.segment(text) if sentence.strip()]


@dataclass
class _Job:
    sentences: list[list[str]]
    options: tuple[int, int, str]
    done: threading.Event = field(default_factory=threading.Event)
    results: list[Any] = field(default_factory=list)
    error: BaseException | None = None


class MicroBatcher:
    """Gathers the sentences of concurrent requests into one CTranslate2 call per model."""

    def __init__(
        self, translator: Any, *, max_batch_size: int, wait_seconds: float, exact: bool = True
    ) -> None:
        self._translator = translator
        self._exact = exact
        self._max_batch_size = max_batch_size
        self._wait_seconds = wait_seconds
        self._pending: list[_Job] = []
        self._condition = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="translation-batcher", daemon=True)
        self._thread.start()

    def translate(
        self, sentences: list[list[str]], *, beam_size: int, num_hypotheses: int, prefix: str
    ) -> list[Any]:
        if not sentences:
            return []
        job = _Job(sentences, (beam_size, num_hypotheses, prefix))
        with self._condition:
            self._pending.append(job)
            self._condition.notify()
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.results

    def _take(self) -> list[_Job]:
        with self._condition:
            while not self._pending:
                self._condition.wait()
            deadline = time.monotonic() + self._wait_seconds
            while sum(len(job.sentences) for job in self._pending) < self._max_batch_size:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._condition.wait(remaining)
            options = self._pending[0].options
            jobs = [job for job in self._pending if job.options == options]
            self._pending = [job for job in self._pending if job.options != options]
            return jobs

    def _translate(
        self, sentences: list[list[str]], beam_size: int, num_hypotheses: int, prefix: str
    ) -> list[Any]:
        def call(batch: list[list[str]], asynchronous: bool = False) -> list[Any]:
            return list(
                self._translator.translate_batch(
                    batch,
                    asynchronous=asynchronous,
                    target_prefix=[[prefix]] * len(batch) if prefix else None,
                    replace_unknowns=True,
                    max_batch_size=self._max_batch_size,
                    batch_type="examples",
                    beam_size=beam_size,
                    num_hypotheses=num_hypotheses,
                    length_penalty=0.2,
                    return_scores=True,
                )
            )

        if not self._exact:
            return call(sentences)
        # Padding changes CTranslate2's floating-point sums slightly, and beam search can then pick
        # another word. Sentences of equal length need no padding: each gets exactly the result it
        # gets alone, as with argostranslate.
        by_length: dict[int, list[int]] = {}
        for index, sentence in enumerate(sentences):
            by_length.setdefault(len(sentence), []).append(index)
        # Submitted together: with inter_threads > 1, CTranslate2 runs these batches in parallel.
        pending = [
            (indexes, call([sentences[i] for i in indexes], asynchronous=True))
            for indexes in by_length.values()
        ]
        results: list[Any] = [None] * len(sentences)
        for indexes, futures in pending:
            for index, future in zip(indexes, futures, strict=True):
                results[index] = future.result()
        return results

    def _run(self) -> None:
        while True:
            jobs = self._take()
            beam_size, num_hypotheses, prefix = jobs[0].options
            sentences = [sentence for job in jobs for sentence in job.sentences]
            try:
                results = self._translate(sentences, beam_size, num_hypotheses, prefix)
            except BaseException as error:  # handed to every waiting request
                for job in jobs:
                    job.error = error
                    job.done.set()
                continue
            position = 0
            for job in jobs:
                job.results = results[position : position + len(job.sentences)]
                position += len(job.sentences)
                job.done.set()


class LoadedModel:
    def __init__(self, installed: packages.InstalledPackage) -> None:
        import ctranslate2
        from argostranslate.package import Package

        self.installed = installed
        self.package = Package(Path(installed.path))
        self.translator = ctranslate2.Translator(
            str(Path(installed.path) / "model"),
            device="cpu",
            inter_threads=settings.TRANSLATION_INTER_THREADS,
            intra_threads=settings.TRANSLATION_INTRA_THREADS,
            compute_type="auto",
        )
        self.sentencizer = PysbdSentencizer(installed.from_code)
        self.batcher = MicroBatcher(
            self.translator,
            max_batch_size=settings.TRANSLATION_MAX_BATCH_SIZE,
            wait_seconds=settings.TRANSLATION_BATCH_WAIT_MS / 1000,
            exact=settings.TRANSLATION_EXACT_BATCHES,
        )

    def translate_lines(self, lines: list[str], *, num_hypotheses: int) -> list[list[str]]:
        """Each line translated as argostranslate translates a paragraph: ``num_hypotheses`` each."""
        sentences = [self.sentencizer.split_sentences(line) for line in lines]
        tokenizer = self.package.tokenizer
        flat = [tokenizer.encode(sentence) for group in sentences for sentence in group]
        results = self.batcher.translate(
            flat,
            beam_size=max(num_hypotheses, settings.TRANSLATION_BEAM_SIZE),
            num_hypotheses=num_hypotheses,
            prefix=self.package.target_prefix,
        )
        output: list[list[str]] = []
        position = 0
        for group in sentences:
            batch = results[position : position + len(group)]
            position += len(group)
            hypotheses = []
            for index in range(num_hypotheses):
                tokens = [token for result in batch for token in result.hypotheses[index]]
                value = tokenizer.decode(tokens)
                prefix = self.package.target_prefix
                if prefix and value.startswith(prefix):
                    value = value[len(prefix) :]
                if value.startswith(" "):
                    value = value[1:]
                hypotheses.append(value)
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
    ) -> list[list[str]]:
        """Translations of ``texts``: for each, the best one followed by ``alternatives`` others."""
        chain = [self.model(step) for step in packages.route(source, target, packages.packages_by_pair())]
        count = alternatives + 1
        documents = [split_text(text, glossary=glossary, html=html) for text in texts]
        # Everything the model has to translate, in order: whole plain lines, or runs between
        # protected runs.
        pieces: list[str] = []
        for document in documents:
            for paragraph in document:
                if paragraph.is_plain:
                    pieces.append(paragraph.runs[0].text)
                else:
                    pieces.extend(translatable(run)[1] for run in paragraph.runs if run.translate)
        translated = self._through(chain, pieces, count)
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
    def _through(chain: list[LoadedModel], pieces: list[str], count: int) -> list[list[str]]:
        if not pieces:
            return []
        current = pieces
        for step, model in enumerate(chain):
            last = step == len(chain) - 1
            hypotheses = model.translate_lines(current, num_hypotheses=count if last else 1)
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
