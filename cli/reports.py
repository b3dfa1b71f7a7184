"""``counter-app report …``: the day report, Biểu 06, tallies, closing the day, station files.

    counter-app --data-dir DIR report daily --date YYYY-MM-DD --format xlsx|csv|pdf --out FILE
    counter-app --data-dir DIR report period --from YYYY-MM-DD --to YYYY-MM-DD --format … --out FILE
    counter-app --data-dir DIR report period --period 2026-11|2026-Q4|2026 --format … --out FILE
    counter-app --data-dir DIR report tally --from … --to … --group-by field --format … --out FILE
    counter-app --data-dir DIR report close --date YYYY-MM-DD --user NAME --password-stdin [--pdf FILE.pdf]
    counter-app --data-dir DIR report day-sheet --date YYYY-MM-DD --pdf FILE.pdf
    counter-app --data-dir DIR report station-key --passphrase-stdin
    counter-app --data-dir DIR report station-export (--date YYYY-MM-DD | --all) --out FILE.json
    counter-app --data-dir DIR report station-import FILE.json [FILE.json …]
    counter-app --data-dir DIR report settings [--period-mode calendar|cutoff-15] [--recipient …] [--preparer …]
    counter-app --data-dir DIR report check [--repair]
    counter-app --data-dir DIR report scorecard --from … --to … | --period KỲ --format json|xlsx|pdf [--out FILE]
    counter-app --data-dir DIR report scorecard --from … --to … --dossiers 4.2[:denominator] [--format json]
"""

from __future__ import annotations

import sys
from pathlib import Path

from counter_app.errors import UserError


def _date(text: str | None, label: str):
    from counter_app.validation import parse_iso_date

    return parse_iso_date(text, label)


def _sep(value: str) -> str:
    if value not in (",", ";"):
        raise UserError("Dấu phân cách CSV phải là \",\" hoặc \";\".")
    return value


def _done(res: dict) -> None:
    print(f"Đã ghi {res['path']} ({res['bytes']:,} byte).".replace(",", "."))


def cmd_daily(args) -> int:
    from counter_app.accounts import cli_actor
    from counter_app.reports import service
    from .main import open_ready

    day = _date(args.date, "Ngày báo cáo")
    db = open_ready(args)
    try:
        res = service.export_daily(db, cli_actor(), day, args.format, Path(args.out), group_by=args.group_by,
                                   scope=args.scope, csv_delimiter=_sep(args.csv_sep))
    finally:
        db.close()
    _done(res)
    return 0


def _period(args, db):
    from counter_app.reports import config, periods

    if args.period:
        if args.date_from or args.date_to:
            raise UserError("Dùng --period hoặc --from/--to, không dùng cả hai.")
        return periods.parse_spec(args.period, config.get(db, "period_mode"))
    if not (args.date_from and args.date_to):
        raise UserError("Cần --from và --to (YYYY-MM-DD), hoặc --period (YYYY-MM, YYYY-Qn, YYYY).")
    date_from, date_to = _date(args.date_from, "Ngày bắt đầu"), _date(args.date_to, "Ngày kết thúc")
    if date_to < date_from:
        raise UserError("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
    return date_from, date_to


def cmd_period(args) -> int:
    from counter_app.accounts import cli_actor
    from counter_app.reports import service
    from .main import open_ready

    if not args.period:
        _period(args, None)  # validate before opening the database
    db = open_ready(args)
    try:
        date_from, date_to = _period(args, db)
        res = service.export_period(db, cli_actor(), date_from, date_to, args.format, Path(args.out),
                                    scope=args.scope, csv_delimiter=_sep(args.csv_sep))
    finally:
        db.close()
    _done(res)
    t = res["total"]
    print(f"Biểu 06: nhận giải quyết {t[3]}, đã giải quyết {t[7]} (trước hạn {t[8]}, đúng hạn {t[9]}, quá hạn {t[10]}), "
          f"đang giải quyết {t[11]} (quá hạn {t[13]}).")
    return 0


def cmd_tally(args) -> int:
    from counter_app.accounts import cli_actor
    from counter_app.reports import service
    from counter_app.reports.tally import TallyFilter
    from .main import open_ready

    if not args.period:
        _period(args, None)
    db = open_ready(args)
    try:
        date_from, date_to = _period(args, db)
        f = TallyFilter(date_from, date_to, args.group_by, scope=args.scope)
        res = service.export_tally(db, cli_actor(), f, args.format, Path(args.out), csv_delimiter=_sep(args.csv_sep))
    finally:
        db.close()
    _done(res)
    return 0


def cmd_close(args) -> int:
    from counter_app import accounts, timeutil
    from counter_app.reports import dayclose, dayclose_pdf
    from .main import open_ready

    day = _date(args.date, "Ngày chốt")
    if not args.password_stdin:
        raise UserError("Mật khẩu phải được nhập qua đầu vào chuẩn: thêm --password-stdin.")
    password = sys.stdin.readline().rstrip("\r\n")
    db = open_ready(args)
    try:
        actor = accounts.authenticate(db, args.user, password)
        res = dayclose.close_day(db, actor, day, password, note=args.note or "")
        t = res["figures"]["totals"]
        print(f"Đã chốt ngày {timeutil.vn_date(day)}: tiếp nhận {t['received']}, trả kết quả {t['returned']}, "
              f"phí, lệ phí {t['fees']:,} đồng. Mã kiểm tra {res['sha256'][:16]}.".replace(",", "."), flush=True)
        if args.pdf:
            try:
                _done(dayclose_pdf.export_sheet(db, actor, day, Path(args.pdf)))
            except UserError as exc:
                raise UserError(f"Ngày đã được chốt nhưng chưa ghi được biên bản: {exc.message} "
                                f"Có thể in lại bằng lệnh: report day-sheet --date {day.isoformat()} --pdf TỆP") from None
    finally:
        db.close()
    return 0


def cmd_day_sheet(args) -> int:
    from counter_app.accounts import cli_actor
    from counter_app.reports import dayclose_pdf
    from .main import open_ready

    day = _date(args.date, "Ngày chốt")
    db = open_ready(args)
    try:
        res = dayclose_pdf.export_sheet(db, cli_actor(), day, Path(args.pdf))
    finally:
        db.close()
    _done(res)
    return 0


def cmd_station_key(args) -> int:
    from counter_app.accounts import cli_actor
    from counter_app.reports import station_exchange
    from .main import open_ready

    if not args.passphrase_stdin:
        raise UserError("Khóa chung phải được nhập qua đầu vào chuẩn: thêm --passphrase-stdin.")
    passphrase = sys.stdin.readline().rstrip("\r\n")
    db = open_ready(args)
    try:
        fp = station_exchange.set_commune_key(db, cli_actor(), passphrase)
    finally:
        db.close()
    print(f"Đã lưu khóa chung của xã; mã khóa {fp} (so sánh mã này giữa các quầy).")
    return 0


def cmd_station_export(args) -> int:
    from counter_app.accounts import cli_actor
    from counter_app.reports import station_exchange
    from .main import open_ready

    if bool(args.all) == bool(args.date):
        raise UserError("Chọn một ngày (--date YYYY-MM-DD) hoặc --all (toàn bộ hồ sơ của quầy).")
    day = None if args.all else _date(args.date, "Ngày xuất")
    db = open_ready(args)
    try:
        res = station_exchange.export_day(db, cli_actor(), day, Path(args.out))
    finally:
        db.close()
    print(f"Đã ghi {res['path']}: {res['count']} hồ sơ.")
    return 0


def cmd_station_import(args) -> int:
    from counter_app.accounts import cli_actor
    from counter_app.reports import station_exchange
    from .main import open_ready

    db = open_ready(args)
    try:
        for name in args.files:
            res = station_exchange.import_file(db, cli_actor(), Path(name))
            print(f"{Path(name).name}: quầy {res['station']}, {res['rows']} hồ sơ; thêm {res['added']}, cập nhật "
                  f"{res['replaced']}, bỏ qua {res['unchanged_or_older'] + res['skipped_local']}.")
    finally:
        db.close()
    return 0


def cmd_settings(args) -> int:
    from counter_app import audit
    from counter_app.accounts import cli_actor
    from counter_app.db import write_tx
    from counter_app.reports import config
    from .main import open_ready

    values = {k: v for k, v in (("period_mode", args.period_mode), ("recipient", args.recipient),
                                 ("preparer", args.preparer)) if v is not None}
    db = open_ready(args)
    try:
        if values:
            with write_tx(db):
                config.put_many(db, values)
                audit.record(db, cli_actor(), "report-settings", "report_settings", {"keys": sorted(values)})
        current = config.get_all(db)
    finally:
        db.close()
    print(f"Kỳ báo cáo: {config.PERIOD_MODES[current['period_mode']]}")
    print(f"Đơn vị nhận báo cáo: {current['recipient'] or '(chưa nhập)'}")
    print(f"Người lập biểu: {current['preparer'] or '(chưa nhập)'}")
    print(f"Khóa chung của xã: {current['station_key_id'] or '(chưa nhập)'}")
    return 0


def cmd_check(args) -> int:
    from counter_app import accounts
    from counter_app.accounts import cli_actor
    from counter_app.db import write_tx
    from counter_app.reports import tally
    from .main import open_ready

    accounts.require_supervisor(cli_actor())
    db = open_ready(args)
    try:
        problems = tally.verify_aggregates(db)
        if problems and args.repair:
            with write_tx(db):
                tally.rebuild_aggregates(db)
            print(f"Đã đếm lại số liệu báo cáo ({len(problems)} chỗ lệch).")
            return 0
    finally:
        db.close()
    if problems:
        print(f"Số liệu báo cáo lệch với hồ sơ ở {len(problems)} chỗ; chạy lại với --repair để đếm lại.")
        for p in problems[:20]:
            print("  " + p)
        return 1
    print("Số liệu báo cáo khớp với hồ sơ.")
    return 0


def cmd_scorecard(args) -> int:
    import json

    from counter_app.accounts import cli_actor
    from counter_app.reports import service
    from .main import open_ready

    if not args.period:
        _period(args, None)
    if args.dossiers:
        return _scorecard_dossiers(args)
    if not args.format:
        raise UserError("Hãy chọn --format json, xlsx hoặc pdf (hoặc --dossiers MÃ_CHỈ_SỐ để liệt kê hồ sơ).")
    if args.format != "json" and not args.out:
        raise UserError("Định dạng xlsx và pdf cần --out TỆP.")
    db = open_ready(args)
    try:
        date_from, date_to = _period(args, db)
        res = service.export_scorecard(db, cli_actor(), date_from, date_to, args.format,
                                       Path(args.out) if args.out else None)
    finally:
        db.close()
    if args.format == "json" and not args.out:
        print(json.dumps(res["json"], ensure_ascii=False, indent=2))
    else:
        _done(res)
    return 0


def _scorecard_dossiers(args) -> int:
    """``--dossiers ID[:numerator|denominator]``: the codes of the dossiers behind the figure (the
    scorecard's own selection, as the GUI's click on the figure shows them in the ledger)."""
    import json

    from counter_app.accounts import cli_actor, require_supervisor
    from counter_app.reports import scorecard
    from .main import open_ready

    ind, _sep, part = args.dossiers.partition(":")
    part = part or "numerator"
    if ind not in scorecard.IDS or part not in ("numerator", "denominator"):
        raise UserError(f"--dossiers cần mã chỉ số ({', '.join(scorecard.IDS)}), có thể kèm :numerator (tử số, "
                        "mặc định) hoặc :denominator (mẫu số), ví dụ 4.2:denominator.")
    if args.format not in (None, "json"):
        raise UserError("--dossiers in danh sách mã hồ sơ (mặc định) hoặc JSON (--format json).")
    require_supervisor(cli_actor())
    db = open_ready(args)
    try:
        date_from, date_to = _period(args, db)
        codes = scorecard.selection_codes(db, ind, part, date_from, date_to)
    finally:
        db.close()
    if args.format == "json":
        print(json.dumps({"indicator": ind, "part": part, "date_from": date_from.isoformat(),
                          "date_to": date_to.isoformat(), "codes": codes}, ensure_ascii=False, indent=2))
    else:
        print("\n".join(codes))
    return 0


def register(sub) -> None:
    from counter_app.reports.tally import GROUPS, SCOPES

    rep = sub.add_parser("report", help="báo cáo: thống kê ngày, Biểu 06, chốt ngày, dữ liệu liên quầy")
    rs = rep.add_subparsers(dest="report_command", metavar="LOẠI", required=True)

    def out_args(p, *, formats=True):
        if formats:
            p.add_argument("--format", required=True, choices=("xlsx", "csv", "pdf"))
        p.add_argument("--out", required=True, metavar="FILE")
        p.add_argument("--scope", default="all", choices=tuple(SCOPES),
                       help="all: mọi quầy (kể cả dữ liệu đã nhập); local: chỉ quầy này")
        p.add_argument("--csv-sep", default=",", metavar="DẤU", help="dấu phân cách CSV: , (mặc định) hoặc ;")

    s = rs.add_parser("daily", help="thống kê một ngày (theo thủ tục và theo người tiếp nhận)")
    s.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    s.add_argument("--group-by", choices=tuple(GROUPS), help="chỉ một cách nhóm")
    out_args(s)
    s.set_defaults(func=cmd_daily)

    for name, helptext, func in (("period", "Biểu 06 của một kỳ", cmd_period),
                                 ("tally", "thống kê một kỳ theo một cách nhóm", cmd_tally)):
        s = rs.add_parser(name, help=helptext)
        s.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
        s.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
        s.add_argument("--period", metavar="KỲ", help="YYYY-MM, YYYY-Qn hoặc YYYY theo cách tính kỳ đã cài đặt")
        if name == "tally":
            s.add_argument("--group-by", default="procedure", choices=tuple(GROUPS))
        out_args(s)
        s.set_defaults(func=func)

    s = rs.add_parser("scorecard", help="các chỉ số 766 của xã trong một kỳ (json, xlsx, pdf)")
    s.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    s.add_argument("--period", metavar="KỲ", help="YYYY-MM, YYYY-Qn hoặc YYYY theo cách tính kỳ đã cài đặt")
    s.add_argument("--format", choices=("json", "xlsx", "pdf"))
    s.add_argument("--out", metavar="FILE", help="tệp kết quả (json: mặc định in ra màn hình)")
    s.add_argument("--dossiers", metavar="MÃ[:numerator|denominator]",
                   help="liệt kê mã các hồ sơ thuộc tử số (mặc định) hoặc mẫu số của một chỉ số, ví dụ 4.2:denominator")
    s.set_defaults(func=cmd_scorecard)

    s = rs.add_parser("close", help="chốt số liệu một ngày (giám sát viên, nhập lại mật khẩu)")
    s.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    s.add_argument("--user", required=True, metavar="TÊN_ĐĂNG_NHẬP")
    s.add_argument("--password-stdin", action="store_true")
    s.add_argument("--note", metavar="GHI_CHÚ")
    s.add_argument("--pdf", metavar="FILE.pdf", help="ghi biên bản chốt số liệu ngày (PDF) sau khi chốt")
    s.set_defaults(func=cmd_close)

    s = rs.add_parser("day-sheet", help="biên bản chốt số liệu của một ngày đã chốt (PDF)")
    s.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    s.add_argument("--pdf", required=True, metavar="FILE.pdf")
    s.set_defaults(func=cmd_day_sheet)

    s = rs.add_parser("station-key", help="nhập khóa chung của xã để ký và kiểm tra tệp liên quầy")
    s.add_argument("--passphrase-stdin", action="store_true")
    s.set_defaults(func=cmd_station_key)

    s = rs.add_parser("station-export", help="xuất tệp dữ liệu đã ký của quầy này")
    s.add_argument("--date", metavar="YYYY-MM-DD")
    s.add_argument("--all", action="store_true", help="toàn bộ hồ sơ của quầy")
    s.add_argument("--out", required=True, metavar="FILE.json")
    s.set_defaults(func=cmd_station_export)

    s = rs.add_parser("station-import", help="nhập tệp dữ liệu của quầy khác")
    s.add_argument("files", nargs="+", metavar="FILE.json")
    s.set_defaults(func=cmd_station_import)

    s = rs.add_parser("settings", help="cài đặt báo cáo")
    s.add_argument("--period-mode", choices=("calendar", "cutoff-15"))
    s.add_argument("--recipient", metavar="ĐƠN_VỊ", help="đơn vị nhận báo cáo (in trên Biểu 06)")
    s.add_argument("--preparer", metavar="HỌ_TÊN", help="người lập biểu")
    s.set_defaults(func=cmd_settings)

    s = rs.add_parser("check", help="đối chiếu số liệu báo cáo với hồ sơ")
    s.add_argument("--repair", action="store_true", help="đếm lại khi có chỗ lệch")
    s.set_defaults(func=cmd_check)
