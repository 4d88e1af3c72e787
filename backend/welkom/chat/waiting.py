"""Long polling: the readers waiting in this process for news of their channels.

A waiting request used to watch its channel's clock itself: a cache read every 0.2 s and, every 2 s,
a query on a database connection it opened for that and closed again. With 50 readers that was
250 cache reads a second and 25 new database connections a second, on a machine whose cores the
translation models need. Now one thread per process (started with the first waiting reader, idle
while nobody waits) reads the clocks of every channel with a waiting reader in one cache read
(``get_many``) each step and in one query every ``database_every`` seconds, and wakes the readers
whose channel moved past their cursor. The database check stays because the cache may lose a key
(eviction, a restart of Redis, or no shared cache at all between processes).
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

POLL_STEP = 0.2
DATABASE_CHECK_EVERY = 2.0


def clock_key(channel_id: int) -> str:
    """The cache key that holds a channel's clock (its last ``seq``), set after each commit."""
    return f"welkom:chat:clock:{channel_id}"


@dataclass
class _Waiter:
    channel_id: int
    after: int
    news: threading.Event = field(default_factory=threading.Event)


class ClockWatcher:
    """Wakes waiting readers when their channel's clock passes their cursor (see the module)."""

    def __init__(self, *, poll_step: float = POLL_STEP, database_every: float = DATABASE_CHECK_EVERY) -> None:
        self.poll_step = poll_step
        self.database_every = database_every
        self._condition = threading.Condition()
        self._waiters: dict[int, _Waiter] = {}
        self._numbers = itertools.count()
        self._thread: threading.Thread | None = None

    def wait(self, *, channel_id: int, after: int, seconds: float) -> bool:
        """Block until the channel's clock passes ``after`` (True) or ``seconds`` are over (False)."""
        waiter = _Waiter(channel_id, after)
        number = next(self._numbers)
        with self._condition:
            self._waiters[number] = waiter
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="welkom-chat-clock", daemon=True)
                self._thread.start()
            self._condition.notify()
        try:
            return waiter.news.wait(seconds)
        finally:
            with self._condition:
                del self._waiters[number]

    def waiting(self) -> int:
        with self._condition:
            return len(self._waiters)

    def _watched(self) -> list[int]:
        """The channels someone waits on; waits while there is none."""
        with self._condition:
            while not self._waiters:
                self._condition.wait()
            return sorted({waiter.channel_id for waiter in self._waiters.values()})

    def _wake(self, clocks: dict[int, int]) -> None:
        with self._condition:
            for waiter in self._waiters.values():
                clock = clocks.get(waiter.channel_id)
                if clock is not None and clock > waiter.after:
                    waiter.news.set()

    def _run(self) -> None:
        next_database_check = time.monotonic() + self.database_every
        while True:
            watched = self._watched()
            try:
                keys = {clock_key(channel_id): channel_id for channel_id in watched}
                clocks = {keys[key]: int(value) for key, value in cache.get_many(list(keys)).items()}
                if time.monotonic() >= next_database_check:
                    next_database_check = time.monotonic() + self.database_every
                    clocks.update(self._database_clocks(watched))
                self._wake(clocks)
            except Exception:  # a cache or database that fails now and then must not end the thread
                logger.warning("Reading the chat clocks failed; trying again", exc_info=True)
            time.sleep(self.poll_step)

    @staticmethod
    def _database_clocks(channel_ids: list[int]) -> dict[int, int]:
        from welkom.chat.models import Channel

        try:
            return dict(Channel.objects.filter(pk__in=channel_ids).values_list("pk", "last_seq"))
        finally:
            # Holds no connection between checks (nor while a test database is dropped).
            connection.close()


_watcher: ClockWatcher | None = None
_watcher_lock = threading.Lock()


def watcher() -> ClockWatcher:
    """This process's watcher."""
    global _watcher
    with _watcher_lock:
        if _watcher is None:
            _watcher = ClockWatcher()
        return _watcher
