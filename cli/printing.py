"""``counter-app print FORM --dossier CODE --out FILE.pdf`` (Mẫu 07: ``--from``/``--to``)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import UserError

FORMS = ("mau-01", "mau-02", "mau-03", "mau-04", "mau-05", "mau-06", "mau-07", "slip")


def write_atomically(path: Path, data: bytes) -> None:
    """Write a temp file beside ``path``, fsync, rename: never a half-written PDF."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path} là một thư mục; hãy chỉ ra tên tệp PDF.")
    if not path.parent.exists():
        raise UserError(f"Không có thư mục {path.parent}.")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"Không ghi được tệp {path}: {exc.strerror}") from None


def render_form(db, form_id: str, code: str | None, date_from=None, date_to=None) -> bytes:
    """PDF bytes of ``form_id`` for dossier ``code`` (or the register for a date range)."""
    import printing

    from . import dossiers

    settings = dossiers.print_settings(db)
    if form_id == "mau-07":
        return printing.render_register(dossiers.register_data(db, date_from, date_to), settings,
                                        date_from.isoformat(), date_to.isoformat())
    data = dossiers.form_data(db, code, form_id)
    if form_id == "slip":
        return printing.render_slip(data, settings)
    return printing.render(form_id, data, settings)


def cmd_print(args) -> int:
    from . import dossiers
    from .accounts import cli_actor
    from .cli import open_ready
    from .validation import parse_iso_date

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
        write_atomically(Path(args.out), pdf)
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
