"""Builds a small but real Argos Translate package (``.argosmodel``) without any download.

The package holds a CTranslate2 Transformer model (the architecture of Argos' Marian-style models)
with random weights and a SentencePiece vocabulary trained on a generated corpus. Its translations
are nonsense, but every step around the model is the real one: argostranslate reads the package,
SentencePiece tokenizes, CTranslate2 runs beam search. Tests and the demo use tiny packages; the
benchmark builds one the size of an official package (6+6 layers, width 512, 32k vocabulary, int8).

Used by ``manage.py languages build-demo``, the test fixtures and ``bench/translation``.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

# Letters that often occur in the languages Welkom ships for, so the vocabulary covers them.
_LETTERS = "aaabcdeeeefghiijklmnnoopqrrssttuuvwyzáéëïóöüąćęłńśźżčřšžőű"
_SYLLABLE_ONSETS = [
    "",
    "b",
    "d",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "w",
    "z",
    "st",
    "pr",
    "kl",
]
_SYLLABLE_VOWELS = ["a", "e", "i", "o", "u", "aa", "ee", "oe", "ie", "ij", "ę", "ą", "ó"]
_SYLLABLE_CODAS = ["", "", "n", "r", "s", "t", "k", "l", "m", "ch", "rd", "ng"]
_PUNCTUATION = [".", ",", "?", "!", ":", ";", "-", "(", ")", "'", '"']


@dataclass(frozen=True)
class ModelShape:
    encoder_layers: int = 1
    decoder_layers: int = 1
    width: int = 64
    heads: int = 2
    ffn_width: int = 128
    vocabulary: int = 400
    # Random weights give flat output distributions, and beam search then ends every sentence at
    # once. For the benchmark, sharper logits and an end token that grows more likely with each
    # position (a ramp in one dimension of the decoder's positions) give chat-message lengths.
    logit_scale: float = 1.0
    end_bias: float = 2.5
    end_ramp: float = 0.0

    @classmethod
    def official(cls, *, decisive: bool = False) -> ModelShape:
        """The size of an official Argos package: about 60 MB in int8.

        Random weights leave many steps of beam search near a tie, which a trained model rarely
        has, so a tiny difference in the sums (padding) can change a word. ``decisive`` doubles the
        scale of the output layer (20 instead of 10): the best next token then usually has most of
        the probability (greedy top-1 probability about 0.86 on average instead of 0.71, measured by
        bench/translation), as with a trained model. Same layers, sizes and output lengths: the same
        work per sentence. Only the benchmark uses it, and it reports both packages.

        Output length: the end token's ramp (1.0 per position) makes beam search stop after about as
        many tokens as the input has (19 for the benchmark's 18.5 on average), as a trained model's
        translation between Dutch and English does. The first builds used 0.5, which gave about
        twice the input (38 tokens) and so about twice the decoding work of a real model.
        """
        return cls(
            encoder_layers=6,
            decoder_layers=6,
            width=512,
            heads=8,
            ffn_width=2048,
            vocabulary=32000,
            logit_scale=20.0 if decisive else 10.0,
            end_bias=0.0,
            end_ramp=1.0,
        )


def _word(rng: random.Random) -> str:
    return "".join(
        rng.choice(_SYLLABLE_ONSETS) + rng.choice(_SYLLABLE_VOWELS) + rng.choice(_SYLLABLE_CODAS)
        for _ in range(rng.randint(1, 3))
    )


def _corpus(path: Path, *, lines: int, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 (a made-up corpus, not a secret)
    with path.open("w", encoding="utf-8") as out:
        out.write(_LETTERS + _LETTERS.upper() + "0123456789" + "".join(_PUNCTUATION) + "\n")
        for _ in range(lines):
            words = [_word(rng) for _ in range(rng.randint(3, 14))]
            words[0] = words[0].capitalize()
            out.write(" ".join(words) + rng.choice([".", "?", "!"]) + "\n")


def _train_sentencepiece(folder: Path, *, vocabulary: int, seed: int) -> Path:
    import sentencepiece

    corpus = folder / "corpus.txt"
    _corpus(corpus, lines=max(2000, vocabulary * 6), seed=seed)
    sentencepiece.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(folder / "sentencepiece"),
        vocab_size=vocabulary,
        model_type="unigram",
        character_coverage=1.0,
        byte_fallback=True,  # any character (emoji, other scripts) still encodes
        hard_vocab_limit=False,
        minloglevel=2,
        num_threads=2,
    )
    corpus.unlink()
    return folder / "sentencepiece.model"


def _vocabulary(spm_model: Path) -> list[str]:
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(model_file=str(spm_model))
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    # CTranslate2 expects these special tokens; SentencePiece calls them <unk>, <s>, </s>.
    return pieces


def _model(folder: Path, *, shape: ModelShape, vocabulary: list[str], seed: int, quantization: str) -> None:
    import numpy as np
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    d, ff = shape.width, shape.ffn_width

    def weight(rows: int, cols: int) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) / np.sqrt(cols)).astype(np.float32)

    def zeros(n: int) -> np.ndarray:
        return np.zeros(n, dtype=np.float32)

    def norm(spec) -> None:
        spec.gamma = np.ones(d, dtype=np.float32)
        spec.beta = zeros(d)

    def linear(spec, rows: int, cols: int) -> None:
        spec.weight = weight(rows, cols)
        spec.bias = zeros(rows)

    def ffn(spec) -> None:
        norm(spec.layer_norm)
        linear(spec.linear_0, ff, d)
        linear(spec.linear_1, d, ff)

    spec = transformer_spec.TransformerSpec.from_config(
        (shape.encoder_layers, shape.decoder_layers), shape.heads
    )
    spec.config.decoder_start_token = "<s>"
    size = len(vocabulary)
    # One shared vocabulary and embedding matrix (also the output projection), as in Argos' models.
    shared = weight(size, d)
    for stack in (spec.encoder, spec.decoder):
        embeddings = stack.embeddings[0] if isinstance(stack.embeddings, list) else stack.embeddings
        embeddings.weight = shared
        norm(stack.layer_norm)
    for layer in spec.encoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        ffn(layer.ffn)
    for layer in spec.decoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d, d)
        linear(layer.attention.linear[1], 2 * d, d)
        linear(layer.attention.linear[2], d, d)
        ffn(layer.ffn)
    end = vocabulary.index("</s>")
    if shape.end_ramp:
        ramp_dimension = d - 1
        shared[end] = 0.0
        shared[end, ramp_dimension] = 1.0
        positions = np.zeros((1024, d), dtype=np.float32)
        positions[:, ramp_dimension] = np.arange(1024, dtype=np.float32) * shape.end_ramp
        spec.decoder.position_encodings.encodings = positions
    spec.decoder.projection.weight = shared
    # Sharper logits; random signs, or the tied projection would repeat the input token forever.
    gamma = shape.logit_scale * rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=d)
    if shape.end_ramp:
        gamma[d - 1] = shape.logit_scale
    spec.decoder.layer_norm.gamma = gamma.astype(np.float32)
    bias = zeros(size)
    bias[end] = shape.end_bias
    spec.decoder.projection.bias = bias
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization=quantization)
    spec.save(str(folder))


DEMO_FLAG = "welkom_demo"
DEMO_DESCRIPTION = "Random weights built by Welkom's package builder: for tests and benchmarks only."


def build_package(
    output: Path,
    *,
    from_code: str,
    to_code: str,
    from_name: str | None = None,
    to_name: str | None = None,
    version: str = "1.0",
    shape: ModelShape | None = None,
    seed: int = 0,
    quantization: str = "int8",
    sentencepiece_model: Path | None = None,
) -> Path:
    """Writes ``output`` (a ``.argosmodel`` file) and returns its path."""
    shape = shape or ModelShape()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / f"translate-{from_code}_{to_code}"
        (root / "model").mkdir(parents=True)
        if sentencepiece_model is not None:  # reuse a trained vocabulary (training 32k pieces is slow)
            spm = root / "sentencepiece.model"
            shutil.copyfile(sentencepiece_model, spm)
        else:
            spm = _train_sentencepiece(root, vocabulary=shape.vocabulary, seed=seed)
        (root / "sentencepiece.vocab").unlink(missing_ok=True)
        vocabulary = _vocabulary(spm)
        _model(root / "model", shape=shape, vocabulary=vocabulary, seed=seed, quantization=quantization)
        metadata = {
            "package_version": version,
            "argos_version": "1.9",
            "from_code": from_code,
            "from_name": from_name or from_code,
            "to_code": to_code,
            "to_name": to_name or to_code,
            "type": "translate",
            "package_type": "translate",
            "links": [],
            "description": DEMO_DESCRIPTION,
            # Read by welkom.translation.packages: output of this package is marked as demo output.
            DEMO_FLAG: True,
        }
        (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (root / "README.md").write_text(str(metadata["description"]) + "\n", encoding="utf-8")
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_STORED) as archive:
            for path in sorted(root.rglob("*")):
                archive.write(path, Path(root.name) / path.relative_to(root))
        shutil.rmtree(root)
    return output
