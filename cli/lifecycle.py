"""``counter-app transition CODE ACTION [--reason TEXT] [--json FILE]`` — the counter's actions
after intake, with the same rules and messages as the GUI (counter_app.lifecycle).

The step JSON of ``supplement-received`` may list the papers brought as ``components``
[{``name``, ``originals``, ``copies``, ``certified_copies``, ``pages``}] (the intake's shape and
limits): they are added to the dossier's components.

Status 6 (issue 17): ``obligation --amount N --content TEXT`` (the financial obligation asked),
``obligation-paid --receipt-no NO [--json {"receipt_date": "YYYY-MM-DD"}]`` (paid: back to the
status before); ``unresolvable --reason TEXT`` is the resolving body's "cannot resolve" return
(status 8; the notice prints with ``print tb-kgq``)."""

from __future__ import annotations

from counter_app.errors import UserError


def cmd_transition(args) -> int:
    from counter_app import lifecycle, statuses, timeutil
    from counter_app.accounts import cli_actor
    from .main import open_ready, parse_json, read_input

    if args.action not in lifecycle.ACTIONS:
        raise UserError(f"Thao tác không hợp lệ: \"{args.action}\". Chọn một trong: {', '.join(lifecycle.ACTIONS)}.")
    data: dict = {}
    if args.json:
        data = parse_json(read_input(args.json), "Dữ liệu thao tác")
        if not isinstance(data, dict):
            raise UserError("Dữ liệu thao tác phải là một đối tượng JSON.")
    for key in ("reason", "amount", "content", "receipt_no"):
        value = getattr(args, key, None)
        if value is not None:
            data[key] = value
    db = open_ready(args)
    try:
        lifecycle.perform(db, args.code, args.action, cli_actor(), data)
        row = db.execute("SELECT status, due_at FROM dossiers WHERE code = ?", [args.code.strip()]).fetchone()
    finally:
        db.close()
    due = timeutil.vn_datetime(timeutil.parse_iso(row[1]))
    print(f"{args.code.strip()}\t{row[0]}\t{statuses.name(row[0])}\thẹn trả {due}")
    return 0


def register(sub) -> None:
    s = sub.add_parser("transition", help="thao tác sau tiếp nhận: supplement, supplement-received, refuse, "
                       "handover, result-received, return, extend, stop, withdraw, obligation, obligation-paid, "
                       "unresolvable")
    s.add_argument("code", metavar="MÃ_HỒ_SƠ")
    s.add_argument("action", metavar="THAO_TÁC")
    s.add_argument("--reason", metavar="LÝ_DO")
    s.add_argument("--amount", metavar="SỐ_TIỀN", help="obligation: số tiền nghĩa vụ tài chính (đồng)")
    s.add_argument("--content", metavar="NỘI_DUNG", help="obligation: nội dung (ví dụ: Lệ phí trước bạ)")
    s.add_argument("--receipt-no", dest="receipt_no", metavar="SỐ_BIÊN_LAI",
                   help="obligation-paid: số biên lai, chứng từ nộp tiền")
    s.add_argument("--json", metavar="FILE", help="dữ liệu của bước (tệp JSON hoặc -); supplement-received nhận thêm "
                   "\"components\": giấy tờ bổ sung như khi tiếp nhận")
    s.set_defaults(func=cmd_transition)
