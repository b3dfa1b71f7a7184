"""Fetching stored scans back from the province (scan retention, docs/scanning.md).

:class:`ProvinceFiles` is the ``client`` of :mod:`counter_app.scanning.retention`: it downloads
a file's ``remote_url`` through the sync HTTP client (station secret → bearer token, TLS and CA
bundle, timeouts, redirect policy) and the configured adapter, and turns every failure into a
:class:`counter_app.scanning.errors.FetchError` with a Vietnamese message. It holds no database
connection: make it where the database is read (:func:`open_province_files`), use it on any
thread.
"""

from __future__ import annotations

import logging
from pathlib import Path

from counter_app.errors import UserError
from counter_app.i18n import _
from counter_app.scanning.errors import FetchError

from . import config
from .adapters import Adapter, adapter_for
from .errors import PermanentError, SyncError, TransientError
from .http import HttpClient, origin

log = logging.getLogger(__name__)

PREFIX = "Không tải được bản quét từ hệ thống tỉnh: "


class ProvinceFiles:
    def __init__(self, cfg: config.SyncConfig, secret, adapter: Adapter | None = None) -> None:
        self.cfg = cfg
        self.client = HttpClient(cfg, secret)
        self.adapter = adapter or adapter_for(cfg)

    def download(self, url: str, *, max_bytes: int) -> bytes:
        if origin(url) != origin(self.cfg.base_url):
            # The credential goes only to the configured server, never to an address a row holds.
            raise FetchError(PREFIX + "địa chỉ tệp không thuộc máy chủ tỉnh đã thiết lập, nên không gửi thông tin "
                             "xác thực của trạm đến đó. Hãy báo quản trị viên.")
        try:
            return self.adapter.download_file(self.client, url, max_bytes)
        except PermanentError as exc:
            log.warning("fetching a scan back was refused (%s)", exc.kind)
            if exc.kind == "not-found":
                raise FetchError(PREFIX + "hệ thống tỉnh không tìm thấy tệp này (404). Hãy báo quản trị viên "
                                 "để kiểm tra với hệ thống tỉnh.") from exc
            raise FetchError(PREFIX + exc.message) from exc
        except TransientError as exc:
            log.info("fetching a scan back failed (%s)", exc.kind)
            if exc.offline:
                raise FetchError(PREFIX + "không kết nối được tới máy chủ tỉnh (mất mạng hoặc máy chủ không hoạt "
                                 "động). Hãy thử lại khi có mạng.") from exc
            if exc.kind == "auth":
                raise FetchError(PREFIX + exc.message + " Hãy báo quản trị viên kiểm tra khóa đồng bộ "
                                 "(counter-app sync-setup).") from exc
            raise FetchError(PREFIX + exc.message + " Hãy thử lại sau.") from exc
        except SyncError as exc:  # pragma: no cover - every SyncError is one of the two above
            raise FetchError(PREFIX + exc.message) from exc

    def close(self) -> None:
        self.client.close()


def open_province_files(db, data_dir: Path) -> ProvinceFiles:
    """The client for the station's sync configuration (a reader connection is enough)."""
    cfg = config.load(db)
    if cfg is None:
        raise UserError(_("Chưa cấu hình đồng bộ với hệ thống tỉnh nên không tải lại được bản quét. Hãy chạy "
                          "'counter-app sync-setup --server URL --secret-stdin' (hoặc báo quản trị viên)."))
    return ProvinceFiles(cfg, config.secret_store(data_dir, cfg).get)
