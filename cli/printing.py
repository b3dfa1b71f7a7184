"""``counter-app print FORM --dossier CODE --out FILE.pdf`` (Mẫu 07: ``--from``/``--to``; Mẫu 02/03 of
a guidance or refusal before receiving: ``--slip N`` or ``--slip N/YYYY``, or ``--dossier CODE`` of
an online dossier guided or refused here: its slip)."""

from __future__ import annotations

from pathlib import Path

from counter_app.errors import UserError
from counter_app.printouts import FORMS, render_form, render_slip_form, save_pdf


def cmd_print(args) -> int:
    from counter_app import dossiers
    from counter_app.accounts import cli_actor
    from counter_app.validation import parse_iso_date
    from .main import open_ready

    from counter_app.prereceipt import ONLINE_FORM

    if args.slip is None and args.dossier and args.form in ("mau-02", "mau-03"):
        # an online dossier guided or refused here has no dossier: its slip prints the form
        from counter_app import online

        db = open_ready(args)
        try:
            label = online.slip_label(db, args.dossier)
        finally:
            db.close()
        if label is not None:
            args.slip, args.dossier = label, None
    if args.slip is not None and args.form in (*FORMS, ONLINE_FORM):
        return _print_slip(args)
    if args.form not in FORMS:
        if args.form == ONLINE_FORM:
            raise UserError(f"Phiếu {ONLINE_FORM} cần --slip SỐ_PHIẾU (số trong sổ phiếu trước khi tiếp nhận).")
        raise UserError(f"Biểu mẫu không hợp lệ: \"{args.form}\". Chọn một trong: {', '.join(FORMS)}, {ONLINE_FORM}.")
    date_from = date_to = None
    if args.form == "mau-07":
        if not (args.date_from and args.date_to):
            raise UserError("Mẫu 07 (Sổ theo dõi hồ sơ) cần --from và --to (YYYY-MM-DD).")
        date_from = parse_iso_date(args.date_from, "Ngày bắt đầu")
        date_to = parse_iso_date(args.date_to, "Ngày kết thúc")
        if date_to < date_from:
            raise UserError("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
    elif not args.dossier:
        raise UserError(f"Biểu mẫu {args.form} cần --dossier MÃ_HỒ_SƠ.")
    db = open_ready(args)
    try:
        pdf = render_form(db, args.form, args.dossier, date_from, date_to)
        save_pdf(Path(args.out), pdf)
        dossiers.record_print(db, cli_actor(), args.dossier or f"{date_from}..{date_to}", args.form, "cli")
    finally:
        db.close()
    print(f"Đã ghi {args.out} ({len(pdf):,} byte).".replace(",", "."))
    return 0


def _print_slip(args) -> int:
    """Mẫu 02 / Mẫu 03 / the online guide of a slip of the pre-receipt register (no dossier code)."""
    from counter_app import dossiers, prereceipt
    from counter_app.accounts import cli_actor
    from .main import open_ready

    if args.dossier or args.date_from or args.date_to:
        raise UserError("--slip không dùng cùng --dossier, --from hoặc --to.")
    if args.form not in ("mau-02", "mau-03", prereceipt.ONLINE_FORM):
        raise UserError(f"--slip chỉ dùng với mau-02 (hướng dẫn bổ sung), mau-03 (từ chối tiếp nhận) hoặc "
                        f"{prereceipt.ONLINE_FORM} (hướng dẫn nộp trực tuyến), không phải {args.form}.")
    prereceipt.parse_ref(args.slip)  # a bad number is refused before the database is opened
    db = open_ready(args)
    try:
        slip = prereceipt.get_slip(db, args.slip)
        pdf = render_slip_form(db, args.form, slip["label"])
        save_pdf(Path(args.out), pdf)
        # audited under the slip's reference, as the GUI's preview does (ui/intake/outcome.py)
        dossiers.record_print(db, cli_actor(), f"phieu-{slip['number']}-{slip['year']}", args.form, "cli")
    finally:
        db.close()
    print(f"Đã ghi {args.out} ({len(pdf):,} byte).".replace(",", "."))
    return 0


def register(sub) -> None:
    s = sub.add_parser("print", help="in biểu mẫu ra tệp PDF (mau-01 … mau-07, slip)")
    s.add_argument("form", metavar="FORM", help="mau-01 … mau-07, slip, thoa-thuan, tb-kgq (thông báo trả lại hồ sơ không giải quyết) hoặc huong-dan-truc-tuyen (với --slip)")
    s.add_argument("--dossier", metavar="MÃ_HỒ_SƠ")
    s.add_argument("--slip", metavar="SỐ_PHIẾU", help="số phiếu hướng dẫn/từ chối trước khi tiếp nhận (N hoặc N/YYYY)")
    s.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    s.add_argument("--out", required=True, metavar="FILE.pdf")
    s.set_defaults(func=cmd_print)
