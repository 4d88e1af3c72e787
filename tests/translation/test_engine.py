"""The engine on real (tiny, random-weight) Argos packages: offline, protected runs, pivoting,
micro-batching, and the same output as argostranslate's own code path."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from welkom.translation import packages
from welkom.translation.engine import PysbdSentencizer, get_engine

pytestmark = pytest.mark.once(reason="the translation engine (CTranslate2) uses no database")

GLOSSARY = {
    "BSN": "BSN",
    "DigiD": "DigiD",
    "IND": "IND",
    "Acme Solutions": "Acme Solutions",
    "gemeente": "municipality",
}

# Realistic team-chat messages, with what each must keep.
CHAT = [
    ("Vergeet je BSN niet mee te nemen naar de gemeente, @priya!", ["BSN", "@priya", "municipality"]),
    ("Je DigiD-activatiecode komt per brief, meestal binnen 5 werkdagen.", ["DigiD", "5"]),
    (
        "De afspraak bij de IND is op 12-03-2027 om 09:30, zie https://ind.nl/en/residence-permits.",
        ["IND", "12-03-2027", "09:30", "https://ind.nl/en/residence-permits"],
    ),
    ("Welkom bij Acme Solutions, {name}! 🎉", ["Acme Solutions", "{name}", "🎉"]),
    ("Stuur je vragen naar hr@acme.example of bel 020-1234567.", ["hr@acme.example", "020-1234567"]),
    ("Draai eerst `make test` en dan **pas** de deploy.", ["`make test`", "**"]),
    (
        "Lees [het handboek](https://intranet.example/handboek) voor vrijdag.",
        ["](https://intranet.example/handboek)", "["],
    ),
    ("## Agenda\n- Koffie om 10:00\n- Demo van %(team)s", ["## ", "- ", "10:00", "%(team)s"]),
    ("```\npip install welkom\n```\nDat was het.", ["```\npip install welkom\n```"]),
]


def _translate(texts, source="nl", target="en", glossary=None, html=False, alternatives=0):
    return get_engine().translate(
        texts, source=source, target=target, glossary=glossary or {}, html=html, alternatives=alternatives
    )


def test_chat_messages_keep_terms_links_markup_and_placeholders(languages):
    results = _translate([text for text, _ in CHAT], glossary=GLOSSARY)
    for (text, kept), (translated,) in zip(CHAT, results, strict=True):
        for part in kept:
            assert part in translated, (text, part, translated)


def test_a_glossary_term_to_translate_one_way_is_never_left_to_the_model(languages):
    (translated,) = _translate(["Ga naar de gemeente."], glossary={"gemeente": "municipality"})[0:1]
    assert "municipality" in translated[0]
    assert "gemeente" not in translated[0]


def test_html_tags_survive_in_html_format(languages):
    ((translated,),) = _translate(
        ['<p>Hallo <b>team</b>, <a href="https://x.example">kijk</a></p>'], html=True
    )
    for tag in ("<p>", "<b>", "</b>", '<a href="https://x.example">', "</a>", "</p>"):
        assert tag in translated


def test_pivot_through_english_chains_both_packages(languages):
    text = "Morgen hebben we overleg over de planning."
    ((pivoted,),) = _translate([text], target="pl")
    engine, installed = get_engine(), packages.packages_by_pair()
    ((english,),) = engine.model(installed[("nl", "en")]).translate_lines([text], num_hypotheses=1)
    ((polish,),) = engine.model(installed[("en", "pl")]).translate_lines([english], num_hypotheses=1)
    assert pivoted == polish


def test_a_missing_pair_is_named(languages):
    with pytest.raises(packages.NoRoute, match="pl→nl"):
        _translate(["Dzień dobry"], source="pl", target="nl")


def test_alternatives_come_from_beam_search(languages):
    ((_best, *others),) = _translate(["Hoe gaat het met je?"], alternatives=2)
    assert len(others) == 2


def test_translating_opens_no_network_connection(languages, monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access during translation")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    engine_module = sys.modules["welkom.translation.engine"]
    monkeypatch.setattr(engine_module, "_engine", None)  # load the models again, under the block
    results = _translate([text for text, _ in CHAT], target="pl", glossary=GLOSSARY)
    assert len(results) == len(CHAT)
    assert attempts == []


def test_same_output_as_argostranslate_with_the_same_sentence_splitter(languages):
    """The engine batches across requests, yet gives what argostranslate.translate gives."""
    import ctranslate2
    from argostranslate.package import Package
    from argostranslate.translate import apply_packaged_translation

    nl_en = packages.packages_by_pair()[("nl", "en")]
    package = Package(Path(nl_en.path))
    translator = ctranslate2.Translator(str(Path(nl_en.path) / "model"), device="cpu")
    texts = [
        "Goedemorgen! Hoe gaat het? Ik ben er om negen uur.",
        "Bedankt voor de hulp bij het verhuizen.",
        "Ok",
    ]
    expected = [
        apply_packaged_translation(package, text, translator, PysbdSentencizer("nl"), num_hypotheses=1)[
            0
        ].value
        for text in texts
    ]
    assert [options[0] for options in _translate(texts)] == expected


def test_concurrent_requests_get_their_own_results(languages):
    texts = [f"Bericht nummer {['een', 'twee', 'drie', 'vier'][i % 4]} voor het team." for i in range(12)]
    expected = [options[0] for options in _translate(texts)]
    found: dict[int, str] = {}

    def one(index: int) -> None:
        found[index] = _translate([texts[index]])[0][0]

    threads = [threading.Thread(target=one, args=(index,)) for index in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [found[index] for index in range(len(texts))] == expected


def test_translated_text_is_not_logged(languages, caplog):
    with caplog.at_level(logging.DEBUG):
        ((translated,),) = _translate(["Mijn geheime bericht over de verhuizing."])
    messages = [record.getMessage() for record in caplog.records]
    assert messages  # the engine does log: counts and pairs
    assert not any("geheime" in message for message in messages)
    if len(translated.strip()) >= 3:
        assert not any(translated.strip() in message for message in messages)


def test_the_web_process_does_not_load_the_translation_machinery():
    code = "\n".join(
        [
            "import django, os, sys",
            "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.test'",
            "django.setup()",
            "import config.urls, welkom.translation.tasks, welkom.translation.libretranslate",
            "from welkom.translation import services",
            "services.supported_languages()",
            "heavy = ('argostranslate.translate', 'ctranslate2', 'torch', 'stanza')",
            "loaded = [name for name in heavy if name in sys.modules]",
            "print(loaded)",
            "sys.exit(1 if loaded else 0)",
        ]
    )
    backend = Path(__file__).resolve().parents[2] / "backend"
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=backend, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
