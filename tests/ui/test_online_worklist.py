"""Issue 20, scope 1, acceptance: 50 citizens submit online at the reference provincial system
(the real ``counter-app-provincial submit-online`` command); the counter app pulls them and their
files; the network goes away; in the main window the clerk receives 30, guides 10 to complete
(Mẫu 02) and refuses 10 (Mẫu 03), by keyboard; the network comes back and the province's
statuses are 2, 5 and 3; the forms read back. Real widgets, real SQLite, the real server on
127.0.0.1 (stopped and started again on the same port: the counter is offline in between)."""

from __future__ import annotations

import subprocess

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from helpers import STATION  # noqa: E402
from online_support import submit_online  # noqa: E402
from sync_support import configure, secret_of  # noqa: E402

N_RECEIVE, N_GUIDE, N_REFUSE = 30, 10, 10
PROCEDURE = "1.001193"  # Đăng ký khai sinh
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng")
MIDDLE = ("Văn", "Thị", "Đức")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Ngọc")


def _pdf(path, text: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawString(72, 760, text)
    c.showPage()
    c.save()


def _png(path) -> None:
    from PIL import Image

    Image.new("RGB", (300, 420), (250, 250, 240)).save(path)


def pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout
    return " ".join(out.decode("utf-8").split())


@pytest.fixture
def backend(station, server, qapp):
    from qt_backend import make_backend

    configure(station, server.url, secret_of(station), idle_interval=0.2)
    b = make_backend(station, qapp)
    yield b
    b.close()


def _submit_all(server, tmp_path) -> list[str]:
    """The first N_RECEIVE come complete (the application form, the birth certificate as a
    photo, the ID card) but the very first, whose identity paper the clerk checks without a
    file; the others bring the application form only."""
    files = tmp_path / "portal-files"
    files.mkdir()
    codes = []
    for i in range(N_RECEIVE + N_GUIDE + N_REFUSE):
        form = files / f"to-khai-{i}.pdf"
        _pdf(form, f"To khai dang ky khai sinh {i}")
        attached, parts = [form], [{"MaThanhPhanHoSo": "1"}]
        if i < N_RECEIVE:
            photo = files / f"giay-chung-sinh-{i}.png"
            _png(photo)
            attached.append(photo)
            parts.append({"MaThanhPhanHoSo": "2"})
            if i:  # the first one's identity paper is checked at the counter (no file)
                card = files / f"cccd-{i}.pdf"
                _pdf(card, f"Can cuoc {i}")
                attached.append(card)
                parts.append({"MaThanhPhanHoSo": "4"})
        dossier = {"MaTTHC": PROCEDURE, "ChuHoSo": f"{FAMILY[i % 5]} {MIDDLE[i % 3]} {GIVEN[i % 10]}",
                   "SoGiayToChuHoSo": f"0012000{i:05d}", "SoDienThoai": "0912345678",
                   "TrichYeuHoSo": "Đăng ký khai sinh cho con", "files": parts}
        codes.append(submit_online(server.store.data_dir, STATION["agency_code"], dossier, attached))
    return codes


def test_fifty_online_dossiers_received_guided_refused_offline(qtbot, backend, server, tmp_path):
    from counter_app import online
    from counter_app.db import open_data_dir
    from counter_app.printouts import render_form, render_slip_form
    from qt_input import answer_modal, ime_commit
    from sync.provincial.server import ReferenceServer
    from ui.intake.outcome import SlipDialog
    from ui.main_window import MainWindow
    from ui.online_view import ReceiveCheckDialog
    from ui_flows import INFO

    codes = _submit_all(server, tmp_path)
    assert len(set(codes)) == len(codes)

    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    view = win.online
    try:
        # The engine pulls the 50 and fetches their files in the background.
        try:
            qtbot.waitUntil(lambda: len(view.rows) == len(codes) and all(r["files_ready"] == r["files_total"] for r in view.rows),
                            timeout=20_000)
        except Exception:
            print("DEBUG rows", [(r["code"], r["files_ready"], r["files_total"]) for r in view.rows], win.sync.last_status)
            raise
        assert {r["code"] for r in view.rows} == set(codes)
        assert f"({len(codes)})" in win.tabs.tabText(win.tabs.indexOf(view))

        # The network goes away: the server stops (connection refused), the clerk works on.
        port, data_dir = server.port, server.store.data_dir
        server.stop()
        win.tabs.setCurrentWidget(view)
        view.table.setFocus()

        def pick(code: str) -> None:
            # Back at the main window after the previous form's preview closed (as the clerk is).
            win.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=10_000)
            row = next(i for i, r in enumerate(view.rows) if r["code"] == code)
            view.table.selectRow(row)
            qtbot.waitUntil(lambda: view.detail is not None and view.detail.get("code") == code
                            and "files" in view.detail and view.receive_button.isEnabled(), timeout=10_000)

        received, guided, refused = codes[:N_RECEIVE], codes[N_RECEIVE:N_RECEIVE + N_GUIDE], codes[N_RECEIVE + N_GUIDE:]
        def check_and_receive(dialog, tick: str | None = None):
            assert isinstance(dialog, ReceiveCheckDialog)
            ticked = [item["name"] for box, item in dialog.boxes if box.isChecked()]
            assert all(item["has_file"] == (item["name"] in ticked) for _b, item in dialog.boxes)
            for box, item in dialog.boxes:
                if tick and item["name"].startswith(tick) and not box.isChecked():
                    box.setFocus()
                    qtbot.keyClick(box, Qt.Key_Space)  # verified at the counter: ticked by hand
                    assert box.isChecked()
            qtbot.keyClick(dialog, Qt.Key_Return)  # Enter: receive

        # The first one lacks its identity paper's file: unticked, the receipt is refused (in
        # Vietnamese, nothing written); ticked as checked at the counter, it is received.
        pick(received[0])
        answer_modal(qtbot, check_and_receive, kind=ReceiveCheckDialog)
        qtbot.keyClick(view.table, Qt.Key_S, Qt.ControlModifier)
        qtbot.waitUntil(lambda: "Thiếu thành phần hồ sơ bắt buộc" in view.banner.text(), timeout=20_000)
        assert any(r["code"] == received[0] for r in view.rows)
        for code in received:
            pick(code)
            answer_modal(qtbot, lambda dlg: check_and_receive(dlg, "Giấy tờ tùy thân"), kind=ReceiveCheckDialog)
            with qtbot.waitSignal(view.received, timeout=20_000, raising=False) as got:
                qtbot.keyClick(view.table, Qt.Key_S, Qt.ControlModifier)  # Ctrl+S: the check, then receive
            assert got.signal_triggered, view.banner.text()
            assert got.args == [code]
            qtbot.waitUntil(lambda: getattr(win, "preview", None) is not None and win.preview.isVisible(), timeout=10_000)
            win.preview.close()
        for kind, group, key in (("guide", guided, Qt.Key_G), ("refuse", refused, Qt.Key_T)):
            for code in group:
                pick(code)
                seen = []

                def answer(dialog, kind=kind, code=code):
                    seen.append(dialog.items.toPlainText())
                    ime_commit(dialog.reason, f"Lý do {kind} {code}")
                    qtbot.keyClick(dialog.reason, Qt.Key_Return)  # Enter confirms

                answer_modal(qtbot, answer, kind=SlipDialog)
                with qtbot.waitSignal(view.decided, timeout=20_000) as got:
                    qtbot.keyClick(view.table, key, Qt.ControlModifier)
                assert got.args == [code, kind]
                qtbot.waitUntil(lambda: getattr(view, "slip_preview", None) is not None
                                and view.slip_preview.isVisible(), timeout=10_000)
                view.slip_preview.close()
                if kind == "guide":
                    assert seen and seen[0].strip(), "Mẫu 02 lists the papers to complete"
        qtbot.waitUntil(lambda: view.rows == [] and view.empty.isVisible(), timeout=10_000)

        # Decided offline: everything is queued, nothing reached the (stopped) province.
        db = open_data_dir(backend.data_dir)
        queued = db.execute("SELECT COUNT(*) FROM outbox WHERE state != 'done'").fetchone()[0]
        assert queued >= len(codes)

        # The network comes back: everything goes up.
        again = ReferenceServer(data_dir, port=port).start()
        try:
            win.sync.sync_now()
            want = {**{c: "2" for c in received}, **{c: "5" for c in guided}, **{c: "3" for c in refused}}

            def province_statuses() -> dict[str, str]:
                return {c: str((again.store.online_view(c) or {}).get("TrangThaiHoSo")) for c in codes}

            # The claim (status 2) goes first, then the dossier's record: wait for both.
            qtbot.waitUntil(lambda: province_statuses() == want
                            and all(again.store.dossier(c) is not None for c in received), timeout=120_000)
            for code in received:
                record = again.store.dossier(code)
                assert record["TrangThaiHoSo"] == "2" and record["KenhThucHien"] == "2"
                assert record["NgayTiepNhan"] and record["NgayHenTra"]
                assert record["TaiLieuNop"], "the portal's files are the dossier's papers"

            # The forms: Mẫu 01 of a received one, Mẫu 02 and Mẫu 03 of the slips.
            text = pdf_text(render_form(db, "mau-01", received[0]))
            assert f"Mã hồ sơ: {received[0]}" in text and "Thời gian trả kết quả giải quyết hồ sơ:" in text
            assert "Tiếp nhận hồ sơ của: Nguyễn Văn An" in text and "Tờ khai đăng ký khai sinh" in text
            slips = db.execute("SELECT number, year, kind, reason FROM slips ORDER BY id").fetchall()
            kinds = [s[2] for s in slips]
            assert kinds.count("guide") == N_GUIDE and kinds.count("refuse") == N_REFUSE
            g = next(s for s in slips if s[2] == "guide")
            r = next(s for s in slips if s[2] == "refuse")
            assert g[3] in pdf_text(render_slip_form(db, "mau-02", f"{g[0]}/{g[1]}"))
            assert r[3] in pdf_text(render_slip_form(db, "mau-03", f"{r[0]}/{r[1]}"))
            assert online.list_waiting(db) == []
        finally:
            db.close()
            win.sync.stop()
            again.stop()
    finally:
        win.sync.stop()
