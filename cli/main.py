"""Command line: the composition root. ``counter-app`` with no command opens the GUI.

It may import every room (core, printing, sync, ui); nothing imports it. Qt is imported
only when the GUI opens.

Every invalid input exits with status 2 and a clear Vietnamese message on stderr, and writes
nothing. Output is UTF-8.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any, NoReturn

from counter_app import __version__, paths
from counter_app.errors import UserError

log = logging.getLogger("counter_app")

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_USAGE = 2

_ARGPARSE_VI = [
    ("the following arguments are required", "thiếu tham số bắt buộc"),
    ("unrecognized arguments", "tham số không nhận ra"),
    ("invalid choice", "lựa chọn không hợp lệ"),
    ("expected one argument", "cần một giá trị"),
    ("invalid int value", "không phải số nguyên"),
    ("argument", "tham số"),
    ("choose from", "chọn một trong"),
    ("not allowed with argument", "không dùng cùng với tham số"),
    ("one of the arguments", "cần một trong các tham số"),
    ("is required", "là bắt buộc"),
]


class ViArgumentParser(argparse.ArgumentParser):
    """argparse with errors in Vietnamese and exit status 2."""

    def error(self, message: str) -> NoReturn:
        for en, vi in _ARGPARSE_VI:
            message = message.replace(en, vi)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"Lỗi: {message}\nXem hướng dẫn: counter-app --help\n")


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _read_input(name: str) -> str:
    if name == "-":
        raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        if isinstance(raw, str):
            return raw
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UserError(f"Đầu vào chuẩn không phải văn bản UTF-8 (lỗi ở byte thứ {exc.start + 1}).") from None
    try:
        return Path(name).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"Không tìm thấy tệp: {name}") from None
    except UnicodeDecodeError:
        raise UserError(f"Tệp {name} không phải văn bản UTF-8.") from None
    except OSError as exc:
        raise UserError(f"Không đọc được tệp {name}: {exc.strerror}") from None


def _parse_json(text: str, what: str) -> Any:
    """A JSON document given by the user, or a Vietnamese UserError: invalid JSON, nesting too
    deep for the parser, a NUL or a lone surrogate in any string."""
    from counter_app.validation import find_bad_text

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{what} không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}).") from None
    except RecursionError:
        raise UserError(f"{what} không hợp lệ: cấu trúc JSON lồng nhau quá sâu.") from None
    problem = find_bad_text(data, what)
    if problem:
        raise UserError(problem)
    return data


def parse_json(text: str, what: str) -> Any:
    """For command modules: see :func:`_parse_json`."""
    return _parse_json(text, what)


def open_data(args, *, create: bool = False):
    """For command modules: the writer connection of ``--data-dir`` (migrated)."""
    return _open(args, create=create)


def open_ready(args):
    """For command modules: like :func:`open_data`, and the station must be set up."""
    return _open_ready(args)


def print_json(data: Any) -> None:
    _print_json(data)


def read_input(name: str) -> str:
    """Text of FILE or '-' (stdin), with Vietnamese errors."""
    return _read_input(name)


def _open(args, *, create: bool = False):
    from counter_app.db import open_data_dir

    return open_data_dir(paths.resolve_data_dir(args.data_dir), create=create)


def _open_ready(args):
    from counter_app import settings

    db = _open(args)
    if not settings.is_set_up(db):
        db.close()
        raise UserError("Trạm chưa được thiết lập. Hãy chạy 'counter-app --data-dir THƯ_MỤC init …' trước.")
    return db


# --- commands -------------------------------------------------------------------------------

def cmd_init(args) -> int:
    from counter_app import setup
    from counter_app.accounts import cli_actor
    from counter_app.catalogue import load_catalogue

    if not args.admin_password_stdin:
        raise UserError("Mật khẩu quản trị phải được nhập qua đầu vào chuẩn: thêm --admin-password-stdin.")
    password = sys.stdin.readline().rstrip("\r\n")
    catalogue = load_catalogue(Path(args.catalogue)) if args.catalogue else None
    values = {
        "agency_code": args.agency_code, "agency_name": args.agency_name, "province": args.province,
        "station": args.station, "admin_user": args.admin_user, "admin_password": password,
        "admin_full_name": args.admin_full_name, "parent_name": args.parent_name,
        "place_name": args.place_name, "office_hours": args.office_hours,
    }
    errors = setup.validate_setup(values)  # before creating anything on disk
    if errors:
        from counter_app.errors import ValidationFailed

        raise ValidationFailed(errors)
    if args.encrypt:  # encrypted from the first byte: the key exists before the database
        from counter_app import dbkey

        data_dir = paths.resolve_data_dir(args.data_dir)
        if paths.db_path(data_dir).exists():
            raise UserError("Đã có cơ sở dữ liệu tại thư mục này; dùng lệnh 'encrypt' để mã hóa nó.")
        data_dir.mkdir(parents=True, exist_ok=True)
        key = dbkey.new_key()
        dbkey.write_marker(data_dir, key, dbkey.store_key(data_dir, key))
    db = _open(args, create=True)
    try:
        setup.initialize(db, values, catalogue=catalogue, actor=cli_actor())
    finally:
        db.close()
    print(f"Đã khởi tạo trạm {args.station} của {args.agency_name} ({args.agency_code}).")
    return EXIT_OK


def cmd_intake(args) -> int:
    from counter_app import intake, prereceipt, search_index
    from counter_app.accounts import cli_actor

    data = _parse_json(_read_input(args.json), "Dữ liệu hồ sơ")
    req = prereceipt.parse(data)  # "outcome": receive (default) | guide | refuse | online
    db = _open_ready(args)
    if isinstance(req, prereceipt.SlipRequest):  # not received: a register line, no dossier code
        try:
            slip = prereceipt.save_slip(db, req, cli_actor())
        finally:
            db.close()
        print(slip.label)
        print(f"Chưa tiếp nhận hồ sơ: đã vào sổ phiếu số {slip.label}; in bằng "
              f"'counter-app print {slip.form_id} --slip {slip.label} --out FILE.pdf'.", file=sys.stderr)
        return EXIT_OK
    try:
        saved = intake.save(db, req, cli_actor())
        _due, warning = intake.preview_due_warning(db, req.procedure_code, saved.received_at)
        search_index.merge_step(db)  # the index's merge work, after the save (m023_syncp)
    finally:
        db.close()
    print(saved.code)
    if warning:  # an unusually far due date: the same warning the form shows
        print(f"Cảnh báo: {warning}", file=sys.stderr)
    return EXIT_OK


def cmd_show(args) -> int:
    from counter_app import dossiers, timeutil

    db = _open_ready(args)
    try:
        d = dossiers.get_detail(db, args.code)
    finally:
        db.close()
    if args.json:
        _print_json(d)
        return EXIT_OK
    a = d["applicant"] or {}
    lines = [
        f"Mã hồ sơ: {d['code']}",
        f"Thủ tục: {d['procedure']['name']} ({d['procedure']['code']})",
        f"Trạng thái: {d['status_name']} ({d['status']})",
        f"Người nộp: {a.get('full_name', '')}",
        f"Tiếp nhận: {timeutil.vn_datetime(timeutil.parse_iso(d['received_at']))}",
        f"Hẹn trả: {timeutil.vn_datetime(timeutil.parse_iso(d['due_at']))}",
        "Thành phần hồ sơ:",
        *[f"  {c['position']}. {c['name']}" for c in d["components"]],
        *(["Bản quét kết quả:"] + [
            f"  {r['number']}. {r['title']}" + (f" (số {r['doc_number']})" if r["doc_number"] else "")
            + f", {r['pages']} trang, " + ("đã gửi lên tỉnh" if r["uploaded"] else "chưa gửi lên tỉnh")
            for r in d["results"]] if d.get("results") else []),
        "Quá trình xử lý:",
        *[f"  {timeutil.vn_datetime(timeutil.parse_iso(h['at']))}  {h['status_name']}  {h['actor']}" for h in d["history"]],
    ]
    print("\n".join(lines))
    return EXIT_OK


def cmd_due_date(args) -> int:
    from counter_app import intake, timeutil

    try:
        received = timeutil.parse_iso(args.received)
    except ValueError:
        raise UserError("Thời điểm tiếp nhận phải theo định dạng ISO 8601, ví dụ 2026-11-23T08:15:00+07:00.") from None
    db = _open_ready(args)
    try:
        due = intake.preview_due(db, args.procedure, received)
    finally:
        db.close()
    print(timeutil.iso(due))
    return EXIT_OK


def cmd_cccd_parse(args) -> int:
    from counter_app.cccd import parse_cccd

    payload = sys.stdin.read()
    # A scanner or a shell adds a final newline; the parser tolerates more, but keep raw exact.
    if payload.endswith("\n"):
        payload = payload[:-1]
        if payload.endswith("\r"):
            payload = payload[:-1]
    _print_json(parse_cccd(payload).to_json())
    return EXIT_OK


def cmd_search(args) -> int:
    from counter_app import dossiers, timeutil

    db = _open_ready(args)
    try:
        rows = dossiers.search(db, args.text, limit=args.limit)
    finally:
        db.close()
    for r in rows:
        received = timeutil.vn_date(timeutil.parse_iso(r[4]))
        print(f"{r[1]}\t{r[3]}\t{r[2]}\t{received}")
    return EXIT_OK


def cmd_catalogue(args) -> int:
    from counter_app import procedures
    from counter_app.accounts import cli_actor
    from counter_app.catalogue import load_catalogue
    from counter_app.db import write_tx
    from counter_app.duedate import format_time_limit

    db = _open_ready(args)
    try:
        if args.import_file:
            cat = load_catalogue(Path(args.import_file))
            with write_tx(db):
                counts = procedures.import_catalogue(db, cat, cli_actor())
            print(
                f"Đã nhập danh mục \"{cat.title}\": thêm {counts['added']}, thay đổi {counts['changed']}, "
                f"giữ nguyên {counts['unchanged']}, ngừng áp dụng {counts['retired']}."
            )
            return EXIT_OK
        items = procedures.active_procedures(db)
    finally:
        db.close()
    if args.json:
        _print_json([
            {
                "code": sp.procedure.code, "name": sp.procedure.name, "field": sp.procedure.field,
                "time_value": sp.procedure.time_value, "time_unit": sp.procedure.time_unit,
                "cutoff_15h": sp.procedure.cutoff_15h, "fee_rule": sp.procedure.fee_rule,
                "components": [c.name for c in sp.procedure.components],
            }
            for sp in items
        ])
    else:
        for sp in items:
            p = sp.procedure
            print(f"{p.code}\t{p.name}\t{format_time_limit(p.time_value, p.time_unit)}")
    return EXIT_OK


def cmd_info(args) -> int:
    from counter_app import migrations, settings

    db = _open(args)
    try:
        n, last = migrations.schema_version(db)
        s = settings.get_all(db)
    finally:
        db.close()
    print(f"counter-app {__version__}")
    print(f"Thư mục dữ liệu: {paths.resolve_data_dir(args.data_dir)}")
    print(f"Phiên bản lược đồ dữ liệu: {n} ({last})")
    print(f"Đơn vị: {s['agency_name']} ({s['agency_code']}), quầy {s['station']}")
    return EXIT_OK


# --- parser ---------------------------------------------------------------------------------

def build_parser(with_commands: bool = True) -> ViArgumentParser:
    p = ViArgumentParser(
        prog="counter-app",
        description="Ứng dụng một cửa cấp xã: tiếp nhận, theo dõi và trả kết quả hồ sơ thủ tục hành chính.",
    )
    p.add_argument("--version", action="version", version=f"counter-app {__version__}")
    p.add_argument("--data-dir", metavar="DIR", help=f"thư mục dữ liệu (mặc định: biến {paths.ENV_VAR} hoặc thư mục của người dùng)")
    p.add_argument("--demo", action="store_true", help="mở giao diện trên bộ dữ liệu mẫu")
    p.add_argument("--smoke", action="store_true", help="tự kiểm tra: mở giao diện, dựng Mẫu 01 rồi thoát")
    sub = p.add_subparsers(dest="command", metavar="LỆNH", parser_class=ViArgumentParser)

    s = sub.add_parser("init", help="thiết lập trạm lần đầu")
    s.add_argument("--agency-code", required=True, help="mã định danh đơn vị, ví dụ 000.00.06.H56")
    s.add_argument("--agency-name", required=True)
    s.add_argument("--province", required=True)
    s.add_argument("--station", required=True, type=int, help="số quầy 0–9")
    s.add_argument("--admin-user", required=True)
    s.add_argument("--admin-password-stdin", action="store_true", help="đọc mật khẩu quản trị từ đầu vào chuẩn")
    s.add_argument("--admin-full-name")
    s.add_argument("--parent-name", help="dòng trên của tiêu đề, ví dụ UBND XÃ YÊN LẠC")
    s.add_argument("--place-name", help="địa danh in trên giấy tờ")
    s.add_argument("--office-hours", help="giờ làm việc, ví dụ 07:00-11:30,13:30-17:00")
    s.add_argument("--catalogue", metavar="FILE", help="tệp danh mục thủ tục (mặc định: danh mục mẫu)")
    s.add_argument("--encrypt", action="store_true", help="mã hóa cơ sở dữ liệu ngay từ đầu (SQLCipher)")
    s.set_defaults(func=cmd_init)

    s = sub.add_parser("intake", help="tiếp nhận một hồ sơ từ tệp JSON (\"outcome\": receive|guide|refuse|online)")
    s.add_argument("--json", required=True, metavar="FILE", help="tệp JSON hoặc - cho đầu vào chuẩn")
    s.set_defaults(func=cmd_intake)

    s = sub.add_parser("show", help="xem một hồ sơ")
    s.add_argument("code")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_show)

    s = sub.add_parser("due-date", help="tính ngày hẹn trả")
    s.add_argument("--procedure", required=True, metavar="MÃ_TTHC")
    s.add_argument("--received", required=True, metavar="ISO_DATETIME")
    s.set_defaults(func=cmd_due_date)

    s = sub.add_parser("cccd-parse", help="đọc nội dung mã QR CCCD từ đầu vào chuẩn")
    s.set_defaults(func=cmd_cccd_parse)

    s = sub.add_parser("search", help="tìm hồ sơ theo tên, số định danh, mã hồ sơ, số điện thoại")
    s.add_argument("text")
    s.add_argument("--limit", type=int, default=50)
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("catalogue", help="danh mục thủ tục đang áp dụng")
    s.add_argument("--json", action="store_true")
    s.add_argument("--import", dest="import_file", metavar="FILE", help="nhập danh mục từ tệp JSON")
    s.set_defaults(func=cmd_catalogue)

    s = sub.add_parser("info", help="phiên bản và lược đồ dữ liệu")
    s.set_defaults(func=cmd_info)

    # Commands of other capabilities register themselves: each module has
    # ``register(subparsers)`` adding parsers whose ``func(args) -> int`` runs the command
    # (raising UserError for bad input). They live in cli/, the composition root: the core's
    # services never import them.
    import importlib

    for module_name in COMMAND_MODULES if with_commands else ():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # a capability not built yet
        module.register(sub)
    return p


COMMAND_MODULES = (
    "cli.printing",   # print FORM …            (printing issue)
    "cli.scans",      # attach, verify-files, scans prune|fetch|retention (scanning issue)
    "cli.lifecycle",  # transition …             (lifecycle issue)
    "cli.reports",    # report daily|period      (supervisor issue)
    "cli.trust",      # audit, backup, restore   (trust issue)
    "cli.sync",       # sync-setup, sync         (sync issue)
    "cli.users",      # user list|add|disable|enable|reset (accounts, issue 14 item 7)
    "cli.calendar",   # calendar list|set        (calendar provenance, issue 17)
    "cli.online",     # online list|show|receive|guide|refuse (online dossiers, issue 20)
)


def _opens_gui(argv: list[str]) -> bool:
    """True when argv names no command (only options such as --data-dir DIR, --demo)."""
    skip = False
    for a in argv:
        if skip:
            skip = False
        elif a == "--data-dir":
            skip = True
        elif a in ("-h", "--help") or not a.startswith("-"):
            return False
    return True


def _printable(text: str) -> str:
    """A message safe for a UTF-8 stream: a lone surrogate quoted from the input is escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _setup_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):  # pragma: no cover - replaced streams
            pass


def main(argv: list[str] | None = None) -> int:
    _setup_stdio()
    argv = sys.argv[1:] if argv is None else list(argv)
    for a in argv:  # an argument that is not valid text (undecodable bytes) is refused as input
        if any("\ud800" <= ch <= "\udfff" for ch in a):
            sys.stderr.write(f"Lỗi: tham số dòng lệnh «{_printable(a)}» không phải văn bản UTF-8 hợp lệ.\n")
            return EXIT_USAGE
    # Opening the GUI needs none of the command modules (scanning, sync…): skip importing them.
    parser = build_parser(with_commands=not _opens_gui(argv))
    args = parser.parse_args(argv)
    from counter_app import logs

    paths.use_private_umask()  # before the log file or anything else is created

    logs.setup(paths.resolve_data_dir(args.data_dir) if args.command else None)
    try:
        if args.command is None:
            from ui.app import run_gui  # Qt is imported only here

            return run_gui(args)
        if args.demo or args.smoke:
            raise UserError("--demo và --smoke chỉ dùng khi mở giao diện (không kèm lệnh).")
        return args.func(args)
    except UserError as exc:
        sys.stderr.write(f"Lỗi: {_printable(exc.message)}\n")
        return EXIT_USAGE
    except RecursionError:  # input nested deeper than a parser copes with: refused, nothing written
        sys.stderr.write("Lỗi: dữ liệu đầu vào lồng nhau quá sâu.\n")
        return EXIT_USAGE
    except UnicodeDecodeError:  # e.g. bytes on standard input that are not UTF-8
        sys.stderr.write("Lỗi: dữ liệu đầu vào không phải văn bản UTF-8 hợp lệ.\n")
        return EXIT_USAGE
    except Exception:
        log.exception("unexpected error in command %s", args.command)
        sys.stderr.write(
            "Lỗi không mong đợi; chi tiết đã được ghi vào nhật ký (thư mục logs trong thư mục dữ liệu).\n"
        )
        return EXIT_FAIL
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
