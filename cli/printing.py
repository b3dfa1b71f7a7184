"""``counter-app print FORM --dossier CODE --out FILE.pdf`` (Mẫu 07: ``--from``/``--to``)."""

from __future__ import annotations

from pathlib import Path

from counter_app.errors import UserError
from counter_app.printouts import FORMS, render_form, save_pdf


def cmd_print(args) -> int:
    from counter_app import dossiers
    from counter_app.accounts import cli_actor
    from counter_app.validation import parse_iso_date
    from .main import open_ready

    if args.form not in FORMS:
        raise UserError(f"Biểu mẫu không hợp lệ: \"{args.form}\". Chọn một trong: {', '.join(FORMS)}.")
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


def register(sub) -> None:
    s = sub.add_parser("print", help="in biểu mẫu ra tệp PDF (mau-01 … mau-07, slip)")
    s.add_argument("form", metavar="FORM", help="mau-01 … mau-07 hoặc slip")
    s.add_argument("--dossier", metavar="MÃ_HỒ_SƠ")
    s.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    s.add_argument("--out", required=True, metavar="FILE.pdf")
    s.set_defaults(func=cmd_print)
