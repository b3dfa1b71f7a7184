"""Printed forms of the one-stop counter, Qt-free: dossier data in, PDF bytes out.

    from printing import FORMS, render, render_register, render_slip
    pdf = render("mau-01", dossier, settings)          # two copies: Liên 1 / Liên 2
    pdf = render_register(dossiers, settings, "2026-11-01", "2026-11-30")
    pdf = render_slip(dossier, settings)               # 80 mm thermal roll

The form set (numbering, titles, wording, paper) is data in ``printing.formsets``,
chosen by ``settings["form_set"]`` ("tt03_2025" by default, or "tt01_2018").
"""

from .agreement import render_agreement
from .forms import FORMS, forms_for, render, render_register, render_slip
from .formsets import AVAILABLE as FORM_SETS

__all__ = ["FORMS", "FORM_SETS", "forms_for", "render", "render_agreement", "render_register", "render_slip"]
