"""Windows scanners: WIA 2.0 (through pywin32's COM automation) and TWAIN (through pytwain).

Written against :class:`~.sources.PageSource` and guarded by platform and by the presence of
the optional modules (``pywin32`` for WIA, ``twain`` for TWAIN): where they are missing, no
Windows source is offered. NOT TESTED on a Windows machine or a real device (the project's
machines are Linux); see docs/scanning.md for what was and was not tested.

Each ``acquire`` runs on a worker thread, so COM is initialised for that thread.
"""

from __future__ import annotations

import io
import logging
import sys
import threading

from PIL import Image

from ..i18n import N_, _
from .errors import PageInputError, ScanCancelled, ScannerError
from .pages import page_from_image
from .sources import AcquireReport, PageSource

log = logging.getLogger(__name__)

IS_WINDOWS = sys.platform == "win32"

# WIA constants (wiadef.h)
WIA_DEVICE_TYPE_SCANNER = 1
WIA_DPS_DOCUMENT_HANDLING_SELECT = 3088
WIA_DPS_PAGES = 3096
FEEDER, FLATBED = 0x001, 0x002
WIA_IPS_CUR_INTENT = 6146
WIA_IPS_XRES, WIA_IPS_YRES = 6147, 6148
INTENT = {"color": 1, "gray": 2, "bw": 4}
WIA_FORMAT_PNG = "{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}"
WIA_HRESULTS = {
    0x80210003: "paper-empty",
    0x80210002: N_("Kẹt giấy trong máy quét."),
    0x80210006: N_("Máy quét đang bận (có thể một chương trình khác đang dùng)."),
    0x80210005: N_("Mất kết nối với máy quét: máy có thể đã bị tắt hoặc rút cáp."),
    0x8021000A: N_("Mất kết nối với máy quét: máy có thể đã bị tắt hoặc rút cáp."),
    0x80210016: N_("Nắp máy quét đang mở."),
}


def _hresult(exc: BaseException) -> int | None:
    for candidate in (getattr(exc, "hresult", None), *(getattr(exc, "args", ()) or ())):
        if isinstance(candidate, int):
            return candidate & 0xFFFFFFFF
    excepinfo = exc.args[2] if len(getattr(exc, "args", ())) > 2 else None
    if isinstance(excepinfo, tuple) and len(excepinfo) > 5 and isinstance(excepinfo[5], int):
        return excepinfo[5] & 0xFFFFFFFF
    return None


def _fail(reason: str, pages: int) -> ScannerError:
    if pages:
        return ScannerError(_("{reason} Đã nhận {pages} trang trước khi lỗi; các trang này được giữ lại.").format(
            reason=reason, pages=pages), pages)
    return ScannerError(_("{reason} Chưa nhận được trang nào; hãy kiểm tra máy quét rồi thử lại.").format(reason=reason))


def _set_prop(props, prop_id: int, value) -> None:
    for i in range(1, props.Count + 1):
        p = props.Item(i)
        if p.PropertyID == prop_id:
            p.Value = value
            return


class WiaScanner(PageSource):
    kind = "wia"

    def __init__(self, device_id: str, label: str) -> None:
        self.device_id = device_id
        self.label = label

    def acquire(self, profile, on_page, *, cancel=None, detect_qr=False, max_pages=None) -> AcquireReport:
        import pythoncom  # type: ignore[import-not-found]
        import win32com.client  # type: ignore[import-not-found]

        cancel = cancel or threading.Event()
        report = AcquireReport()
        pythoncom.CoInitialize()
        try:
            manager = win32com.client.Dispatch("WIA.DeviceManager")
            info = next((manager.DeviceInfos.Item(i) for i in range(1, manager.DeviceInfos.Count + 1)
                         if manager.DeviceInfos.Item(i).DeviceID == self.device_id), None)
            if info is None:
                raise _fail(_("Không thấy máy quét (đã tắt hoặc bị rút cáp)."), 0)
            device = info.Connect()
            _set_prop(device.Properties, WIA_DPS_DOCUMENT_HANDLING_SELECT, FEEDER if profile.adf else FLATBED)
            _set_prop(device.Properties, WIA_DPS_PAGES, 1)
            item = device.Items.Item(1)
            _set_prop(item.Properties, WIA_IPS_CUR_INTENT, INTENT[profile.color_mode])
            _set_prop(item.Properties, WIA_IPS_XRES, profile.dpi)
            _set_prop(item.Properties, WIA_IPS_YRES, profile.dpi)
            limit = max_pages or (None if profile.adf else 1)
            while limit is None or report.pages < limit:
                if cancel.is_set():
                    raise ScanCancelled(_("Đã dừng quét; giữ lại {pages} trang đã quét xong.").format(pages=report.pages),
                                        report.pages)
                try:
                    image_file = item.Transfer(WIA_FORMAT_PNG)
                except Exception as exc:  # noqa: BLE001 - pywintypes.com_error
                    what = WIA_HRESULTS.get(_hresult(exc) or 0)
                    if what == "paper-empty":
                        if report.pages:
                            break
                        raise _fail(_("Khay nạp giấy (ADF) không có giấy."), 0) from None
                    raise _fail(_(what) if what else _("Máy quét báo lỗi khi quét."), report.pages) from None
                data = bytes(image_file.FileData.BinaryData)
                with Image.open(io.BytesIO(data)) as im:
                    im.load()
                    try:
                        page = page_from_image(im, profile, origin=_("{source} — trang {n}").format(source=self.label, n=report.pages + 1),
                                               dpi=profile.dpi, detect_qr=detect_qr)
                    except PageInputError as exc:
                        raise _fail(exc.message, report.pages) from None
                on_page(page)
                report.pages += 1
        finally:
            pythoncom.CoUninitialize()
        return report


class TwainScanner(PageSource):
    kind = "twain"

    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.label = f"{source_name} (TWAIN)"

    def acquire(self, profile, on_page, *, cancel=None, detect_qr=False, max_pages=None) -> AcquireReport:
        import twain  # type: ignore[import-not-found]

        cancel = cancel or threading.Event()
        report = AcquireReport()
        sm = twain.SourceManager(0)
        try:
            try:
                src = sm.open_source(self.source_name)
            except Exception:  # noqa: BLE001
                raise _fail(_("Không mở được máy quét (đã tắt, bị rút cáp hoặc đang bận)."), 0) from None
            try:
                pixel_type = {"color": twain.TWPT_RGB, "gray": twain.TWPT_GRAY, "bw": twain.TWPT_BW}[profile.color_mode]
                for cap, typ, value in (
                    (twain.ICAP_PIXELTYPE, twain.TWTY_UINT16, pixel_type),
                    (twain.ICAP_XRESOLUTION, twain.TWTY_FIX32, float(profile.dpi)),
                    (twain.ICAP_YRESOLUTION, twain.TWTY_FIX32, float(profile.dpi)),
                    (twain.CAP_FEEDERENABLED, twain.TWTY_BOOL, bool(profile.adf)),
                ):
                    try:
                        src.set_capability(cap, typ, value)
                    except Exception:  # noqa: BLE001 - a device without that capability
                        pass
                src.request_acquire(show_ui=False, modal_ui=False)
                more = 1
                while more and (max_pages is None or report.pages < max_pages):
                    if cancel.is_set():
                        raise ScanCancelled(_("Đã dừng quét; giữ lại {pages} trang đã quét xong.").format(pages=report.pages),
                                        report.pages)
                    try:
                        handle, more = src.xfer_image_natively()
                    except Exception:  # noqa: BLE001 - twain.exceptions.* (paper jam, device gone …)
                        if report.pages:
                            raise _fail(_("Máy quét ngừng giữa chừng."), report.pages) from None
                        raise _fail(_("Máy quét báo lỗi hoặc khay nạp giấy không có giấy."), 0) from None
                    try:
                        bmp = twain.dib_to_bm_file(handle)
                    finally:
                        twain.global_handle_free(handle)
                    with Image.open(io.BytesIO(bmp)) as im:
                        im.load()
                        try:
                            page = page_from_image(im, profile, origin=_("{source} — trang {n}").format(source=self.label, n=report.pages + 1),
                                                   dpi=profile.dpi, detect_qr=detect_qr)
                        except PageInputError as exc:
                            raise _fail(exc.message, report.pages) from None
                    on_page(page)
                    report.pages += 1
            finally:
                src.close()
        finally:
            sm.close()
        return report


def discover() -> list[PageSource]:
    if not IS_WINDOWS:
        return []
    found: list[PageSource] = []
    try:
        import pythoncom  # type: ignore[import-not-found]
        import win32com.client  # type: ignore[import-not-found]
    except ImportError:
        pass
    else:
        pythoncom.CoInitialize()
        try:
            manager = win32com.client.Dispatch("WIA.DeviceManager")
            for i in range(1, manager.DeviceInfos.Count + 1):
                info = manager.DeviceInfos.Item(i)
                if info.Type == WIA_DEVICE_TYPE_SCANNER:
                    name = info.Properties("Name").Value
                    found.append(WiaScanner(info.DeviceID, f"{name} (WIA)"))
        except Exception:  # noqa: BLE001 - WIA service stopped
            log.warning("WIA discovery failed", exc_info=True)
        finally:
            pythoncom.CoUninitialize()
    try:
        import twain  # type: ignore[import-not-found]
    except ImportError:
        return found
    try:
        sm = twain.SourceManager(0)
        try:
            wia_names = {s.label.removesuffix(" (WIA)") for s in found}
            for name in sm.source_list:
                if name not in wia_names:  # the same device through both drivers: offer WIA once
                    found.append(TwainScanner(name))
        finally:
            sm.close()
    except Exception:  # noqa: BLE001 - no TWAIN data source manager installed
        log.warning("TWAIN discovery failed", exc_info=True)
    return found
