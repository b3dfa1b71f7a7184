from qt_backend import backend  # noqa: F401  (fixture)
from sync_fixtures import _sync_env, maker, server, station  # noqa: F401  (fixtures: the sync screens)

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _stop_modal_pollers():
    """No modal-answering poller outlives its test (tests/qt_input.answer_modal)."""
    from qt_input import stop_pollers

    yield
    stop_pollers()
