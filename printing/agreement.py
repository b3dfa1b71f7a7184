"""The written agreement on a lawful extension of the time limit (văn bản thỏa thuận gia hạn),
e.g. chứng thực bản sao from many originals, many pages or many copies (Điều 21 Nghị định
23/2015/NĐ-CP): an A5 slip in two copies, one for the citizen, one kept with the dossier.

Not one of the numbered one-stop forms (Mẫu 01–07): its wording lives here. The legal basis
printed is the catalogue's (``extension.basis``), so a province corrects it without code.
Input: :func:`counter_app.extension.form_data` (a dossier detail with ``step``).
"""

from __future__ import annotations

import io
from typing import Any

from . import formsets
from .forms import _canvas, _context, _header, _page_spec, _person, _s
from .layout import Flow, SigBlock
from .vntext import DOTS, long_date, time_long

TITLE = "VĂN BẢN THỎA THUẬN GIA HẠN THỜI HẠN GIẢI QUYẾT"
COPIES = ("Liên 1: Giao người yêu cầu", "Liên 2: Lưu hồ sơ")
KIND_TEXT = {
    "days": "Gia hạn thêm {days} ngày làm việc theo quy định.",
    "agreement": "Gia hạn đến ngày đã thỏa thuận bằng văn bản giữa hai bên.",
}


def _two(n: Any) -> str:
    try:
        return f"{int(n):02d}"
    except (TypeError, ValueError):
        return DOTS


def render_agreement(dossier: dict, settings: dict | None) -> bytes:
    """PDF bytes of the written-agreement slip for ``dossier`` (with ``step``: the extension)."""
    settings = dict(settings or {})
    fs = formsets.load(settings.get("form_set"))
    spec = _page_spec(fs, "A5")
    step = dossier.get("step") or {}
    ctx = _context(dossier, settings)
    applicant = _person(dossier.get("applicant"))
    buf = io.BytesIO()
    c = _canvas(buf, (spec.width, spec.height), f"{TITLE.capitalize()} – {ctx['code']}", settings, fs)
    previous = step.get("previous_due_at") or dossier.get("original_due_at")
    for copy_label in COPIES:
        flow = Flow(c, spec, size=9.0)
        _header(flow, fs, settings, step.get("at"), None)
        flow.title(TITLE, size=10.5, space_before=2)
        flow.paragraph(copy_label, style="I", align="center", space_after=4)
        flow.paragraph(f"Căn cứ {_s(step.get('basis')) or DOTS};", first_indent=14, space_after=2)
        flow.paragraph([("Hôm nay, ", "R"), (long_date(step.get("at")) if step.get("at") else DOTS, "R"),
                        (", tại ", "R"), (ctx["agency"], "R"), (", chúng tôi gồm:", "R")],
                       first_indent=14, space_after=2)
        flow.paragraph([("Bên tiếp nhận: ", "B"), (ctx["agency"], "R"), ("; người tiếp nhận: ", "R"),
                        (_s(step.get("actor")) or _s(dossier.get("received_by")) or DOTS, "R")], space_after=1)
        flow.paragraph([("Người yêu cầu: ", "B"), (f"{ctx['honorific']} {ctx['applicant'] or DOTS}", "R"),
                        ("; số định danh cá nhân: ", "R"), (_s(applicant.get("id_number")) or DOTS, "R")],
                       space_after=3)
        flow.paragraph([("Hồ sơ: ", "R"), (ctx["procedure"] or DOTS, "B"), ("; mã hồ sơ: ", "R"),
                        (ctx["code"] or DOTS, "B"), ("; tiếp nhận ", "R"), (ctx["received"] or DOTS, "R"), (".", "R")],
                       space_after=2)
        flow.paragraph([("Thời hạn trả kết quả đã hẹn: ", "R"), (time_long(previous) if previous else DOTS, "R"), (".", "R")])
        flow.paragraph([("Lý do gia hạn: ", "R"), (_s(step.get("reason")) or DOTS, "R"), (".", "R")])
        kind = step.get("kind")
        flow.paragraph(KIND_TEXT.get(kind, DOTS).format(days=_two(step.get("days"))), space_after=2)
        flow.paragraph([("Hai bên thống nhất thời hạn trả kết quả mới: ", "R"),
                        (time_long(step.get("new_due_at")) if step.get("new_due_at") else DOTS, "B"), (".", "R")],
                       space_after=2)
        flow.paragraph("Văn bản này lập thành hai liên có giá trị như nhau, mỗi bên giữ một liên./.",
                       first_indent=14)
        flow.signatures([
            SigBlock([("NGƯỜI YÊU CẦU", "B"), ("(Ký và ghi rõ họ tên)", "I")], name=ctx["applicant"], space=34),
            SigBlock([("NGƯỜI TIẾP NHẬN", "B"), ("(Ký và ghi rõ họ tên)", "I")],
                     name=_s(step.get("actor")) or _s(dossier.get("received_by")), space=34),
        ], space_before=6)
        flow.finish()
    c.save()
    return buf.getvalue()
