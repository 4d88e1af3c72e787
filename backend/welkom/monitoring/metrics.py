"""Prometheus metrics (prometheus-client), scraped at ``/api/metrics`` (docs/operations.md).

Counted where they happen: web requests by view and status with their latency (middleware),
Celery tasks by queue and outcome with their run time and the time they waited in the queue
(Celery signals, in the worker), translations by language pair with the model's time and the
queue wait (welkom.translation.services), and the time from a chat post (or edit) to its stored
translations (welkom.chat.services); those instruments are in welkom.core.metrics, so the apps
count without importing this module. Read at scrape time from the source of truth: queue lengths
from the broker, deliveries by channel and status from the database, the newest backup from the
backup folder.

With several processes (gunicorn workers, Celery workers on the same host) set
``PROMETHEUS_MULTIPROC_DIR`` to an empty folder they share, and the endpoint adds them up."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector


class StateCollector(Collector):
    """What is read at scrape time from the broker, the database and the backup folder."""

    def collect(self) -> Iterator[Metric]:
        yield from _queue_lengths()
        yield from _deliveries()
        yield from _backup()

    def describe(self) -> list[Metric]:
        return []  # collected at scrape time only (not at registration)


def _queue_lengths() -> Iterator[Metric]:
    from django.conf import settings

    from config.celery import app

    family = GaugeMetricFamily(
        "welkom_celery_queue_length", "Messages waiting in a Celery queue.", labels=["queue"]
    )
    try:
        with app.connection_for_read() as connection:
            channel: Any = connection.default_channel
            for queue in settings.CELERY_TASK_QUEUES:
                # Not passive: a queue no worker has declared yet simply holds what was sent to it.
                declared = channel.queue_declare(queue=queue.name, durable=True, auto_delete=False)
                family.add_metric([queue.name], declared.message_count)
    except Exception:  # the broker is down: the health check says so; no queue lengths then
        return
    yield family


def _deliveries() -> Iterator[Metric]:
    from welkom.notifications.selectors import delivery_counts

    family = GaugeMetricFamily(
        "welkom_deliveries",
        "Notification deliveries by channel and status; retried: sent or failed after more than one try.",
        labels=["channel", "status"],
    )
    retried: dict[str, int] = {}
    for row in delivery_counts():
        family.add_metric([row.channel, row.status], row.count)
        retried[row.channel] = retried.get(row.channel, 0) + row.retried
    for channel, count in sorted(retried.items()):
        family.add_metric([channel, "retried"], count)
    yield family


def _backup() -> Iterator[Metric]:
    from welkom.backups.services import archives

    found = archives()
    newest = GaugeMetricFamily(
        "welkom_backup_last_success_timestamp_seconds",
        "When the newest complete backup archive was made (Unix time); alert on time() minus this.",
    )
    newest.add_metric([], found[-1][0].timestamp() if found else 0)
    yield newest
    count = GaugeMetricFamily("welkom_backup_archives", "Complete backup archives kept.")
    count.add_metric([], len(found))
    yield count


_state = StateCollector()


def scrape() -> bytes:
    """The metrics in Prometheus' text format."""
    registry: Any
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        registry.register(_state)
    else:
        registry = CollectorRegistry()
        registry.register(_state)
        return generate_latest(REGISTRY) + generate_latest(registry)
    return generate_latest(registry)
