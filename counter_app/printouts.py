"""Printouts (Qt-free): a form of a dossier as PDF bytes, and saving it to a file.

Used by the command line (``counter-app print``) and by the GUI's print preview; the print
itself is audited with :func:`counter_app.dossiers.record_print`.
"""

from __future__ import annotations

from pathlib import Path

from .fsutil import write_atomically

FORMS = ("mau-01", "mau-02", "mau-03", "mau-04", "mau-05", "mau-06", "mau-07", "slip")


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


def save_pdf(path: Path, pdf: bytes) -> None:
    """Write ``pdf`` to ``path`` atomically (never a half-written PDF)."""
    write_atomically(path, pdf, what="tệp PDF")
