"""The gateway adapters one behaviour at a time, against the stand-in gateways: field types,
the isUpdating decision, "đã tồn tại" → update, error_code → outcome, session expiry."""

from __future__ import annotations

import logging

import pytest
from gateway_standins import LgspStandin, ThreeUrlStandin, configure_gateway
from sync_support import secret_of


@pytest.fixture
def lgsp(station, server):
    standin = LgspStandin().start()
    configure_gateway(station, "lgsp", standin, server.url, secret_of(station))
    yield standin
    standin.stop()


@pytest.fixture
def three(station, server):
    standin = ThreeUrlStandin().start()
    configure_gateway(station, "three-url", standin, server.url, secret_of(station))
    yield standin
    standin.stop()


def bound(data_dir):
    """(adapter, client) as the engine makes them for this station."""
    from counter_app.db import open_data_dir
    from sync import config
    from sync.adapters import adapter_for
    from sync.http import HttpClient

    db = open_data_dir(data_dir)
    try:
        cfg = config.load(db)
    finally:
        db.close()
    return adapter_for(cfg, data_dir), HttpClient(cfg, config.secret_store(data_dir, cfg).get)


def record_item(adapter, db, code, key="k", attempts=1, receipt=True):
    """The dossier's first record row as the engine sends it (``attempts``: this send's number;
    ``receipt``: False for a later "update" row, which carries no receipt entry)."""
    from counter_app import wire
    from sync.adapters import Item

    did, first = db.execute(
        "SELECT d.id, MIN(h.id) FROM dossiers d JOIN history h ON h.dossier_id = d.id WHERE d.code = ?", [code]
    ).fetchone()
    return Item(key, adapter.record_body(wire.build_record(db, did, first if receipt else None)), attempts)


def progress_items(adapter, db, code):
    from counter_app import wire
    from sync.adapters import Item

    ids = [r[0] for r in db.execute("SELECT h.id FROM history h JOIN dossiers d ON d.id = h.dossier_id "
                                    "WHERE d.code = ? ORDER BY h.id", [code])][1:]
    return [Item(f"p{i}", adapter.progress_body(wire.build_progress(db, i))) for i in ids]


def test_record_body_has_the_dto_fields_and_types(lgsp, station, maker, db):
    from sync.adapters import national

    code = maker.dossier(files=0)
    adapter, _client = bound(station)
    body = record_item(adapter, db, code).body
    assert set(body) == set(national.RECORD_FIELDS) | set(national.LIST_FIELDS) | {national.NESTED}
    others = body["DanhSachTepDinhKemKhac"]
    assert others and all(type(d["SoLuong"]) is int and type(d["LoaiGiayTo"]) is int for d in others)
    assert all(type(body[f]) is str for f in national.RECORD_FIELDS)
    assert [e["TrangThai"] for e in body[national.NESTED]] == ["2"]


def test_stand_in_refuses_a_string_where_an_integer_is_required(lgsp, station, maker, db):
    from sync.adapters import ATTENTION, DONE

    code = maker.dossier(files=0)
    adapter, client = bound(station)
    item = record_item(adapter, db, code)
    item.body["DanhSachTepDinhKemKhac"][0]["SoLuong"] = "2"  # as the national model has it
    [res] = adapter.push_records(client, [item])
    assert res.outcome == ATTENTION
    assert "từ chối hồ sơ (mã lỗi 400)" in res.message and "SoLuong phải là số nguyên" in res.message
    assert lgsp.records == {}
    [res] = adapter.push_records(client, [record_item(adapter, db, code)])
    assert res.outcome == DONE


def test_is_updating_decided_by_lookup_and_remembered(lgsp, station, maker, db):
    from sync.adapters import DONE

    code = maker.dossier(files=0, steps=1)
    adapter, client = bound(station)
    # A first row never sent before cannot be at the gateway: a create, without a lookup.
    assert [r.outcome for r in adapter.push_records(client, [record_item(adapter, db, code)])] == [DONE]
    assert lgsp.is_updating == [(code, "False")] and lgsp.services["TraCuuHoSo"] == 0
    # Sent again (its answer was lost): this process knows it is there: an update, no lookup.
    assert adapter.push_records(client, [record_item(adapter, db, code, attempts=2)])[0].outcome == DONE
    assert lgsp.is_updating[-1] == (code, "True") and lgsp.services["TraCuuHoSo"] == 0
    # After a restart (a new adapter) a retried row asks first: an update, not a second record.
    adapter2, client2 = bound(station)
    assert adapter2.push_records(client2, [record_item(adapter2, db, code, attempts=3)])[0].outcome == DONE
    assert lgsp.is_updating[-1] == (code, "True") and lgsp.services["TraCuuHoSo"] == 1
    # A later "update" row after another restart asks too.
    adapter3, client3 = bound(station)
    assert adapter3.push_records(client3, [record_item(adapter3, db, code, receipt=False)])[0].outcome == DONE
    assert lgsp.is_updating[-1] == (code, "True") and lgsp.services["TraCuuHoSo"] == 2
    assert lgsp.creates[code] == 1 and len(lgsp.records[code]) == 1
    # Progress: the receipt entry went right after the record, the next one separately, once.
    assert adapter3.push_progress(client3, progress_items(adapter3, db, code))[0].outcome == DONE
    assert [s for s, _t in lgsp.history(code)] == ["2", "4"]


def test_first_records_go_together_and_fall_back_one_by_one(lgsp, station, maker, db):
    from sync.adapters import DONE

    codes = [maker.dossier(files=0) for _ in range(3)]
    adapter, client = bound(station)
    results = adapter.push_records(client, [record_item(adapter, db, c, f"k{c}") for c in codes])
    assert {r.outcome for r in results} == {DONE}
    assert lgsp.services["DongBoHoSoMC"] == 1 and lgsp.services["CapNhatTienDoHoSoMC"] == 1
    # Three more, one of them already at the gateway (sent by a copy of this data directory):
    # the create together is refused "đã tồn tại", then each goes alone, asking first.
    more = [maker.dossier(files=0) for _ in range(2)]
    adapter2, client2 = bound(station)
    items = [record_item(adapter2, db, c, f"k{c}") for c in [*more, codes[0]]]
    assert {r.outcome for r in adapter2.push_records(client2, items)} == {DONE}
    assert set(lgsp.records) == {*codes, *more}
    assert all(lgsp.creates[c] == 1 and len(lgsp.records[c]) == 1 for c in lgsp.records)
    assert all([s for s, _t in lgsp.history(c)] == ["2"] for c in lgsp.records)


def test_lost_answer_then_retry_neither_creates_nor_repeats(lgsp, station, maker, db):
    from sync.adapters import DONE, RETRY

    code = maker.dossier(files=0, steps=2)
    adapter, client = bound(station)
    # The gateway stores the record and the receipt entry, then the answer is lost.
    lgsp.faults.once("reset", method="POST", path_prefix=lgsp.INTEGRATION, phase="post", skip=1)
    [res] = adapter.push_records(client, [record_item(adapter, db, code)])
    assert res.outcome == RETRY and [s for s, _t in lgsp.history(code)] == ["2"]
    assert adapter.push_records(client, [record_item(adapter, db, code, attempts=2)])[0].outcome == DONE
    items = progress_items(adapter, db, code)
    lgsp.faults.once("error", method="POST", path_prefix=lgsp.INTEGRATION, phase="post")
    assert {r.outcome for r in adapter.push_progress(client, items)} == {RETRY}
    assert {r.outcome for r in adapter.push_progress(client, items)} == {DONE}
    assert lgsp.creates[code] == 1 and len(lgsp.records[code]) == 1
    assert [s for s, _t in lgsp.history(code)] == ["2", "4", "9"]


def test_lgsp_create_answered_exists_becomes_an_update(lgsp, station, maker, db, monkeypatch):
    from sync.adapters import DONE

    code = maker.dossier(files=0)
    adapter, client = bound(station)
    assert adapter.push_records(client, [record_item(adapter, db, code)])[0].outcome == DONE
    adapter2, client2 = bound(station)
    real, calls = adapter2.lookup, []
    # The first lookup misses it (a gateway slow to index a record just created elsewhere).
    monkeypatch.setattr(adapter2, "lookup", lambda *a: None if not calls.append(1) and len(calls) == 1 else real(*a))
    assert adapter2.push_records(client2, [record_item(adapter2, db, code, attempts=2)])[0].outcome == DONE
    assert lgsp.is_updating[-2:] == [(code, "False"), (code, "True")]
    assert lgsp.creates[code] == 1 and len(lgsp.records[code]) == 1 and lgsp.updates[code] == 1


def test_three_url_create_answered_exists_reposts_to_update(three, station, maker, db):
    from sync.adapters import DONE

    code = maker.dossier(files=0, steps=1)
    adapter, client = bound(station)
    assert adapter.push_records(client, [record_item(adapter, db, code)])[0].outcome == DONE
    adapter2, client2 = bound(station)  # a restart: nothing known, so a create first
    assert adapter2.push_records(client2, [record_item(adapter2, db, code, "k2")])[0].outcome == DONE
    assert three.requests[three.CREATE] == 2 and three.requests[three.UPDATE] == 1
    assert three.creates[code] == 1 and len(three.records[code]) == 1
    # The receipt entry sent again with it is kept once by the gateway (no lookup in this style).
    assert three.progress_repeats == 1 and [s for s, _t in three.history(code)] == ["2"]
    assert adapter2.push_progress(client2, progress_items(adapter2, db, code))[0].outcome == DONE
    assert [s for s, _t in three.history(code)] == ["2", "4"]


@pytest.mark.parametrize("answer, outcome, text", [
    ({"error_code": "-1", "message": "Lỗi hệ thống"}, "retry", "lỗi tạm thời"),
    ({"error_code": "503", "message": ""}, "retry", "sẽ gửi lại sau"),
    ({"error_code": "7", "message": "Mã TTHC không có trong danh mục"}, "attention",
     "từ chối hồ sơ (mã lỗi 7): Mã TTHC không có trong danh mục"),
    ({"error_code": "00", "message": "OK"}, "done", ""),
])
def test_error_codes_map_to_outcomes(lgsp, three, station, server, maker, db, answer, outcome, text):
    code = maker.dossier(files=0)
    for standin, kind in ((lgsp, "lgsp"), (three, "three-url")):
        configure_gateway(station, kind, standin, server.url, secret_of(station))
        adapter, client = bound(station)
        standin.script = lambda path, body, s=standin: answer if path in (
            getattr(s, "INTEGRATION", None), getattr(s, "CREATE", None), getattr(s, "PROGRESS", None)) and (
            not isinstance(body, dict) or body.get("service") != "TraCuuHoSo") else None
        [res] = adapter.push_records(client, [record_item(adapter, db, code)])
        assert res.outcome == outcome, (kind, res)
        assert text in res.message


def test_expired_session_signs_in_once_more(lgsp, station, maker, db, caplog):
    from sync.adapters import DONE
    from sync.errors import TransientError

    caplog.set_level(logging.DEBUG)
    codes = [maker.dossier(files=0) for _ in range(2)]
    adapter, client = bound(station)
    assert adapter.push_records(client, [record_item(adapter, db, codes[0])])[0].outcome == DONE
    assert lgsp.logins == 1
    lgsp.expire_sessions()
    assert adapter.push_records(client, [record_item(adapter, db, codes[1])])[0].outcome == DONE
    assert lgsp.logins == 2 and set(lgsp.records) == set(codes)
    # A gateway that never accepts the new session: one more sign-in, then a clear retry.
    lgsp.script = lambda path, body: ({"error_code": "401", "message": "Phiên làm việc đã hết hạn"}
                                      if path == lgsp.INTEGRATION else None)
    with pytest.raises(TransientError) as err:
        adapter.push_records(client, [record_item(adapter, db, codes[1])])
    assert err.value.kind == "auth" and "phiên đăng nhập mới" in err.value.message
    assert lgsp.logins == 3
    assert lgsp.password not in caplog.text


def test_wrong_password_stops_with_a_clear_message(lgsp, station, maker, db, caplog):
    from sync import config
    from sync.errors import TransientError

    caplog.set_level(logging.DEBUG)
    code = maker.dossier(files=0)
    adapter, client = bound(station)
    config.secret_store(station, adapter.cfg, config.GATEWAY_SECRET).set("mat-khau-sai-hoan-toan")
    with pytest.raises(TransientError) as err:
        adapter.push_records(client, [record_item(adapter, db, code)])
    assert err.value.kind == "auth"
    assert "Cổng LGSP từ chối đăng nhập (mã lỗi 1): Sai tên đăng nhập hoặc mật khẩu." in err.value.message
    assert "mat-khau-sai-hoan-toan" not in caplog.text


def test_answer_reading_rules():
    import unicodedata

    from sync.adapters.national import GatewayAnswer
    from sync.adapters.three_url import succeeded

    assert succeeded(GatewayAnswer("5", "Thêm mới hồ sơ thành công", {}))  # judged by the message
    assert not succeeded(GatewayAnswer("0", "Đồng bộ không thành công", {}))
    assert not succeeded(GatewayAnswer("0", "Hồ sơ đã tồn tại", {}))
    nfd = unicodedata.normalize("NFD", "Hồ sơ đã tồn tại")
    assert not GatewayAnswer("3", nfd, {}).exists  # raw NFD text does not match …
    from sync.adapters import national

    class Resp:  # … so answers are read in NFC
        status_code, headers = 200, {"Content-Type": "application/json"}
        content = ('{"error_code": "3", "message": "%s"}' % nfd).encode("utf-8")

    class Gw:
        def check(self, resp):
            pass

    assert national.parse_answer(Gw(), Resp()).exists
    assert GatewayAnswer("1", "Phiên làm việc đã hết hạn", {}).session_expired
    assert not GatewayAnswer("1", "Phiên bản dữ liệu không hỗ trợ", {}).session_expired
    assert not GatewayAnswer("0", "Phiên làm việc", {}).session_expired


def test_setup_keeps_merges_and_drops_gateway_settings(db, data_dir):
    from counter_app import accounts
    from counter_app.errors import UserError
    from helpers import STATION
    from sync import config

    actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    opts = {"gateway_url": "https://lgsp.tinh.example", "auth_path": "/api/auth", "integration_path": "/api/int",
            "madonvi": "000.00.06.H56", "username": "motcua"}
    secret = "s" * 40
    with pytest.raises(UserError) as err:  # nothing stored when an option is missing
        config.setup(db, data_dir, actor, server_url="https://tinh.example", secret=secret, adapter="lgsp",
                     adapter_options={**opts, "madonvi": " "}, gateway_password="mat-khau")
    assert str(err.value) == "Thiếu thông tin cấu hình cổng kết nối: Mã đơn vị (--madonvi)."
    assert config.load(db) is None
    with pytest.raises(UserError) as err:
        config.setup(db, data_dir, actor, server_url="https://tinh.example", secret=secret, adapter="lgsp",
                     adapter_options={**opts, "auth_path": "api/auth"}, gateway_password="mat-khau")
    assert "Đường dẫn đăng nhập (--auth-path) phải bắt đầu bằng \"/\"" in str(err.value)
    cfg, _store = config.setup(db, data_dir, actor, server_url="https://tinh.example", secret=secret,
                               adapter="lgsp", adapter_options=opts, gateway_password="mat-khau")
    assert cfg.adapter_options == opts
    # One option changed, the password kept: the others stay.
    cfg, _store = config.setup(db, data_dir, actor, server_url="https://tinh.example", secret=None,
                               adapter_options={"username": "motcua2"})
    assert config.load(db).adapter_options == {**opts, "username": "motcua2"}
    assert config.secret_store(data_dir, cfg, config.GATEWAY_SECRET).get() == "mat-khau"
    assert b"mat-khau" not in (data_dir / "counter.sqlite3").read_bytes()
    # Another adapter: the gateway's settings go.
    cfg, _store = config.setup(db, data_dir, actor, server_url="https://tinh.example", secret=None,
                               adapter="reference")
    assert config.load(db).adapter_options == {}
