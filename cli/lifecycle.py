"""``counter-app transition CODE ACTION [--reason TEXT] [--json FILE]`` — the counter's actions
after intake, with the same rules and messages as the GUI (counter_app.lifecycle).

The step JSON of ``supplement-received`` may list the papers brought as ``components``
[{``name``, ``originals``, ``copies``, ``certified_copies``, ``pages``}] (the intake's shape and
limits): they are added to the dossier's components.

``agreed-extension`` is the lawful extension of a procedure whose catalogue rule allows it
(chứng thực bản sao 2.000815: up to 2 working days, or to a date agreed in writing):
``--days N`` or ``--until ISO`` with ``--reason``; its written agreement prints with
``counter-app print thoa-thuan --dossier CODE --out FILE.pdf`` (counter_app/extension.py).

Status 6 (issue 17): ``obligation --amount N --content TEXT`` (the financial obligation asked),
``obligation-paid --receipt-no NO [--json {"receipt_date": "YYYY-MM-DD"}]`` (paid: back to the
status before); ``unresolvable --reason TEXT`` is the resolving body's "cannot resolve" return
(status 8; the notice prints with ``print tb-kgq``)."""

from __future__ import annotations

from counter_app.errors import UserError


def cmd_transition(args) -> int:
    from counter_app import extension, lifecycle, statuses, timeutil
    from counter_app.accounts import cli_actor
    from .main import open_ready, parse_json, read_input

    actions = (*lifecycle.ACTIONS, extension.ACTION)
    if args.action not in actions:
        raise UserError(f"Thao tác không hợp lệ: \"{args.action}\". Chọn một trong: {', '.join(actions)}.")
    data: dict = {}
    if args.json:
        data = parse_json(read_input(args.json), "Dữ liệu thao tác")
        if not isinstance(data, dict):
            raise UserError("Dữ liệu thao tác phải là một đối tượng JSON.")
    if args.reason is not None:
        data["reason"] = args.reason
    if (args.days is not None or args.until is not None) and args.action != extension.ACTION:
        raise UserError(f"--days và --until chỉ dùng với thao tác {extension.ACTION}.")
    if args.days is not None and args.until is not None:
        raise UserError("Chọn một cách gia hạn: --days (thêm ngày làm việc) hoặc --until (ngày đã thỏa thuận).")
    if args.days is not None:
        data.update(kind="days", days=args.days)
    if args.until is not None:
        data.update(kind="agreement", agreed_due_at=args.until)
    for key in ("amount", "content", "receipt_no"):
        value = getattr(args, key, None)
        if value is not None:
            data[key] = value
    db = open_ready(args)
    try:
        if args.action == extension.ACTION:
            extension.perform(db, args.code, cli_actor(), data)
        else:
            lifecycle.perform(db, args.code, args.action, cli_actor(), data)
        row = db.execute("SELECT status, due_at FROM dossiers WHERE code = ?", [args.code.strip()]).fetchone()
    finally:
        db.close()
    due = timeutil.vn_datetime(timeutil.parse_iso(row[1]))
    print(f"{args.code.strip()}\t{row[0]}\t{statuses.name(row[0])}\thẹn trả {due}")
    return 0


def register(sub) -> None:
    s = sub.add_parser("transition", help="thao tác sau tiếp nhận: supplement, supplement-received, refuse, "
                       "handover, result-received, return, extend, stop, withdraw, agreed-extension, obligation, "
                       "obligation-paid, unresolvable")
    s.add_argument("code", metavar="MÃ_HỒ_SƠ")
    s.add_argument("action", metavar="THAO_TÁC")
    s.add_argument("--reason", metavar="LÝ_DO")
    s.add_argument("--amount", metavar="SỐ_TIỀN", help="obligation: số tiền nghĩa vụ tài chính (đồng)")
    s.add_argument("--content", metavar="NỘI_DUNG", help="obligation: nội dung (ví dụ: Lệ phí trước bạ)")
    s.add_argument("--receipt-no", dest="receipt_no", metavar="SỐ_BIÊN_LAI",
                   help="obligation-paid: số biên lai, chứng từ nộp tiền")
    s.add_argument("--json", metavar="FILE", help="dữ liệu của bước (tệp JSON hoặc -); supplement-received nhận thêm "
                   "\"components\": giấy tờ bổ sung như khi tiếp nhận")
    s.add_argument("--days", type=int, metavar="N", help="agreed-extension: gia hạn thêm N ngày làm việc (theo quy định)")
    s.add_argument("--until", metavar="ISO", help="agreed-extension: ngày hẹn trả đã thỏa thuận bằng văn bản, "
                   "ví dụ 2026-12-10T16:00:00+07:00")
    s.set_defaults(func=cmd_transition)
