"""The one-stop forms as pure functions: (dossier dict, settings dict) -> PDF bytes.

Which forms exist, their numbers, titles, paper and wording come from the versioned form
set named by ``settings["form_set"]`` (``printing.formsets``); this module holds one
layout function per *kind* of form and never a title or sentence of its own.

Output is deterministic: reportlab runs with ``invariant=1`` (fixed dates and document
id) and nothing here reads the clock, so equal input gives byte-identical PDFs.
"""

from __future__ import annotations

import io
from typing import Any, Callable, Sequence

from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from . import formsets
from .codes import code128_width, draw_code128, draw_qr, lookup_target
from .fonts import ITALIC, REGULAR, register_fonts
from .layout import Cell, Column, Flow, Group, PageSpec, SigBlock, text_width
from .vntext import (
    DOTS,
    long_date,
    money,
    money_words,
    nfc,
    parse_dt,
    place_date,
    procedure_time,
    short_date,
    time_long,
    time_of_day,
    two_digits,
)

__all__ = ["FORMS", "forms_for", "render", "render_register", "render_slip"]

# ---------------------------------------------------------------------------------------
# small helpers


class _Fill(dict):
    """format_map source: unknown or empty placeholders print as a dotted blank."""

    def __missing__(self, key: str) -> str:
        return DOTS


def _fmt(template: str, ctx: dict) -> str:
    return nfc(template).format_map(_Fill({k: v for k, v in ctx.items() if v not in (None, "")}))


def _s(value: Any) -> str:
    return nfc(value).strip() if value not in (None,) else ""


def _person(d: dict | None) -> dict:
    return d if isinstance(d, dict) else {}


def _honorific(person: dict) -> str:
    sex = _s(person.get("sex")).lower()
    if sex in ("nam", "male", "m"):
        return "Ông"
    if sex in ("nữ", "nu", "female", "f"):
        return "Bà"
    return "Ông/Bà"


def _agency(settings: dict) -> str:
    return _s(settings.get("agency_name")) or _s(settings.get("unit_label")) or DOTS


def _context(dossier: dict, settings: dict) -> dict:
    applicant = _person(dossier.get("applicant"))
    step = dossier.get("step") or {}
    proc = dossier.get("procedure") or {}
    due = dossier.get("due_at")
    return {
        "agency": _agency(settings),
        "unit_label": _s(settings.get("unit_label")) or "Bộ phận tiếp nhận và trả kết quả",
        "applicant": _s(applicant.get("full_name")),
        "honorific": _honorific(applicant),
        "procedure": _s(proc.get("name")),
        "code": _s(dossier.get("code")),
        "received": long_date(dossier.get("received_at")) if dossier.get("received_at") else "",
        # Mẫu 04: the appointment the letter moves (the citizen's before it), else Mẫu 01's
        "original_due": time_long(step.get("previous_due_at") or issued_due(dossier)) if (
            step.get("previous_due_at") or issued_due(dossier)) else "",
        "new_due": time_long(step.get("new_due_at") or due) if (step.get("new_due_at") or due) else "",
        "reason": _s(step.get("reason")),
        "guide_name": _s(step.get("guide_name")) or _s(dossier.get("received_by")),
        "guide_phone": _s(step.get("guide_phone")) or _s(settings.get("phone")),
        "phone": _s(settings.get("phone")),
        "resolving_unit": _s(dossier.get("resolving_unit")) or _agency(settings),
    }


DUE_NEW = "Hẹn trả kết quả mới (đã điều chỉnh): "


def short_time(value: Any) -> str:
    dt = parse_dt(value)
    return dt.strftime("%H:%M, %d/%m/%Y") if dt else ""


def _step_date(dossier: dict, statuses: Sequence[int], fallback_received: bool) -> Any:
    """Date printed in the header of a later-step form: step["at"], else the latest
    history entry with one of ``statuses``, else (forms issued at the counter on the
    day of receipt) the receipt time, else None (printed as a dotted blank)."""
    step = dossier.get("step") or {}
    if step.get("at"):
        return step["at"]
    for h in reversed(_sorted_history(dossier)):
        if h.get("status") in statuses and h.get("at"):
            return h["at"]
    return dossier.get("received_at") if fallback_received else None


def issued_due(dossier: dict) -> Any:
    """The appointment issued on Mẫu 01 (never moved; ``NgayHenTra``)."""
    return dossier.get("issued_due_at") or dossier.get("original_due_at") or dossier.get("due_at")


def moved_due(dossier: dict) -> Any:
    """The citizen's current appointment when it differs from Mẫu 01's (an apology letter, a
    supplement pause), else None: reprints show both (docs/due-dates.md)."""
    due, issued = parse_dt(dossier.get("due_at")), parse_dt(issued_due(dossier))
    return dossier.get("due_at") if due and issued and due != issued else None


def _page_spec(form_set: dict, paper: str) -> PageSpec:
    p = form_set["papers"][paper]
    size = {"A5": A5, "A4": A4}[p["size"]]
    if p.get("orientation") == "landscape":
        size = landscape(size)
    return PageSpec.from_mm(size, p["margins_mm"])


# Compressed streams are written as binary, not also ASCII85-encoded (reportlab's default, done
# in Python): 20 % smaller files and ~0.6 s less for a month's register (docs/performance.md).
rl_config.useA85 = 0


def _canvas(buf: io.BytesIO, size: tuple[float, float], title: str, settings: dict,
            form_set: dict) -> Canvas:
    register_fonts()
    c = Canvas(buf, pagesize=size, invariant=1, pageCompression=1,
               initialFontName=REGULAR, initialFontSize=9)
    c.setTitle(nfc(title))
    c.setAuthor(_agency(settings))
    c.setSubject(nfc(form_set["legal_basis"]))
    c.setCreator("counter-app printing")
    return c


def _labels(form_set: dict) -> dict:
    return form_set["labels"]


_SPLIT = 0.48  # share of the width taken by the left header column
_ADMIN_UNITS = (" XÃ ", " PHƯỜNG ", " ĐẶC KHU ", " THỊ TRẤN ", " HUYỆN ", " QUẬN ", " TỈNH ",
                " THÀNH PHỐ ")


def _agency_header_text(name: str, column_width: float, size: float) -> str:
    """Upper-case agency name; when it needs two lines, break before its place name
    ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG" / "XÃ YÊN LẠC")."""
    upper = name.upper()
    if text_width(upper, "B", size * 0.88) <= column_width:
        return upper
    cut = max(upper.rfind(u) for u in _ADMIN_UNITS)
    if cut > 0:
        return upper[:cut] + "\n" + upper[cut + 1:]
    return upper


def _header(flow: Flow, form_set: dict, settings: dict, date_value: Any,
            number: Any = None, scale: float = 1.0) -> None:
    """The two-column national header shared by the forms."""
    L = _labels(form_set)
    parent = _s(settings.get("parent_name"))
    unit = _agency(settings)
    left: list = []
    if parent:
        left.append((parent.upper(), "R", 8.0 * scale, False))
    left.append((_agency_header_text(unit, flow.width * _SPLIT - 3, 8.0 * scale), "B",
                 8.0 * scale, 0.4))
    right = [(L["republic"], "B", 8.0 * scale, False), (L["motto"], "B", 8.5 * scale, True)]
    suffix = _s(settings.get("doc_number_suffix"))
    num = _s(number) or "……"
    number_text = f"{L['number']}: {num}/{suffix}" if suffix else f"{L['number']}: {num}"
    flow.header(
        left,
        right,
        (number_text, "R", 8.5 * scale),
        (place_date(_s(settings.get("place_name")), date_value), "I", 8.5 * scale),
        split=_SPLIT,
    )


def _contact_line(flow: Flow, L: dict, person: dict) -> None:
    phone = _s(person.get("phone")) or DOTS
    email = _s(person.get("email")) or DOTS
    flow.paragraph([(f"{L['phone']}: ", "R"), (phone, "R"), (f"     {L['email']}: ", "R"),
                    (email, "R")])


def _signature_blocks(form: dict, form_set: dict, names: dict, titles: dict | None = None) -> list[SigBlock]:
    """``titles``: a station's own title for a signer (by the signer's ``name`` key), one line
    per line of text, in place of the form set's (e.g. "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH")."""
    L = _labels(form_set)
    blocks = []
    for sig in form.get("signatures", []):
        if sig.get("kind") == "recipients":
            lines = [(L["recipients"], "BI")] + [(t, "R") for t in L["recipients_items"]]
            blocks.append(SigBlock(lines, space=0, align="left", size=7.5, weight=0.9))
            continue
        lines = []
        own = _s((titles or {}).get(sig.get("name") or "")).strip()
        if own:
            lines.extend((t.strip(), "B") for t in own.splitlines() if t.strip())
        elif sig.get("title"):
            lines.append((sig["title"], "B"))
        if sig.get("subtitle"):
            lines.append((sig["subtitle"], "I"))
        name = names.get(sig.get("name") or "", "")
        blocks.append(SigBlock(lines, name=name, space=38 if lines else 0))
    return blocks


def _doc_number(dossier: dict) -> Any:
    step = dossier.get("step") or {}
    return step.get("doc_number") or dossier.get("doc_number")


# ---------------------------------------------------------------------------------------
# Mẫu 01: receipt and appointment (two copies)


def _receipt(c: Canvas, form_set: dict, form: dict, dossier: dict, settings: dict,
             copies_labels: bool) -> None:
    L = _labels(form_set)
    lines = form["lines"]
    spec = _page_spec(form_set, form["paper"])
    ctx = _context(dossier, settings)
    code = ctx["code"]
    applicant = _person(dossier.get("applicant"))
    owner = _person(dossier.get("owner"))
    proc = dossier.get("procedure") or {}
    target = lookup_target(code, settings.get("lookup_url_template")) if code else ""
    copies = list(form.get("copies") or [None]) if copies_labels else [None]

    bar_w = 0.75
    bar_h = 20.0
    qr_size = 21 * mm
    caption = nfc(form.get("qr_caption", ""))

    for copy_label in copies:
        def page_start(flow: Flow, copy_label=copy_label) -> None:
            text = _fmt(L["continuation"], {"code": code, "copy": copy_label or "",
                                            "page": flow.page}).replace(" –  – ", " – ")
            flow.paragraph(text, style="I", size=7.5, align="right", space_after=3)

        def page_end(flow: Flow, continued: bool) -> None:
            if continued:
                t = nfc(L["continued"])
                flow.c.setFont(ITALIC, 7.5)
                w = text_width(t, "I", 7.5)
                flow.c.drawString(flow.x0 + flow.width - w, flow.bottom - 10, t)

        flow = Flow(c, spec, size=8.8, on_page_start=page_start, on_page_end=page_end)
        _header(flow, form_set, settings, dossier.get("received_at"), _doc_number(dossier))
        flow.title(form["title"], size=11.0, space_before=2)
        if copy_label:
            flow.paragraph(copy_label, style="I", align="center")
        if code:
            # Code128, drawn once per document as a Form XObject
            bw = code128_width(code, bar_w)
            flow.form_once("barcode", bw, bar_h,
                           lambda cv: draw_code128(cv, code, 0, 0, bar_w, bar_h))
            flow.drawing(bw, bar_h, lambda x, y: flow.place_form("barcode", x, y),
                         space_before=3, space_after=2)
        flow.paragraph([(f"{L['code']}: ", "R"), (code or DOTS, "B")], align="center",
                       space_after=3)
        if target:
            cap_h = 9.0 if caption else 0.0
            flow.form_once("qr", qr_size, qr_size, lambda cv: draw_qr(cv, target, 0, 0, qr_size))

            def draw_qr_box(x: float, y: float) -> None:
                flow.place_form("qr", x, y + cap_h)
                if caption:
                    cw = text_width(caption, "I", 6.5)
                    c.setFont(ITALIC, 6.5)
                    c.drawString(x + (qr_size - cw) / 2, y + 2, caption)

            flow.float_right(qr_size, qr_size + cap_h, draw_qr_box)

        flow.field(ctx["unit_label"], ctx["agency"])
        flow.field(L["applicant"], ctx["applicant"], value_style="B")
        owner_name = _s(owner.get("full_name"))
        if owner_name and owner_name != ctx["applicant"]:
            flow.field(L["owner"], owner_name, value_style="B")
        flow.field(L["id_number"], _s(applicant.get("id_number")))
        flow.field(L["address"], _s(applicant.get("address")))
        _contact_line(flow, L, applicant)
        flow.field(L["request"], ctx["procedure"], value_style="B")

        flow.paragraph(lines["components"], style="B", space_before=1)
        comps = sorted(dossier.get("components") or [], key=lambda x: x.get("position") or 0)
        cols = [Column(t, w, a) for t, w, a in zip(
            form["table"], (0.55, 4.4, 0.95, 0.95, 1.15, 0.9),
            ("center", "left", "center", "center", "center", "center"))]

        def num(v: Any) -> str:
            return str(v) if v not in (None, 0, "0", "") else ""

        rows = [[str(i), _s(comp.get("name")), num(comp.get("originals")), num(comp.get("copies")),
                 num(comp.get("certified_copies")), num(comp.get("pages"))]
                for i, comp in enumerate(comps, 1)]
        if not rows:
            rows = [["", "", "", "", "", ""]]
        flow.table(cols, rows, size=8.0, header_size=7.3, space_before=1, space_after=3)

        flow.paragraph(_fmt(lines["sets"], {"sets": two_digits(dossier.get("sets_count") or 1)}))
        flow.paragraph([(lines["time"], "R"), (procedure_time(proc, dossier.get("received_at"), issued_due(dossier)) or DOTS, "B")])
        flow.paragraph([(lines["received"], "R"), (time_of_day(dossier.get("received_at")), "R")])
        flow.paragraph([(lines["due"], "R"), (time_of_day(issued_due(dossier)), "B")])
        if moved_due(dossier):  # a reprint after an apology letter / a supplement pause
            flow.paragraph([(lines.get("due_new", DUE_NEW), "R"), (time_of_day(moved_due(dossier)), "B")])
        if dossier.get("return_method") == "post":
            addr = _s(dossier.get("return_address")) or _s(applicant.get("address"))
            where = _fmt(lines["return_post"], {"address": addr})
        else:
            where = _fmt(lines["return_counter"], ctx)
        flow.paragraph([(lines["return"], "R"), (where, "R")])

        fees = dossier.get("fees") or []
        if fees:
            total = dossier.get("fee_total")
            if total in (None, ""):
                total = sum(float(f.get("amount") or 0) for f in fees)
            words = _s(dossier.get("fee_total_words")) or money_words(total)
            flow.paragraph([(f"{L['fees']}: ", "R"), (f"{money(total)} đồng", "B"),
                            (f" ({L['fees_words']}: {words})", "I")])
            exemption = dossier.get("exemption") or None
            if len(fees) > 1:  # one line a fee; an exempted one says how much it was
                for f in fees:
                    flow.paragraph(f"- {_s(f.get('name'))}: {money(f.get('amount') or 0)} đồng"
                                   + (f" ({_s(f.get('detail'))})" if exemption and f.get("name") in exemption.get("fees", ())
                                      else ""), size=8.0, indent=10)
            if exemption:
                _exemption_lines(flow, L, exemption)

        reg = dossier.get("register") or {}
        flow.paragraph([(f"{L['register']}: ", "R"), (_s(reg.get("book")) or DOTS, "B"),
                        (f"     {L['register_line']}: ", "R"),
                        (_s(reg.get("line")) or DOTS, "B")])

        names = {"applicant": ctx["applicant"], "received_by": _s(dossier.get("received_by"))}
        flow.signatures(_signature_blocks(form, form_set, names), space_before=4)
        notes = [_fmt(n, ctx) for n in form.get("notes", [])]
        if notes:
            flow.notes(L["notes"], notes, size=7.2)
        flow.finish()


def _exemption_lines(flow: Flow, L: dict, exemption: dict) -> None:
    """Mẫu 01's fee exemption: who, how much, the basis and the proof the clerk recorded
    (counter_app/exemptions.py)."""
    percent = int(exemption.get("percent") or 0)
    how = L.get("fee_exempt", "Miễn") if percent >= 100 else _fmt(L.get("fee_reduced", "Giảm {percent}%"),
                                                                   {"percent": percent})
    flow.paragraph([(f"{L.get('fee_exemption', 'Miễn, giảm phí, lệ phí')}: ", "R"),
                    (f"{how} – {_s(exemption.get('who'))}", "B"),
                    (f" ({L.get('fee_before', 'số tiền trước miễn, giảm')}: {money(exemption.get('fee_before') or 0)} đồng)",
                     "R")])
    flow.paragraph(f"{L.get('fee_basis', 'Căn cứ')}: {_s(exemption.get('basis'))}; "
                   f"{L.get('fee_proof', 'giấy tờ chứng minh')}: {_s(exemption.get('proof'))}.", size=8.0, indent=10)


# ---------------------------------------------------------------------------------------
# Mẫu 02, 03, 04, 05: letters


def _applicant_block(flow: Flow, L: dict, ctx: dict, applicant: dict, applicant_label: str,
                     request_first: bool = False) -> None:
    flow.field(ctx["unit_label"], ctx["agency"])
    flow.field(applicant_label, ctx["applicant"], value_style="B")
    if request_first:
        flow.field(L["request"], ctx["procedure"], value_style="B")
    flow.field(L["address"], _s(applicant.get("address")))
    _contact_line(flow, L, applicant)
    if not request_first:
        flow.field(L["request"], ctx["procedure"], value_style="B")


def _code_line(flow: Flow, L: dict, code: str) -> None:
    if code:
        flow.paragraph([(f"{L['code']}: ", "R"), (code, "B")], align="center", space_after=4)
    else:
        flow.space(4)


def _supplement(c, form_set, form, dossier, settings, copies_labels) -> None:
    L = _labels(form_set)
    lines = form["lines"]
    ctx = _context(dossier, settings)
    step = dossier.get("step") or {}
    applicant = _person(dossier.get("applicant"))
    flow = Flow(c, _page_spec(form_set, form["paper"]), size=9.0)
    _header(flow, form_set, settings, _step_date(dossier, (5,), True), _doc_number(dossier))
    flow.title(form["title"])
    _code_line(flow, L, ctx["code"])
    _applicant_block(flow, L, ctx, applicant, _fmt(lines["applicant"], ctx), request_first=True)
    flow.paragraph(_fmt(lines["intro"], ctx), space_before=2)
    cols = [Column(t, w, a) for t, w, a in zip(
        form["table"], (0.55, 4.6, 1.0, 1.15, 0.9), ("center", "left", "center", "center", "center"))]

    def num(v: Any) -> str:
        return str(v) if v not in (None, 0, "0", "") else ""

    items = step.get("missing_items") or []
    rows = [[str(i), _s(it.get("name")), num(it.get("originals")), num(it.get("certified_copies")),
             num(it.get("copies"))] for i, it in enumerate(items, 1)] or [["", "", "", "", ""]]
    flow.table(cols, rows, size=8.3, header_size=7.5)
    flow.field(L["reason"], ctx["reason"])
    flow.paragraph(_fmt(lines["closing"], ctx), space_before=2)
    names = {"guide_name": ctx["guide_name"]}
    flow.signatures(_signature_blocks(form, form_set, names), space_before=6)
    flow.finish()


def _refusal(c, form_set, form, dossier, settings, copies_labels) -> None:
    L = _labels(form_set)
    lines = form["lines"]
    ctx = _context(dossier, settings)
    applicant = _person(dossier.get("applicant"))
    flow = Flow(c, _page_spec(form_set, form["paper"]), size=9.0)
    _header(flow, form_set, settings, _step_date(dossier, (3,), True), _doc_number(dossier))
    flow.title(form["title"])
    _code_line(flow, L, ctx["code"])
    _applicant_block(flow, L, ctx, applicant, L["applicant"])
    flow.paragraph([(_fmt(lines["body"], ctx), "R"), (ctx["reason"] or DOTS, "B")],
                   space_before=3, first_indent=14)
    flow.paragraph(_fmt(lines["closing"], ctx), first_indent=14, space_before=1)
    names = {"applicant": ctx["applicant"], "received_by": _s(dossier.get("received_by"))}
    flow.signatures(_signature_blocks(form, form_set, names), space_before=8)
    flow.finish()


def _letter(c, form_set, form, dossier, settings, statuses: Sequence[int]) -> None:
    """Mẫu 04 (apology / extension) and Mẫu 05 (stop notice): addressed paragraphs."""
    L = _labels(form_set)
    lines = form["lines"]
    ctx = _context(dossier, settings)
    flow = Flow(c, _page_spec(form_set, form["paper"]), size=9.0)
    _header(flow, form_set, settings, _step_date(dossier, statuses, False), _doc_number(dossier))
    flow.title(form["title"])
    flow.space(3)
    flow.paragraph([(f"{L['to']}: ", "R"), (f"{ctx['honorific']} {ctx['applicant'] or DOTS}", "B")],
                   align="center", space_after=5)
    for para in lines["paragraphs"]:
        if para == "@reason":
            flow.paragraph([(f"{L['reason']}: ", "R"), (ctx["reason"] or DOTS, "R")],
                           first_indent=14, space_after=2)
        else:
            flow.paragraph(_fmt(para, ctx), first_indent=14, space_after=2)
    names = {"head_name": _s(settings.get("head_name"))}
    titles = {"head_name": _s(settings.get("head_title"))}
    flow.signatures(_signature_blocks(form, form_set, names, titles), space_before=6)
    flow.finish()


def _apology(c, form_set, form, dossier, settings, copies_labels) -> None:
    _letter(c, form_set, form, dossier, settings, ())


def _stop(c, form_set, form, dossier, settings, copies_labels) -> None:
    _letter(c, form_set, form, dossier, settings, (7, 8))


# ---------------------------------------------------------------------------------------
# Mẫu 06: control sheet from the history


_RETURN_ACTIONS = {"return", "returned", "tra_ket_qua", "deliver", "delivered"}


def _sorted_history(dossier: dict) -> list[dict]:
    hist = [h for h in (dossier.get("history") or []) if isinstance(h, dict)]
    order = {id(h): i for i, h in enumerate(hist)}
    return sorted(hist, key=lambda h: ((parse_dt(h.get("at")) or parse_dt("1970-01-01")), order[id(h)]))


# Steps that end processing (or hand the result over): judged Trước hạn / Đúng hạn / Quá hạn.
# Any other step (a handover, a supplement request, a letter) is judged Trong hạn / Quá hạn: a
# bare handover is no result, so it is never "Trước hạn".
_FINISH_STATUSES = {3, 7, 8, 9, 10}
_SUPPLEMENT_ASKED = {"supplement"}
_TO_CITIZEN = {"supplement", "extend", "obligation", "stop", "unresolvable", "withdraw", "refuse"}
_FROM_CITIZEN = {"supplement-received", "obligation-paid"}


def _judgements(dossier: dict, hist: list[dict], lines: dict) -> list[str]:
    """Each step's own on-time judgement against the legal appointment in force at its time:
    Mẫu 01's appointment plus the elapsed supplement pauses completed before it (the 766 rule);
    a step taken while waiting for the citizen is judged at the request time (the clock is
    stopped); after a second supplement request everything is late (docs/due-dates.md)."""
    issued = parse_dt(issued_due(dossier))
    out = []
    legal, waiting_since, requests = issued, None, 0
    for h in hist:
        t = parse_dt(h.get("at"))
        if h.get("action") in _SUPPLEMENT_ASKED or (h.get("action") == "province" and h.get("status") == 5):
            requests += 1
            waiting_since = t
        elif h.get("action") == "supplement-received" and waiting_since is not None and legal is not None:
            legal += t - waiting_since
            waiting_since = None
        if t is None or legal is None:
            out.append("")
            continue
        judged = waiting_since or t
        if requests > 1 or judged > legal:
            out.append(lines["late"])
        elif h.get("status") in _FINISH_STATUSES:
            out.append(lines["early"] if judged.date() < legal.date() else lines["on_time"])
        else:
            out.append(lines.get("in_time", "Trong hạn"))
    return out


def _step_note(h: dict, lines: dict) -> str:
    note = _s(h.get("note"))
    data = h.get("data") or {}
    if h.get("action") in ("extend", "supplement-received") and data.get("new_due_at"):
        extra = _fmt(lines.get("new_due_note", "Hẹn trả mới: {due}"), {"due": short_time(data["new_due_at"])})
        note = f"{note}; {extra}" if note else extra
    return note


def _hops(dossier: dict, settings: dict, lines: dict) -> list[dict]:
    """One row per step after the receipt (from unit, to unit, time, its own judgement, note)."""
    applicant = _s(_person(dossier.get("applicant")).get("full_name"))
    citizen = _fmt(lines["citizen"], {"name": applicant})
    counter = _s(dossier.get("receiving_unit")) or _agency(settings)
    holder = counter
    hist = _sorted_history(dossier)
    judged = _judgements(dossier, hist, lines)
    hops = []
    for i, h in enumerate(hist):
        unit = _s(h.get("unit")) or holder
        action = h.get("action")
        if i == 0 and (action == "intake" or h.get("status") == 2):
            holder = counter = unit
            continue
        if h.get("status") == 10 or action in _RETURN_ACTIONS:
            frm, to = counter, citizen
        elif action in _TO_CITIZEN:
            frm, to = unit, citizen
        elif action in _FROM_CITIZEN:
            frm, to = citizen, counter
        elif h.get("status") == 9:
            frm, to = (holder if holder != counter else unit), counter
            holder = counter
        elif unit != holder:
            frm, to = holder, unit
            holder = unit
        else:
            frm, to = holder, holder
        result = _s(h.get("result")) or judged[i]
        hops.append({"from": frm, "to": to, "at": h.get("at"), "result": result, "note": _step_note(h, lines)})
    return hops


def _control(c, form_set, form, dossier, settings, copies_labels) -> None:
    L = _labels(form_set)
    lines = form["lines"]
    ctx = _context(dossier, settings)
    applicant = _person(dossier.get("applicant"))
    owner = _person(dossier.get("owner"))
    who = owner if _s(owner.get("full_name")) else applicant
    flow = Flow(c, _page_spec(form_set, form["paper"]), size=8.8)
    _header(flow, form_set, settings, dossier.get("received_at"), _doc_number(dossier))
    flow.title(form["title"])
    _code_line(flow, L, ctx["code"])
    flow.field(lines["owner"], _s(who.get("full_name")), value_style="B")
    flow.field(L["address"], _s(who.get("address")))
    flow.field(L["phone"], _s(who.get("phone")))
    flow.field(L["request"], ctx["procedure"], value_style="B")
    flow.field(lines["received"], time_of_day(dossier.get("received_at")))
    flow.field(lines["due"], time_of_day(issued_due(dossier)), value_style="B")
    if moved_due(dossier):
        flow.field(lines.get("due_new", DUE_NEW).rstrip(": "), time_of_day(moved_due(dossier)), value_style="B")
    flow.field(lines["resolving"], ctx["resolving_unit"])
    coord = dossier.get("coordinating_units")
    if isinstance(coord, (list, tuple)):
        coord = ", ".join(_s(x) for x in coord if x)
    flow.field(lines["coordinating"], _s(coord))

    cols = [Column(t, w, a) for t, w, a in zip(
        form["table"], (2.9, 3.5, 2.1, 1.9), ("left", "center", "center", "left"))]
    footer = (nfc(lines["giver"]), nfc(lines["taker"]))
    rows = []
    for hop in _hops(dossier, settings, lines):
        rows.append([
            [(lines["give"], "R"), (hop["from"], "R"), ("\n", "R"), (lines["take"], "R"), (hop["to"], "R")],
            Cell(time_long(hop["at"]), footer=footer, footer_gap=22),
            hop["result"],
            hop["note"],
        ])
    if not rows:  # blank rows to fill in by hand
        blank = [[(lines["give"], "R"), ("\n", "R"), (lines["take"], "R")],
                 Cell("… giờ … phút, ngày … tháng … năm …", footer=footer, footer_gap=22), "", ""]
        rows = [blank, blank]
    flow.table(cols, rows, size=7.5, header_size=7.0, space_before=4)
    flow.finish()


# ---------------------------------------------------------------------------------------
# Mẫu 07: register


def _first_at(dossier: dict, statuses: set[int], actions: set[str]) -> Any:
    for h in _sorted_history(dossier):
        if h.get("status") in statuses or h.get("action") in actions:
            return h.get("at")
    return None


def _date_cell(value: Any) -> str:
    dt = parse_dt(value)
    return f"{dt.strftime('%d/%m/%Y')}\n{dt.strftime('%H:%M')}" if dt else ""


def _due_cell(d: dict, lines: dict) -> str:
    """Mẫu 01's appointment; under it the citizen's new one when it was moved."""
    cell = _date_cell(issued_due(d))
    if moved_due(d):
        cell += "\n" + lines.get("due_new_short", "Hẹn lại:") + "\n" + _date_cell(moved_due(d))
    return cell


def _register(c, form_set, form, dossiers, settings, date_from, date_to) -> None:
    L = _labels(form_set)
    lines = form["lines"]
    spec = _page_spec(form_set, form["paper"])

    def page_end(flow: Flow, continued: bool) -> None:
        t = _fmt(L["page"], {"page": flow.page})
        w = text_width(t, "R", 7.5)
        flow.c.setFont(REGULAR, 7.5)
        flow.c.drawString(flow.x0 + (flow.width - w) / 2, flow.bottom - 14, t)

    flow = Flow(c, spec, size=7.5, on_page_end=page_end)
    parent = _s(settings.get("parent_name"))
    head = [(parent.upper(), "R", 8.5, False)] if parent else []
    head.append((_agency_header_text(_agency(settings), flow.width * 0.4 - 3, 8.5), "B", 8.5, 0.4))
    flow.header(head, [], None, None, split=0.4, space_after=0)
    flow.title(form["title"], size=14.0, space_before=0)
    flow.paragraph(_fmt(lines["period"], {"date_from": short_date(date_from) or DOTS,
                                          "date_to": short_date(date_to) or DOTS}),
                   style="I", size=9.0, align="center")
    books = {_s((d.get("register") or {}).get("book")) for d in dossiers}
    books.discard("")
    if len(books) == 1:
        flow.paragraph(_fmt(lines["book"], {"book": books.pop()}), size=9.0, align="center")
    flow.space(4)

    aligns = ["center", "left", "left", "center", "left", "left", "left",
              "center", "center", "center", "center", "center", "left", "left"]
    cols = [Column(t, w, a) for t, w, a in zip(form["table"], form["widths"], aligns)]
    g0, g1 = form["group_columns"]
    groups = [Group(lines["group"], g0, g1)]

    def key(d: dict):
        return (parse_dt(d.get("received_at")) or parse_dt("1970-01-01"), _s(d.get("code")))

    def rows():
        for i, d in enumerate(sorted(dossiers, key=key), 1):
            ap = _person(d.get("applicant"))
            owner = _person(d.get("owner"))
            name = _s(ap.get("full_name"))
            if _s(owner.get("full_name")) and _s(owner.get("full_name")) != name:
                name = f"{_s(owner.get('full_name'))} (người nộp: {name})"
            addr = _s(ap.get("address"))
            if _s(ap.get("phone")):
                addr = f"{addr}\nĐT: {_s(ap.get('phone'))}" if addr else f"ĐT: {_s(ap.get('phone'))}"
            note = []
            if d.get("status") in (3, 5, 6, 7, 8) and _s(d.get("status_name")):
                note.append(_s(d.get("status_name")))
            if _s(d.get("note")):
                note.append(_s(d.get("note")))
            yield [
                str(i),
                _s(d.get("code")),
                _s((d.get("procedure") or {}).get("name")),
                two_digits(d.get("sets_count") or 1),
                name,
                addr,
                _s(d.get("resolving_unit")),
                _date_cell(d.get("received_at")),
                _due_cell(d, lines),
                _date_cell(_first_at(d, {4}, {"handover"})),
                _date_cell(_first_at(d, {9}, {"result", "result_received"})),
                _date_cell(_first_at(d, {10}, _RETURN_ACTIONS)),
                "",
                "; ".join(note),
            ]

    flow.table(cols, rows(), size=7.0, header_size=6.8, groups=groups, number_row=True,
               space_before=0)
    flow.finish()


# ---------------------------------------------------------------------------------------
# thermal slip (80 mm roll, height fitted to the content)


_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
SLIP_WIDTH = 80 * mm
SLIP_MARGINS = (5 * mm, 4 * mm, 6 * mm, 4 * mm)


def _slip_flow(c: Canvas, height: float, form: dict, dossier: dict, settings: dict) -> Flow:
    lines = form["lines"]
    top, right, bottom, left = SLIP_MARGINS
    flow = Flow(c, PageSpec(SLIP_WIDTH, height, top, right, bottom, left), size=8.5)
    ctx = _context(dossier, settings)
    code = ctx["code"]
    applicant = _person(dossier.get("applicant"))
    parent = _s(settings.get("parent_name"))
    if parent:
        flow.paragraph(parent.upper(), size=7.5, align="center", shrink_to=6.5)
    flow.paragraph(ctx["agency"], style="B", size=9.0, align="center", shrink_to=7.75)
    contact = " – ".join(x for x in (_s(settings.get("counter_name")),
                                      f"ĐT: {_s(settings.get('phone'))}" if settings.get("phone") else "") if x)
    if contact:
        flow.paragraph(contact, size=7.5, align="center")
    flow.space(4)
    flow.rule(flow.width * 0.5, gap=0)
    flow.space(1)
    flow.title(form["title"], size=15.0, space_before=2, space_after=1)
    flow.paragraph([("Mã hồ sơ: ", "R"), (code or DOTS, "B")], size=9.0, align="center",
                   shrink_to=7.5, space_after=2)
    template = settings.get("lookup_url_template")
    if code:
        target = lookup_target(code, template)
        q = 36 * mm
        flow.drawing(q, q, lambda x, y: draw_qr(c, target, x, y, q), space_after=3)
    flow.field(lines["procedure"], ctx["procedure"], value_style="B")
    flow.field(lines["applicant"], ctx["applicant"], value_style="B")
    flow.field(lines["received"], time_of_day(dossier.get("received_at")))
    flow.field(lines["counter"], _s(settings.get("counter_name")) or ctx["agency"])
    flow.paragraph(lines["due"], style="B", size=9.0, align="center", space_before=4)
    due = parse_dt(dossier.get("due_at"))
    flow.paragraph(f"{_WEEKDAYS[due.weekday()]}, {due.strftime('%d/%m/%Y')}" if due else DOTS,
                   style="B", size=12.0, align="center")
    flow.paragraph(f"{due.hour:02d} giờ {due.minute:02d} phút" if due else "", style="B",
                   size=10.0, align="center")
    flow.space(4)
    flow.rule(flow.width, gap=0, line_width=0.4)
    flow.space(3)
    if _s(template):
        hint = lines["lookup_url"]
    else:
        phone = _s(settings.get("phone"))
        hint = _fmt(lines["lookup_code"], {
            "phone_part": _fmt(lines["phone_part"], {"phone": phone}) if phone else ""})
    flow.paragraph(hint, style="I", size=7.5, align="center")
    return flow


# ---------------------------------------------------------------------------------------
# public API

_KIND_RENDERERS: dict[str, Callable] = {
    "receipt": _receipt,
    "supplement": _supplement,
    "refusal": _refusal,
    "apology": _apology,
    "stop": _stop,
    "control": _control,
}

#: form id -> Vietnamese title, for the default (current) form set, Thông tư 03/2025.
FORMS: dict[str, str] = formsets.titles(formsets.DEFAULT)


def forms_for(form_set: str | None = None) -> dict[str, str]:
    """Form id -> title for any available set (e.g. "tt01_2018")."""
    return formsets.titles(form_set)


def _settings(settings: dict | None) -> dict:
    return dict(settings or {})


def render(form_id: str, dossier: Any, settings: dict | None, *, copies_labels: bool = True) -> bytes:
    """PDF bytes of one form for one dossier.

    ``form_id`` is an id of the active set ("mau-01" … "mau-07", "slip") or a kind
    ("receipt", "control", …). For the register, pass a list of dossiers (period taken
    from ``settings["register_from"/"register_to"]`` if present) or use
    ``render_register``. ``copies_labels`` prints Mẫu 01 as its two labelled copies;
    False prints a single copy without a copy label.
    """
    settings = _settings(settings)
    fs = formsets.load(settings.get("form_set"))
    fid, form = formsets.resolve(fs, form_id)
    kind = form["kind"]
    if kind == "slip":
        return render_slip(dossier, settings)
    if kind == "register":
        if isinstance(dossier, dict) and "dossiers" in dossier:
            return render_register(dossier["dossiers"], settings, dossier.get("from"), dossier.get("to"))
        return render_register(list(dossier or []), settings, settings.get("register_from"),
                               settings.get("register_to"))
    dossier = dossier or {}
    buf = io.BytesIO()
    spec = _page_spec(fs, form["paper"])
    title = f"{form['title'].capitalize()} – {_s(dossier.get('code'))}".rstrip(" –")
    c = _canvas(buf, (spec.width, spec.height), title, settings, fs)
    _KIND_RENDERERS[kind](c, fs, form, dossier, settings, copies_labels)
    c.save()
    return buf.getvalue()


def render_register(dossiers: Sequence[dict], settings: dict | None, date_from: Any,
                    date_to: Any) -> bytes:
    """Sổ theo dõi hồ sơ (A4 landscape) for the given dossiers, in receipt order.
    The caller selects the dossiers; ``date_from``/``date_to`` label the period."""
    settings = _settings(settings)
    fs = formsets.load(settings.get("form_set"))
    _fid, form = formsets.resolve(fs, "register")
    spec = _page_spec(fs, form["paper"])
    buf = io.BytesIO()
    title = f"{form['title'].capitalize()} {short_date(date_from)} – {short_date(date_to)}"
    c = _canvas(buf, (spec.width, spec.height), title, settings, fs)
    _register(c, fs, form, list(dossiers or []), settings, date_from, date_to)
    c.save()
    return buf.getvalue()


def render_slip(dossier: dict, settings: dict | None) -> bytes:
    """80 mm thermal appointment slip; the page height is fitted to the content."""
    settings = _settings(settings)
    fs = formsets.load(settings.get("form_set"))
    _fid, form = formsets.resolve(fs, "slip")
    dossier = dossier or {}
    register_fonts()
    # pass 1 measures on a very tall page, pass 2 draws on the fitted one
    probe_h = 5000.0
    probe = _slip_flow(Canvas(io.BytesIO(), pagesize=(SLIP_WIDTH, probe_h), invariant=1,
                              initialFontName=REGULAR), probe_h, form, dossier, settings)
    height = round(probe_h - probe.y + SLIP_MARGINS[2], 2)
    buf = io.BytesIO()
    title = f"{form['title'].capitalize()} – {_s(dossier.get('code'))}".rstrip(" –")
    c = _canvas(buf, (SLIP_WIDTH, height), title, settings, fs)
    _slip_flow(c, height, form, dossier, settings).finish()
    c.save()
    return buf.getvalue()
