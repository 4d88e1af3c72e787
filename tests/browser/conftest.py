import pytest
from playwright.sync_api import expect

from tests.conftest import make_org

# make test runs four lanes on two cores: a screen that waits on several API calls can take more
# than Playwright's default 5 s to show under that load. A wait, not a speed check (speed is measured
# by bench-frontend).
expect.set_options(timeout=20_000)


@pytest.fixture
def demo(transactional_db):  # type: ignore[no-untyped-def]
    return make_org("alpha")
