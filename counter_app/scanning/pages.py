"""Pages: every input (a scanner frame, an image file, a page of a PDF) becomes a :class:`Page`.

A page refers to one page of a PDF held in memory (``src`` + ``index``): an image is wrapped
into a one-page PDF by img2pdf as soon as it arrives (JPEG passes through untouched when it
already fits the profile); an imported or stored PDF is kept as is and its pages share its
bytes, so fonts and images shared between pages are not duplicated. The clerk's rotation is a
separate, lossless attribute applied when the component PDF is built (``/Rotate``).

Inputs are checked before anything is decoded: empty files, unknown formats, oversized images
(from the header, so a 20,000 × 20,000 image is refused without allocating it), truncated or
corrupt images and PDFs, encrypted PDFs. Every refusal is a :class:`PageInputError` with a
Vietnamese message naming the file (never its content).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import stat
import threading
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import img2pdf
import pikepdf
import pypdfium2 as pdfium
from PIL import Image, ImageOps

from ..i18n import _
from . import profile as prof
from .errors import PageInputError
from .profile import ScanProfile

THUMB_PX = 200
# PDFium is not thread-safe: every call into it holds this lock.
PDFIUM_LOCK = threading.Lock()

_uids = itertools.count(1)
_uid_lock = threading.Lock()


def _next_uid() -> int:
    with _uid_lock:
        return next(_uids)


@dataclass(frozen=True)
class Page:
    """One page as the clerk sees it in the panel."""

    src: bytes                 # a PDF holding this page (shared by the pages of one file)
    index: int                 # page number inside ``src`` (0-based)
    thumb: bytes               # PNG thumbnail as the page is stored (before ``rotation``)
    key: str                   # identity of the source page, for de-duplicating imports
    origin: str                # where it came from (file name, "Máy quét …"), shown as a tooltip
    rotation: int = 0          # extra clockwise rotation: 0, 90, 180 or 270
    size: int = 0              # approximate bytes this page adds to the PDF
    qr_payload: str | None = None  # a CCCD QR found on the page (personal data: never logged)
    uid: int = field(default_factory=_next_uid)

    def rotated(self, degrees: int) -> Page:
        return replace(self, rotation=(self.rotation + degrees) % 360)


def _fingerprint_page(page: pikepdf.Page) -> str:
    h = hashlib.sha256()
    contents = page.obj.get("/Contents")
    parts = [contents] if isinstance(contents, pikepdf.Stream) else list(contents or [])
    for part in parts:
        if isinstance(part, pikepdf.Stream):
            h.update(part.read_bytes())
    xobjects = page.resources.get("/XObject") if "/Resources" in page.obj else None
    if xobjects is not None:
        for name in sorted(xobjects.keys()):
            obj = xobjects[name]
            h.update(name.encode())
            if isinstance(obj, pikepdf.Stream):
                # Image data is copied verbatim when pages are assembled: its raw bytes identify it.
                h.update(obj.read_raw_bytes())
    return "fp:" + h.hexdigest()


def fingerprints(src: bytes) -> list[str]:
    """Identity of each page of a PDF by its content (not by its rotation or file layout):
    the same page imported twice, or imported again after it was stored, has the same key."""
    with pikepdf.open(io.BytesIO(src)) as pdf:
        return [_fingerprint_page(p) for p in pdf.pages]


# --- input sniffing ----------------------------------------------------------------------------

KINDS = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "pdf": "PDF", "pnm": "PNM", "bmp": "BMP"}
IMPORT_SUFFIXES = prof.IMPORT_SUFFIXES


def sniff(data: bytes) -> str | None:
    head = data[:1024]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "tiff"
    if b"%PDF-" in head:
        return "pdf"
    if head[:2] in (b"P4", b"P5", b"P6") and len(head) > 2 and head[2:3].isspace():
        return "pnm"  # what SANE's scanimage writes
    if head.startswith(b"BM"):
        return "bmp"  # what TWAIN/WIA hand over
    return None


def _group(n: int) -> str:
    """Thousands grouped for the message's language ("12.000" / "12,000")."""
    from ..i18n import language

    return f"{n:,}" if language() == "en" else f"{n:,}".replace(",", ".")


def _bad(name: str, what: str) -> PageInputError:
    return PageInputError(_("Tệp \"{name}\" {what}").format(name=name, what=what))


def _corrupt(name: str) -> PageInputError:
    return _bad(name, _("bị hỏng hoặc không đầy đủ (có thể bị cắt ngang khi sao chép); không đọc được. "
                        "Hãy quét hoặc sao chép lại tệp."))


def read_input(path: Path) -> bytes:
    """Bytes of an input file, with the size limits checked before reading."""
    name = path.name
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):  # Windows: a folder stats as 0 bytes and reads as PermissionError
            raise IsADirectoryError(path)
        size = st.st_size
        if size == 0:
            raise _bad(name, _("rỗng (0 byte); không có trang nào để nhập."))
        if size > prof.MAX_FILE_BYTES:
            raise _bad(name, _("quá lớn ({size}; tối đa {limit} một tệp).").format(
                size=prof.mb(size), limit=prof.mb(prof.MAX_FILE_BYTES)))
        return path.read_bytes()
    except FileNotFoundError:
        raise _bad(name, _("không còn tồn tại.")) from None
    except IsADirectoryError:
        raise _bad(name, _("là một thư mục, không phải tệp.")) from None
    except PermissionError:
        raise _bad(name, _("không có quyền đọc.")) from None
    except OSError as exc:
        raise _bad(name, _("không đọc được ({reason}).").format(reason=exc.strerror or exc)) from None


# --- images ------------------------------------------------------------------------------------

def _check_dimensions(w: int, h: int, name: str) -> None:
    if w <= 0 or h <= 0:
        raise _corrupt(name)
    if w * h > prof.MAX_PIXELS or max(w, h) > prof.MAX_SIDE:
        raise _bad(
            name,
            _("có ảnh quá lớn ({w} × {h} điểm ảnh; tối đa {mp} triệu điểm ảnh và {side} điểm mỗi cạnh). "
              "Hãy quét lại với độ phân giải thấp hơn.").format(
                w=_group(w), h=_group(h), mp=prof.MAX_PIXELS // 1_000_000, side=_group(prof.MAX_SIDE)),
        )


def _plausible_dpi(im: Image.Image) -> float | None:
    dpi = im.info.get("dpi")
    try:
        x = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        x = 0.0
    return x if 50 <= x <= 2400 else None


def _inferred_dpi(w: int, h: int) -> float:
    """No DPI in the file (photos, screenshots): assume the image spans an A4 page."""
    long_side, short_side = max(w, h), min(w, h)
    return max(72.0, long_side / 11.69, short_side / 8.27)


def _flatten(im: Image.Image) -> Image.Image:
    """Drop alpha onto white and bring exotic modes to L or RGB (1 stays 1)."""
    if im.mode == "1":
        return im
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if im.mode in ("RGBA", "LA", "RGBa", "La"):
        base = Image.new("RGB" if im.mode.startswith("RGB") else "L", im.size, "white")
        base.paste(im.convert(base.mode + "A"), mask=im.getchannel("A"))
        im = base
    if im.mode.startswith("I;16") or im.mode == "I":
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif im.mode == "F":
        im = im.convert("L")
    elif im.mode not in ("L", "RGB"):
        im = im.convert("RGB")
    return im


def _is_gray(im: Image.Image) -> bool:
    return im.mode in ("1", "L")


def normalise(im: Image.Image, profile: ScanProfile, dpi: float | None) -> tuple[Image.Image, int]:
    """The page image as it will be stored: the profile's colour mode and at most its DPI."""
    im = _flatten(im)
    eff = dpi or _inferred_dpi(*im.size)
    if eff > profile.dpi * 1.1:
        scale = profile.dpi / eff
        size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
        src = im.convert("L") if im.mode == "1" else im
        factor = int(1 / scale)
        if factor >= 2:
            src = src.reduce(factor)  # fast integer box reduction first, then a precise resample
        im = src.resize(size, Image.Resampling.LANCZOS)
        eff = profile.dpi
    if profile.color_mode == "gray" and im.mode == "RGB":
        im = im.convert("L")
    elif profile.color_mode == "bw" and im.mode != "1":
        im = im.convert("L").point(lambda v: 255 if v >= 150 else 0).convert("1", dither=Image.Dither.NONE)
    elif profile.color_mode != "bw" and im.mode == "1":
        im = im.convert("L")
    # A PDF page may not exceed 200 inches: raise the DPI of extreme strips accordingly.
    eff = max(eff, max(im.size) / 199.0)
    return im, max(1, round(eff))


def encode(im: Image.Image, profile: ScanProfile, dpi: int) -> bytes:
    buf = io.BytesIO()
    if im.mode == "1":
        im.save(buf, "PNG", dpi=(dpi, dpi), optimize=False)
    else:
        im.save(buf, "JPEG", quality=profile.jpeg_quality, dpi=(dpi, dpi))
    return buf.getvalue()


def thumbnail(im: Image.Image) -> bytes:
    t = im.convert("L") if im.mode == "1" else im.copy()
    t.draft(t.mode, (THUMB_PX, THUMB_PX))
    t.thumbnail((THUMB_PX, THUMB_PX), Image.Resampling.BILINEAR, reducing_gap=2.0)
    buf = io.BytesIO()
    t.save(buf, "PNG", compress_level=1)
    return buf.getvalue()


def image_pdf(encoded: bytes, dpi: int) -> bytes:
    """A one-page PDF around an encoded JPEG/PNG (no re-encoding), page size from ``dpi``."""
    return img2pdf.convert(encoded, layout_fun=img2pdf.get_fixed_dpi_layout_fun((dpi, dpi)), nodate=True)


def page_from_image(
    im: Image.Image,
    profile: ScanProfile,
    *,
    origin: str,
    dedup: bool = False,
    dpi: float | None = None,
    detect_qr: bool = False,
    name: str = "",
    passthrough: bytes | None = None,
) -> Page:
    """Normalise one decoded image into a page. ``passthrough`` is the original JPEG file, used
    as is when no conversion is needed (no generation loss). Imported pages (``dedup``) are
    keyed by content; scanned pages never are (two blank sheets are two pages)."""
    from . import qr

    _check_dimensions(im.width, im.height, name or origin)
    payload = qr.find_cccd(im) if detect_qr else None
    src_mode = im.mode
    out, out_dpi = normalise(im, profile, dpi)
    encoded = None
    if (
        passthrough is not None
        and out.size == im.size
        and src_mode in ("L", "RGB")
        and out.mode == src_mode
        and len(passthrough) <= prof.MAX_PAGE_BYTES
    ):
        encoded = passthrough
    if encoded is None:
        encoded = encode(out, profile, out_dpi)
    if len(encoded) > prof.MAX_PAGE_BYTES:
        raise PageInputError(_(
            "Trang từ \"{name}\" quá lớn sau khi nén ({size}; tối đa {limit} một trang). Hãy chọn độ phân giải "
            "thấp hơn hoặc chế độ ảnh xám.").format(
                name=name or origin, size=prof.mb(len(encoded)), limit=prof.mb(prof.MAX_PAGE_BYTES)))
    pdf = image_pdf(encoded, out_dpi)
    key = fingerprints(pdf)[0] if dedup else f"scan:{uuid.uuid4()}"
    return Page(
        src=pdf, index=0, thumb=thumbnail(out), key=key, origin=origin,
        size=len(pdf), qr_payload=payload,
    )


def _image_pages(data: bytes, name: str, kind: str, profile: ScanProfile, detect_qr: bool) -> Iterator[Page]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise _bad(name, _("có ảnh quá lớn (vượt {mp} triệu điểm ảnh); không nhập.").format(
            mp=prof.MAX_PIXELS // 1_000_000)) from None
    except Exception:  # noqa: BLE001 - any decoder failure is a corrupt file for the clerk
        raise _corrupt(name) from None
    with im:
        _check_dimensions(im.width, im.height, name)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # Pillow warns about the corrupt tags it skips
                n = getattr(im, "n_frames", 1)
        except Exception:  # noqa: BLE001 - a broken frame chain in a TIFF
            raise _corrupt(name) from None
        if n > prof.MAX_PAGES_PER_FILE:
            raise _bad(name, _("có quá nhiều trang ({n}; tối đa {limit}).").format(n=n, limit=prof.MAX_PAGES_PER_FILE))
        for i in range(n):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    im.seek(i)
                frame = im
                _check_dimensions(frame.width, frame.height, name)
                frame.load()
                dpi = _plausible_dpi(frame)
                rotated = kind == "jpeg" and frame.getexif().get(0x0112, 1) not in (1, None)
                upright = ImageOps.exif_transpose(frame) if rotated else frame
            except PageInputError:
                raise
            except Image.DecompressionBombError:
                raise _bad(name, _("có ảnh quá lớn; không nhập.")) from None
            except Exception:  # noqa: BLE001 - truncated data, bad zlib stream, broken strips …
                raise _corrupt(name) from None
            origin = name if n == 1 else _("{name} (trang {i}/{n})").format(name=name, i=i + 1, n=n)
            passthrough = data if kind == "jpeg" and not rotated else None
            yield page_from_image(
                upright, profile, origin=origin, dedup=True, dpi=dpi, detect_qr=detect_qr,
                name=name, passthrough=passthrough,
            )


# --- PDFs --------------------------------------------------------------------------------------

def _encrypted(name: str) -> PageInputError:
    return _bad(name, _("là PDF được bảo vệ bằng mật khẩu (mã hóa); ứng dụng không mở được. "
                        "Hãy xin bản không đặt mật khẩu hoặc in ra rồi quét lại."))


def open_pdf_checked(data: bytes, name: str) -> int:
    """Check a PDF (not encrypted, readable by PDFium and qpdf) and return its page count."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                raise _encrypted(name)
            n = len(pdf.pages)
            for i, page in enumerate(pdf.pages):
                box = [float(v) for v in page.mediabox]
                w, h = abs(box[2] - box[0]), abs(box[3] - box[1])
                if w < 1 or h < 1 or max(w, h) > prof.MAX_PAGE_POINTS:
                    raise _bad(name, _("có trang {n} với khổ giấy không hợp lệ.").format(n=i + 1))
    except pikepdf.PasswordError:
        raise _encrypted(name) from None
    except PageInputError:
        raise
    except Exception:  # noqa: BLE001 - qpdf cannot even reconstruct it
        raise _corrupt(name) from None
    with PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise _encrypted(name) from None
            raise _corrupt(name) from None
        try:
            if len(doc) != n:
                raise _corrupt(name)
        finally:
            doc.close()
    if n == 0:
        raise _bad(name, _("không có trang nào."))
    if n > prof.MAX_PAGES_PER_FILE:
        raise _bad(name, _("có quá nhiều trang ({n}; tối đa {limit}).").format(n=n, limit=prof.MAX_PAGES_PER_FILE))
    return n


def render_pdf_page(src: bytes, index: int, max_px: int, *, max_dpi: float = 300) -> Image.Image:
    """Render one PDF page (with its own /Rotate) so that its longer side is at most ``max_px``."""
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(src)
        try:
            page = doc[index]
            try:
                w, h = page.get_size()  # points, rotation not applied
                scale = min(max_px / max(w, h, 1), max_dpi / 72)
                bitmap = page.render(scale=scale, grayscale=False)
                im = bitmap.to_pil().convert("RGB")
                bitmap.close()
            finally:
                page.close()
        finally:
            doc.close()
    return im


def _pdf_pages(data: bytes, name: str, detect_qr: bool) -> list[Page]:
    from . import qr

    n = open_pdf_checked(data, name)
    per_page = len(data) // n
    if per_page > prof.MAX_PAGE_BYTES:
        raise _bad(name, _("có trang quá lớn (trung bình {size} một trang; tối đa {limit}).").format(
            size=prof.mb(per_page), limit=prof.mb(prof.MAX_PAGE_BYTES)))
    keys = fingerprints(data)
    pages = []
    for i in range(n):
        try:
            thumb_im = render_pdf_page(data, i, THUMB_PX)
            payload = qr.find_cccd(render_pdf_page(data, i, 3000, max_dpi=250)) if detect_qr else None
        except pdfium.PdfiumError:
            raise _corrupt(name) from None
        buf = io.BytesIO()
        thumb_im.save(buf, "PNG", compress_level=1)
        origin = name if n == 1 else _("{name} (trang {i}/{n})").format(name=name, i=i + 1, n=n)
        pages.append(Page(src=data, index=i, thumb=buf.getvalue(), key=keys[i], origin=origin,
                          size=per_page, qr_payload=payload))
    return pages


# --- entry points ------------------------------------------------------------------------------

def pages_from_bytes(
    data: bytes, name: str, profile: ScanProfile, *, detect_qr: bool = False,
    on_page: Callable[[Page], None] | None = None,
) -> list[Page]:
    """All pages of one input file (JPEG, PNG, TIFF incl. multi-page, PDF). The whole file is
    checked before any page is handed out, so a bad file adds nothing."""
    if not data:
        raise _bad(name, _("rỗng (0 byte); không có trang nào để nhập."))
    if len(data) > prof.MAX_FILE_BYTES:
        raise _bad(name, _("quá lớn ({size}; tối đa {limit} một tệp).").format(
            size=prof.mb(len(data)), limit=prof.mb(prof.MAX_FILE_BYTES)))
    kind = sniff(data)
    if kind == "pdf":
        pages = _pdf_pages(data, name, detect_qr)
    elif kind in ("jpeg", "png", "tiff", "pnm", "bmp"):
        pages = list(_image_pages(data, name, kind, profile, detect_qr))
    else:
        raise _bad(name, _("không phải ảnh JPEG, PNG, TIFF hoặc tệp PDF; không nhập được."))
    if on_page is not None:
        for p in pages:
            on_page(p)
    return pages


def pages_from_file(path: Path, profile: ScanProfile, *, detect_qr: bool = False,
                    on_page: Callable[[Page], None] | None = None) -> list[Page]:
    path = Path(path)
    return pages_from_bytes(read_input(path), path.name, profile, detect_qr=detect_qr, on_page=on_page)


def pages_of_stored_pdf(data: bytes, origin: str) -> list[Page]:
    """The pages of a component PDF already in the store, for editing in the dossier detail."""
    return _pdf_pages(data, origin, False)
