"""The reference server's contract (docs/sync-protocol.md), spoken to directly with requests."""

from __future__ import annotations

import base64
import hashlib

import pytest
import requests
from helpers import STATION

RECORD = {"MaHoSo": f"{STATION['agency_code']}-261102-1001", "TrangThaiHoSo": "2", "NgayTiepNhan": "20261102080000",
          "QuaTrinhXuLy": [{"MaHoSo": f"{STATION['agency_code']}-261102-1001", "TrangThai": "2",
                            "ThoiDiemXuLy": "20261102080000"}]}


@pytest.fixture
def auth(server):
    _sid, secret = server.store.add_station(STATION["agency_code"], "1")
    r = requests.post(server.url + "/api/v1/auth/token", timeout=30,
                      json={"station": f"{STATION['agency_code']}/1", "secret": secret})
    assert r.status_code == 200 and r.json()["token_type"] == "Bearer"
    return {"Authorization": "Bearer " + r.json()["access_token"]}


def test_bad_secret_and_missing_token_are_refused(server, auth):
    r = requests.post(server.url + "/api/v1/auth/token", timeout=30,
                      json={"station": f"{STATION['agency_code']}/1", "secret": "wrong" * 10})
    assert r.status_code == 401
    r = requests.post(server.url + "/api/v1/dossiers/batch", json={"items": []}, timeout=30)
    assert r.status_code == 401 and "invalid_token" in r.headers["WWW-Authenticate"]


def test_same_key_same_body_replays_the_ack_other_body_is_409(server, auth):
    url = server.url + "/api/v1/dossiers/batch"
    first = requests.post(url, headers=auth, timeout=30, json={"items": [{"key": "k1", "record": RECORD}]}).json()
    again = requests.post(url, headers=auth, timeout=30, json={"items": [{"key": "k1", "record": RECORD}]}).json()
    assert first["results"][0]["status"] == 201
    assert again["results"] == first["results"]  # the original acknowledgement, not a second apply
    other = dict(RECORD, GhiChu="khác")
    r = requests.post(url, headers=auth, timeout=30, json={"items": [{"key": "k1", "record": other}]}).json()
    assert r["results"][0]["status"] == 409
    bad = dict(RECORD, MaHoSo="000.00.99.H01-261102-1001")
    r = requests.post(url, headers=auth, timeout=30, json={"items": [{"key": "k2", "record": bad}]}).json()
    assert r["results"][0]["status"] == 422 and "không thuộc đơn vị" in r["results"][0]["error"]["message"]
    assert server.stats()["record_versions"] == 1
    # Progress: order kept within a dossier; an unknown dossier is 404 and what follows it 424.
    entry = {"MaHoSo": RECORD["MaHoSo"], "TrangThai": "4", "ThoiDiemXuLy": "20261102090000"}
    ghost = dict(entry, MaHoSo=f"{STATION['agency_code']}-261102-1999")
    r = requests.post(server.url + "/api/v1/progress/batch", headers=auth, timeout=30, json={"items": [
        {"key": "p1", "entry": ghost}, {"key": "p2", "entry": dict(ghost, TrangThai="9")}, {"key": "p3", "entry": entry}]})
    assert [x["status"] for x in r.json()["results"]] == [404, 424, 201]
    shown = requests.get(f"{server.url}/api/v1/dossiers/{RECORD['MaHoSo']}", headers=auth, timeout=30).json()
    assert shown["TrangThaiHoSo"] == "4" and [e["TrangThai"] for e in shown["QuaTrinhXuLy"]] == ["2", "4"]


def test_tus_creation_is_idempotent_and_chunks_are_checked(server, auth):
    data = bytes(range(256)) * 100
    sha = hashlib.sha256(data).hexdigest()
    meta = f"filename {base64.b64encode(b'a.pdf').decode()},sha256 {base64.b64encode(sha.encode()).decode()}"
    h = {**auth, "Tus-Resumable": "1.0.0", "Upload-Length": str(len(data)), "Upload-Metadata": meta,
         "Idempotency-Key": "f1"}
    opts = requests.options(server.url + "/api/v1/uploads/", timeout=30)
    assert "checksum" in opts.headers["Tus-Extension"] and opts.headers["Tus-Checksum-Algorithm"] == "sha256"
    r1 = requests.post(server.url + "/api/v1/uploads/", headers=h, timeout=30)
    r2 = requests.post(server.url + "/api/v1/uploads/", headers=h, timeout=30)
    assert r1.status_code == r2.status_code == 201 and r1.headers["Location"] == r2.headers["Location"]
    up = server.url + r1.headers["Location"]
    part = data[:10_000]
    patch = {**auth, "Tus-Resumable": "1.0.0", "Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"}
    bad = base64.b64encode(hashlib.sha256(b"x").digest()).decode()
    assert requests.patch(up, data=part, headers={**patch, "Upload-Checksum": f"sha256 {bad}"}, timeout=30).status_code == 460
    good = base64.b64encode(hashlib.sha256(part).digest()).decode()
    r = requests.patch(up, data=part, headers={**patch, "Upload-Checksum": f"sha256 {good}"}, timeout=30)
    assert r.status_code == 204 and r.headers["Upload-Offset"] == "10000"
    r = requests.patch(up, data=part, headers=patch, timeout=30)  # stale offset
    assert r.status_code == 409 and r.headers["Upload-Offset"] == "10000"
    r = requests.patch(up, data=data[10_000:], headers={**patch, "Upload-Offset": "10000"}, timeout=30)
    assert r.status_code == 204 and r.headers["File-Url"].endswith("/files/" + sha)
    assert requests.get(r.headers["File-Url"], headers=auth, timeout=30).content == data
    head = requests.head(up, headers={**auth, "Tus-Resumable": "1.0.0"}, timeout=30)
    assert head.headers["Upload-Offset"] == str(len(data))
    r = requests.post(server.url + "/api/v1/uploads/", headers={**h, "Upload-Length": "5"}, timeout=30)
    assert r.status_code == 409  # same key, another file
