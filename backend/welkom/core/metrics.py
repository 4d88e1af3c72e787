"""Welkom's Prometheus instruments: the counters and histograms the apps count into where things
happen (requests, Celery tasks, translations, chat translations). They live in ``core`` so that any
app can count without importing ``welkom.monitoring``, which reads other apps' data at scrape time
and serves ``/api/metrics`` (welkom.monitoring.metrics)."""

from __future__ import annotations

from contextvars import ContextVar

from prometheus_client import Counter, Histogram

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25)
TASK_BUCKETS = (0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800)
WAIT_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)

REQUESTS = Counter(
    "welkom_http_requests", "Web requests answered, by view, method and status.", ["view", "method", "status"]
)
REQUEST_SECONDS = Histogram(
    "welkom_http_request_seconds", "Time to answer a web request, by view.", ["view"], buckets=LATENCY_BUCKETS
)
TASKS = Counter(
    "welkom_celery_tasks", "Celery tasks finished, by queue, task and outcome.", ["queue", "task", "outcome"]
)
TASK_SECONDS = Histogram(
    "welkom_celery_task_seconds",
    "Time a Celery task ran, by queue and task.",
    ["queue", "task"],
    buckets=TASK_BUCKETS,
)
TASK_QUEUE_SECONDS = Histogram(
    "welkom_celery_task_queue_seconds",
    "Time a Celery task waited in its queue before a worker took it.",
    ["queue", "task"],
    buckets=WAIT_BUCKETS,
)
TRANSLATIONS = Counter(
    "welkom_translations",
    "Texts translated, by language pair and where the translation came from "
    "(machine, memory, cache, identity).",
    ["source", "target", "origin"],
)
TRANSLATION_SECONDS = Histogram(
    "welkom_translation_seconds",
    "Time the model took for one job of a language pair.",
    ["source", "target"],
    buckets=LATENCY_BUCKETS,
)
TRANSLATION_QUEUE_SECONDS = Histogram(
    "welkom_translation_queue_seconds",
    "Time translation work of a language pair waited in the translation queue before a worker took it.",
    ["source", "target"],
    buckets=WAIT_BUCKETS,
)
CHAT_TRANSLATED_SECONDS = Histogram(
    "welkom_chat_translated_seconds",
    "Time from a chat message being posted (or edited) to its translation being stored, by pair.",
    ["source", "target"],
    buckets=WAIT_BUCKETS,
)

# How long the task running in this thread waited in its queue (set by the Celery signals; None
# outside a worker), so the translation code can count it per language pair.
task_queue_seconds: ContextVar[float | None] = ContextVar("welkom_task_queue_seconds", default=None)


def translation_observe(*, source: str, target: str, seconds: float) -> None:
    """One model job of a pair: its run time, and the queue wait of the task it runs in (if any)."""
    TRANSLATION_SECONDS.labels(source, target).observe(seconds)
    waited = task_queue_seconds.get()
    if waited is not None:
        TRANSLATION_QUEUE_SECONDS.labels(source, target).observe(waited)
