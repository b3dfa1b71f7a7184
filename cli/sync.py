"""``counter-app sync-setup``, ``sync``, ``sync-status``, ``sync-requeue``, ``sync-set-aside``."""

from __future__ import annotations

import signal
import sqlite3
import sys
from typing import Any

from counter_app import outbox, province_changes
from counter_app.errors import UserError
from sync import config

from .main import EXIT_FAIL, EXIT_OK, open_ready, print_json

TUNING = (
    ("connect_timeout", float, "giây chờ kết nối"),
    ("read_timeout", float, "giây chờ phản hồi"),
    ("backoff_base", float, "giây chờ trước lần thử lại đầu tiên (gấp đôi sau mỗi lần)"),
    ("backoff_cap", float, "giây chờ tối đa giữa hai lần thử"),
    ("probe_interval", float, "giây giữa hai lần dò kết nối khi mất mạng"),
    ("idle_interval", float, "giây giữa hai lần nhận thay đổi khi không có gì để gửi"),
    ("batch_size", int, "số hồ sơ/bước xử lý trong một yêu cầu"),
    ("chunk_size", int, "số byte mỗi phần khi tải tệp"),
    ("upload_workers", int, "số tệp tải lên song song"),
)


# The national gateway adapters' settings (sync/adapters/lgsp.py, three_url.py); passwords never here.
GATEWAY_OPTIONS = (
    ("gateway_url", "lgsp: địa chỉ cổng LGSP, ví dụ https://lgsp.tinh.gov.vn"),
    ("auth_path", "lgsp: đường dẫn đăng nhập, ví dụ /api/auth"),
    ("integration_path", "lgsp: đường dẫn tích hợp (DongBoHoSoMC…), ví dụ /api/integration"),
    ("madonvi", "lgsp: mã định danh đơn vị gửi trong mỗi yêu cầu"),
    ("username", "lgsp: tên đăng nhập cổng"),
    ("create_url", "three-url: địa chỉ thêm mới hồ sơ (URLThemMoi)"),
    ("update_url", "three-url: địa chỉ cập nhật hồ sơ (URLCapNhat)"),
    ("progress_url", "three-url: địa chỉ đồng bộ tiến trình (URLDongBoTienTrinh)"),
    ("download_base", "lgsp/three-url: địa chỉ công khai để tải tệp (tùy chọn; thêm mã sha256 của tệp vào cuối)"),
)


def register(sub) -> None:
    s = sub.add_parser("sync-setup", help="cấu hình đồng bộ với hệ thống tỉnh")
    s.add_argument("--server", required=True, metavar="URL", help="địa chỉ hệ thống tỉnh, ví dụ https://motcua.tinh.gov.vn")
    s.add_argument("--secret-stdin", action="store_true", help="đọc khóa bí mật của trạm từ đầu vào chuẩn")
    s.add_argument("--station-id", help="mã trạm (mặc định: <mã định danh>/<số quầy>)")
    s.add_argument("--ca-bundle", metavar="FILE", help="tệp chứng chỉ CA (PEM) để xác minh máy chủ")
    s.add_argument("--adapter", default=None,
                   help="bộ chuyển đổi của hệ thống tỉnh: reference (mặc định), lgsp hoặc three-url")
    for name, text in GATEWAY_OPTIONS:
        s.add_argument("--" + name.replace("_", "-"), default=None, help=text)
    s.add_argument("--gateway-password-stdin", action="store_true",
                   help="đọc mật khẩu cổng LGSP từ dòng thứ hai của đầu vào chuẩn (sau khóa bí mật của trạm)")
    for name, typ, text in TUNING:
        s.add_argument("--" + name.replace("_", "-"), type=typ, default=None, help=text)
    s.set_defaults(func=cmd_setup)

    s = sub.add_parser("sync", help="đồng bộ với hệ thống tỉnh (chạy đến khi dừng, hoặc một lượt với --once)")
    s.add_argument("--once", action="store_true", help="một lượt như nút \"Đồng bộ ngay\" rồi thoát")
    s.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    s.set_defaults(func=cmd_sync)

    s = sub.add_parser("sync-status", help="tình trạng hàng đợi đồng bộ")
    s.add_argument("--json", action="store_true")
    s.add_argument("--all", action="store_true", help="kể cả các mục đã gửi")
    s.set_defaults(func=cmd_status)

    s = sub.add_parser("sync-requeue", help="đưa một mục cần xử lý trở lại hàng đợi")
    s.add_argument("id", type=int)
    s.set_defaults(func=cmd_requeue)

    s = sub.add_parser("sync-set-aside", help="tạm gác một mục đồng bộ")
    s.add_argument("id", type=int)
    s.add_argument("--reason", default="")
    s.set_defaults(func=cmd_set_aside)

    s = sub.add_parser("sync-confirm", help="giám sát chấp nhận một thay đổi lịch từ tỉnh đang chờ xác nhận")
    s.add_argument("id", type=int, help="số của thay đổi (sync-status)")
    s.set_defaults(func=cmd_confirm)

    s = sub.add_parser("sync-refuse", help="giám sát không chấp nhận một thay đổi lịch từ tỉnh đang chờ xác nhận")
    s.add_argument("id", type=int, help="số của thay đổi (sync-status)")
    s.add_argument("--reason", default="")
    s.set_defaults(func=cmd_refuse)


def cmd_setup(args) -> int:
    """The core is :func:`sync.config.setup` (the GUI's "Thiết lập đồng bộ…" calls it too)."""
    from counter_app.accounts import cli_actor

    if not args.secret_stdin:
        raise UserError("Khóa bí mật của trạm phải được nhập qua đầu vào chuẩn: thêm --secret-stdin.")
    secret = config.check_secret(sys.stdin.readline())
    password = None
    if args.gateway_password_stdin:
        password = sys.stdin.readline().strip()
        if not password:
            raise UserError("Không đọc được mật khẩu cổng LGSP từ dòng thứ hai của đầu vào chuẩn.")
    options = {name: getattr(args, name) for name, _text in GATEWAY_OPTIONS if getattr(args, name) is not None}
    db = open_ready(args)
    try:
        cfg, store = config.setup(
            db, args_data_dir(args), cli_actor(), server_url=args.server, secret=secret,
            station_id=args.station_id, ca_bundle=args.ca_bundle, adapter=args.adapter,
            adapter_options=options if options or args.adapter else None, gateway_password=password,
            **{name: getattr(args, name) for name, _typ, _text in TUNING},
        )
    finally:
        db.close()
    print(f"Đã cấu hình đồng bộ trạm {cfg.station_id} với {cfg.base_url} (bộ chuyển đổi {cfg.adapter}).")
    print(f"Khóa bí mật được lưu trong {store.describe()}.")
    return EXIT_OK


def args_data_dir(args):
    from counter_app import paths

    return paths.resolve_data_dir(args.data_dir)


def _summary_lines(s: dict[str, Any]) -> list[str]:
    sent, pulled, q = s["sent"], s.get("pulled") or {}, s["queued"]
    lines = [
        f"Đã gửi: {sent.get('dossier', 0)} hồ sơ, {sent.get('file', 0)} tệp, {sent.get('progress', 0)} bước xử lý.",
    ]
    if pulled:
        lines.append(
            f"Nhận từ tỉnh: áp dụng {pulled.get('applied', 0)}, chờ áp dụng {pulled.get('deferred', 0)}, "
            f"không áp dụng được {pulled.get('not-applied', 0)}."
        )
    lines.append(
        f"Còn trong hàng đợi: {q.get('queued', 0)} (chờ gửi {q.get('pending', 0)}, "
        f"chờ thử lại {q.get('waiting-retry', 0)}, cần xử lý {q.get('needs-attention', 0)})."
    )
    if s.get("online") is False:
        lines.append("Không kết nối được tới hệ thống tỉnh.")
    for err in dict.fromkeys(s.get("errors") or []):
        lines.append(f"Lỗi: {err}")
    return lines


def cmd_sync(args) -> int:
    from sync.engine import Engine

    engine = Engine(args_data_dir(args))
    try:
        if args.once:
            try:
                summary = engine.run_pass(force=True).to_json()
            except sqlite3.OperationalError:
                sys.stderr.write("Lỗi: cơ sở dữ liệu đang bận; hãy thử lại.\n")
                return EXIT_FAIL
            if args.json:
                print_json(summary)
            else:
                print("\n".join(_summary_lines(summary)))
            return EXIT_OK if summary["queued"].get("queued", 0) == 0 else EXIT_FAIL

        def stop(_signum, _frame) -> None:
            engine.stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        print(f"Đang đồng bộ với {engine.cfg.base_url} (dừng: Ctrl+C).", flush=True)
        engine.run_forever()
        return EXIT_OK
    finally:
        engine.close()


def cmd_status(args) -> int:
    db = open_ready(args)
    try:
        q = outbox.summary(db)
        entries = outbox.list_entries(db, include_done=args.all)
        inbox = province_changes.open_items(db)
        state = {k: v for k, v in db.execute("SELECT key, value FROM sync_state")}
        cfg = config.load(db)
    finally:
        db.close()
    if args.json:
        print_json({"queued": q, "entries": entries, "province_changes": inbox, "state": state,
                    "server": cfg.base_url if cfg else None})
        return EXIT_OK
    print(f"Máy chủ: {cfg.base_url if cfg else 'chưa cấu hình'}")
    print(f"Lần đồng bộ thành công gần nhất: {state.get('last_success_at') or 'chưa có'}")
    print(f"Còn trong hàng đợi: {q['queued']} (chờ gửi {q['pending']}, chờ thử lại {q['waiting-retry']}, "
          f"cần xử lý {q['needs-attention']}).")
    for e in entries:
        reason = f" — {e['last_error']}" if e["last_error"] else ""
        print(f"{e['id']}\t{outbox.KIND_NAMES.get(e['kind'], e['kind'])}\t{e['code'] or ''}\t"
              f"{outbox.STATE_NAMES[e['state']]}\t{e['attempts']} lần{reason}")
    for i in inbox:
        print(f"Thay đổi từ tỉnh số {i['id']} {i['code'] or ''}: {i['reason'] or ''}")
    return EXIT_OK


def _supervise(args, action):
    """Open the station, run ``action(db, actor)`` as the CLI actor, close; its result back."""
    from counter_app.accounts import cli_actor

    db = open_ready(args)
    try:
        return action(db, cli_actor())
    finally:
        db.close()


def cmd_requeue(args) -> int:
    _supervise(args, lambda db, actor: outbox.requeue(db, args.id, actor))
    print(f"Đã đưa mục {args.id} trở lại hàng đợi.")
    return EXIT_OK


def cmd_set_aside(args) -> int:
    _supervise(args, lambda db, actor: outbox.set_aside(db, args.id, actor, args.reason))
    print(f"Đã tạm gác mục {args.id}.")
    return EXIT_OK


def cmd_confirm(args) -> int:
    state, reason = _supervise(args, lambda db, actor: province_changes.confirm_held(db, args.id, actor))
    print(f"Đã áp dụng thay đổi {args.id}." if state == province_changes.APPLIED
          else f"Thay đổi {args.id} không áp dụng được: {reason}")
    return EXIT_OK


def cmd_refuse(args) -> int:
    _supervise(args, lambda db, actor: province_changes.refuse_held(db, args.id, actor, args.reason))
    print(f"Đã không chấp nhận thay đổi {args.id}.")
    return EXIT_OK
