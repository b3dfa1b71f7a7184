"""The GUI backend the Qt tests use (ui/ and sync/ tests)."""

import pytest


def make_backend(data_dir, qapp):
    """A GUI backend on ``data_dir``, signed in as the station's administrator."""
    from counter_app import accounts
    from counter_app.db import open_data_dir
    from helpers import STATION
    from ui.backend import Backend
    from ui.fonts import install_app_font

    install_app_font(qapp)
    db = open_data_dir(data_dir)
    try:
        actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    finally:
        db.close()
    b = Backend(data_dir)
    b.actor = actor
    return b


@pytest.fixture
def backend(data_dir, qapp):
    b = make_backend(data_dir, qapp)
    yield b
    b.close()
