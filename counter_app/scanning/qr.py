"""A CCCD QR code on a scanned or imported page (zxing-cpp), checked with the same parser as
the keyboard-wedge path. The payload is personal data: it is returned, never logged."""

from __future__ import annotations

import zxingcpp
from PIL import Image

from counter_app.cccd import parse_cccd
from counter_app.errors import UserError

# zxing finds a card's QR comfortably at 150–300 dpi; larger pages are scaled down first.
MAX_QR_SIDE = 3600


def find_cccd(im: Image.Image) -> str | None:
    """The raw text of the first QR code on the image that parses as a CCCD payload, or None."""
    if im.mode not in ("L", "RGB"):
        im = im.convert("L")
    if max(im.size) > MAX_QR_SIDE:
        im = im.copy()
        im.thumbnail((MAX_QR_SIDE, MAX_QR_SIDE), Image.Resampling.BILINEAR)
    try:
        found = zxingcpp.read_barcodes(im, formats=zxingcpp.BarcodeFormat.QRCode)
    except Exception:  # noqa: BLE001 - a decoder failure only means "no QR found"
        return None
    for result in found:
        text = result.text
        if not text:
            continue
        try:
            parse_cccd(text)
        except UserError:
            continue
        return text
    return None
