from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.journeys.conftest import small_template  # noqa: F401 (fixture)
from tests.notifications.test_push import push_service, vapid  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _eager() -> Iterator[None]:
    # E-mails and deliveries are queued on commit; here they run in-process (what is tested is the
    # text; the worker tests cover the real queue).
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False
