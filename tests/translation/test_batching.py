"""Micro-batching keeps argostranslate's output bit for bit.

CTranslate2 pads the sentences of one call to the longest, and padding a sentence from under 16
tokens to 16 or more changes its sums (x86-64). The engine therefore lets sentences share a call
only within the padding range argostranslate itself translates them in. These tests compare the
engine with argostranslate's own code on a package with chat-length outputs, by text and by score
(a changed sum shows in the score even when the words stay the same).
"""

from __future__ import annotations

import itertools
import json
import logging
import random
import threading
from pathlib import Path

import pytest

from welkom.translation import packages, services
from welkom.translation.engine import (
    SHORT_CALL_TOKENS,
    LoadedModel,
    MicroBatcher,
    PaddingRanges,
    PysbdSentencizer,
    argos_padded_lengths,
    batching_modes,
    get_engine,
    parse_pad_boundaries,
)

# The worker on SQLite and the on-disk broker: tests/translation/test_worker.py.
pytestmark = pytest.mark.once(reason="the engine's batching uses no database")

OPENERS = ["Hoi", "Goedemorgen team", "Even een update", "Vraagje", "Dag allemaal"]
SUBJECTS = ["de stand-up", "het overleg", "de lunch", "de training", "de verhuizing", "de demo"]
ACTIONS = ["begint later", "gaat niet door", "is verplaatst", "is online", "duurt langer"]
SHORT = ["Ok.", "Top!", "Wie komt?", "Bedankt!", "Tot zo.", "Klopt dat?", "Neem koffie mee."]
WORDS = ["koffie", "lunch", "demo", "team", "klaar", "later", "online", "morgen", "vandaag", "top", "zaal"]


def _long_sentences(count: int) -> list[str]:
    rng = random.Random(1)
    return [f"{rng.choice(OPENERS)}, {rng.choice(SUBJECTS)} {rng.choice(ACTIONS)}." for _ in range(count)]


def _word_sentences() -> list[str]:
    """Two or three words: about 9 to 22 tokens in the test package's small vocabulary."""
    rng = random.Random(3)
    found = [f"{a.capitalize()} {b}." for a, b in itertools.permutations(WORDS, 2)]
    found += [f"{a.capitalize()} {b} {c}?" for a, b, c in itertools.permutations(WORDS[:6], 3)]
    rng.shuffle(found)
    return found


def _chat_texts(tokenizer) -> list[str]:  # type: ignore[no-untyped-def]
    """Messages of one to three sentences, under and over 16 tokens, and some that argostranslate
    pads together across the 16-token line (a short sentence with one of exactly 16 tokens)."""
    rng = random.Random(5)
    words, long_ones = _word_sentences(), _long_sentences(20)
    texts = []
    for index in range(34):
        parts = [words[index]]
        if index % 3 == 0:
            parts.insert(0, rng.choice(long_ones))
        if index % 2:
            parts.append(rng.choice(words[40:] + SHORT))
        texts.append(" ".join(parts))
    sixteen = [sentence for sentence in words if len(tokenizer.encode(sentence)) == 16]
    assert sixteen, "no sentence of exactly 16 tokens: change the word lists"
    texts += [f"{sentence} {short}" for sentence, short in zip(sixteen, SHORT[:6], strict=False)]
    return texts


def _stock(installed: packages.InstalledPackage, texts: list[str]) -> list[tuple[str, float]]:
    """argostranslate's own code path with its default settings, one text at a time."""
    import ctranslate2
    from argostranslate import settings as argos_settings
    from argostranslate.package import Package
    from argostranslate.translate import apply_packaged_translation

    package = Package(Path(installed.path))
    translator = ctranslate2.Translator(
        str(Path(installed.path) / "model"),
        device="cpu",
        inter_threads=argos_settings.inter_threads,
        intra_threads=argos_settings.intra_threads,
        compute_type=argos_settings.compute_type,
    )
    sentencizer = PysbdSentencizer("nl")
    found = []
    for text in texts:
        (best,) = apply_packaged_translation(package, text, translator, sentencizer, num_hypotheses=1)
        found.append((best.value, best.score))
    return found


def _crosses_the_line(model, texts: list[str]) -> int:  # type: ignore[no-untyped-def]
    """How many sentences argostranslate pads from under 16 tokens to 16 or more."""
    count = 0
    for text in texts:
        lengths = [len(model.package.tokenizer.encode(s)) for s in model.sentencizer.split_sentences(text)]
        padded = argos_padded_lengths(lengths)
        count += sum(1 for own, pad in zip(lengths, padded, strict=True) if own < 16 <= pad)
    return count


def test_concurrent_requests_get_argostranslates_exact_output_and_score(long_outputs, settings):
    settings.TRANSLATION_EXACT_BATCHES = True
    settings.TRANSLATION_INTER_THREADS = 2
    settings.TRANSLATION_BATCH_WAIT_MS = 20.0  # gather several requests per call
    model = get_engine().model(long_outputs)
    texts = _chat_texts(model.package.tokenizer)
    assert _crosses_the_line(model, texts) >= 4  # the case the old equal-length batches missed
    lengths = [
        len(model.package.tokenizer.encode(s)) for t in texts for s in model.sentencizer.split_sentences(t)
    ]
    assert min(lengths) < 16 <= max(lengths)
    expected = _stock(long_outputs, texts)

    found: dict[int, tuple[str, float]] = {}
    queue = iter(range(len(texts)))
    lock = threading.Lock()

    def client() -> None:
        while True:
            with lock:
                index = next(queue, None)
            if index is None:
                return
            found[index] = model.hypotheses([texts[index]], num_hypotheses=1)[0][0]

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [found[index] for index in range(len(texts))] == expected


def test_many_texts_in_one_request_match_argostranslate(long_outputs, settings):
    """One request's texts share calls too (the worker's engine batches across them)."""
    settings.TRANSLATION_EXACT_BATCHES = True
    model = get_engine().model(long_outputs)
    texts = _chat_texts(model.package.tokenizer)
    assert [options[0] for options in model.hypotheses(texts, num_hypotheses=1)] == _stock(
        long_outputs, texts
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_batched_translation_through_the_worker_equals_argostranslate(
    api, org_a, long_outputs, settings, celery_worker
):
    settings.TRANSLATION_INLINE = False
    settings.TRANSLATION_EXACT_BATCHES = True
    settings.TRANSLATION_GLOSSARY_FILE = "/nonexistent/glossary.yaml"  # stock has no glossary
    texts = _chat_texts(get_engine().model(long_outputs).package.tokenizer)
    _, key = services.api_key_create(organisation=org_a.organisation, name="bot", created_by=org_a["hr"])
    response = api.post(
        "/translate", {"q": texts, "source": "nl", "target": "en", "api_key": key}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["translatedText"] == [value for value, _ in _stock(long_outputs, texts)]


# --- The pieces -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lengths", "padded"),
    [
        ([], []),
        ([9], [9]),
        ([19, 8], [19, 8]),  # 2 x 19 > 32: each alone
        ([14, 10], [14, 14]),  # 2 x 14 <= 32: together, padded to 14
        ([8, 16], [16, 16]),  # the short one crosses to 16
        ([10, 10, 10, 10], [10, 10, 10, 10]),  # three fit (30), the fourth starts a new batch
        ([10, 12, 10, 10], [12, 12, 10, 10]),  # 12 takes the first 10 (a stable sort); 3 x 12 > 32
        ([40, 3, 3], [40, 3, 3]),  # a sentence longer than the budget is still translated, alone
    ],
)
def test_argos_padded_lengths_follow_ctranslate2s_token_batches(lengths, padded):
    assert argos_padded_lengths(lengths, max_batch_tokens=32) == padded


def test_pad_boundaries_setting():
    assert parse_pad_boundaries("16") == (16,)
    assert parse_pad_boundaries(" 16, 8 ") == (8, 16)
    assert parse_pad_boundaries("") == ()
    assert parse_pad_boundaries("each") is None
    ranges = PaddingRanges((16,))
    assert [ranges.key(n) for n in (1, 15, 16, 300)] == [0, 0, 1, 1]
    assert PaddingRanges(None).key(7) == 7
    assert repr(ranges) == "1-15, 16+"


class _Recording:
    """The real translator, remembering which sentences went into each call."""

    def __init__(self, translator) -> None:  # type: ignore[no-untyped-def]
        self.translator = translator
        self.calls: list[list[list[str]]] = []
        self.lock = threading.Lock()

    def translate_batch(self, batch, **options):  # type: ignore[no-untyped-def]
        with self.lock:
            self.calls.append(batch)
        return self.translator.translate_batch(batch, **options)


def test_a_sentence_argostranslate_pads_upwards_shares_a_call_with_a_longer_one(long_outputs):
    model = get_engine().model(long_outputs)
    recording = _Recording(model.translator)
    batcher = MicroBatcher(recording, max_batch_size=3, wait_seconds=0.05, ranges=PaddingRanges((16,)))
    pool = model.package.tokenizer.encode(
        "Goedemorgen allemaal, de stand-up van vandaag is verplaatst naar later."
    )
    short, medium, sixteen, long = pool[:5], pool[:12], pool[:16], pool[:22]
    ranges = PaddingRanges((16,))
    padded_up = list(short)  # argostranslate pads it to 16 together with `sixteen`
    jobs = [
        ([long, list(short)], [1, 0]),  # argostranslate: each alone
        ([sixteen, padded_up], [1, 1]),
        ([medium], [0]),
        ([long, long, long, long], [1, 1, 1, 1]),
    ]
    results: dict[int, list[object]] = {}

    def send(index: int) -> None:
        sentences, keys = jobs[index]
        results[index] = batcher.translate(sentences, keys=keys, beam_size=2, num_hypotheses=1, prefix="")

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [len(results[index]) for index in range(len(jobs))] == [2, 2, 1, 4]
    assert sum(len(call) for call in recording.calls) == 9
    for call in recording.calls:
        longest = max(len(sentence) for sentence in call)
        if any(sentence is padded_up for sentence in call):
            assert longest >= 16
            continue
        # Otherwise a call holds sentences of one range only.
        assert len({ranges.key(len(sentence)) for sentence in call}) == 1


class _Held(_Recording):
    """The real translator; the first call waits until the test lets it go."""

    def __init__(self, translator) -> None:  # type: ignore[no-untyped-def]
        super().__init__(translator)
        self.started = threading.Event()  # the first call has begun
        self.release = threading.Event()

    def translate_batch(self, batch, **options):  # type: ignore[no-untyped-def]
        with self.lock:
            self.calls.append(batch)
            first = len(self.calls) == 1
        if first:
            self.started.set()
            self.release.wait(timeout=30)
        return self.translator.translate_batch(batch, **options)


OPTIONS = {"beam_size": 2, "num_hypotheses": 1, "prefix": ""}


def _batcher(translator, *, wait: float, quiet: float, slots: int) -> MicroBatcher:  # type: ignore[no-untyped-def]
    """One padding range, so only the gathering rule decides which sentences share a call."""
    return MicroBatcher(
        translator,
        max_batch_size=64,
        wait_seconds=wait,
        quiet_seconds=quiet,
        calls_at_once=slots,
        ranges=PaddingRanges(()),
    )


def _sentences(model, *lengths: int) -> list[list[str]]:  # type: ignore[no-untyped-def]
    tokens = model.package.tokenizer.encode("Goedemorgen allemaal, de stand-up van vandaag is verplaatst.")
    return [tokens[:length] for length in lengths]


def test_a_small_request_waits_for_the_running_call_even_with_short_timers(long_outputs):
    """A call costs nearly as much for one sentence as for a few: a request that comes while
    a call runs does not start a call of its own on the free slot, even with gathering timers of
    1 ms (the hold does not come from a timer); once the call ends, every request is answered."""
    model = get_engine().model(long_outputs)
    held = _Held(model.translator)
    batcher = _batcher(held, wait=0.001, quiet=0.001, slots=2)
    first, second = _sentences(model, 6, 7)
    answers: dict[str, list] = {}
    a = threading.Thread(target=lambda: answers.update(a=batcher.translate([first], **OPTIONS)))
    a.start()
    assert held.started.wait(timeout=30)
    b = threading.Thread(target=lambda: answers.update(b=batcher.translate([second], **OPTIONS)))
    b.start()
    # The batcher holds B's request and waits, with a slot free; a wrong rule starts B's call
    # instead and never holds it.
    assert batcher.wait_until_holding(1, timeout=30)
    assert len(held.calls) == 1
    held.release.set()
    a.join(timeout=30)
    b.join(timeout=30)
    assert [len(call) for call in held.calls] == [1, 1]
    assert len(answers["a"]) == len(answers["b"]) == 1


def test_a_small_request_goes_with_the_next_request_of_the_client_just_answered(long_outputs):
    """When the running call ends, the held request waits for the client that call answered,
    who sends its next request at once, and both go in one call. The timers are long here (30 s,
    never reached): on a loaded machine the client may take more than a millisecond to come back,
    and the rule under test is that the gathering waits for it, not how long."""
    model = get_engine().model(long_outputs)
    held = _Held(model.translator)
    batcher = _batcher(held, wait=30, quiet=30, slots=2)
    first, second, third = _sentences(model, 6, 7, 8)

    def client_a() -> None:
        batcher.translate([first], **OPTIONS)
        batcher.translate([third], **OPTIONS)  # at once, as a client does after its answer

    a = threading.Thread(target=client_a)
    a.start()
    assert held.started.wait(timeout=30)
    b = threading.Thread(target=lambda: batcher.translate([second], **OPTIONS))
    b.start()
    assert batcher.wait_until_holding(1, timeout=30)
    held.release.set()
    a.join(timeout=30)
    b.join(timeout=30)
    assert not a.is_alive()
    assert not b.is_alive()
    assert [len(call) for call in held.calls] == [1, 2]
    assert sorted(len(sentence) for sentence in held.calls[1]) == [7, 8]


def test_a_request_does_not_wait_for_a_long_call(long_outputs):
    """A long call (a bot's big request: here 10 sentences of 60 tokens, more than
    SHORT_CALL_TOKENS) does not keep a chat message from the free slot."""
    model = get_engine().model(long_outputs)
    held = _Held(model.translator)
    batcher = _batcher(held, wait=0.001, quiet=0.001, slots=2)
    (short,) = _sentences(model, 7)
    tokens = _sentences(model, 100)[0] * 6
    long_sentences = [tokens[index : index + 60] for index in range(10)]
    assert [len(sentence) for sentence in long_sentences] == [60] * 10
    assert SHORT_CALL_TOKENS < 10 * 60
    a = threading.Thread(target=lambda: batcher.translate(long_sentences, **OPTIONS))
    a.start()
    assert held.started.wait(timeout=30)
    b = threading.Thread(target=lambda: batcher.translate([short], **OPTIONS))
    b.start()
    b.join(timeout=10)  # while the long call is still held
    assert not b.is_alive()
    assert [len(call) for call in held.calls] == [10, 1]
    held.release.set()
    a.join(timeout=30)


def test_a_client_that_comes_back_is_not_kept_waiting_by_the_gathering_timers(long_outputs):
    """Answered clients that send their next request at once, or a first request to an idle
    model, go straight to the model: the 10 s timers here would fail the join otherwise."""
    model = get_engine().model(long_outputs)
    recording = _Recording(model.translator)
    batcher = _batcher(recording, wait=10, quiet=10, slots=2)
    sentences = _sentences(model, 5, 6, 7, 8)

    def client() -> None:
        for sentence in sentences:
            batcher.translate([sentence], **OPTIONS)

    thread = threading.Thread(target=client)
    thread.start()
    thread.join(timeout=8)
    assert not thread.is_alive()
    assert [len(call) for call in recording.calls] == [1, 1, 1, 1]


def test_a_client_that_does_not_come_back_holds_the_others_up_only_until_the_quiet_time(long_outputs):
    model = get_engine().model(long_outputs)
    recording = _Recording(model.translator)
    batcher = _batcher(recording, wait=0.2, quiet=0.05, slots=1)
    gone, staying, later = _sentences(model, 5, 6, 7)
    done = []

    def once(sentence: list[str]) -> None:
        batcher.translate([sentence], **OPTIONS)
        done.append(sentence)

    first = [threading.Thread(target=once, args=(sentence,)) for sentence in (gone, staying)]
    for thread in first:
        thread.start()
    for thread in first:
        thread.join(timeout=30)
    # Two clients answered; only one sends again. Its request waits at most the quiet time.
    last = threading.Thread(target=once, args=(later,))
    last.start()
    last.join(timeout=5)
    assert not last.is_alive()
    assert later in done


def test_a_chat_message_goes_before_other_waiting_work(long_outputs):
    """While a call runs, a bot's request and then a chat message's (urgent) come: the message
    goes in the next call, alone, and the bot's request after it."""
    model = get_engine().model(long_outputs)
    held = _Held(model.translator)
    batcher = _batcher(held, wait=0.001, quiet=0.001, slots=1)
    running, bulk, chat = _sentences(model, 6, 9, 7)
    first = threading.Thread(target=lambda: batcher.translate([running], **OPTIONS))
    first.start()
    assert held.started.wait(timeout=30)
    bot = threading.Thread(target=lambda: batcher.translate([bulk, bulk], **OPTIONS))
    bot.start()
    assert batcher.wait_until_holding(1, timeout=30)  # the bot's request waits for the running call
    message = threading.Thread(target=lambda: batcher.translate([chat], urgent=True, **OPTIONS))
    message.start()
    assert batcher.wait_until_holding(2, timeout=30)
    held.release.set()
    for thread in (first, bot, message):
        thread.join(timeout=30)
    assert [[len(sentence) for sentence in call] for call in held.calls] == [[6], [7], [9, 9]]


def test_the_decoding_length_limit_follows_the_longest_input_of_a_call(long_outputs, settings):
    """The test package's outputs run on whatever the input (random weights): with a limit of
    1 x input + 2 tokens, a 3-token sentence gets at most 5 tokens, a 9-token one at most 11."""
    model = get_engine().model(long_outputs)
    batcher = _batcher(_Recording(model.translator), wait=0.001, quiet=0.001, slots=1)
    short, longer = _sentences(model, 3, 9)
    unlimited = batcher.translate([short], **OPTIONS)[0].hypotheses[0]
    assert len(unlimited) > 5
    settings.TRANSLATION_MAX_LENGTH_RATIO = 1.0
    settings.TRANSLATION_MAX_LENGTH_EXTRA = 2
    assert len(batcher.translate([short], **OPTIONS)[0].hypotheses[0]) <= 5
    alone = batcher.translate([longer], **OPTIONS)[0].hypotheses[0]
    assert 5 < len(alone) <= 11
    settings.TRANSLATION_MAX_LENGTH_RATIO = 0.0
    assert batcher.translate([short], **OPTIONS)[0].hypotheses[0] == unlimited


def test_a_chat_message_is_translated_with_the_chat_beam_size(long_outputs, settings):
    settings.TRANSLATION_BEAM_SIZE = 4
    settings.TRANSLATION_CHAT_BEAM_SIZE = 1
    settings.TRANSLATION_CHAT_EXACT_BATCHES = True  # the same calls as /translate's, so equal scores
    model = get_engine().model(long_outputs)
    texts = _chat_texts(model.package.tokenizer)[:12]
    chat = [options[0] for options in model.hypotheses(texts, num_hypotheses=1, urgent=True)]
    other = [options[0] for options in model.hypotheses(texts, num_hypotheses=1)]
    settings.TRANSLATION_BEAM_SIZE = 1
    assert chat == [options[0] for options in model.hypotheses(texts, num_hypotheses=1)]
    assert chat != other  # beam 1 and 4 differ on these texts, so the comparison above means something


def test_padding_ranges_are_found_on_this_machine_and_remembered(long_outputs, settings, caplog):
    """With "search" the worker measures where padding changes a sentence's numbers on this CPU,
    checks the ranges that gives, and remembers them for the next load of the same package."""
    settings.TRANSLATION_PAD_BOUNDARIES = "search"
    first = LoadedModel(long_outputs)
    assert first.ranges is not None
    memory = packages.packages_dir() / ".padding-ranges.json"
    remembered = json.loads(memory.read_text())
    assert list(remembered.values()) == [
        "each" if first.ranges.boundaries is None else ",".join(map(str, first.ranges.boundaries))
    ]
    with caplog.at_level(logging.INFO, logger="welkom.translation.engine"):
        second = LoadedModel(long_outputs)
    assert second.ranges.boundaries == first.ranges.boundaries
    assert "remembered" in caplog.text
    published = batching_modes()[long_outputs.pair]
    assert published["mode"].startswith("exact")
    # What benches group by (bench/translation/run.py's exact bound): the same ranges as remembered.
    assert published["boundaries"] == next(iter(remembered.values()))


def test_a_chat_messages_pieces_share_one_call_whatever_their_padding(long_outputs, settings):
    """Pieces of 3 and 20 tokens are in different padding ranges: /translate's exact batches
    translate them in two calls; a chat message's (its own beam size, so not argostranslate's
    output anyway) in one, unless TRANSLATION_CHAT_EXACT_BATCHES."""
    settings.TRANSLATION_PAD_BOUNDARIES = "16"  # one boundary, whatever this CPU's are
    settings.TRANSLATION_INTER_THREADS = 1
    model = LoadedModel(long_outputs)
    assert model.ranges is not None
    recording = _Recording(model.translator)
    model.batcher._translator = recording  # the real batcher, its calls recorded
    pieces = ["Ok", "Goedemorgen allemaal, de stand-up van vandaag is verplaatst naar later."]
    lengths = [len(model.package.tokenizer.encode(piece)) for piece in pieces]
    assert lengths[0] < 16 <= lengths[1]
    model.hypotheses(pieces, num_hypotheses=1)
    assert len(recording.calls) == 2
    model.hypotheses(pieces, num_hypotheses=1, urgent=True)
    assert [sorted(len(s) for s in call) for call in recording.calls[2:]] == [sorted(lengths)]
    settings.TRANSLATION_CHAT_EXACT_BATCHES = True
    model.hypotheses(pieces, num_hypotheses=1, urgent=True)
    assert len(recording.calls) == 5
