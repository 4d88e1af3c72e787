"""A translation worker that finds no route raises ``packages.NoRoute``; the web process reads it back
from Celery's result and answers the person with a 400 naming the missing package, in their
language. Celery rebuilds an exception as ``cls(*args)`` (and falls back to a plain Exception when
that fails: a 500), so NoRoute carries facts, not a sentence. Checked with Celery's own
serialisation, pickle, and the configured result store; test_worker.py runs it through a worker."""

from __future__ import annotations

import pickle
import uuid

import pytest
from django.utils.translation import override

from config.celery import app
from welkom.translation import packages, services

pytestmark = pytest.mark.once(reason="Celery's serialisation of an exception")

# The worker's refusal, and how it reads in English and in Dutch.
CASES = [
    (
        packages.NoRoute("pl", "nl", "pl→en"),
        "No translation from pl to nl: install the pl→en (or pl→nl) package.",
        "Geen vertaling van pl naar nl: installeer het pakket pl→en (of pl→nl).",
    ),
    (
        packages.NoRoute("en", "pl", "en→pl"),
        "No translation from en to pl: install the en→pl package.",
        "Geen vertaling van en naar pl: installeer het pakket en→pl.",
    ),
]


def _through_celery(error: Exception) -> BaseException:
    backend = app.backend
    return backend.exception_to_python(backend.prepare_exception(error))


def _through_pickle(error: Exception) -> BaseException:
    rebuilt: BaseException = pickle.loads(pickle.dumps(error))
    return rebuilt


@pytest.mark.parametrize("rebuild", [_through_celery, _through_pickle], ids=["celery", "pickle"])
@pytest.mark.parametrize(("error", "english", "dutch"), CASES, ids=["through English", "direct"])
def test_no_route_survives_the_crossing_and_is_worded_in_the_readers_language(rebuild, error, english, dutch):
    rebuilt = rebuild(error)
    assert type(rebuilt) is packages.NoRoute
    assert rebuilt.args == error.args
    assert str(rebuilt) == english  # the worker's log line
    with override("nl"):
        refused = services.missing_pair(rebuilt)
    assert (refused.message, refused.field, refused.status_code) == (dutch, "target", 400)
    with override("en"):
        assert services.missing_pair(rebuilt).message == english


@pytest.mark.django_db
def test_a_no_route_stored_as_a_task_result_is_read_as_a_missing_pair():
    """The worker's failure as the result store holds it, read by the web process's wait."""
    task_id = str(uuid.uuid4())
    app.backend.mark_as_failure(task_id, packages.NoRoute("pl", "nl", "pl→en"))
    with override("nl"), pytest.raises(services.MissingPair) as refused:
        services._collect(services._Sent(result=app.AsyncResult(task_id)), timeout=5)
    assert refused.value.field == "target"
    assert refused.value.message == "Geen vertaling van pl naar nl: installeer het pakket pl→en (of pl→nl)."
