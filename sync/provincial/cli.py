"""``counter-app-provincial``: run and drive the reference provincial system.

    counter-app-provincial --data-dir DIR add-station --agency-code C --station K
    counter-app-provincial --data-dir DIR serve --host 127.0.0.1 --port N [fault options]
    counter-app-provincial --data-dir DIR set-status CODE STATUS [--note TEXT] [--unit TEXT]
    counter-app-provincial --data-dir DIR publish-holiday DAY --kind off|work|none [--name TEXT]
    counter-app-provincial --data-dir DIR publish-catalogue FILE
    counter-app-provincial --data-dir DIR publish-targets --agency-code C FILE
    counter-app-provincial --data-dir DIR show CODE
    counter-app-provincial --data-dir DIR submit-online --agency-code C --json dossier.json [FILE…]
    counter-app-provincial --data-dir DIR resubmit-online CODE [--json files.json] FILE…
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from datetime import date, datetime
from pathlib import Path

from .faults import FaultConfig
from .limits import Limits
from .store import Store, StoreError


class _Intermixed(argparse.ArgumentParser):
    """A command's options may come between its positionals (``resubmit-online CODE --json F
    FILE…``): plain argparse would give the FILEs nowhere to go."""

    _inner = False

    def parse_known_args(self, args=None, namespace=None):
        if self._inner:
            return super().parse_known_args(args, namespace)
        self._inner = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._inner = False


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="counter-app-provincial",
                                description="Hệ thống một cửa cấp tỉnh tham chiếu (để thử nghiệm đồng bộ).")
    p.add_argument("--data-dir", required=True, metavar="DIR", help="thư mục dữ liệu của máy chủ tham chiếu")
    sub = p.add_subparsers(dest="command", required=True, metavar="LỆNH", parser_class=_Intermixed)

    s = sub.add_parser("add-station", help="tạo trạm (quầy) và in khóa bí mật mới")
    s.add_argument("--agency-code", required=True)
    s.add_argument("--station", required=True)

    s = sub.add_parser("serve", help="chạy máy chủ")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument("--token-ttl", type=float, default=3600.0, help="thời hạn mã truy cập (giây)")
    s.add_argument("--tls-cert", help="chứng chỉ PEM (bật HTTPS)")
    s.add_argument("--tls-key", help="khóa riêng PEM")
    d = Limits()
    g = s.add_argument_group("giới hạn (chống lạm dụng)")
    g.add_argument("--max-connections", type=int, default=d.max_connections, help="số kết nối phục vụ cùng lúc")
    g.add_argument("--max-body-bytes", type=int, default=d.max_json_bytes, help="dung lượng tối đa một yêu cầu JSON")
    g.add_argument("--max-file-bytes", type=int, default=d.max_upload_bytes, help="dung lượng tối đa một tệp")
    g.add_argument("--max-open-uploads", type=int, default=d.max_open_uploads, help="số tệp gửi dở tối đa mỗi trạm")
    g.add_argument("--max-open-bytes", type=int, default=d.max_open_bytes,
                   help="tổng dung lượng khai báo của các tệp gửi dở mỗi trạm")
    g.add_argument("--max-tokens", type=int, default=d.max_tokens, help="số mã truy cập còn hiệu lực mỗi trạm")
    g.add_argument("--max-auth-failures", type=int, default=d.max_auth_failures,
                   help="số lần sai khóa bí mật mỗi phút (mỗi trạm, mỗi địa chỉ)")
    g.add_argument("--upload-ttl", type=float, default=d.upload_ttl, help="xóa tệp gửi dở không hoạt động sau (giây)")
    g = s.add_argument_group("giả lập sự cố (tỉ lệ 0–1 trên mỗi yêu cầu)")
    g.add_argument("--fault-error-rate", type=float, default=0.0, help="lỗi 500/502/503")
    g.add_argument("--fault-reset-rate", type=float, default=0.0, help="ngắt kết nối (TCP reset) giữa chừng")
    g.add_argument("--fault-stall-rate", type=float, default=0.0, help="treo không trả lời")
    g.add_argument("--fault-stall-seconds", type=float, default=5.0)
    g.add_argument("--fault-slow-rate", type=float, default=0.0, help="trả lời chậm")
    g.add_argument("--fault-slow-seconds", type=float, default=0.2)
    g.add_argument("--fault-429-rate", type=float, default=0.0, help="429 kèm Retry-After")
    g.add_argument("--fault-retry-after", type=float, default=1.0)
    g.add_argument("--fault-captive-rate", type=float, default=0.0, help="trang đăng nhập Wi-Fi (HTML, 200)")
    g.add_argument("--fault-redirect-rate", type=float, default=0.0, help="chuyển hướng sang máy khác")
    g.add_argument("--fault-redirect-to", default="http://192.0.2.1")
    g.add_argument("--fault-seed", type=int)

    s = sub.add_parser("set-status", help="đơn vị giải quyết đổi trạng thái một hồ sơ")
    s.add_argument("code")
    s.add_argument("status", type=int)
    s.add_argument("--note", default="")
    s.add_argument("--unit", default="Đơn vị giải quyết")
    s.add_argument("--person", default="")

    s = sub.add_parser("publish-holiday", help="công bố ngày nghỉ hoặc ngày làm bù")
    s.add_argument("day", help="yyyy-mm-dd")
    s.add_argument("--kind", required=True, choices=("off", "work", "none"))
    s.add_argument("--name", default="")

    s = sub.add_parser("publish-catalogue", help="công bố danh mục thủ tục (tệp JSON)")
    s.add_argument("file")

    # -- the scorecard's targets (issue 20 scope 3) --
    s = sub.add_parser("publish-targets", help="giao chỉ tiêu chỉ số 766 cho các trạm của một đơn vị (tệp JSON)")
    s.add_argument("--agency-code", required=True)
    s.add_argument("file", help='{"ChiTieu": {"3.3": 30.0, ...}, "HieuLucTu": "yyyyMMdd"}')
    # -- end of the scorecard's targets --

    s = sub.add_parser("show", help="in hồ sơ đã nhận, hoặc hồ sơ trực tuyến và lịch sử của nó (JSON)")
    s.add_argument("code")

    for name, text in (("submit-online", "công dân nộp hồ sơ trực tuyến trên cổng (in mã hồ sơ)"),
                       ("resubmit-online", "công dân bổ sung hồ sơ trực tuyến sau khi được hướng dẫn")):
        s = sub.add_parser(name, help=text)
        if name == "submit-online":
            s.add_argument("--agency-code", required=True, help="mã đơn vị nhận hồ sơ")
            s.add_argument("--json", required=True, metavar="FILE", dest="json_file",
                           help="thông tin hồ sơ (MaTTHC, HoTen, SoGiayToChuHoSo, …; xem docs/sync-protocol.md)")
        else:
            s.add_argument("code", help="mã hồ sơ trực tuyến")
            s.add_argument("--json", metavar="FILE", dest="json_file",
                           help="thành phần của từng tệp («files»), nếu không theo thứ tự thành phần")
        s.add_argument("--submitted-at", metavar="yyyyMMddHHmmss", help="thời điểm nộp (giờ Việt Nam; mặc định: bây giờ)")
        s.add_argument("--max-file-bytes", type=int, default=Limits().max_upload_bytes, help="dung lượng tối đa một tệp")
        s.add_argument("--format", choices=("text", "json"), default="text", help="json: in {\"MaHoSo\": …}")
        s.add_argument("files", nargs="*", metavar="FILE", help="tệp đính kèm, theo thứ tự thành phần hồ sơ")
    return p


def _online(args, data_dir: Path) -> int:
    from datetime import datetime

    from .online import InputError, parse_wire_time, read_json
    from .store import VN

    limits = Limits(max_upload_bytes=args.max_file_bytes)
    try:
        at = parse_wire_time(args.submitted_at).replace(tzinfo=VN) if args.submitted_at else datetime.now(VN)
        raw = read_json(Path(args.json_file), limits.max_json_bytes) if args.json_file else None
    except InputError as exc:
        raise StoreError(exc.message) from None
    paths = [Path(f) for f in args.files]
    from .store import DB_NAME

    if not (data_dir / DB_NAME).is_file():
        raise StoreError(f"Thư mục {data_dir} chưa có dữ liệu của hệ thống tỉnh (chạy add-station trước).")
    store = Store(data_dir, limits)
    try:
        if args.command == "submit-online":
            result = store.submit_online(args.agency_code, raw, paths, at)
        else:
            result = store.resubmit_online(args.code, raw, paths, at)
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(result["MaHoSo"])
        verb = "Đã nhận" if args.command == "submit-online" else "Đã nhận bổ sung cho"
        sys.stderr.write(f"{verb} hồ sơ trực tuyến {result['MaHoSo']} ({len(paths)} tệp; thay đổi số {result['change']}).\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):  # pragma: no cover
            pass
    args = _parser().parse_args(argv)
    data_dir = Path(args.data_dir)
    try:
        if args.command == "serve":
            return _serve(args, data_dir)
        if args.command in ("submit-online", "resubmit-online"):
            return _online(args, data_dir)
        store = Store(data_dir)
        try:
            if args.command == "add-station":
                station_id, secret = store.add_station(args.agency_code, args.station)
                print(secret)
                sys.stderr.write(f"Đã tạo trạm {station_id}. Khóa bí mật chỉ in một lần, ở dòng trên.\n")
            elif args.command == "set-status":
                change = store.set_status(args.code, args.status, args.note, args.unit, args.person)
                print(f"Đã chuyển hồ sơ {args.code} sang trạng thái {args.status} (thay đổi số {change['id']}).")
            elif args.command == "publish-holiday":
                date.fromisoformat(args.day)
                cid = store.publish("holiday", {"day": args.day, "kind": args.kind, "name": args.name})
                print(f"Đã công bố ngày {args.day} (thay đổi số {cid}).")
            elif args.command == "publish-catalogue":
                catalogue = json.loads(Path(args.file).read_text(encoding="utf-8-sig"))
                cid = store.publish("catalogue", {"catalogue": catalogue})
                print(f"Đã công bố danh mục thủ tục (thay đổi số {cid}).")
            elif args.command == "publish-targets":  # the scorecard's targets (issue 20 scope 3)
                ids = _publish_targets(store, args.agency_code, Path(args.file))
                print(f"Đã giao chỉ tiêu cho {len(ids)} trạm của đơn vị {args.agency_code} "
                      f"(thay đổi số {', '.join(map(str, ids))}).")
            elif args.command == "show":
                record = store.online_view(args.code) or store.dossier(args.code)
                if record is None:
                    raise StoreError(f"Không có hồ sơ {args.code}.")
                print(json.dumps(record, ensure_ascii=False, indent=2))
        finally:
            store.close()
    except StoreError as exc:
        sys.stderr.write(f"Lỗi: {exc.message}\n")
        return 2
    except (ValueError, OSError) as exc:
        sys.stderr.write(f"Lỗi: {exc}\n")
        return 2
    return 0


def _publish_targets(store: Store, agency_code: str, path: Path) -> list[int]:
    """The change ``scorecard-targets`` from a file ``{"ChiTieu": {id: percent}, "HieuLucTu":
    "yyyyMMdd"}`` (docs/sync-protocol.md); the station checks the values itself."""
    body = json.loads(path.read_text(encoding="utf-8-sig"))
    if not isinstance(body, dict) or not isinstance(body.get("ChiTieu"), dict):
        raise StoreError('Tệp chỉ tiêu phải là đối tượng JSON có "ChiTieu" (mã chỉ số → tỷ lệ phần trăm).')
    since = body.get("HieuLucTu", "")
    if since:
        datetime.strptime(str(since), "%Y%m%d")  # ValueError: exit 2 with the reason
    return store.publish_to_agency("scorecard-targets", {"ChiTieu": body["ChiTieu"], "HieuLucTu": str(since)},
                                   agency_code)


def _serve(args, data_dir: Path) -> int:
    from .server import ReferenceServer

    limits = Limits(max_connections=args.max_connections, max_json_bytes=args.max_body_bytes,
                    max_upload_bytes=args.max_file_bytes, max_open_uploads=args.max_open_uploads,
                    max_open_bytes=args.max_open_bytes, max_tokens=args.max_tokens,
                    max_auth_failures=args.max_auth_failures, upload_ttl=args.upload_ttl)

    faults = FaultConfig(
        error_rate=args.fault_error_rate, reset_rate=args.fault_reset_rate, stall_rate=args.fault_stall_rate,
        stall_seconds=args.fault_stall_seconds, slow_rate=args.fault_slow_rate, slow_seconds=args.fault_slow_seconds,
        rate_429=args.fault_429_rate, retry_after=args.fault_retry_after, captive_rate=args.fault_captive_rate,
        redirect_rate=args.fault_redirect_rate, redirect_to=args.fault_redirect_to, seed=args.fault_seed,
    )
    server = ReferenceServer(data_dir, host=args.host, port=args.port, faults=faults, token_ttl=args.token_ttl,
                             tls_cert=args.tls_cert, tls_key=args.tls_key, limits=limits)

    def stop(_signum, _frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"Máy chủ tỉnh tham chiếu đang chạy tại {server.url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
        server.store.close()
    return 0
