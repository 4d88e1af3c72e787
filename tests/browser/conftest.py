import pytest

from tests.conftest import make_org


@pytest.fixture
def demo(transactional_db):  # type: ignore[no-untyped-def]
    return make_org("alpha")
