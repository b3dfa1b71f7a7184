"""Issue 20, scope 1 end to end: citizens submit online dossiers at the real reference server
(the real ``counter-app-provincial submit-online`` command), the station's sync engine pulls
them and fetches their files (size and sha256 checked), the clerk decides each offline — through
the core and through the real ``counter-app online`` command — and the next pass pushes the
outcomes; the province's view (``counter-app-provincial show``) then matches."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app import accounts, online, outbox
from counter_app.db import open_data_dir
from counter_app.scanning import store
from helpers import ID_PAPER, STATION
from online_feed import TO_KHAI
from online_support import provincial, resubmit_online, submit_online
from sync.engine import Engine

ROOT = Path(__file__).resolve().parents[2]
AGENCY = STATION["agency_code"]
STATION_ID = f"{AGENCY}/{STATION['station']}"
COMPONENTS = {"files": [{"MaThanhPhanHoSo": "1", "TenThanhPhanHoSo": TO_KHAI},
                        {"MaThanhPhanHoSo": "3", "TenThanhPhanHoSo": ID_PAPER}]}


NAMES = ("Nguyễn Thị An", "Trần Văn Bình", "Lê Thị Cúc", "Phạm Văn Dũng", "Hoàng Thị Én")


def citizen(i: int) -> dict:
    return {"MaTTHC": "1.004873", "HoTen": NAMES[i], "SoGiayToChuHoSo": f"0011990{i:05d}",
            "NgaySinh": "15/01/1999", "DiaChi": "Thôn Đông, xã Yên Lạc", "SoDienThoai": "0912345678",
            "Email": "", "TrichYeuHoSo": "Xác nhận tình trạng hôn nhân", **COMPONENTS}


def app(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COUNTER_APP_SECRET_STORE": "file", "NO_PROXY": "127.0.0.1,localhost",
           "no_proxy": "127.0.0.1,localhost", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(data_dir), *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=120)


def sync_pass(data_dir: Path):
    engine = Engine(data_dir)
    try:
        return engine.run_pass(force=True)
    finally:
        engine.close()


def province(prov: Path, code: str) -> dict:
    shown = provincial(prov, "show", code)
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


def make_files(tmp_path: Path, tag: str) -> list[Path]:
    a, b = tmp_path / f"to-khai-{tag}.pdf", tmp_path / f"cccd-{tag}.jpg"
    a.write_bytes(b"%PDF-1.4 to khai " + tag.encode() * 300)
    b.write_bytes(b"\xff\xd8\xff cccd " + tag.encode() * 500)
    return [a, b]


@pytest.fixture
def prov(server):
    return server.store.data_dir


def test_five_online_dossiers_pulled_fetched_decided_offline_and_pushed(station, server, prov, db, tmp_path):
    data_dir = station
    codes = [submit_online(prov, AGENCY, citizen(i), make_files(tmp_path, f"d{i}")) for i in range(5)]

    summary = sync_pass(data_dir)
    assert summary.pulled.get("applied") == 5 and summary.pulled.get("online_files") == 10, summary.to_json()
    waiting = online.list_waiting(db)
    assert [w["code"] for w in waiting] == codes
    assert all(w["files_total"] == w["files_ready"] == 2 and not w["overdue"] for w in waiting)
    for f in online.get(db, codes[0])["files"]:  # in the store, as the feed described them
        assert f["path"].read_bytes() == (tmp_path / f["name"]).read_bytes()
        assert store.sha256_file(f["path"]) == f["sha256"] and f["path"].stat().st_size == f["size"]
    assert [f["component_position"] for f in online.get(db, codes[0])["files"]] == [1, 3]

    # Offline from here: every outcome is written locally and queued.
    clerk = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    received = online.receive(db, codes[0], {}, clerk)
    guided = online.guide(db, codes[1], {"reason": "Ảnh chụp thẻ Căn cước bị mờ",
                                         "missing_items": [{"name": ID_PAPER}]}, clerk)
    online.refuse(db, codes[2], {"reason": "Người yêu cầu không cư trú trên địa bàn xã"}, clerk)
    outcome = tmp_path / "receive.json"
    outcome.write_text(json.dumps({"applicant": {"phone": "0987000111"}, "note": "Nhận qua cổng"}, ensure_ascii=False),
                       encoding="utf-8")
    r = app(data_dir, "online", "receive", codes[3], "--json", str(outcome))
    assert r.returncode == 0 and r.stdout.strip() == codes[3], r.stderr
    refusal = tmp_path / "refuse.json"
    refusal.write_text(json.dumps({"reason": "Thủ tục không thuộc thẩm quyền"}, ensure_ascii=False), encoding="utf-8")
    r = app(data_dir, "online", "refuse", codes[4], "--json", str(refusal))
    assert r.returncode == 0 and "mau-03 --slip" in r.stderr, r.stderr
    assert online.list_waiting(db) == []
    assert db.execute("SELECT COUNT(*) FROM outbox WHERE state != 'done'").fetchone()[0] == 7  # 2 × (claim, record), 3 slips

    summary = sync_pass(data_dir)
    assert outbox.summary(db)["queued"] == 0, [dict(r) for r in db.execute("SELECT * FROM outbox")]
    want = {codes[0]: "2", codes[1]: "5", codes[2]: "3", codes[3]: "2", codes[4]: "3"}
    for code, status in want.items():
        view = province(prov, code)
        assert (view["TrangThaiHoSo"], view["TramXuLy"]) == (status, STATION_ID), code
    rec = province(prov, codes[0])["HoSoTiepNhan"]
    assert (rec["KenhThucHien"], rec["TrangThaiHoSo"], rec["NgayTiepNhan"]) == (
        "2", "2", received.received_at.strftime("%Y%m%d%H%M%S"))
    portal = province(prov, codes[0])["HoSoTrucTuyen"]
    assert rec["NgayNopHoSo"] == portal["NgayNopHoSo"] and rec["NgayHenTra"] == received.due_at.strftime("%Y%m%d%H%M%S")
    assert sorted(t["Sha256"] for t in rec["TaiLieuNop"]) == sorted(t["Sha256"] for t in portal["TaiLieuNop"])
    assert all(t["DuongDanTaiTepTin"].endswith("/files/" + t["Sha256"]) for t in rec["TaiLieuNop"])
    guide_entry = province(prov, codes[1])["QuaTrinhXuLy"][-1]
    assert guide_entry["TrangThai"] == "5" and "Ảnh chụp thẻ Căn cước bị mờ" in guide_entry["NoiDungXuLy"]
    assert province(prov, codes[3])["HoSoTiepNhan"]["SoDienThoai"] == "0987000111"
    assert not db.execute("SELECT COUNT(*) FROM outbox WHERE kind = 'file'").fetchone()[0]  # nothing uploaded again

    # The citizen completes the guided dossier on the portal; it comes back, is fetched and received.
    new_files = make_files(tmp_path, "bosung")
    resubmit_online(prov, codes[1], new_files, COMPONENTS)
    summary = sync_pass(data_dir)
    again = online.get(db, codes[1])
    assert (again["state"], again["round"], again["files_ready"]) == ("waiting", 2, 2), summary.to_json()
    assert {f["sha256"] for f in again["files"]} == {hashlib.sha256(p.read_bytes()).hexdigest() for p in new_files}
    assert guided.label != again.get("slip")
    r = app(data_dir, "online", "receive", codes[1])
    assert r.returncode == 0, r.stderr
    sync_pass(data_dir)
    assert province(prov, codes[1])["TrangThaiHoSo"] == "2"
    assert [e["SuKien"] for e in province(prov, codes[1])["LichSu"]] == ["submitted", "claimed", "resubmitted", "claimed"]
    with open_data_dir(data_dir) as other:
        assert other.execute("SELECT channel, status FROM dossiers WHERE code = ?", [codes[1]]).fetchone()[:] == (2, 2)


def test_another_station_decided_first(station, server, prov, db, tmp_path):
    """The first station to push an outcome claims the dossier; this one's later outcome is
    refused per item with the province's reason, and the dossier leaves its worklist."""
    data_dir = station
    codes = [submit_online(prov, AGENCY, citizen(i), make_files(tmp_path, f"x{i}")) for i in range(2)]
    sync_pass(data_dir)
    clerk = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    # station 2 of the same agency receives the first one directly over the API
    import requests

    _sid, secret = server.store.add_station(AGENCY, "2")
    tok = requests.post(f"{server.url}/api/v1/auth/token", json={"station": f"{AGENCY}/2", "secret": secret},
                        timeout=15).json()["access_token"]
    entry = {"MaHoSo": codes[0], "NguoiXuLy": "Quầy 2", "ChucDanh": "", "ThoiDiemXuLy": "20261204090000",
             "PhongBanXuLy": "", "NoiDungXuLy": "Tiếp nhận", "TrangThai": "2", "NgayBatDau": "20261204090000",
             "NgayKetThucTheoQuyDinh": ""}
    res = requests.post(f"{server.url}/api/v1/progress/batch", json={"items": [{"key": "s2-k1", "entry": entry}]},
                        headers={"Authorization": f"Bearer {tok}"}, timeout=15).json()
    assert res["results"][0]["status"] == 201
    online.refuse(db, codes[0], {"reason": "Trùng hồ sơ"}, clerk)  # decided here too, before the pull
    sync_pass(data_dir)
    row = db.execute("SELECT state, last_error FROM outbox WHERE kind = 'progress'").fetchone()
    assert row[0] == "needs-attention" and "trạm khác xử lý" in row[1]
    assert province(prov, codes[0])["TramXuLy"] == f"{AGENCY}/2"
    assert [w["code"] for w in online.list_waiting(db)] == [codes[1]]
    # the closing reached this station: its own refusal stays recorded, with the reason in the inbox
    assert db.execute("SELECT state FROM sync_inbox WHERE kind = 'online-dossier-closed'").fetchone()[0] == "not-applied"


def test_truly_offline_between_pull_and_push(data_dir, db, tmp_path):
    """The server goes away after the pull: the outcomes are written, the pass says offline and
    keeps them; the server comes back on the same address and the next pass delivers them."""
    from sync.provincial.server import ReferenceServer
    from sync_support import configure

    pdir = tmp_path / "prov-offline"
    srv = ReferenceServer(pdir).start()
    port = srv.port
    _sid, secret = srv.store.add_station(AGENCY, str(STATION["station"]))
    configure(data_dir, srv.url, secret)
    codes = [submit_online(pdir, AGENCY, citizen(i), make_files(tmp_path, f"o{i}")) for i in range(3)]
    assert sync_pass(data_dir).pulled.get("online_files") == 6
    srv.stop()

    clerk = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    online.receive(db, codes[0], {}, clerk)
    online.guide(db, codes[1], {"reason": "Thiếu tờ khai", "missing_items": [TO_KHAI]}, clerk)
    online.refuse(db, codes[2], {"reason": "Không thuộc thẩm quyền"}, clerk)
    summary = sync_pass(data_dir)
    assert summary.online is False and outbox.summary(db)["queued"] == 4

    srv = ReferenceServer(pdir, port=port).start()
    try:
        sync_pass(data_dir)  # the first pass finds the server again (rows waiting are due at once)
        if outbox.summary(db)["queued"]:
            sync_pass(data_dir)
        assert outbox.summary(db)["queued"] == 0
        assert [province(pdir, c)["TrangThaiHoSo"] for c in codes] == ["2", "5", "3"]
    finally:
        srv.stop()


def test_a_file_that_does_not_match_is_not_kept_and_is_fetched_again(station, server, prov, db, tmp_path):
    files = make_files(tmp_path, "t")
    code = submit_online(prov, AGENCY, citizen(0), files)
    good = files[1].read_bytes()
    sha = hashlib.sha256(good).hexdigest()
    served = server.store.file_path(sha)
    served.write_bytes(good[:-1] + b"X")  # the province serves other bytes under that name
    summary = sync_pass(station)
    got = {f["name"]: f for f in online.get(db, code)["files"]}
    assert got[files[0].name]["state"] == "ready"
    bad = got[files[1].name]
    assert bad["state"] == "failed" and "không khớp" in bad["error"] and bad["path"] is None
    assert not store.file_path(station, sha, "jpg").exists()
    assert any("không khớp" in e for e in summary.errors)

    served.write_bytes(good)  # fixed at the province; the clerk asks again ("Tải lại")
    assert online.retry_files(db, code) == 1
    sync_pass(station)
    fixed = {f["name"]: f for f in online.get(db, code)["files"]}[files[1].name]
    assert fixed["state"] == "ready" and fixed["path"].read_bytes() == good


def test_fifty_online_dossiers_thirty_received_ten_guided_ten_refused(data_dir, db, tmp_path):
    """The issue's acceptance run without the GUI: 50 submissions (through the server's own
    submission, the same code as the command), one pull, every file fetched, the outcomes offline
    with the server stopped, then delivered; statuses at the province and the forms checked."""
    import time

    from counter_app import printouts
    from sync.provincial.server import ReferenceServer
    from sync_support import configure

    pdir = tmp_path / "prov50"
    srv = ReferenceServer(pdir).start()
    port = srv.port
    _sid, secret = srv.store.add_station(AGENCY, str(STATION["station"]))
    configure(data_dir, srv.url, secret)
    codes = [srv.store.submit_online(AGENCY, citizen(i % 5), make_files(tmp_path, f"f{i}"))["MaHoSo"] for i in range(50)]
    started = time.perf_counter()
    summary = sync_pass(data_dir)
    pulled_s = time.perf_counter() - started
    assert summary.pulled.get("applied") == 50 and summary.pulled.get("online_files") == 100, summary.to_json()
    assert [w["files_ready"] for w in online.list_waiting(db)] == [2] * 50
    srv.stop()

    clerk = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    started = time.perf_counter()
    slips = {}
    for i, code in enumerate(codes):
        if i < 30:
            online.receive(db, code, {}, clerk)
        elif i < 40:
            slips[code] = online.guide(db, code, {"reason": "Thiếu giấy tờ", "missing_items": [ID_PAPER]}, clerk)
        else:
            slips[code] = online.refuse(db, code, {"reason": "Không thuộc thẩm quyền"}, clerk)
    decided_s = time.perf_counter() - started
    assert online.list_waiting(db) == [] and outbox.summary(db)["queued"] == 80
    assert sync_pass(data_dir).online is False

    srv = ReferenceServer(pdir, port=port).start()
    try:
        started = time.perf_counter()
        for _ in range(3):
            sync_pass(data_dir)
            if not outbox.summary(db)["queued"]:
                break
        pushed_s = time.perf_counter() - started
        assert outbox.summary(db)["queued"] == 0
        statuses = [srv.store.online_view(c)["TrangThaiHoSo"] for c in codes]
        assert statuses == ["2"] * 30 + ["5"] * 10 + ["3"] * 10
        assert {srv.store.online_view(c)["TramXuLy"] for c in codes} == {STATION_ID}
    finally:
        srv.stop()
    for form, code, ref in (("mau-01", codes[0], None), ("mau-02", codes[30], slips[codes[30]].label),
                            ("mau-03", codes[49], slips[codes[49]].label)):
        pdf = printouts.render_form(db, form, code) if ref is None else printouts.render_slip_form(db, form, ref)
        assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    print(f"\n50 online dossiers: pull+fetch {pulled_s:.2f} s, 50 outcomes {decided_s:.2f} s, push {pushed_s:.2f} s")
