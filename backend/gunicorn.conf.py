"""gunicorn's settings: the one place for them, used by the image's default command
(``backend/Dockerfile``) and so by docker-compose's web service.

Threaded workers (gthread): the chat's long polling holds a request up to
WELKOM_CHAT_LONG_POLL_SECONDS (20 s) while one thread per process watches the channels' clocks for
every waiting reader (welkom.chat.waiting), so a waiting reader costs a thread, not a process. With
sync workers three readers would take the whole server. Each process lets at most
WELKOM_CHAT_LONG_POLL_WAITERS (20) requests wait, so threads must be more than that, leaving
threads for everything else: raise both together. Each thread keeps one database connection (also
while it waits): 3 processes x 24 threads stay below PostgreSQL's default of 100 connections.
"""

import os

_waiters = int(os.environ.get("WELKOM_CHAT_LONG_POLL_WAITERS", "20"))

bind = os.environ.get("WELKOM_WEB_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("WELKOM_WEB_WORKERS", "3"))
threads = int(os.environ.get("WELKOM_WEB_THREADS", str(max(24, _waiters + 4))))
if threads <= _waiters:
    raise SystemExit(
        f"WELKOM_WEB_THREADS ({threads}) must be more than WELKOM_CHAT_LONG_POLL_WAITERS ({_waiters}):"
        " long-polling readers would take every thread."
    )
accesslog = "-"
