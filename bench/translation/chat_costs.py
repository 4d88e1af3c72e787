"""Where the chat's translation time goes: per-call costs of CTranslate2 in isolation.

The chat translates every message into each reading language (one model per language) at once.
This script measures, on this host and with nothing around the model (no HTTP, queue or
database), what one message costs and which settings change that cost:

1. one piece alone against a message's pieces in one call, beam 1, 2 and 4 (CPU ms, min of N);
2. the four languages of one message: four models side by side (1 thread per call, as the
   worker runs them) against one after the other with 2 threads per call (wall and CPU);
3. what beam 1 and 2 cost in quality: on the bench texts, the share of sentences whose output
   equals beam 4's and the mean model score (log-probability) beam 4 gains over them;
4. output lengths against input lengths (what a decoding-length limit of a x input + b cuts);
5. the padding check at worker start: its time on this host.

Run it pinned to one core for per-call costs (``taskset -c 1``) on a quiet machine; a busy
machine inflates every figure, while the ratios stay roughly right:

    taskset -c 1 .venv/bin/python bench/translation/chat_costs.py --repeat 7
    .venv/bin/python bench/translation/chat_costs.py --part languages   # needs both cores

Needs the chat bench's official-size packages (``var/bench/chat/packages-official``; ``make
bench-chat BENCH_ENGINE=argos BENCH_PACKAGES=official`` builds them).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]

from bench.host import describe  # noqa: E402
from bench.translation.messages import messages  # noqa: E402

PACKAGES = ROOT / "var" / "bench" / "chat" / "packages-official"
UNPACKED = ROOT / "var" / "bench" / "chat" / "unpacked"
# The chat bench's message "Message {n}: pallets at dock {n % 7}": numbers are kept out of the
# model, so its pieces are these two.
CHAT_PIECES = ["Message", ": pallets at dock"]
OPTIONS: dict[str, Any] = {"length_penalty": 0.2, "replace_unknowns": True, "return_scores": True}


def unpack() -> dict[str, Path]:
    found = {}
    for archive in sorted(PACKAGES.glob("translate-*.argosmodel")):
        folder = UNPACKED / archive.stem
        if not (folder / "model" / "model.bin").exists():
            try:
                with zipfile.ZipFile(archive) as zipped:
                    zipped.extractall(UNPACKED)
            except zipfile.BadZipFile:  # still being built
                continue
        found[archive.stem.split("_")[-1]] = folder
    if not found:
        sys.exit(f"No packages in {PACKAGES}: run make bench-chat BENCH_ENGINE=argos BENCH_PACKAGES=official")
    return found


def load(folder: Path, *, inter: int = 1, intra: int = 1) -> tuple[Any, Any]:
    import ctranslate2
    import sentencepiece

    translator = ctranslate2.Translator(
        str(folder / "model"), device="cpu", inter_threads=inter, intra_threads=intra, compute_type="auto"
    )
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    return translator, tokenizer


def cpu_ms(function: Any, repeat: int) -> tuple[float, float]:
    """(min CPU ms, min wall ms) over ``repeat`` runs, after one run that is not counted."""
    function()
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        function()
        cpu.append(1000 * (time.process_time() - c0))
        wall.append(1000 * (time.perf_counter() - w0))
    return min(cpu), min(wall)


def part_calls(folders: dict[str, Path], repeat: int) -> dict[str, Any]:
    translator, tokenizer = load(next(iter(folders.values())))
    pieces = [tokenizer.encode(text, out_type=str) for text in CHAT_PIECES]
    results: dict[str, Any] = {"piece_tokens": [len(piece) for piece in pieces]}
    for beam in (1, 2, 4):
        for label, batches in (
            ("each piece in its own call", [[piece] for piece in pieces]),
            ("the pieces in one call", [pieces]),
        ):

            def run(batches: list[list[list[str]]] = batches, beam: int = beam) -> None:
                for batch in batches:
                    translator.translate_batch(batch, beam_size=beam, max_batch_size=len(batch), **OPTIONS)

            results[f"beam {beam}, {label}"] = cpu_ms(run, repeat)
        out = translator.translate_batch(pieces, beam_size=beam, **OPTIONS)
        results[f"beam {beam} output tokens"] = [len(result.hypotheses[0]) for result in out]
    for limit in (8, 16):

        def limited(limit: int = limit) -> None:
            translator.translate_batch(pieces, beam_size=4, max_decoding_length=limit, **OPTIONS)

        results[f"beam 4, one call, max_decoding_length {limit}"] = cpu_ms(limited, repeat)
    return results


def part_languages(folders: dict[str, Path], repeat: int) -> dict[str, Any]:
    """A message's four languages: side by side (one thread per call) or one after the other
    (two threads per call)."""
    results: dict[str, Any] = {}
    for intra, together in ((1, True), (2, False), (1, False)):
        models = [load(folder, intra=intra) for folder in folders.values()]
        batches = [[tokenizer.encode(text, out_type=str) for text in CHAT_PIECES] for _, tokenizer in models]

        def one(index: int, models: list[Any] = models, batches: list[Any] = batches) -> None:
            models[index][0].translate_batch(batches[index], beam_size=4, **OPTIONS)

        def run(models: list[Any] = models, together: bool = together, one: Any = one) -> None:
            if together:
                threads = [threading.Thread(target=one, args=(index,)) for index in range(len(models))]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
            else:
                for index in range(len(models)):
                    one(index)

        label = f"{len(models)} languages {'side by side' if together else 'one after the other'}, {intra} thread(s) per call"
        results[label] = cpu_ms(run, repeat)
        del models
    return results


def part_quality(folders: dict[str, Path], count: int) -> dict[str, Any]:
    translator, tokenizer = load(next(iter(folders.values())), inter=2)
    sentences = [tokenizer.encode(text, out_type=str) for text in messages(count)]
    by_beam = {
        beam: translator.translate_batch(sentences, beam_size=beam, max_batch_size=32, **OPTIONS)
        for beam in (1, 2, 4)
    }
    best = by_beam[4]
    results: dict[str, Any] = {"sentences": len(sentences)}
    for beam in (1, 2):
        same = sum(a.hypotheses[0] == b.hypotheses[0] for a, b in zip(by_beam[beam], best, strict=True))
        # Scores are length-penalised log-probabilities: beam 4's higher score is what the model
        # itself prefers; the gap is the quality beam search buys, in the model's own terms.
        gap = [b.scores[0] - a.scores[0] for a, b in zip(by_beam[beam], best, strict=True)]
        results[f"beam {beam}"] = {
            "same output as beam 4": f"{same}/{len(sentences)}",
            "mean score gap to beam 4": round(statistics.mean(gap), 4),
            "beam 4 scores higher": sum(value > 1e-6 for value in gap),
            "beam 4 scores lower": sum(value < -1e-6 for value in gap),
        }
    ratios = [len(out.hypotheses[0]) / len(sentence) for out, sentence in zip(best, sentences, strict=True)]
    inputs = [len(sentence) for sentence in sentences]
    outputs = [len(out.hypotheses[0]) for out in best]
    results["input tokens mean"] = round(statistics.mean(inputs), 1)
    results["output tokens mean"] = round(statistics.mean(outputs), 1)
    results["output / input max"] = round(max(ratios), 2)
    for a, b in ((2, 10), (3, 10)):
        cut = sum(output >= a * length + b for output, length in zip(outputs, inputs, strict=True))
        results[f"outputs a limit of {a} x input + {b} would cut"] = f"{cut}/{len(sentences)}"
    return results


def part_probe(folders: dict[str, Path]) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from welkom.translation.engine import PROBE_TEXT, PaddingRanges, find_pad_boundaries, padding_ranges_hold

    translator, tokenizer = load(next(iter(folders.values())))
    tokens = tokenizer.encode(PROBE_TEXT, out_type=str)
    results: dict[str, Any] = {}
    for label, boundaries in (("16 (AVX-512's)", (16,)),):
        started = time.perf_counter()
        held = padding_ranges_hold(translator, tokens, PaddingRanges(boundaries), beam_size=4, prefix="")
        results[f"check of {label}"] = {"holds": held, "seconds": round(time.perf_counter() - started, 2)}
    started = time.perf_counter()
    found = find_pad_boundaries(translator, tokens, beam_size=4, prefix="")
    results["boundaries found on this host"] = {
        "boundaries": found,
        "seconds": round(time.perf_counter() - started, 2),
    }
    if found is not None:
        started = time.perf_counter()
        held = padding_ranges_hold(translator, tokens, PaddingRanges(found), beam_size=4, prefix="")
        results["check of the found boundaries"] = {
            "holds": held,
            "seconds": round(time.perf_counter() - started, 2),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=["calls", "languages", "quality", "probe", "all"], default="all")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--messages", type=int, default=200, help="bench texts for the quality part")
    options = parser.parse_args()
    print(describe(), flush=True)
    folders = unpack()
    parts = ["calls", "languages", "quality", "probe"] if options.part == "all" else [options.part]
    for part in parts:
        started = time.perf_counter()
        if part == "calls":
            result = part_calls(folders, options.repeat)
        elif part == "languages":
            result = part_languages(folders, options.repeat)
        elif part == "quality":
            result = part_quality(folders, options.messages)
        else:
            result = part_probe(folders)
        print(f"\n== {part} ({time.perf_counter() - started:.0f} s; load now {os.getloadavg()[0]:.1f})")
        for key, value in result.items():
            if isinstance(value, tuple):
                value = f"CPU {value[0]:.0f} ms, wall {value[1]:.0f} ms"
            print(f"  {key}: {json.dumps(value) if isinstance(value, dict | list) else value}")


if __name__ == "__main__":
    main()
