"""What changes a sentence's numbers in CTranslate2: padding, batch size, threads, compute type.

    .venv/bin/python bench/translation/numerics.py                  # the plain benchmark package
    .venv/bin/python bench/translation/numerics.py --model PATH --max-length 32 --max-padded 48

Needs the benchmark package (``make bench-translation`` builds it) or any CTranslate2 model whose
folder holds a SentencePiece model one level up (an installed Argos package). Each sentence is
translated alone (beam 4, argostranslate's options) and then again in other company; a result
counts as the same only when tokens and score are bit for bit equal.

The table shows, for a sentence of L tokens (rows), padded to P tokens by a longer neighbour
(columns from L+1 on): "." same numbers, "~" other score but same words, "X" other words. Use it
to set WELKOM_TRANSLATION_PAD_BOUNDARIES on a machine where it differs from "16". Takes a few
minutes on the full-size package.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]

from bench.translation.messages import messages  # noqa: E402

OPTIONS = {
    "beam_size": 4,
    "num_hypotheses": 1,
    "length_penalty": 0.2,
    "replace_unknowns": True,
    "return_scores": True,
}


def main() -> None:
    import ctranslate2
    import sentencepiece

    parser = argparse.ArgumentParser()
    default = ROOT / "var" / "bench" / "translation" / "packages" / "translate-nl_en" / "model"
    parser.add_argument("--model", type=Path, default=default)
    parser.add_argument("--max-length", type=int, default=24, help="longest sentence (rows)")
    parser.add_argument("--max-padded", type=int, default=40, help="longest padded length (columns)")
    options = parser.parse_args()
    if not (options.model / "model.bin").exists():
        sys.exit(f"No model at {options.model}: run make bench-translation first, or pass --model")
    tokenizer = sentencepiece.SentencePieceProcessor(
        model_file=str(options.model.parent / "sentencepiece.model")
    )
    pool = [token for text in messages(60) for token in tokenizer.encode(text, out_type=str)]

    def sentence(length: int, offset: int) -> list[str]:
        return [pool[(offset + 7 * index) % len(pool)] for index in range(length)]

    def same(first, second) -> bool:  # type: ignore[no-untyped-def]
        return bool(first.hypotheses == second.hypotheses and first.scores == second.scores)

    def translator(**kwargs: object):  # type: ignore[no-untyped-def]
        return ctranslate2.Translator(str(options.model), device="cpu", **kwargs)

    base = translator(inter_threads=1, intra_threads=1)
    print(f"Model {options.model}, {os.cpu_count()} cores")
    print("\nBatch size, neighbours, threads and compute type (equal lengths, so no padding):")
    probes = [sentence(length, 13 * length) for length in (6, 12, 20, 28)]
    alone = [base.translate_batch([probe], **OPTIONS)[0] for probe in probes]
    two_threads = translator(inter_threads=1, intra_threads=2)
    two_calls = translator(inter_threads=2, intra_threads=1)
    int8 = translator(inter_threads=1, intra_threads=1, compute_type="int8")
    int8_float32 = translator(inter_threads=1, intra_threads=1, compute_type="int8_float32")
    checks = {
        "batch of 4 equal-length sentences": lambda p: base.translate_batch(
            [p, *(sentence(len(p), 100 + 17 * n) for n in range(3))], **OPTIONS
        )[0],
        "intra_threads 2": lambda p: two_threads.translate_batch([p], **OPTIONS)[0],
        "inter_threads 2, intra_threads 1": lambda p: two_calls.translate_batch([p], **OPTIONS)[0],
        "compute_type int8": lambda p: int8.translate_batch([p], **OPTIONS)[0],
        "compute_type int8_float32": lambda p: int8_float32.translate_batch([p], **OPTIONS)[0],
    }
    for label, run in checks.items():
        kept = sum(same(reference, run(probe)) for probe, reference in zip(probes, alone, strict=True))
        print(f"  {label:36} same numbers for {kept} of {len(probes)} sentences")

    print("\nPadding: rows L tokens, columns padded to P = L+1 … (. same, ~ other score, X other words)")
    changed_from: dict[int, set[int]] = {}
    for length in range(2, options.max_length + 1):
        probe = sentence(length, 13 * length)
        reference = base.translate_batch([probe], **OPTIONS)[0]
        marks = []
        for padded in range(length + 1, options.max_padded + 1):
            result = base.translate_batch([probe, sentence(padded, 31 * padded + 5)], **OPTIONS)[0]
            if same(reference, result):
                marks.append(".")
            else:
                marks.append("~" if result.hypotheses == reference.hypotheses else "X")
                changed_from.setdefault(length, set()).add(padded)
        print(f"  {length:3} {' ' * length}{''.join(marks)}", flush=True)
    firsts = sorted({min(padded) for padded in changed_from.values()})
    print("\nSmallest padded length that changed a sentence's numbers, per sentence length:")
    for first, group in itertools.groupby(
        sorted(changed_from.items(), key=lambda item: min(item[1])), key=lambda item: min(item[1])
    ):
        print(f"  {first}: lengths {', '.join(str(length) for length, _ in group)}")
    print(f"Boundaries seen: {', '.join(map(str, firsts)) or 'none (padding never mattered)'}")


if __name__ == "__main__":
    main()
