"""Command line: the office calendar with each day's provenance (issue 17, counter_app/calendar_facts.py).

    counter-app --data-dir DIR calendar list --year 2026 [--json] [--unconfirmed]
    counter-app --data-dir DIR calendar set 2026-11-24 --kind off|work|none --source "Thông báo số …" \\
        [--name "Tên ngày"] --as SUPERVISOR                  # the supervisor's password on stdin

``list --unconfirmed`` is the yearly check: the days that rest on an estimate only; it exits 1
when there are some (a script or a supervisor's start-of-year routine can act on it).
"""

from __future__ import annotations

import sys
from datetime import date

from counter_app.errors import UserError


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"Ngày «{text}» không hợp lệ; hãy viết theo dạng YYYY-MM-DD, ví dụ 2026-01-02.") from None


def _year(text: str) -> int:
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise UserError(f"Năm «{text}» không hợp lệ; hãy viết bốn chữ số, ví dụ 2026.")
    return int(text)


def cmd_list(args) -> int:
    from counter_app import calendar_facts, calendar_store

    from .main import open_ready, print_json

    year = _year(args.year)
    db = open_ready(args)
    try:
        days = calendar_store.unconfirmed(db, year) if args.unconfirmed else calendar_store.list_year(db, year)
    finally:
        db.close()
    if args.json:
        print_json([d.as_json() for d in days])
    else:
        kinds = {"off": "nghỉ", "work": "làm bù"}
        for d in days:
            print(f"{d.day.strftime('%d/%m/%Y')}\t{kinds[d.kind]}\t{d.name}\t"
                  f"{calendar_facts.PROVENANCES[d.provenance]}\t{d.reference}")
        if args.unconfirmed and not days:
            print(f"Năm {year}: mọi ngày nghỉ, ngày làm bù đều đã có căn cứ.")
    return 1 if (args.unconfirmed and days) else 0


def cmd_set(args) -> int:
    from counter_app import accounts, calendar_store
    from counter_app.db import write_tx

    from .main import open_ready

    day = _day(args.day)
    kind = None if args.kind == "none" else args.kind
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise UserError("Hãy nhập mật khẩu của giám sát viên ở dòng đầu của đầu vào chuẩn.")
    db = open_ready(args)
    try:
        actor = accounts.authenticate(db, args.as_user, password)
        with write_tx(db):
            calendar_store.set_day(db, day, kind, args.name or "", actor, args.source or "")
    finally:
        db.close()
    what = {"off": "ngày nghỉ", "work": "ngày làm bù", None: "không còn trong lịch"}[kind]
    print(f"{day.strftime('%d/%m/%Y')}: {what}.")
    return 0


def register(sub) -> None:
    p = sub.add_parser("calendar", help="lịch làm việc: ngày nghỉ, ngày làm bù và căn cứ của từng ngày")
    cs = p.add_subparsers(dest="calendar_command", required=True, metavar="LỆNH")
    s = cs.add_parser("list", help="các ngày nghỉ, ngày làm bù của một năm kèm căn cứ")
    s.add_argument("--year", required=True, metavar="NĂM")
    s.add_argument("--json", action="store_true")
    s.add_argument("--unconfirmed", action="store_true", help="chỉ các ngày ước tính, chưa có căn cứ (kiểm tra hằng năm)")
    s.set_defaults(func=cmd_list)
    s = cs.add_parser("set", help="đặt một ngày nghỉ / ngày làm bù (giám sát viên; mật khẩu ở dòng đầu đầu vào chuẩn)")
    s.add_argument("day", metavar="NGÀY")
    s.add_argument("--kind", required=True, choices=("off", "work", "none"))
    s.add_argument("--source", metavar="CĂN_CỨ", help="số và ngày của thông báo (bắt buộc khi đặt ngày)")
    s.add_argument("--name", metavar="TÊN_NGÀY")
    s.add_argument("--as", dest="as_user", required=True, metavar="GIÁM_SÁT")
    s.set_defaults(func=cmd_set)
