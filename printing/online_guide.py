"""The guide to submitting online (phiếu hướng dẫn nộp hồ sơ trực tuyến, issue 20 scope 2).

When a citizen at the counter could submit the procedure on the portal, the clerk guides them
there instead of receiving on paper: this A5 sheet names the procedure and its code, carries the
procedure's portal link as a QR code and in words, and lists the steps. Not one of the numbered
one-stop forms: its wording lives here. The link comes from the station's setting
``portal_procedure_url_template`` (``counter_app.prereceipt.portal_link``).

Input: :func:`counter_app.prereceipt.online_guide_data`.
"""

from __future__ import annotations

import io

from . import formsets
from .codes import draw_qr
from .forms import _canvas, _header, _page_spec, _s
from .layout import Flow, SigBlock
from .vntext import DOTS

TITLE = "PHIẾU HƯỚNG DẪN NỘP HỒ SƠ TRỰC TUYẾN"
STEPS = (
    "Truy cập Cổng Dịch vụ công bằng đường liên kết dưới đây (hoặc quét mã QR bằng điện thoại), "
    "đăng nhập bằng tài khoản định danh điện tử VNeID.",
    "Chọn thủ tục có mã {code}; điền tờ khai trực tuyến theo hướng dẫn trên Cổng.",
    "Tải lên bản chụp hoặc bản điện tử các giấy tờ trong thành phần hồ sơ; nộp hồ sơ.",
    "Nộp phí, lệ phí trực tuyến (nếu có); theo dõi tình trạng và nhận kết quả trên Cổng hoặc ứng dụng VNeID.",
)


def render_online_guide(data: dict, settings: dict | None) -> bytes:
    """PDF bytes of the guide for ``data`` (procedure, link, clerk, at, number, applicant name)."""
    settings = dict(settings or {})
    fs = formsets.load(settings.get("form_set"))
    spec = _page_spec(fs, "A5")
    proc = data.get("procedure") or {}
    code = _s(proc.get("code"))
    link = _s(data.get("link"))
    buf = io.BytesIO()
    c = _canvas(buf, (spec.width, spec.height), f"{TITLE.capitalize()} – {code}", settings, fs)
    flow = Flow(c, spec, size=9.5)
    _header(flow, fs, settings, data.get("at"), data.get("number"))
    flow.title(TITLE, size=11, space_before=2, space_after=4)
    who = _s(data.get("applicant_name"))
    flow.paragraph([("Kính gửi: ", "R"), (f"Ông/Bà {who}" if who else "Ông/Bà " + DOTS, "B")], space_after=3)
    flow.paragraph([("Thủ tục hành chính: ", "R"), (_s(proc.get("name")) or DOTS, "B"),
                    (f" (mã {code})" if code else "", "R"), (".", "R")], space_after=2)
    flow.paragraph("Thủ tục này có thể nộp trực tuyến, không phải đến Bộ phận Một cửa. Ông/Bà thực hiện như sau:",
                   space_after=3)
    for i, step in enumerate(STEPS, 1):
        flow.paragraph(f"{i}. {step.format(code=code or DOTS)}", indent=12, first_indent=0, space_after=1.5)
    if link:
        q = 34 * 2.8346  # 34 mm
        flow.drawing(q, q, lambda x, y: draw_qr(c, link, x, y, q), space_before=4, space_after=2)
        flow.paragraph(link, size=8, align="center", space_after=4)
    else:
        flow.paragraph("(Trạm chưa thiết lập đường liên kết Cổng Dịch vụ công của thủ tục.)", style="I",
                       align="center", space_before=4, space_after=4)
    note = _s(data.get("note"))
    if note:
        flow.paragraph([("Ghi chú: ", "B"), (note, "R")], space_after=2)
    phone = _s(settings.get("phone"))
    flow.paragraph("Cần hỗ trợ, Ông/Bà liên hệ Bộ phận Một cửa" + (f", điện thoại {phone}." if phone else "."),
                   style="I", space_after=2)
    flow.signatures([SigBlock([("NGƯỜI HƯỚNG DẪN", "B"), ("(Ký và ghi rõ họ tên)", "I")],
                              name=_s(data.get("clerk")), space=30)], space_before=4)
    flow.finish()
    c.save()
    return buf.getvalue()
