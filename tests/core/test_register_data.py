"""Mẫu 07's data (``dossiers.register_data``) read for a whole period at once: the same as
``get_detail`` gives for each dossier, for everything the register prints, oldest first."""

from datetime import date

from counter_app import dossiers, intake, lifecycle, procedures, synthetic
from helpers import STATION, sample_intake


def test_register_data_is_get_detail_for_what_the_register_prints(db, admin):
    procs = [(sp.id, sp.procedure) for sp in procedures.active_procedures(db)]
    synthetic.bulk_fill(db, procs, 120, agency_code=STATION["agency_code"], station=4, end=date(2026, 11, 19))
    code = intake.save(db, intake.parse_request(sample_intake(received_at="2026-11-18T08:00:00+07:00")), admin).code
    lifecycle.perform(db, code, "supplement", admin, {"missing_items": ["Tờ khai"], "reason": "Thiếu",
                                                      "at": "2026-11-18T09:00:00+07:00"})
    got = dossiers.register_data(db, date(2026, 11, 1), date(2026, 11, 19))
    codes = [r[0] for r in db.execute(
        "SELECT code FROM dossiers WHERE received_at >= '2026-11-01' AND received_at < '2026-11-20' "
        "ORDER BY received_at, id")]
    assert [d["code"] for d in got] == codes and code in codes and len(codes) > 10
    for d in got:
        full = dossiers.get_detail(db, d["code"])
        assert set(d) == set(dossiers.REGISTER_KEYS)
        for key in dossiers.REGISTER_KEYS:
            if key == "procedure":
                assert d[key]["name"] == full[key]["name"]
            elif key == "history":
                assert d[key] == [{k: h[k] for k in ("status", "status_name", "action", "at")} for h in full[key]]
            else:
                assert d[key] == full[key], key
    assert any(len(d["history"]) > 1 for d in got)
