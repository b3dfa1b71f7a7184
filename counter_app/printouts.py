"""Printouts (Qt-free): a form of a dossier as PDF bytes, and saving it to a file.

Used by the command line (``counter-app print``) and by the GUI's print preview; the print
itself is audited with :func:`counter_app.dossiers.record_print`.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UserError
from .fsutil import write_atomically

FORMS = ("mau-01", "mau-02", "mau-03", "mau-04", "mau-05", "mau-06", "mau-07", "slip", "thoa-thuan", "tb-kgq")


def render_form(db, form_id: str, code: str | None, date_from=None, date_to=None) -> bytes:
    """PDF bytes of ``form_id`` for dossier ``code`` (or the register for a date range)."""
    import printing

    from . import dossiers

    settings = dossiers.print_settings(db)
    if form_id == "thoa-thuan":  # the written agreement of a lawful extension (counter_app/extension.py)
        from . import extension

        return printing.render_agreement(extension.form_data(db, code), settings)
    if form_id == "mau-07":
        return printing.render_register(dossiers.register_data(db, date_from, date_to), settings,
                                        date_from.isoformat(), date_to.isoformat())
    data = dossiers.form_data(db, code, form_id)
    if form_id == "slip":
        return printing.render_slip(data, settings)
    return printing.render(form_id, data, settings)


def render_slip_form(db, form_id: str, ref) -> bytes:
    """PDF bytes of Mẫu 02 or Mẫu 03 for a slip of the pre-receipt register (``ref``: "N" or
    "N/YYYY"): the same form templates as after receipt, with no dossier code."""
    import printing

    from . import dossiers, prereceipt

    if form_id == prereceipt.ONLINE_FORM:
        from printing.online_guide import render_online_guide

        return render_online_guide(prereceipt.online_guide_data(db, ref), dossiers.print_settings(db))
    if form_id not in ("mau-02", "mau-03"):
        raise UserError(f"Phiếu hướng dẫn, từ chối tiếp nhận chỉ in được mau-02, mau-03 hoặc "
                        f"{prereceipt.ONLINE_FORM}, không phải {form_id}.")
    return printing.render(form_id, prereceipt.slip_form_data(db, ref, form_id), dossiers.print_settings(db))


def save_pdf(path: Path, pdf: bytes) -> None:
    """Write ``pdf`` to ``path`` atomically (never a half-written PDF)."""
    write_atomically(path, pdf, what="tệp PDF")
