from qt_backend import backend  # noqa: F401  (fixture)
from sync_fixtures import _sync_env, maker, server, station  # noqa: F401  (fixtures: the sync screens)

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _stop_modal_pollers():
    """No modal-answering poller outlives its test (tests/qt_input.answer_modal)."""
    from qt_input import stop_pollers

    yield
    stop_pollers()


def _import_every_screen() -> None:
    """Import every ui module now, in the source language: module-level ``tr()`` constants (column
    titles, fixed sentences) are evaluated once, at import. The app installs its language before
    it imports a screen; in a test process a screen first imported inside an English-mode test
    would keep English for every later test of that process (seen: a clerk's sync sentence)."""
    import importlib
    import pkgutil

    import ui

    for mod in pkgutil.walk_packages(ui.__path__, "ui."):
        importlib.import_module(mod.name)


_import_every_screen()
