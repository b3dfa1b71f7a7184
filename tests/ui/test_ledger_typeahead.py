"""The ledger's search box as a clerk types into it, key by key: each keystroke (one or two
letters too) shows the newest dossiers matching what is typed so far, an answer for an older
text is never shown once a newer one was asked, and scrolling to the end fetches the next page
with no duplicate and no gap."""

from datetime import date

from PySide6.QtCore import Qt

from counter_app import intake, ledger_query, procedures, synthetic
from counter_app.db import open_data_dir
from counter_app.dossiers import LedgerFilter
from helpers import STATION, sample_intake
from qt_input import type_keys
from ui.ledger import LedgerView


def fill(data_dir, actor) -> str:
    db = open_data_dir(data_dir)
    try:
        procs = [(sp.id, sp.procedure) for sp in procedures.active_procedures(db)]
        synthetic.bulk_fill(db, procs, 900, agency_code=STATION["agency_code"], station=4, end=date(2026, 10, 30))
        data = sample_intake(received_at="2026-11-19T10:00:00+07:00")
        data["applicant"].update(full_name="Nguyễn Văn An", id_number="001099012345", birth_date=None, sex=None)
        return intake.save(db, intake.parse_request(data), actor).code
    finally:
        db.close()


def core_codes(data_dir, text: str) -> list[str]:
    db = open_data_dir(data_dir)
    try:
        return [r[1] for r in ledger_query.page(db, LedgerFilter(text=text)).rows]
    finally:
        db.close()


def shown(model) -> list[str]:
    return [model.code_at(r) for r in range(model.rowCount())]


def test_typing_key_by_key_shows_each_prefix_newest_first(qtbot, backend, data_dir):
    an = fill(data_dir, backend.actor)
    view = LedgerView(backend)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    model = view.model
    view.reload()
    qtbot.waitUntil(lambda: model.rowCount() == 200, timeout=20_000)
    assert model.code_at(0) == an  # the newest received
    text = ""
    for ch in "nguyen van an":
        text += ch
        type_keys(view.search, ch)
        qtbot.waitUntil(lambda: model._filter.text == text and not model._ids_loading, timeout=20_000)
        assert shown(model) == core_codes(data_dir, text), text
        if text == "ng":  # a two-letter prefix searches too; many matches: the first page
            assert model.rowCount() == 200 and model.count > 200
    codes = shown(model)  # "an" is a prefix: "Anh" too
    assert codes[0] == an and 1 <= len(codes) < 200 and view.count_label.text() == f"{len(codes)} hồ sơ"


def test_an_older_answer_is_never_shown_over_a_newer_text(qtbot, backend, data_dir):
    """Keys typed without waiting for the answers: each load asked while one runs waits, only
    the newest runs next, and every rows shown are those of the newest text asked."""
    an = fill(data_dir, backend.actor)
    view = LedgerView(backend)
    qtbot.addWidget(view)
    view.show()
    model = view.model
    seen = []
    model.loaded.connect(lambda _n: seen.append((model._filter.text, model._shown_generation == model._generation)))
    for ch in "nguyen van an":
        asked = model._generation
        type_keys(view.search, ch)
        qtbot.waitUntil(lambda: model._generation > asked, timeout=20_000)  # the key's query is asked
    qtbot.waitUntil(lambda: model._filter.text == "nguyen van an", timeout=20_000)
    assert seen and all(newest for _t, newest in seen), seen
    assert shown(model) == core_codes(data_dir, "nguyen van an") and shown(model)[0] == an


def test_scrolling_to_the_end_fetches_the_next_pages(qtbot, backend, data_dir):
    fill(data_dir, backend.actor)
    view = LedgerView(backend)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    model = view.model
    type_keys(view.search, "ng")
    qtbot.waitUntil(lambda: model._filter.text == "ng" and model.rowCount() == 200, timeout=20_000)
    db = open_data_dir(data_dir)
    try:
        q = "SELECT code FROM dossiers WHERE id IN (SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH '\"ng\"*') " \
            "ORDER BY received_at DESC, id DESC"
        everything = [r[0] for r in db.execute(q)]
    finally:
        db.close()
    assert len(everything) > 400  # three pages and a part
    view.table.setFocus()
    while model.rowCount() < len(everything):
        before = model.rowCount()
        qtbot.keyClick(view.table, Qt.Key_End, Qt.ControlModifier)  # to the last row shown
        qtbot.waitUntil(lambda: model.rowCount() > before, timeout=20_000)
    assert shown(model) == everything and not model.canFetchMore()


def test_a_change_keeps_the_rows_scrolled_to(qtbot, backend, data_dir):
    """Someone's save reloads the ledger (the change hook): the clerk who scrolled to the third
    page keeps as many rows loaded, with the new dossier on top, not one page."""
    fill(data_dir, backend.actor)
    view = LedgerView(backend)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    model = view.model
    view.reload()
    qtbot.waitUntil(lambda: model.rowCount() == 200, timeout=20_000)
    view.table.setFocus()
    while model.rowCount() < 600:
        before = model.rowCount()
        qtbot.keyClick(view.table, Qt.Key_End, Qt.ControlModifier)
        qtbot.waitUntil(lambda: model.rowCount() > before, timeout=20_000)
    loads, saved = [], []
    model.loaded.connect(loads.append)
    backend.write(lambda db: intake.save(db, intake.parse_request(sample_intake()), backend.actor),
                  on_done=saved.append)
    qtbot.waitUntil(lambda: bool(saved and loads), timeout=20_000)
    assert model.rowCount() == 600 and model.code_at(0) == saved[0].code
