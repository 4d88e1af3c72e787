"""The web process hands translation to a worker on the translation queue and waits for it."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings

from welkom.translation import replies, services
from welkom.translation.engine import get_engine

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_translation_runs_in_the_worker_and_matches_the_engine(
    api, org_a, languages, settings, celery_worker, caplog
):
    settings.TRANSLATION_INLINE = False
    _, key = services.api_key_create(organisation=org_a.organisation, name="bot", created_by=org_a["hr"])
    texts = ["Goedemorgen! Om 9:30 is de stand-up.", "Neem je BSN mee, {name}."]
    body = {"q": texts, "source": "nl", "target": "pl", "api_key": key}
    with caplog.at_level(logging.DEBUG):
        response = api.post("/translate", body, format="json")
    assert response.status_code == 200, response.content
    expected = get_engine().translate(
        texts, source="nl", target="pl", glossary={"BSN": "BSN"} | _file_terms(), html=False, alternatives=0
    )
    assert response.json()["translatedText"] == [options[0] for options in expected]
    # Neither the texts nor their translations reach the logs (Celery logs task results).
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Goedemorgen" not in logged
    for translated in response.json()["translatedText"]:
        if len(translated.strip()) >= 3:
            assert translated.strip() not in logged
    # The result was read once and removed: no translated text stays in the result store.
    assert stored_results() == []


def stored_results() -> list[str]:
    """The task results and answers this run's result store holds (Redis keys: Celery's results and
    the reply lists; or files on disk)."""
    backend = django_settings.CELERY_RESULT_BACKEND
    if backend.startswith("file://"):
        return [path.name for path in Path(backend.removeprefix("file://")).glob("celery-task-meta-*")]
    store = redis.Redis.from_url(backend)
    prefix = django_settings.TEST_BROKER_PREFIX
    return [
        str(key)
        for pattern in ("celery-task-meta-*", f"{replies.REPLY_PREFIX}*")
        for key in store.scan_iter(f"{prefix}{pattern}")
    ]


def test_with_redis_the_answer_comes_back_through_a_reply_list_that_a_second_run_cannot_outlive(
    languages, settings, celery_worker
):
    """A task that runs twice (delivered again after a worker was lost) answers twice: the web
    process reads one answer, the other expires with the longest wait, and no result is stored."""
    if not replies.enabled():
        pytest.skip("the on-disk result store of the embedded default answers through Celery's results")
    from welkom.translation.tasks import translate

    settings.TRANSLATION_INLINE = False
    settings.TRANSLATION_TIMEOUT_SECONDS = 30
    job = {
        "texts": ["Tot morgen!"],
        "source": "nl",
        "target": "en",
        "glossary": {},
        "html": False,
        "alternatives": 0,
    }
    key = replies.new_key()
    for _ in range(2):
        translate.apply_async(kwargs={**job, "reply_to": key}, ignore_result=True)
    first = replies.wait(key, timeout=30)
    [expected] = get_engine().translate(
        ["Tot morgen!"], source="nl", target="en", glossary={}, html=False, alternatives=0
    )
    assert first == {"translated": [expected]}
    store = redis.Redis.from_url(django_settings.CELERY_RESULT_BACKEND)
    deadline = time.monotonic() + 30
    while store.llen(key) == 0 and time.monotonic() < deadline:  # the second run's answer
        time.sleep(0.05)
    assert 0 < store.ttl(key) <= 30
    assert [name for name in stored_results() if "celery-task-meta-" in name] == []
    store.delete(key)
    # A missing pair comes back as facts and is worded by the web process; a job the worker fails
    # on is answered at once (503, as no answer), not after the timeout.
    with pytest.raises(services.MissingPair):
        services.run_engine(
            texts=["Dzień dobry"], source="pl", target="nl", glossary={}, html=False, alternatives=0
        )
    began = time.monotonic()
    with pytest.raises(services.EngineUnavailable):
        services.run_engine(
            texts=[7],  # type: ignore[list-item]
            source="nl",
            target="en",
            glossary={},
            html=False,
            alternatives=0,
        )
    assert time.monotonic() - began < 20
    assert stored_results() == []


def test_several_languages_at_once_are_queued_together_and_match_the_engine(
    org_a, languages, settings, celery_worker
):
    from welkom.translation.glossary import glossary_for

    settings.TRANSLATION_INLINE = False
    text = "Goedemorgen! Om 9:30 is de stand-up."
    outcomes = services.translate_into_languages(
        organisation=None, text=text, source="nl", targets=["en", "pl", "tr"]
    )
    for target in ("en", "pl"):
        glossary = glossary_for(organisation=None, source="nl", target=target)
        [expected] = get_engine().translate(
            [text], source="nl", target=target, glossary=glossary, html=False, alternatives=0
        )
        assert (outcomes[target].text, outcomes[target].origin) == (expected[0], "machine")
    assert isinstance(outcomes["tr"], services.UnsupportedLanguage)


def _file_terms() -> dict[str, str]:
    from welkom.translation.glossary import glossary_for

    return glossary_for(organisation=None, source="nl", target="pl")


def test_celery_success_lines_do_not_carry_translations(caplog):
    from celery.app.trace import LOG_SUCCESS, info

    context = {
        "id": "1",
        "name": "welkom.translation.tasks.translate",
        "return_value": "[['Geheim bericht']]",
        "runtime": 0.1,
        "args": "()",
        "kwargs": "{'texts': ['Geheim bericht']}",
    }
    with caplog.at_level(logging.INFO, logger="celery.app.trace"):
        info(LOG_SUCCESS, context)
    assert "succeeded" in caplog.text
    assert "Geheim" not in caplog.text


def test_a_missing_pair_found_by_the_worker_is_a_400_in_the_readers_language(
    languages, settings, celery_worker
):
    """nl→en, en→nl and en→pl: the worker finds no route from Polish to Dutch. Its NoRoute crosses
    Celery's result and is worded in the web process, in the language active there."""
    from django.utils.translation import override

    settings.TRANSLATION_INLINE = False
    with override("nl"), pytest.raises(services.MissingPair) as refused:
        services.run_engine(
            texts=["Dzień dobry"], source="pl", target="nl", glossary={}, html=False, alternatives=0
        )
    assert (refused.value.field, refused.value.status_code) == ("target", 400)
    assert refused.value.message == "Geen vertaling van pl naar nl: installeer het pakket pl→en (of pl→nl)."
    assert stored_results() == []
