"""Pages from real image and PDF files (made with Pillow/img2pdf/pikepdf): each import format,
every bad input, normalisation to the profile, de-duplication, and the CCCD QR on a scan."""

import io
import struct
import zlib

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from counter_app.cccd import parse_cccd
from counter_app.scanning import pages as pg
from counter_app.scanning import samples
from counter_app.scanning.batch import UNASSIGNED, ScanBatch
from counter_app.scanning.errors import PageInputError
from counter_app.scanning.pdfbuild import build_pdf
from counter_app.scanning.profile import ScanProfile

PROFILE = ScanProfile()


def page_sizes_pt(pdf: bytes) -> list[tuple[float, float, int]]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [(round(p.get_width()), round(p.get_height()), p.get_rotation()) for p in doc]
    finally:
        doc.close()


def load(data: bytes, name: str, **kw):
    return pg.pages_from_bytes(data, name, kw.pop("profile", PROFILE), **kw)


# --- each format ---------------------------------------------------------------------------------

def test_jpeg_passes_through_untouched_and_keeps_a4_size():
    im = samples.text_page("JPEG", dpi=200)
    data = samples.encode(im, "JPEG", quality=70)
    [page] = load(data, "to-khai.jpg")
    assert page.origin == "to-khai.jpg"
    with pikepdf.open(io.BytesIO(page.src)) as pdf:
        [xobj] = list(pdf.pages[0].get_images().values())
        assert xobj.read_raw_bytes() == data  # no re-encoding: no generation loss
    w, h, rot = page_sizes_pt(page.src)[0]
    assert (w, h, rot) == (595, 842, 0)  # A4 in points
    assert Image.open(io.BytesIO(page.thumb)).size[1] == pg.THUMB_PX


def test_png_colour_becomes_grey_jpeg_by_default_and_stays_colour_on_request():
    data = samples.encode(samples.text_page("PNG", dpi=200, color=True), "PNG")
    [gray] = load(data, "a.png")
    [color] = load(data, "a.png", profile=ScanProfile(color_mode="color"))
    def image_of(page):
        with pikepdf.open(io.BytesIO(page.src)) as pdf:
            img = pikepdf.PdfImage(list(pdf.pages[0].get_images().values())[0])
            return img.colorspace, img.filters
    assert image_of(gray) == ("/DeviceGray", ["/DCTDecode"])
    assert image_of(color)[0] == "/DeviceRGB"


def test_black_and_white_profile_stores_one_bit_lossless():
    data = samples.encode(samples.text_page("BW", dpi=200), "PNG")
    [page] = load(data, "bw.png", profile=ScanProfile(color_mode="bw"))
    with pikepdf.open(io.BytesIO(page.src)) as pdf:
        img = pikepdf.PdfImage(list(pdf.pages[0].get_images().values())[0])
        assert img.bits_per_component == 1
    assert page.size < 120_000


def test_multipage_tiff_gives_one_page_per_frame():
    frames = [samples.text_page(f"Trang {i}", dpi=150, mark=i) for i in range(1, 4)]
    [p1, p2, p3] = load(samples.multipage_tiff(frames), "ho-so.tiff")
    assert [p.origin for p in (p1, p2, p3)] == [f"ho-so.tiff (trang {i}/3)" for i in (1, 2, 3)]
    assert len({p.key for p in (p1, p2, p3)}) == 3


def test_high_dpi_scan_is_reduced_to_the_profile_dpi():
    data = samples.encode(samples.text_page("600", dpi=600), "PNG")
    [page] = load(data, "600dpi.png")
    with pikepdf.open(io.BytesIO(page.src)) as pdf:
        img = list(pdf.pages[0].get_images().values())[0]
        assert int(img.Width) == round(210 / 25.4 * 200)
    assert page_sizes_pt(page.src)[0][:2] == (595, 842)


def test_pdf_pages_are_kept_as_pdf_pages():
    src = samples.pdf_of([samples.text_page(f"P{i}", dpi=100, mark=i) for i in range(2)])
    p1, p2 = load(src, "ban-sao.pdf")
    assert (p1.src is p2.src) and (p1.index, p2.index) == (0, 1)
    out = build_pdf([p2, p1.rotated(90)])
    assert [r for *_wh, r in page_sizes_pt(out)] == [0, 90]
    assert out == build_pdf([p2, p1.rotated(90)])  # deterministic


# --- bad input -----------------------------------------------------------------------------------

def message_of(data: bytes, name: str) -> str:
    with pytest.raises(PageInputError) as e:
        load(data, name)
    return e.value.message


def test_zero_byte_file(tmp_path):
    f = tmp_path / "rong.jpg"
    f.write_bytes(b"")
    with pytest.raises(PageInputError) as e:
        pg.pages_from_file(f, PROFILE)
    assert "rỗng (0 byte)" in e.value.message and "rong.jpg" in e.value.message


@pytest.mark.parametrize("fmt,name", [("JPEG", "cat.jpg"), ("PNG", "cat.png"), ("TIFF", "cat.tif")])
def test_truncated_images(fmt, name):
    data = samples.encode(samples.text_page("X", dpi=100), fmt)
    msg = message_of(data[: len(data) // 2], name)
    assert msg.startswith(f"Tệp \"{name}\" bị hỏng hoặc không đầy đủ")


def test_truncated_and_garbage_pdf():
    pdf = samples.pdf_of([samples.text_page("X", dpi=100)])
    assert "bị hỏng" in message_of(pdf[: len(pdf) // 2], "cat.pdf")
    assert "bị hỏng" in message_of(b"%PDF-1.7\n" + b"\x00garbage" * 100, "rac.pdf")


def test_unknown_format():
    assert "không phải ảnh JPEG, PNG, TIFF hoặc tệp PDF" in message_of(b"PK\x03\x04 zip file", "a.docx")


def _png_header_only(w: int, h: int) -> bytes:
    """A valid 1-bit PNG of w × h (all white) — 50 MB of pixels compressed to a few KB."""
    def chunk(tag, body):
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)
    row = b"\x00" + b"\xff" * ((w + 7) // 8)
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(row) for _ in range(h)) + comp.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def test_20000_by_20000_image_is_refused_without_decoding():
    data = _png_header_only(20_000, 20_000)
    assert len(data) < 200_000
    msg = message_of(data, "khong-lo.png")
    assert "quá lớn" in msg and "khong-lo.png" in msg


def _encrypted(owner: str, user: str) -> bytes:
    src = pikepdf.open(io.BytesIO(samples.pdf_of([samples.text_page("X", dpi=100)])))
    buf = io.BytesIO()
    src.save(buf, encryption=pikepdf.Encryption(owner=owner, user=user))
    return buf.getvalue()


@pytest.mark.parametrize("user", ["mat-khau", ""])
def test_encrypted_pdf_with_or_without_open_password(user):
    msg = message_of(_encrypted("chu-so-huu", user), "mat.pdf")
    assert "được bảo vệ bằng mật khẩu (mã hóa)" in msg


def test_a_bad_file_adds_nothing_even_after_good_pages():
    frames = [samples.text_page("A", dpi=100), samples.text_page("B", dpi=100)]
    data = samples.multipage_tiff(frames)
    got = []
    with pytest.raises(PageInputError):
        pg.pages_from_bytes(data[: int(len(data) * 0.8)], "cut.tif", PROFILE, on_page=got.append)
    assert got == []


# --- de-duplication --------------------------------------------------------------------------

def test_same_page_imported_twice_is_kept_once_but_scans_are_not():
    data = samples.encode(samples.text_page("Dup", dpi=100), "PNG")
    batch = ScanBatch()
    batch.set_components(["Tờ khai", "Bản sao"])
    added, skipped = batch.add(1, load(data, "a.png"), imported=True)
    assert (len(added), skipped) == (1, 0)
    added, skipped = batch.add(2, load(data, "a-copy.png"), imported=True)  # same content, other name
    assert (len(added), skipped) == (0, 1)
    im = samples.text_page("Blank", dpi=100)
    scans = [pg.page_from_image(im, PROFILE, origin="scan") for _ in range(2)]
    added, skipped = batch.add(1, scans, imported=False)
    assert (len(added), skipped) == (2, 0)  # two identical sheets scanned are two pages


def test_stored_pdf_pages_keep_their_identity():
    data = samples.encode(samples.text_page("Id", dpi=100), "JPEG")
    [page] = load(data, "a.jpg")
    stored = pg.pages_of_stored_pdf(build_pdf([page.rotated(180)]), "x.pdf")
    assert stored[0].key == page.key  # re-importing a stored page is recognised


# --- batch edits ----------------------------------------------------------------------------

def test_batch_move_rotate_delete_reorder_and_component_change():
    ps = [pg.page_from_image(samples.text_page(str(i), dpi=50), PROFILE, origin=str(i)) for i in range(4)]
    b = ScanBatch()
    b.set_components(["A", "B"])
    b.add(1, ps[:3], imported=False)
    b.add(UNASSIGNED, ps[3:], imported=False)
    b.shift(1, [ps[2].uid], -1)
    assert [p.uid for p in b.pages(1)] == [ps[0].uid, ps[2].uid, ps[1].uid]
    b.rotate([ps[0].uid], 90)
    b.rotate([ps[0].uid], 270)
    b.rotate([ps[2].uid], -90)
    assert [p.rotation for p in b.pages(1)] == [0, 270, 0]
    b.move([ps[3].uid], 2)
    b.delete([ps[1].uid])
    assert [p.uid for p in b.pages(2)] == [ps[3].uid] and b.count(1) == 2
    b.reorder(1, [ps[2].uid, ps[0].uid])
    assert b.changed == {UNASSIGNED, 1, 2}
    moved = b.set_components(["A", "C"])  # component 2 changed: its page waits in row 0
    assert moved == 1 and [p.uid for p in b.pages(UNASSIGNED)] == [ps[3].uid]


# --- QR from a scan --------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["JPEG", "PDF"])
def test_cccd_qr_on_a_scanned_page_fills_the_applicant(fmt):
    page_im = samples.page_with_card(dpi=300)
    data = samples.encode(page_im, "JPEG", quality=85) if fmt == "JPEG" else samples.pdf_of([page_im], quality=85)
    [page] = load(data, "cccd." + fmt.lower(), detect_qr=True)
    assert page.qr_payload == samples.SAMPLE_CCCD
    r = parse_cccd(page.qr_payload)
    assert (r.full_name, r.id_number, r.sex) == ("Trần Thị Bình", "079301004321", "Nữ")
    assert r.birth_date.isoformat() == "2001-11-02"
    assert r.address == "Số 12 Đường Số 3, Phường 5, Quận 8, TP. Hồ Chí Minh"


def test_a_page_without_cccd_qr_offers_nothing():
    other_qr = samples.qr_image("https://dichvucong.gov.vn/tra-cuu?ma=123", 6)
    page_im = samples.text_page("QR khác", dpi=200)
    page_im.paste(other_qr, (400, 900))
    [page] = load(samples.encode(page_im, "PNG"), "khac.png", detect_qr=True)
    assert page.qr_payload is None
