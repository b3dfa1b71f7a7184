"""Synthetic scan material for tests, benchmarks and demos: A4 text pages, a CCCD card with its
QR code, multi-page TIFFs and PDFs, and a private SANE configuration that enables the SANE
``test`` backend without touching system files. All data here is made up."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import img2pdf
import zxingcpp
from PIL import Image, ImageDraw, ImageFont

MM_PER_INCH = 25.4
SYSTEM_SANE_DIR = Path("/etc/sane.d")

SAMPLE_CCCD = "079301004321||Trần Thị Bình|02112001|Nữ|Số 12 Đường Số 3, Phường 5, Quận 8, TP. Hồ Chí Minh|10082022"


def _font(px: int) -> ImageFont.ImageFont:
    try:
        import fontpkg_be_vietnam_pro as f

        return ImageFont.truetype(str(Path(f.ROOT) / "files" / "BeVietnamPro-Regular.ttf"), px)
    except Exception:  # noqa: BLE001 - any font will do for a test image
        return ImageFont.load_default(px)


def text_page(label: str, *, dpi: int = 200, color: bool = False, size_mm: tuple[float, float] = (210, 297),
              mark: int = 0) -> Image.Image:
    """An A4 page with a large label, text lines and a dark square in the top-left corner (so a
    test can tell the page's orientation). ``mark`` shades the square differently per page."""
    w = round(size_mm[0] / MM_PER_INCH * dpi)
    h = round(size_mm[1] / MM_PER_INCH * dpi)
    im = Image.new("RGB" if color else "L", (w, h), "white")
    d = ImageDraw.Draw(im)
    u = dpi / 200
    shade = max(0, min(200, mark * 40))
    d.rectangle([int(60 * u), int(60 * u), int(360 * u), int(360 * u)], fill=(shade, 0, 0) if color else shade)
    d.text((int(420 * u), int(120 * u)), label, fill="black", font=_font(int(90 * u)))
    body = _font(int(28 * u))
    for i in range(40):
        y = int((480 + i * 60) * u)
        if y > h - 80 * u:
            break
        d.text((int(120 * u), y), f"Dòng {i + 1}: Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập, Tự do, Hạnh phúc",
               fill="black", font=body)
    im.info["dpi"] = (dpi, dpi)
    return im


def qr_image(payload: str, module_px: int) -> Image.Image:
    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode)
    view = memoryview(code.to_image(scale=module_px))
    h, w = view.shape[0], view.shape[1]
    return Image.frombuffer("L", (w, h), bytes(view), "raw", "L", 0, 1).copy()


def cccd_card(payload: str = SAMPLE_CCCD, *, dpi: int = 300) -> Image.Image:
    """The front of a made-up chip CCCD (85.6 × 54 mm) with its QR code in the top-right corner."""
    w, h = round(85.6 / MM_PER_INCH * dpi), round(54 / MM_PER_INCH * dpi)
    card = Image.new("RGB", (w, h), (226, 236, 246))
    d = ImageDraw.Draw(card)
    d.rounded_rectangle([0, 0, w - 1, h - 1], radius=int(dpi / 10), outline=(90, 110, 140), width=3)
    fields = payload.split("|")
    f_small, f_big = _font(int(dpi / 12)), _font(int(dpi / 9))
    d.text((int(w * 0.05), int(h * 0.06)), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fill=(20, 30, 80), font=f_small)
    d.text((int(w * 0.05), int(h * 0.16)), "CĂN CƯỚC CÔNG DÂN", fill=(160, 20, 20), font=f_big)
    lines = [f"Số: {fields[0]}", f"Họ và tên: {fields[2] if len(fields) > 2 else ''}",
             f"Ngày sinh: {fields[3] if len(fields) > 3 else ''}", f"Giới tính: {fields[4] if len(fields) > 4 else ''}"]
    for i, line in enumerate(lines):
        d.text((int(w * 0.05), int(h * (0.36 + i * 0.13))), line, fill="black", font=f_small)
    # ~18 mm wide QR, as on the card
    qr = qr_image(payload, 1)
    module = max(2, round((18 / MM_PER_INCH * dpi) / qr.width))
    qr = qr.resize((qr.width * module, qr.height * module), Image.Resampling.NEAREST).convert("RGB")
    card.paste(qr, (w - qr.width - int(w * 0.04), int(h * 0.06)))
    return card


def page_with_card(payload: str = SAMPLE_CCCD, *, dpi: int = 300) -> Image.Image:
    """An A4 page with a photocopy of the card on it, as a clerk scans it."""
    page = text_page("Bản sao CCCD", dpi=dpi, color=True)
    card = cccd_card(payload, dpi=dpi)
    page.paste(card, (int(page.width * 0.15), int(page.height * 0.4)))
    return page


def encode(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    if "dpi" not in kw and "dpi" in im.info:
        kw["dpi"] = im.info["dpi"]
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def multipage_tiff(images: list[Image.Image], compression: str = "tiff_lzw") -> bytes:
    buf = io.BytesIO()
    dpi = images[0].info.get("dpi", (200, 200))
    images = [im.copy() for im in images]  # no encoder state left over from an earlier save
    images[0].save(buf, "TIFF", save_all=True, append_images=images[1:], compression=compression, dpi=dpi)
    return buf.getvalue()


def pdf_of(images: list[Image.Image], quality: int = 80) -> bytes:
    jpegs = [encode(im, "JPEG", quality=quality) for im in images]
    return img2pdf.convert(jpegs, nodate=True)


def private_sane_config(folder: Path, source: Path = SYSTEM_SANE_DIR) -> Path | None:
    """A SANE config folder enabling only the ``test`` backend (for ``SANE_CONFIG_DIR``).
    None when the system has no SANE test backend configuration."""
    conf = source / "test.conf"
    if not conf.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dll.conf").write_text("test\n", encoding="ascii")
    shutil.copy(conf, folder / "test.conf")
    return folder
