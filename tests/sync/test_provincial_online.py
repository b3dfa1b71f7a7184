"""Online dossiers at the reference provincial system (issue 20, the server side): a citizen
submits through the real ``counter-app-provincial`` command (a subprocess) while the real server
runs on 127.0.0.1; stations read the feed, fetch the files and answer over HTTP.
Contract: docs/sync-protocol.md, "Hồ sơ trực tuyến / online dossiers"."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
import requests

from online_support import provincial, resubmit_online, show_online, submit_online
from sync.adapters.base import ATTENTION, result_for_status

VN = timezone(timedelta(hours=7))
AGENCY = "000.00.06.H56"
OTHER = "000.00.07.H56"
VN_LETTERS = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
DOSSIER = {"MaTTHC": "1.004873", "HoTen": "Nguyễn Văn An", "SoGiayToChuHoSo": "001099012345",
           "NgaySinh": "15/01/1999", "DiaChi": "Thôn Đông, xã Yên Lạc", "SoDienThoai": "0912345678",
           "Email": "an@example.vn", "TrichYeuHoSo": "Xác nhận tình trạng hôn nhân"}


class Station:
    """A station speaking the contract over HTTP (requests), as the counter app's adapter does."""

    def __init__(self, server, agency: str, digit: str) -> None:
        self.id = f"{agency}/{digit}"
        self.url = server.url
        _sid, secret = server.store.add_station(agency, digit)
        r = requests.post(f"{self.url}/api/v1/auth/token", json={"station": self.id, "secret": secret}, timeout=15)
        r.raise_for_status()
        self.s = requests.Session()
        self.s.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        self.cursor = "0"
        self.n = 0

    def pull(self) -> list[dict]:
        out = []
        while True:
            r = self.s.get(f"{self.url}/api/v1/changes", params={"cursor": self.cursor, "limit": 100}, timeout=15)
            r.raise_for_status()
            body = r.json()
            out += body["changes"]
            self.cursor = body["cursor"]
            if not body["more"]:
                return out

    def get(self, path: str, method: str = "GET") -> requests.Response:
        return self.s.request(method, f"{self.url}{path}", timeout=15)

    def progress(self, code: str, status: str, note: str = "", key: str | None = None) -> dict:
        entry = progress_entry(code, status, note)
        return self.post("progress", key, {"entry": entry})

    def post(self, kind: str, key: str | None, item: dict) -> dict:
        self.n += 1
        key = key or f"{self.id}-{kind}-{self.n}"
        r = self.s.post(f"{self.url}/api/v1/{'progress' if kind == 'progress' else 'dossiers'}/batch",
                        json={"items": [{"key": key, **item}]}, timeout=15)
        r.raise_for_status()
        return {**r.json()["results"][0], "sent_key": key}


def progress_entry(code: str, status: str, note: str = "", at: str = "20261204090000") -> dict:
    return {"MaHoSo": code, "NguoiXuLy": "Trần Thị Bình", "ChucDanh": "Công chức", "ThoiDiemXuLy": at,
            "PhongBanXuLy": "Bộ phận một cửa", "NoiDungXuLy": note, "TrangThai": status, "NgayBatDau": at,
            "NgayKetThucTheoQuyDinh": ""}


def received_record(online: dict, entry: dict) -> dict:
    """The full record a counter pushes after receiving an online dossier (contract §4)."""
    return {**{k: v for k, v in online.items() if k not in ("NgaySinhChuHoSo", "DiaChiChuHoSo")},
            "TrangThaiHoSo": "2", "NgayTiepNhan": entry["ThoiDiemXuLy"], "NgayHenTra": "20261210170000",
            "TaiLieuNop": [{k: f[k] for k in ("TepDinhKemId", "TenTepDinhKem", "MaThanhPhanHoSo",
                                               "DuongDanTaiTepTin", "Sha256")} for f in online["TaiLieuNop"]],
            "QuaTrinhXuLy": [entry]}


def of_type(changes: list[dict], type_: str) -> list[dict]:
    return [c for c in changes if c["type"] == type_]


@pytest.fixture
def files(tmp_path):
    d = tmp_path / "portal"
    d.mkdir()
    out = []
    for i, name in enumerate(["to-khai.pdf", "cccd.jpg"]):
        p = d / name
        p.write_bytes(f"%PDF-1.4 tệp {i} ".encode() + bytes(range(256)) * (i + 3))
        out.append(p)
    return out


@pytest.fixture
def prov(server):
    return server.store.data_dir


def nothing_stored(server) -> None:
    c = server.store.conn()
    for table in ("online_dossiers", "online_files", "online_events", "changes", "files"):
        assert c.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table
    assert list((server.store.data_dir / "files").iterdir()) == []
    assert list((server.store.data_dir / "uploads").iterdir()) == []  # no staged copy left


def test_submission_reaches_every_station_of_the_agency_with_its_files(server, prov, files):
    s1, s2, other = Station(server, AGENCY, "1"), Station(server, AGENCY, "2"), Station(server, OTHER, "1")
    before = datetime.now(VN)
    code = submit_online(prov, AGENCY, DOSSIER, files)
    assert code in {f"{AGENCY}-{d:%y%m%d}-0001" for d in (before, datetime.now(VN))}
    assert submit_online(prov, AGENCY, DOSSIER, files[:1]).endswith("-0002")  # the portal's daily sequence

    later = Station(server, AGENCY, "3")  # added after the submission: still sees it
    for st in (s1, s2, later):
        got = of_type(st.pull(), "online-dossier")
        assert [c["HoSo"]["MaHoSo"] for c in got] == [code, code[:-1] + "2"]
    assert of_type(other.pull(), "online-dossier") == []

    assert s2.pull() == []  # nothing new after the cursor
    rec = server.store.online_view(code)["HoSoTrucTuyen"]
    expected = {"MaHoSo": code, "MaTTHC": "1.004873", "KenhThucHien": "2", "ChuHoSo": "Nguyễn Văn An",
                "SoGiayToChuHoSo": "001099012345", "Email": "an@example.vn", "SoDienThoai": "0912345678",
                "TrichYeuHoSo": "Xác nhận tình trạng hôn nhân", "TrangThaiHoSo": "1",
                "NgaySinhChuHoSo": "15/01/1999", "DiaChiChuHoSo": "Thôn Đông, xã Yên Lạc", "TenTTHC": ""}
    assert {k: rec[k] for k in expected} == expected
    assert re.fullmatch(r"[0-9]{14}", rec["NgayNopHoSo"])
    assert len(rec["TaiLieuNop"]) == 2
    for n, (item, path) in enumerate(zip(rec["TaiLieuNop"], files, strict=True)):
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        assert item == {"TepDinhKemId": item["TepDinhKemId"], "TenTepDinhKem": path.name,
                        "MaThanhPhanHoSo": str(n + 1), "TenThanhPhanHoSo": f"Thành phần hồ sơ {n + 1}",
                        "DuongDanTaiTepTin": f"/files/{sha}", "Sha256": sha, "DungLuong": str(len(data))}
        for st in (s1, later):
            r = st.get(item["DuongDanTaiTepTin"])
            assert r.status_code == 200 and r.content == data
            h = st.get(item["DuongDanTaiTepTin"], "HEAD")
            assert h.status_code == 200 and int(h.headers["Content-Length"]) == len(data)
            assert h.headers["Repr-Digest"] == f"sha-256=:{base64.b64encode(bytes.fromhex(sha)).decode()}:"
        r = other.get(item["DuongDanTaiTepTin"])
        assert r.status_code == 403 and VN_LETTERS.search(r.json()["error"]["message"])
        assert other.get(item["DuongDanTaiTepTin"], "HEAD").status_code == 403


def test_first_outcome_claims_others_are_closed_and_refused(server, prov, files):
    s1, s2 = Station(server, AGENCY, "1"), Station(server, AGENCY, "2")
    code = submit_online(prov, AGENCY, DOSSIER, files)
    online = of_type(s1.pull(), "online-dossier")[0]["HoSo"]
    s2.pull()

    # Before any outcome, only 2, 3 or 5 may come first.
    bad = s1.progress(code, "4")
    assert bad["status"] == 422 and VN_LETTERS.search(bad["error"]["message"])

    entry = progress_entry(code, "2", "Tiếp nhận hồ sơ trực tuyến")
    first = s1.post("progress", "s1-receive", {"entry": entry})
    assert first["status"] == 201
    rec = s1.post("record", "s1-record", {"record": received_record(online, entry)})
    assert rec["status"] == 201, rec

    # Replays: the same answers, nothing applied twice.
    assert s1.post("progress", "s1-receive", {"entry": entry}) == first
    assert s1.post("record", "s1-record", {"record": received_record(online, entry)}) == rec
    stored = server.store.dossier(code)
    assert [e["TrangThai"] for e in stored["QuaTrinhXuLy"]] == ["2"]  # nested copy of the entry not kept twice
    assert stored["TrangThaiHoSo"] == "2" and stored["NgayNopHoSo"] == online["NgayNopHoSo"]

    closed = of_type(s2.pull(), "online-dossier-closed")
    assert [{k: c[k] for k in ("MaHoSo", "TrangThaiHoSo", "TramXuLy")} for c in closed] == [
        {"MaHoSo": code, "TrangThaiHoSo": "2", "TramXuLy": s1.id}]
    assert of_type(s1.pull(), "online-dossier-closed") == []  # not to the claimant

    late = Station(server, AGENCY, "3")  # a station added later: the dossier, then its closing
    assert [c["type"] for c in late.pull() if c.get("MaHoSo", c.get("HoSo", {}).get("MaHoSo")) == code] == [
        "online-dossier", "online-dossier-closed"]

    for result in (s2.progress(code, "2"), s2.progress(code, "3", "Từ chối"),
                   s2.post("record", None, {"record": received_record(online, progress_entry(code, "2"))})):
        assert result["status"] == 403
        assert result["error"] == {"code": "online-taken", "message": "Hồ sơ trực tuyến đã được trạm khác xử lý."}
        # The client's reading of it: needs attention (set aside), never retried.
        outcome = result_for_status(result["status"], result["error"]["message"])
        assert outcome.outcome == ATTENTION and "trạm khác xử lý" in outcome.message
    # A later step of the claimant is an ordinary progress entry.
    assert s1.progress(code, "4", "Chuyển xử lý")["status"] == 201
    assert server.store.dossier(code)["TrangThaiHoSo"] == "4"

    shown = provincial(prov, "show", code)
    assert shown.returncode == 0, shown.stderr
    view = json.loads(shown.stdout)
    assert view["TramXuLy"] == s1.id and view["TrangThaiHoSo"] == "4"
    assert [(e["SuKien"], e["TrangThai"], e["Tram"]) for e in view["LichSu"]] == [
        ("submitted", "1", ""), ("claimed", "2", s1.id)]
    assert [e["TrangThai"] for e in view["QuaTrinhXuLy"]] == ["2", "4"]
    assert view["HoSoTiepNhan"]["NgayTiepNhan"] == entry["ThoiDiemXuLy"]


def test_guide_then_the_citizen_resubmits_and_another_station_receives(server, prov, files, tmp_path):
    s1, s2 = Station(server, AGENCY, "1"), Station(server, AGENCY, "2")
    code = submit_online(prov, AGENCY, DOSSIER, files[:1])
    s1.pull(), s2.pull()
    note = "Hướng dẫn bổ sung: thiếu bản chụp thẻ Căn cước"
    assert s1.progress(code, "5", note)["status"] == 201
    assert [c["TrangThaiHoSo"] for c in of_type(s2.pull(), "online-dossier-closed")] == ["5"]

    extra = tmp_path / "bo-sung.png"
    extra.write_bytes(b"\x89PNG bo sung" * 50)
    resubmit_online(prov, code, [files[0], extra],
                    {"files": [{"MaThanhPhanHoSo": "1", "TenThanhPhanHoSo": "Tờ khai"},
                               {"MaThanhPhanHoSo": "2", "TenThanhPhanHoSo": "Bản chụp thẻ Căn cước"}]})
    for st in (s1, s2):
        again = of_type(st.pull(), "online-dossier")
        assert len(again) == 1 and again[0]["HoSo"]["MaHoSo"] == code
        hs = again[0]["HoSo"]
        assert hs["TrangThaiHoSo"] == "1"
        assert [(f["TenTepDinhKem"], f["MaThanhPhanHoSo"], f["TenThanhPhanHoSo"]) for f in hs["TaiLieuNop"]] == [
            (files[0].name, "1", "Tờ khai"), ("bo-sung.png", "2", "Bản chụp thẻ Căn cước")]
    new_file = hs["TaiLieuNop"][1]
    assert s2.get(new_file["DuongDanTaiTepTin"]).content == extra.read_bytes()

    # Open again for every station: the second one takes it this time.
    entry = progress_entry(code, "2", "Tiếp nhận", at="20261205080000")
    assert s2.post("progress", "s2-receive", {"entry": entry})["status"] == 201
    assert s2.post("record", None, {"record": received_record(hs, entry)})["status"] == 201
    assert s1.progress(code, "3", "Từ chối")["error"]["code"] == "online-taken"
    assert [c["TramXuLy"] for c in of_type(s1.pull(), "online-dossier-closed")] == [s2.id]

    view = server.store.online_view(code)
    assert [(e["SuKien"], e["TrangThai"], e["Tram"]) for e in view["LichSu"]] == [
        ("submitted", "1", ""), ("claimed", "5", s1.id), ("resubmitted", "1", ""), ("claimed", "2", s2.id)]
    assert view["LichSu"][1]["NoiDung"] == note and view["SoLanNop"] == 2
    # A received dossier cannot be resubmitted.
    proc = provincial(prov, "resubmit-online", code, str(extra))
    assert proc.returncode == 2 and VN_LETTERS.search(proc.stderr)


def test_refusal_closes_the_dossier(server, prov, files):
    s1, s2 = Station(server, AGENCY, "1"), Station(server, AGENCY, "2")
    code = submit_online(prov, AGENCY, DOSSIER, files)
    assert s1.progress(code, "3", "Không thuộc thẩm quyền")["status"] == 201
    assert [c["TrangThaiHoSo"] for c in of_type(s2.pull(), "online-dossier-closed")] == ["3"]
    assert show_online(prov, code)["TrangThaiHoSo"] == "3"
    proc = provincial(prov, "resubmit-online", code, str(files[0]))
    assert proc.returncode == 2 and "trạng thái 3" in proc.stderr
    other = Station(server, OTHER, "1")
    assert other.progress(code, "2")["status"] == 403  # another agency's station


def test_catalogue_names_and_past_submission_time(server, prov, files, tmp_path):
    Station(server, AGENCY, "1")
    cat = tmp_path / "catalogue.json"
    cat.write_text(json.dumps({"procedures": [{"code": "1.004873", "name": "Cấp Giấy xác nhận tình trạng hôn nhân",
                                               "components": [{"name": "Tờ khai"}, {"name": "Giấy tờ khác"}]}]},
                              ensure_ascii=False), encoding="utf-8")
    assert provincial(prov, "publish-catalogue", str(cat)).returncode == 0
    yesterday = datetime.now(VN) - timedelta(days=1)
    proc = provincial(prov, "submit-online", "--agency-code", AGENCY, "--json", str(_json(tmp_path, DOSSIER)),
                      "--submitted-at", f"{yesterday:%Y%m%d}100000", *map(str, files))
    assert proc.returncode == 0, proc.stderr
    code = proc.stdout.strip()
    assert code == f"{AGENCY}-{yesterday:%y%m%d}-0001"
    rec = server.store.online_view(code)["HoSoTrucTuyen"]
    assert rec["TenTTHC"] == "Cấp Giấy xác nhận tình trạng hôn nhân"
    assert rec["NgayNopHoSo"] == f"{yesterday:%Y%m%d}100000"
    assert [f["TenThanhPhanHoSo"] for f in rec["TaiLieuNop"]] == ["Tờ khai", "Giấy tờ khác"]
    # A procedure not in the published catalogue is refused.
    proc = provincial(prov, "submit-online", "--agency-code", AGENCY, "--json",
                      str(_json(tmp_path, {**DOSSIER, "MaTTHC": "1.000001"})), str(files[0]))
    assert proc.returncode == 2 and "danh mục" in proc.stderr


def _json(tmp_path, obj, name="dossier.json"):
    p = tmp_path / name
    p.write_text(json.dumps(obj, ensure_ascii=False) if not isinstance(obj, str) else obj, encoding="utf-8")
    return p


BAD = {
    "missing file": (DOSSIER, ["missing.pdf"], [], "Không tìm thấy tệp"),
    "bad CCCD": ({**DOSSIER, "SoGiayToChuHoSo": "00109901234"}, None, [], "12 chữ số"),
    "bad JSON": ('{"MaTTHC": "1.004873", "HoTen": ', None, [], "sai cú pháp"),
    "unknown agency": (DOSSIER, None, ["--agency-code", "999.99.99.X99"], "chưa có trạm"),
    "bad procedure code": ({**DOSSIER, "MaTTHC": "1004873"}, None, [], "sai dạng"),
    "no name": ({k: v for k, v in DOSSIER.items() if k != "HoTen"}, None, [], "Thiếu Họ tên"),
    "unknown key": ({**DOSSIER, "HoTenn": "x"}, None, [], "không được hỗ trợ"),
    "bad birth date": ({**DOSSIER, "NgaySinh": "31/02/1999"}, None, [], "Ngày sinh"),
    "files mismatch": ({**DOSSIER, "files": [{"MaThanhPhanHoSo": "1"}]}, None, [], "«files» mô tả 1 tệp"),
    "file too large": (DOSSIER, None, ["--max-file-bytes", "1000"], "quá lớn"),
    "not an object": ("[1, 2]", None, [], "đối tượng JSON"),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_input_exits_2_in_vietnamese_and_stores_nothing(server, prov, files, tmp_path, case):
    Station(server, AGENCY, "1")
    dossier, paths, extra, phrase = BAD[case]
    args = ["--agency-code", AGENCY] if "--agency-code" not in extra else []
    paths = [str(tmp_path / p) for p in paths] if paths is not None else [str(f) for f in files]
    proc = provincial(prov, "submit-online", *args, *extra, "--json", str(_json(tmp_path, dossier)), *paths)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert proc.stdout == ""
    assert proc.stderr.startswith("Lỗi: ") and phrase in proc.stderr and VN_LETTERS.search(proc.stderr)
    assert "001099012345" not in proc.stderr  # no personal number echoed
    nothing_stored(server)


def test_old_data_directory_gets_the_feed_columns(tmp_path):
    from sync.provincial.store import DB_NAME, Store

    d = tmp_path / "old"
    d.mkdir()
    c = sqlite3.connect(d / DB_NAME)
    c.execute("CREATE TABLE changes (id INTEGER PRIMARY KEY, station_id TEXT, type TEXT NOT NULL, "
              "data TEXT NOT NULL, created_at TEXT NOT NULL)")
    c.execute("INSERT INTO changes (station_id, type, data, created_at) VALUES (NULL, 'holiday', '{}', 'x')")
    c.commit()
    c.close()
    store = Store(d)
    try:
        changes, _cursor, _more = store.changes("000.00.06.H56/1", 0, 10, "000.00.06.H56")
        assert [ch["type"] for ch in changes] == ["holiday"]
    finally:
        store.close()


def test_a_failure_after_the_files_were_placed_leaves_no_blob(server, prov, files, tmp_path):
    """The day's sequence is used up: the refusal comes inside the transaction, after the files
    were moved to files/<sha256>; they are removed again, the rows never written."""
    Station(server, AGENCY, "1")
    with server.store.tx() as c:
        c.execute("INSERT INTO online_dossiers (code, agency_code, day, seq, record, status, created_at, updated_at) "
                  "VALUES (?, ?, '261201', 999, '{}', '1', 'x', 'x')", [f"{AGENCY}-261201-0999", AGENCY])
    proc = provincial(prov, "submit-online", "--agency-code", AGENCY, "--json", str(_json(tmp_path, DOSSIER)),
                      "--submitted-at", "20261201090000", *map(str, files))
    assert proc.returncode == 2 and "hết số thứ tự" in proc.stderr
    assert list((prov / "files").iterdir()) == [] and list((prov / "uploads").iterdir()) == []
    c = server.store.conn()
    assert [r[0] for r in c.execute("SELECT code FROM online_dossiers")] == [f"{AGENCY}-261201-0999"]
    assert c.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 0
    assert c.execute("SELECT COUNT(*) FROM changes").fetchone()[0] == 0


def test_concurrent_submissions_get_distinct_codes(server, prov, files, tmp_path):
    import subprocess
    import sys

    from online_support import ROOT

    Station(server, AGENCY, "1")
    path = _json(tmp_path, DOSSIER)
    procs = [subprocess.Popen([sys.executable, "-m", "sync.provincial", "--data-dir", str(prov), "submit-online",
                               "--agency-code", AGENCY, "--json", str(path), "--submitted-at", "20261201090000",
                               str(files[0])], cwd=str(ROOT), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, encoding="utf-8") for _ in range(5)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 5, [o[1] for o in outs]
    assert sorted(o[0].strip() for o in outs) == [f"{AGENCY}-261201-{n:04d}" for n in range(1, 6)]
    assert len(of_type(Station(server, AGENCY, "2").pull(), "online-dossier")) == 5
