"""Setting sync up without Qt: :func:`sync.config.setup` (what ``counter-app sync-setup`` and the
GUI's "Thiết lập đồng bộ…" both call) and :func:`sync.check.check_connection` ("Kiểm tra kết
nối") against the real reference server on 127.0.0.1."""

from __future__ import annotations

import json
import socket

import pytest

from helpers import STATION

STATION_ID = f"{STATION['agency_code']}/{STATION['station']}"


def closed_port_url() -> str:
    """An http URL on 127.0.0.1 where nothing listens (a port just released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def registered(server):
    _sid, secret = server.store.add_station(STATION["agency_code"], str(STATION["station"]))
    return secret


def check(url: str, secret: str, **over):
    from sync.check import check_connection
    from sync.config import SyncConfig

    return check_connection(SyncConfig(server_url=url, station_id=STATION_ID, connect_timeout=5, read_timeout=5,
                                       **over), secret)


def test_check_connection_answers_in_words(server, registered, tmp_path):
    ok = check(server.url, registered)
    assert ok.ok and ok.message == "Kết nối được, đăng nhập được."

    wrong = check(server.url, "sai-khoa-bi-mat-" + "x" * 20)
    assert not wrong.ok and wrong.step == "auth"
    assert wrong.message.startswith("Máy chủ từ chối mã bí mật của trạm " + STATION_ID)

    closed = check(closed_port_url(), registered)
    assert not closed.ok and closed.step == "ping"
    assert closed.message.startswith("Không kết nối được tới máy chủ: ")

    # https against a plain-http server: the TLS handshake fails, said as such.
    tls = check(server.url.replace("http://", "https://"), registered)
    assert not tls.ok and "chứng chỉ bảo mật (TLS)" in tls.message

    server.faults.once("captive", path_prefix="/api/v1/ping")
    captive = check(server.url, registered)
    assert not captive.ok and "captive portal" in captive.message

    # A CA bundle that is not there is a bad setting, refused before any request.
    from counter_app.errors import UserError

    with pytest.raises(UserError, match="Không tìm thấy tệp chứng chỉ CA"):
        check(server.url, registered, ca_bundle=str(tmp_path / "none.pem"))


def test_setup_validates_stores_the_secret_outside_the_database_and_is_audited(db, data_dir, admin, server,
                                                                                registered):
    from counter_app import accounts
    from counter_app.errors import PermissionDenied, UserError
    from sync import config

    with pytest.raises(UserError, match="https://"):
        config.setup(db, data_dir, admin, server_url="ftp://x", secret=registered)
    with pytest.raises(UserError, match="quá ngắn"):
        config.setup(db, data_dir, admin, server_url=server.url, secret="ngan")
    with pytest.raises(UserError, match="Chưa có khóa bí mật"):
        config.setup(db, data_dir, admin, server_url=server.url, secret=None)
    assert config.load(db) is None

    accounts.create_user(db, "canbo", "Lê Văn Cán", "clerk", "matkhau-can-bo")
    clerk = accounts.authenticate(db, "canbo", "matkhau-can-bo")
    with pytest.raises(PermissionDenied):
        config.setup(db, data_dir, clerk, server_url=server.url, secret=registered)
    assert config.load(db) is None

    cfg, store = config.setup(db, data_dir, admin, server_url=server.url + "/", secret=registered)
    assert cfg.station_id == STATION_ID and cfg.base_url == server.url and store.get() == registered
    assert config.load(db) == cfg
    # Only the server changes; the stored secret is kept (secret=None).
    cfg2, _ = config.setup(db, data_dir, admin, server_url=server.url, secret=None, connect_timeout=3.0)
    assert cfg2.connect_timeout == 3.0 and store.get() == registered

    entries = db.execute("SELECT actor, action, object, details FROM audit WHERE action = 'sync-setup' "
                         "ORDER BY id").fetchall()
    assert [(e[0], e[2]) for e in entries] == [("admin:admin", STATION_ID)] * 2
    assert json.loads(entries[0][3])["secret"] == "changed" and json.loads(entries[1][3])["secret"] == "kept"
    assert registered.encode() not in (data_dir / "counter.sqlite3").read_bytes()
    for p in data_dir.glob("counter.sqlite3*"):
        assert registered.encode() not in p.read_bytes()
