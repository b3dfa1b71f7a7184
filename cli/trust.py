"""``audit verify``, ``backup --to DIR``, ``restore --from PATH``: the PC administrator's tools."""

from __future__ import annotations

from pathlib import Path

from counter_app.errors import UserError


def cmd_audit(args) -> int:
    from counter_app import audit, paths
    from .main import open_ready

    if args.audit_command != "verify":
        raise UserError("Lệnh audit hiện có: verify.")
    from counter_app.db import write_tx

    data_dir = paths.resolve_data_dir(args.data_dir)
    db = open_ready(args)
    try:
        v = audit.verify_chain(db, full=args.full)
        if v.broken is not None:
            row = db.execute("SELECT at, actor, action, object FROM audit WHERE id = ?", [v.broken]).fetchone()
            if v.problem:
                print(v.problem)
            print(f"Nhật ký kiểm tra đã bị sửa: mục đầu tiên sai là #{v.broken} ({row[0]}, {row[1]}, {row[2]}, {row[3]}).")
            return 1
        total = db.execute("SELECT max(id) FROM audit").fetchone()[0] or 0  # ids run 1..n (checked by the anchors)
        anchors = _anchors(db, data_dir, args.backups)
        problems, checked = [v.problem] if v.problem else [], []
        for source, anchor in anchors:
            problem = audit.check_anchor(db, anchor, source)
            (problems if problem else checked).append(problem or source)
        if not problems:
            with write_tx(db):  # intact: the next verification starts after the last entry checked
                audit.save_checkpoint(db, v.last)
            audit.anchor_now(db)  # intact and consistent: the anchor moves to the head now
    finally:
        db.close()
    if problems:
        for problem in problems:
            print(problem)
        print("Nếu trạm vừa được khôi phục từ một bản sao lưu cũ hơn, mốc neo mới hơn bản đó là bình thường; "
              "nếu không, dữ liệu đã bị can thiệp ngoài ứng dụng.")
        return 1
    if v.since is None:
        print(f"Nhật ký kiểm tra nguyên vẹn: {total} mục, chuỗi băm khớp (kiểm tra toàn bộ).")
    else:
        print(f"Nhật ký kiểm tra nguyên vẹn: {total} mục; đã kiểm tra {v.checked} mục mới sau mục #{v.since['id']} "
              f"(kiểm tra lần trước lúc {v.since.get('at') or '?'}), chuỗi băm khớp. "
              "Kiểm tra toàn bộ: 'audit verify --full'.")
    if checked:
        print("Khớp các mốc neo: " + "; ".join(checked) + ".")
    else:
        print("Chưa có mốc neo bên ngoài cơ sở dữ liệu (mốc neo được ghi khi sao lưu, chốt ngày, kiểm tra).")
    return 0


def _anchors(db, data_dir: Path, backups_dir: str | None) -> list[tuple[str, dict]]:
    """The anchors to check against, with a Vietnamese name of where each comes from: the one
    kept in the OS keyring (or its file fallback), the newest backup's manifest (in
    ``--backups`` and in the scheduled backup folder), and the anchors in day-close entries."""
    import json

    from counter_app import audit, backup, dbkey, settings

    out: list[tuple[str, dict]] = []
    stored, where = dbkey.load_anchor(data_dir)
    if stored is not None:
        out.append(("kho khóa của hệ điều hành" if where == "keyring" else f"tệp {dbkey.ANCHOR_FILE}", stored))
    folders = [Path(backups_dir)] if backups_dir else []
    scheduled = settings.get_all(db).get("backup_dir")
    if scheduled and Path(scheduled) not in folders:
        folders.append(Path(scheduled))
    for folder in folders:
        for b in reversed(backup.list_backups(folder)):
            try:
                manifest = backup.read_manifest(b)
            except UserError as exc:
                out.append((f"bản sao lưu {b.name}", {"damaged": exc.message}))
                break
            if manifest.get("audit_anchor"):
                out.append((f"bản sao lưu {b.name}", manifest["audit_anchor"]))
                break
    for at, obj, details in db.execute("SELECT at, object, details FROM audit WHERE action = 'day-close' ORDER BY id"):
        d = json.loads(details)
        if "audit_count" in d:
            out.append((f"mục chốt ngày {obj}", {"count": d["audit_count"], "hash": d["audit_hash"], "at": at}))
    return out


def cmd_backup(args) -> int:
    from counter_app import audit, backup, paths
    from counter_app.accounts import cli_actor
    from counter_app.db import write_tx
    from .main import open_ready

    data_dir = paths.resolve_data_dir(args.data_dir)
    db = open_ready(args)  # migrated and set up
    try:
        result = backup.backup(data_dir, Path(args.to), keep=args.keep)
        with write_tx(db):
            audit.record(db, cli_actor(), "backup", result.path.name,
                         {"dossiers": result.dossiers, "files_copied": result.files_copied})
        audit.anchor_now(db)
    finally:
        db.close()
    print(f"Đã sao lưu vào {result.path} ({result.dossiers} hồ sơ; {result.files_copied}/{result.files_total} tệp quét mới); "
          f"đã kiểm tra sau khi ghi.")
    for name in result.removed:
        print(f"Đã xóa bản sao lưu cũ {name}.")
    return 0


def cmd_restore(args) -> int:
    from counter_app import audit, backup, paths
    from counter_app.accounts import cli_actor
    from counter_app.db import open_data_dir, write_tx

    data_dir = paths.resolve_data_dir(args.data_dir)
    kept = backup.restore(data_dir, Path(args.source))
    db = open_data_dir(data_dir)  # migrates an older backup, after its own copy
    try:
        with write_tx(db):
            audit.record(db, cli_actor(), "restore", Path(args.source).name, {"kept": kept.name if kept else None})
        audit.anchor_now(db)
        n = db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
    finally:
        db.close()
    print(f"Đã khôi phục từ {args.source} ({n} hồ sơ)."
          + (f" Dữ liệu trước khi khôi phục được giữ ở {kept}." if kept else ""))
    return 0


def register(sub) -> None:
    s = sub.add_parser("audit", help="nhật ký kiểm tra: verify")
    s.add_argument("audit_command", metavar="verify", choices=["verify"])
    s.add_argument("--backups", metavar="DIR",
                   help="thư mục sao lưu: kiểm tra cả mốc neo trong bản sao lưu mới nhất ở đó")
    s.add_argument("--full", action="store_true",
                   help="kiểm tra toàn bộ chuỗi băm, không chỉ các mục mới từ lần kiểm tra trước")
    s.set_defaults(func=cmd_audit)
    s = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu và tệp quét vào một thư mục")
    s.add_argument("--to", required=True, metavar="DIR")
    s.add_argument("--keep", type=int, default=14, metavar="N", help="giữ N bản mới nhất (mặc định 14)")
    s.set_defaults(func=cmd_backup)
    s = sub.add_parser("restore", help="khôi phục từ bản sao lưu (khi ứng dụng đã tắt)")
    s.add_argument("--from", dest="source", required=True, metavar="PATH")
    s.set_defaults(func=cmd_restore)
    register_encryption(sub)


def cmd_encrypt(args) -> int:
    """Encrypt a plain station database at rest (migration of an existing database)."""
    from counter_app import audit, dbkey, paths
    from counter_app.accounts import cli_actor
    from counter_app.db import open_data_dir, raw_connect, write_tx
    from counter_app.filelock import FileLock, app_lock

    import sqlcipher3.dbapi2 as driver

    data_dir = paths.resolve_data_dir(args.data_dir)
    if dbkey.is_encrypted(data_dir):
        raise UserError("Cơ sở dữ liệu của trạm này đã được mã hóa.")
    if app_lock(data_dir).held_elsewhere() or FileLock(data_dir / "sync.lock").held_elsewhere():
        raise UserError("Ứng dụng (hoặc tiến trình đồng bộ) đang chạy trên dữ liệu này. Hãy thoát hẳn rồi mã hóa.")
    db = open_data_dir(data_dir)  # migrated, checkpointed below
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        count = db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
    finally:
        db.close()
    src = paths.db_path(data_dir)
    tmp = src.with_name(src.name + ".encrypting")
    tmp.unlink(missing_ok=True)
    key = dbkey.new_key()
    conn = raw_connect(src, driver=driver)  # plain, through sqlcipher3 so ATTACH … KEY works
    try:
        conn.execute(f"ATTACH DATABASE '{tmp}' AS enc KEY \"x'{key}'\"")
        conn.execute("SELECT sqlcipher_export('enc')")
        conn.execute("DETACH DATABASE enc")
    finally:
        conn.close()
    check = raw_connect(tmp, key=key, driver=driver)
    try:
        ok = check.execute("PRAGMA integrity_check").fetchone()[0]
        n = check.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
    finally:
        check.close()
    if ok != "ok" or n != count:
        tmp.unlink(missing_ok=True)
        raise UserError("Mã hóa thất bại khi kiểm tra bản mã hóa; dữ liệu gốc giữ nguyên.")
    store = dbkey.store_key(data_dir, key)
    dbkey.write_marker(data_dir, key, store)
    for suffix in ("-wal", "-shm"):
        Path(str(src) + suffix).unlink(missing_ok=True)
    tmp.replace(src)
    # Plain copies would defeat the encryption: migration and restore copies are removed.
    removed = 0
    for old in list(paths.backups_dir(data_dir).glob("*.sqlite3")) + list(data_dir.glob("before-restore-*.sqlite3")):
        old.unlink()
        removed += 1
    db = open_data_dir(data_dir)
    try:
        with write_tx(db):
            audit.record(db, cli_actor(), "encrypt", "database", {"key_store": store, "plain_copies_removed": removed})
    finally:
        db.close()
    where = "kho khóa của hệ điều hành" if store == "keyring" else f"tệp {data_dir / dbkey.KEY_FILE} (chỉ tài khoản này đọc được)"
    print(f"Đã mã hóa cơ sở dữ liệu ({count} hồ sơ). Khóa được giữ trong {where}.")
    print("Hãy xuất khóa khôi phục ra USB và cất giữ: counter-app --data-dir THƯ_MỤC key export --out TỆP")
    return 0


def cmd_key(args) -> int:
    from counter_app import dbkey, paths

    data_dir = paths.resolve_data_dir(args.data_dir)
    if args.key_command == "export":
        from counter_app.encryption import export_recovery_key

        out = Path(args.out)
        fp = export_recovery_key(data_dir, out)
        print(f"Đã xuất khóa khôi phục (dấu vân tay {fp}) ra {out}. Cất giữ nơi an toàn, không để cùng máy.")
        return 0
    # import: on a new PC (or after the keyring was lost), before restoring an encrypted backup
    try:
        lines = Path(args.source).read_text().split()
    except OSError as exc:
        raise UserError(f"Không đọc được tệp khóa {args.source}: {exc.strerror}") from None
    if len(lines) != 3 or lines[:2] != ["counter-app-db-key", "v1"]:
        raise UserError("Tệp khóa không đúng định dạng.")
    key = lines[2]
    dbkey.key_pragma(key)  # validates the shape
    data_dir.mkdir(parents=True, exist_ok=True)
    if dbkey.is_encrypted(data_dir) and paths.db_path(data_dir).exists():
        import json

        info = json.loads(dbkey.marker_path(data_dir).read_text())
        if info.get("fingerprint") != dbkey.fingerprint(key):
            raise UserError("Tệp khóa không khớp với cơ sở dữ liệu đã mã hóa của trạm này.")
    store = dbkey.store_key(data_dir, key)
    dbkey.write_marker(data_dir, key, store)
    print(f"Đã nạp khóa (dấu vân tay {dbkey.fingerprint(key)}).")
    return 0


def register_encryption(sub) -> None:
    s = sub.add_parser("encrypt", help="mã hóa cơ sở dữ liệu (SQLCipher), khi ứng dụng đã tắt")
    s.set_defaults(func=cmd_encrypt)
    s = sub.add_parser("key", help="khóa mã hóa: export --out TỆP | import --from TỆP")
    s.add_argument("key_command", choices=["export", "import"], metavar="export|import")
    s.add_argument("--out", metavar="TỆP")
    s.add_argument("--from", dest="source", metavar="TỆP")
    s.set_defaults(func=_key_checked)


def _key_checked(args) -> int:
    if args.key_command == "export" and not args.out:
        raise UserError("key export cần --out TỆP.")
    if args.key_command == "import" and not args.source:
        raise UserError("key import cần --from TỆP.")
    return cmd_key(args)
