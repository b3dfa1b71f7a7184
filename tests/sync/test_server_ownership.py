"""Issue 18, scope 2: the reference server refuses a station writing (or fetching) what another
station owns. A dossier's record and progress belong to the station that created it; stations
of the same agency may read it; a file belongs to the stations that uploaded its bytes."""

from __future__ import annotations

import base64
import hashlib

import pytest
import requests
from helpers import STATION

A = STATION["agency_code"]
OTHER = "000.00.99.H01"
CODE = f"{A}-261102-1001"
RECORD = {"MaHoSo": CODE, "TrangThaiHoSo": "2", "NgayTiepNhan": "20261102080000", "ChuHoSo": "Nguyễn Văn An",
          "QuaTrinhXuLy": [{"MaHoSo": CODE, "TrangThai": "2", "ThoiDiemXuLy": "20261102080000"}]}


def login(server, agency: str, station: str) -> dict[str, str]:
    _sid, secret = server.store.add_station(agency, station)
    r = requests.post(server.url + "/api/v1/auth/token", timeout=30,
                      json={"station": f"{agency}/{station}", "secret": secret})
    assert r.status_code == 200
    return {"Authorization": "Bearer " + r.json()["access_token"]}


@pytest.fixture
def three(server):
    """Station 1 and 2 of the agency, station 1 of another agency; station 1 sent the record."""
    s1, s2, other = login(server, A, "1"), login(server, A, "2"), login(server, OTHER, "1")
    r = requests.post(server.url + "/api/v1/dossiers/batch", headers=s1, timeout=30,
                      json={"items": [{"key": "r1", "record": RECORD}]})
    assert r.json()["results"][0]["status"] == 201
    return s1, s2, other


def _one(server, path, headers, item):
    r = requests.post(server.url + path, headers=headers, timeout=30, json={"items": [item]})
    assert r.status_code == 200
    return r.json()["results"][0]


def shown(server, headers):
    return requests.get(f"{server.url}/api/v1/dossiers/{CODE}", headers=headers, timeout=30)


def test_another_agency_cannot_post_progress_or_a_record(server, three):
    s1, _s2, other = three
    entry = {"MaHoSo": CODE, "TrangThai": "10", "ThoiDiemXuLy": "20261102090000"}
    res = _one(server, "/api/v1/progress/batch", other, {"key": "p1", "entry": entry})
    assert res["status"] == 403 and res["error"]["code"] == "not-owner" and CODE in res["error"]["message"]
    res = _one(server, "/api/v1/dossiers/batch", other, {"key": "r1", "record": dict(RECORD, ChuHoSo="Kẻ gian")})
    assert res["status"] == 403 and res["error"]["code"] == "not-owner"
    record = shown(server, s1).json()
    assert record["TrangThaiHoSo"] == "2" and record["ChuHoSo"] == "Nguyễn Văn An"
    assert [e["TrangThai"] for e in record["QuaTrinhXuLy"]] == ["2"]
    assert shown(server, other).status_code == 404  # not even readable by another agency
    assert server.stats()["record_versions"] == 1 and server.stats()["progress"] == 1


def test_a_second_station_of_the_agency_may_read_but_not_write(server, three):
    s1, s2, _other = three
    res = _one(server, "/api/v1/dossiers/batch", s2, {"key": "r1", "record": dict(RECORD, ChuHoSo="Trần Thị Bình")})
    assert res["status"] == 403 and res["error"]["code"] == "not-owner"
    entry = {"MaHoSo": CODE, "TrangThai": "4", "ThoiDiemXuLy": "20261102090000"}
    res = _one(server, "/api/v1/progress/batch", s2, {"key": "p1", "entry": entry})
    assert res["status"] == 403
    r = shown(server, s2)
    assert r.status_code == 200 and r.json()["ChuHoSo"] == "Nguyễn Văn An"
    # The creating station still writes (an update under a new key, a progress entry).
    res = _one(server, "/api/v1/dossiers/batch", s1, {"key": "r2", "record": dict(RECORD, GhiChu="bổ sung")})
    assert res["status"] == 200
    assert _one(server, "/api/v1/progress/batch", s1, {"key": "p1", "entry": entry})["status"] == 201
    assert shown(server, s2).json()["TrangThaiHoSo"] == "4"


def _create(server, headers, data: bytes, key: str) -> requests.Response:
    sha = hashlib.sha256(data).hexdigest()
    meta = f"filename {base64.b64encode(b'a.pdf').decode()},sha256 {base64.b64encode(sha.encode()).decode()}"
    return requests.post(server.url + "/api/v1/uploads/", timeout=30, headers={
        **headers, "Tus-Resumable": "1.0.0", "Upload-Length": str(len(data)), "Upload-Metadata": meta,
        "Idempotency-Key": key})


def _upload(server, headers, data: bytes, key: str) -> str:
    r = _create(server, headers, data, key)
    assert r.status_code == 201 and r.headers["Upload-Offset"] == "0" and "File-Url" not in r.headers
    r = requests.patch(server.url + r.headers["Location"], data=data, timeout=30, headers={
        **headers, "Tus-Resumable": "1.0.0", "Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"})
    assert r.status_code == 204
    return r.headers["File-Url"]


def test_files_belong_to_the_stations_that_uploaded_their_bytes(server, three):
    s1, s2, other = three
    data = bytes(range(256)) * 40
    url = _upload(server, s1, data, "f1")
    assert requests.get(url, headers=s1, timeout=30).content == data
    for stranger in (s2, other):
        r = requests.get(url, headers=stranger, timeout=30)
        assert r.status_code == 403 and r.json()["error"]["code"] == "not-owner"
        assert data not in r.content
    # Knowing the hash and size is not owning the file: no "already stored" for a stranger…
    r = _create(server, other, data, "x1")
    assert r.status_code == 201 and r.headers["Upload-Offset"] == "0" and "File-Url" not in r.headers
    # …while the owner is told at once (a new key, nothing to send).
    r = _create(server, s1, data, "f2")
    assert r.status_code == 201 and r.headers["Upload-Offset"] == str(len(data)) and r.headers["File-Url"] == url
    # Sending the bytes makes the other station an owner too (the file is still stored once).
    r = requests.patch(server.url + _create(server, other, data, "x1").headers["Location"], data=data, timeout=30,
                       headers={**other, "Tus-Resumable": "1.0.0", "Upload-Offset": "0",
                                "Content-Type": "application/offset+octet-stream"})
    assert r.status_code == 204 and r.headers["File-Url"] == url
    assert requests.get(url, headers=other, timeout=30).content == data
    assert requests.get(url, headers=s2, timeout=30).status_code == 403
    assert server.stats()["files"] == 1


def test_the_engine_sends_the_bytes_of_a_file_another_station_already_stored(station, maker, db, server):
    """The client keeps working with ownership: a scan whose bytes another agency's station
    already stored is uploaded in full (no "already stored" for it), and the province then
    serves it to this station."""
    from counter_app.scanning import store

    from sync.engine import Engine
    from sync_support import assert_exactly_once, secret_of

    code = maker.dossier(files=1)
    sha = db.execute("SELECT a.sha256 FROM attachments a JOIN dossiers d ON d.id = a.dossier_id "
                     "WHERE d.code = ?", [code]).fetchone()[0]
    data = store.file_path(station, sha, "pdf").read_bytes()
    _upload(server, login(server, OTHER, "1"), data, "theirs")
    engine = Engine(station)
    try:
        summary = engine.run_pass(force=True)
    finally:
        engine.close()
    assert summary.queued["queued"] == 0 and summary.sent["file"] == 1
    assert_exactly_once(db, server)
    owners = {r[0] for r in server.store.conn().execute("SELECT station_id FROM file_owners WHERE sha256 = ?", [sha])}
    assert owners == {f"{OTHER}/1", f"{A}/{STATION['station']}"}
    received = server.store.conn().execute(
        "SELECT SUM(bytes_received) FROM uploads WHERE station_id = ?", [f"{A}/{STATION['station']}"]).fetchone()[0]
    assert received == len(data)  # every byte came from this station
    r = requests.post(server.url + "/api/v1/auth/token", timeout=30,
                      json={"station": f"{A}/{STATION['station']}", "secret": secret_of(station)})
    auth = {"Authorization": "Bearer " + r.json()["access_token"]}
    assert requests.get(f"{server.url}/files/{sha}", headers=auth, timeout=30).content == data


def test_an_older_data_directory_gets_owners_from_its_finished_uploads(tmp_path):
    from sync.provincial.store import Store

    store = Store(tmp_path / "prov")
    c = store.conn()
    c.execute("DROP TABLE file_owners")
    c.execute("ALTER TABLE uploads DROP COLUMN touched")
    for uid, key, done in (("u1", "k1", "2026-11-02T08:00:00+07:00"), ("u2", "k2", None)):
        c.execute("INSERT INTO uploads (id, station_id, idem_key, length, sha256, filename, mime, created_at, "
                  "completed_at) VALUES (?, ?, ?, 1, ?, 'a.pdf', 'application/pdf', '', ?)",
                  [uid, f"{A}/1", key, "a" * 64 if done else "b" * 64, done])
    store.close()
    store = Store(tmp_path / "prov")
    try:
        assert store.owns_file("a" * 64, f"{A}/1") and not store.owns_file("b" * 64, f"{A}/1")
        touched = store.conn().execute("SELECT touched FROM uploads WHERE id = 'u2'").fetchone()[0]
        assert touched is not None  # the open upload's expiry clock starts now, not at 1970
    finally:
        store.close()
