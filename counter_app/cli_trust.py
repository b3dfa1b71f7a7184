"""``audit verify``, ``backup --to DIR``, ``restore --from PATH``: the PC administrator's tools."""

from __future__ import annotations

from pathlib import Path

from .errors import UserError


def cmd_audit(args) -> int:
    from . import audit
    from .cli import open_ready

    if args.audit_command != "verify":
        raise UserError("Lệnh audit hiện có: verify.")
    db = open_ready(args)
    try:
        broken = audit.verify(db)
        total = db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
        if broken is not None:
            row = db.execute("SELECT at, actor, action, object FROM audit WHERE id = ?", [broken]).fetchone()
    finally:
        db.close()
    if broken is None:
        print(f"Nhật ký kiểm tra nguyên vẹn: {total} mục, chuỗi băm khớp.")
        return 0
    print(f"Nhật ký kiểm tra đã bị sửa: mục đầu tiên sai là #{broken} ({row[0]}, {row[1]}, {row[2]}, {row[3]}).")
    return 1


def cmd_backup(args) -> int:
    from . import audit, backup, paths
    from .accounts import cli_actor
    from .cli import open_ready
    from .db import write_tx

    data_dir = paths.resolve_data_dir(args.data_dir)
    db = open_ready(args)  # migrated and set up
    try:
        result = backup.backup(data_dir, Path(args.to), keep=args.keep)
        with write_tx(db):
            audit.record(db, cli_actor(), "backup", result.path.name,
                         {"dossiers": result.dossiers, "files_copied": result.files_copied})
    finally:
        db.close()
    print(f"Đã sao lưu vào {result.path} ({result.dossiers} hồ sơ; {result.files_copied}/{result.files_total} tệp quét mới); "
          f"đã kiểm tra sau khi ghi.")
    for name in result.removed:
        print(f"Đã xóa bản sao lưu cũ {name}.")
    return 0


def cmd_restore(args) -> int:
    from . import audit, backup, paths
    from .accounts import cli_actor
    from .db import open_data_dir, write_tx

    data_dir = paths.resolve_data_dir(args.data_dir)
    kept = backup.restore(data_dir, Path(args.source))
    db = open_data_dir(data_dir)  # migrates an older backup, after its own copy
    try:
        with write_tx(db):
            audit.record(db, cli_actor(), "restore", Path(args.source).name, {"kept": kept.name})
        n = db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
    finally:
        db.close()
    print(f"Đã khôi phục từ {args.source} ({n} hồ sơ). Dữ liệu trước khi khôi phục được giữ ở {kept}.")
    return 0


def register(sub) -> None:
    s = sub.add_parser("audit", help="nhật ký kiểm tra: verify")
    s.add_argument("audit_command", metavar="verify", choices=["verify"])
    s.set_defaults(func=cmd_audit)
    s = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu và tệp quét vào một thư mục")
    s.add_argument("--to", required=True, metavar="DIR")
    s.add_argument("--keep", type=int, default=14, metavar="N", help="giữ N bản mới nhất (mặc định 14)")
    s.set_defaults(func=cmd_backup)
    s = sub.add_parser("restore", help="khôi phục từ bản sao lưu (khi ứng dụng đã tắt)")
    s.add_argument("--from", dest="source", required=True, metavar="PATH")
    s.set_defaults(func=cmd_restore)
