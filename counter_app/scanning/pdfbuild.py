"""One PDF per dossier component, from pages in the clerk's order with their rotations.

Pages are copied from their source PDFs with qpdf (pikepdf): image data is never decoded or
re-encoded, rotation is the page's ``/Rotate`` entry, pages of one imported PDF keep sharing
their fonts and images. The output is deterministic (same pages, same bytes), so the
content-addressed store keeps one copy of the same document attached twice. The trailer's
/ID is qpdf's fixed one: the file's identity is its sha256.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pikepdf

from ..i18n import _
from . import profile as prof
from .errors import PageInputError
from .pages import Page


def build_pdf(pages: Sequence[Page], label: str = "") -> bytes:
    if not pages:
        raise PageInputError(_("Không có trang nào để tạo tệp PDF."))
    if len(pages) > prof.MAX_PAGES_PER_COMPONENT:
        raise PageInputError(
            _("Thành phần hồ sơ {label} có quá nhiều trang ({n}; tối đa {limit}).").format(
                label=label, n=len(pages), limit=prof.MAX_PAGES_PER_COMPONENT)
        )
    sources: dict[int, pikepdf.Pdf] = {}
    out = pikepdf.new()
    try:
        for page in pages:
            src = sources.get(id(page.src))
            if src is None:
                src = sources[id(page.src)] = pikepdf.open(io.BytesIO(page.src))
            out.pages.append(src.pages[page.index])
            if page.rotation:
                out.pages[-1].rotate(page.rotation, relative=True)
        buf = io.BytesIO()
        # qpdf holds the GIL while it writes: no recompression and a fixed /ID (instead of an MD5
        # of the whole file) keep a 20-page 300-dpi component at a few ms, so the GUI thread
        # never waits. Image streams are copied as they are; the output stays deterministic.
        out.save(buf, static_id=True, compress_streams=False)
    finally:
        out.close()
        for src in sources.values():
            src.close()
    data = buf.getvalue()
    if len(data) > prof.MAX_DOSSIER_BYTES:
        raise PageInputError(
            _("Tệp PDF của thành phần {label} quá lớn ({size}; tối đa {limit}).").format(
                label=label, size=prof.mb(len(data)), limit=prof.mb(prof.MAX_DOSSIER_BYTES))
        )
    return data


def page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)
