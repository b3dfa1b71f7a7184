"""Command line for digitised attachments (Qt-free).

``counter-app --data-dir DIR attach --dossier CODE --component N FILE…`` turns the files
(JPEG, PNG, TIFF incl. multi-page, PDF) into pages of component N of the dossier — added after
the pages it already has, or instead of them with ``--replace`` — and stores the component as
one PDF. Any unusable file stops the command before anything is written (exit 2).

``counter-app --data-dir DIR attach --dossier CODE --result FILE… [--title T] [--number N]``
stores the files' pages as ONE result document of the dossier (the scan of the result handed
over; status 9 "result received" or 10 "returned" only), uploaded with the dossier's files and
listed in the synced record's ``DanhSachGiayToKetQua`` (``counter_app/scanning/results.py``).

``counter-app --data-dir DIR verify-files`` checks every stored file against its sha256.
Exit 0 when all are intact, 1 when a file is missing or corrupt. Files removed from this PC
after the retention period are counted as kept at the province, not as missing.

``counter-app --data-dir DIR scans prune [--days N] [--dry-run]`` removes from this PC the scans
the province confirmed more than N days ago (default: the station setting) whose dossiers are
all closed; ``scans fetch CODE`` fetches a dossier's removed scans back (exit 1 when the province
cannot give them); ``scans retention [--days N]`` shows or sets the retention period
(docs/scanning.md, "Retention").
"""

from __future__ import annotations

import sys
from pathlib import Path

from counter_app.errors import UserError

EXIT_OK = 0
EXIT_FAIL = 1


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UserError(f"Số thứ tự thành phần phải là số nguyên dương, không phải \"{text}\".") from None
    if value < 1:
        raise UserError("Số thứ tự thành phần phải từ 1 trở lên (xem 'counter-app show MÃ_HỒ_SƠ').")
    return value


def cmd_attach(args) -> int:
    from counter_app.accounts import cli_actor
    from counter_app.paths import resolve_data_dir
    from counter_app.scanning import attachments
    from counter_app.scanning import profile as prof
    from counter_app.scanning.batch import ScanBatch
    from counter_app.scanning.pages import pages_from_file
    from .main import open_ready

    if args.result:
        return _attach_result(args)
    if args.component is None:
        raise UserError("Hãy cho biết số thứ tự thành phần (--component N), hoặc --result cho bản quét kết quả.")
    position = _positive(args.component)
    files = [Path(f) for f in args.files]
    data_dir = resolve_data_dir(args.data_dir)
    db = open_ready(args)
    try:
        did = attachments.dossier_id_by_code(db, args.dossier)
        names = dict(db.execute("SELECT position, name FROM components WHERE dossier_id = ?", [did]).fetchall())
        if position not in names:
            listed = ", ".join(f"{p}. {n}" for p, n in sorted(names.items()))
            raise UserError(f"Hồ sơ {args.dossier.strip()} không có thành phần số {position}. Các thành phần: {listed}.")
        profile = prof.load(db).with_overrides(dpi=args.dpi, color_mode=args.color, jpeg_quality=args.quality)
        batch = ScanBatch()
        batch.set_components([names[p] for p in sorted(names)])
        row = sorted(names).index(position) + 1
        existing = [] if args.replace else attachments.load_pages(db, data_dir, did, [position]).get(position, [])
        batch.load(row, existing)
        skipped = 0
        for path in files:  # every file is read and checked before anything is stored
            _added, n = batch.add(row, pages_from_file(path, profile), imported=True)
            skipped += n
        pages = batch.pages(row)
        added = len(pages) - len(existing)
        if added == 0:
            print(f"Không có trang mới: {skipped} trang đã có trong thành phần này (bỏ qua trang trùng).")
            return EXIT_OK
        comp = attachments.store_component(data_dir, position, names[position], pages)
        attachments.save_scans(db, did, [comp], cli_actor(), data_dir)
    finally:
        db.close()
    note = f", bỏ qua {skipped} trang trùng" if skipped else ""
    print(
        f"Đã đính kèm {added} trang vào thành phần {position} (\"{names[position]}\") của hồ sơ "
        f"{args.dossier.strip()}: tệp PDF {comp.pages} trang, {prof.mb(comp.size)}{note}."
    )
    print(comp.sha256)
    return EXIT_OK


def _attach_result(args) -> int:
    from counter_app.accounts import cli_actor
    from counter_app.paths import resolve_data_dir
    from counter_app.scanning import profile as prof
    from counter_app.scanning import results
    from counter_app.scanning.pages import pages_from_file
    from .main import open_ready, print_json

    if args.component is not None or args.replace:
        raise UserError("--result không dùng cùng --component hoặc --replace: bản quét kết quả là một tệp riêng của hồ sơ.")
    data_dir = resolve_data_dir(args.data_dir)
    db = open_ready(args)
    try:
        profile = prof.load(db).with_overrides(dpi=args.dpi, color_mode=args.color, jpeg_quality=args.quality)
        pages = []
        for path in args.files:  # every file is read and checked before anything is stored
            pages.extend(pages_from_file(Path(path), profile))
        res = results.attach(db, data_dir, args.dossier.strip(), pages, cli_actor(), title=args.title,
                             doc_number=args.number or "")
    finally:
        db.close()
    if args.json:
        print_json(res)
        return EXIT_OK
    print(f"Đã đính kèm bản quét kết quả số {res['number']} (\"{res['title']}\") vào hồ sơ {res['code']}: "
          f"tệp PDF {res['pages']} trang, {prof.mb(res['size'])}. Tệp sẽ được gửi lên hệ thống tỉnh khi đồng bộ.")
    print(res["sha256"])
    return EXIT_OK


def cmd_verify_files(args) -> int:
    from counter_app.paths import resolve_data_dir
    from counter_app.scanning import store
    from .main import open_data, print_json

    data_dir = resolve_data_dir(args.data_dir)
    db = open_data(args)
    try:
        report = store.verify_all(db, data_dir)
    finally:
        db.close()
    if args.json:
        print_json({**report.to_json(), "healthy": report.healthy})
    else:
        print(f"Đã kiểm tra {report.checked} tệp bản quét: {report.ok} nguyên vẹn, "
              f"{len(report.missing)} bị mất, {len(report.corrupt)} bị hỏng.")
        for sha in report.missing:
            print(f"  MẤT   {sha}")
        for sha in report.corrupt:
            print(f"  HỎNG  {sha} (nội dung không khớp mã băm sha256)")
        if report.unknown:
            print(f"{len(report.unknown)} tệp trong thư mục files/ không thuộc hồ sơ nào (không xóa tự động).")
        if report.purged:
            print(f"{report.purged} tệp đang lưu ở hệ thống tỉnh (đã gỡ khỏi máy sau thời hạn lưu; tải lại khi cần "
                  "bằng 'counter-app scans fetch MÃ_HỒ_SƠ').")
        if report.temp_removed:
            print(f"Đã dọn {report.temp_removed} tệp tạm còn sót từ lần ghi bị gián đoạn.")
    if not report.healthy:
        sys.stderr.write("Lỗi: có tệp bản quét bị mất hoặc hỏng; hãy khôi phục từ bản sao lưu.\n")
        return EXIT_FAIL
    return EXIT_OK


def _days(text: str | None) -> int | None:
    from counter_app.settings import check_retention_days

    return None if text is None else check_retention_days(text)


def cmd_scans_prune(args) -> int:
    from counter_app.accounts import cli_actor
    from counter_app.paths import resolve_data_dir
    from counter_app.scanning import profile as prof
    from counter_app.scanning import retention
    from .main import open_ready, print_json

    days = _days(args.days)
    data_dir = resolve_data_dir(args.data_dir)
    db = open_ready(args)
    try:
        result = retention.prune(db, data_dir, days=days, dry_run=args.dry_run, actor=cli_actor())
    finally:
        db.close()
    if args.json:
        print_json(result.to_json())
        return EXIT_OK
    if result.days == 0:
        print("Thời hạn lưu bản quét là 0 (giữ mãi trên máy); không gỡ tệp nào.")
        return EXIT_OK
    if result.dry_run:
        print(f"Chạy thử, chưa gỡ gì: {result.files} tệp bản quét ({prof.mb(result.bytes)}) đủ điều kiện gỡ khỏi "
              f"máy (hệ thống tỉnh đã xác nhận quá {result.days} ngày, mọi hồ sơ dùng chúng đã kết thúc).")
    else:
        print(f"Đã gỡ {result.files} tệp bản quét khỏi máy, giải phóng {prof.mb(result.bytes)}. Các tệp vẫn lưu ở "
              "hệ thống tỉnh; tải lại khi cần: counter-app scans fetch MÃ_HỒ_SƠ.")
    if result.kept_open:
        print(f"Giữ lại {result.kept_open} tệp vì hồ sơ dùng chúng chưa kết thúc.")
    if result.left_on_disk:
        print(f"{result.left_on_disk} tệp đã đánh dấu nhưng chưa xóa được khỏi ổ đĩa (không ảnh hưởng dữ liệu).")
    return EXIT_OK


def cmd_scans_fetch(args) -> int:
    from counter_app.accounts import cli_actor
    from counter_app.paths import resolve_data_dir
    from counter_app.scanning import profile as prof
    from counter_app.scanning import retention
    from counter_app.scanning.errors import FetchError
    from .main import open_ready, print_json

    code = args.code.strip()
    data_dir = resolve_data_dir(args.data_dir)
    db = open_ready(args)
    try:
        if not retention.dossier_refs(db, code):
            summary = retention.FetchSummary()
        else:
            # The sync client is reached here, at the command line (a composition root), never
            # from the core's services.
            from sync.remote_files import open_province_files

            files = open_province_files(db, data_dir)
            try:
                summary = retention.fetch_dossier(db, data_dir, code, files, cli_actor())
            except FetchError as exc:
                sys.stderr.write(f"Lỗi: {exc.message}\n")
                return EXIT_FAIL
            finally:
                files.close()
    finally:
        db.close()
    if args.json:
        print_json({"files": summary.files, "bytes": summary.bytes, "downloaded": summary.downloaded})
    elif summary.files:
        print(f"Đã tải lại {summary.files} tệp bản quét ({prof.mb(summary.bytes)}) của hồ sơ {code} từ hệ thống tỉnh.")
    else:
        print(f"Mọi bản quét của hồ sơ {code} đều đang có trên máy này.")
    return EXIT_OK


def cmd_scans_retention(args) -> int:
    from counter_app import settings, timeutil
    from counter_app.accounts import cli_actor
    from counter_app.scanning import profile as prof
    from counter_app.scanning import retention
    from .main import open_ready, print_json

    days = _days(args.days)
    db = open_ready(args)
    try:
        if days is not None:
            settings.update(db, cli_actor(), {"scan_retention_days": days})
        info = retention.overview(db)
    finally:
        db.close()
    if args.json:
        print_json(info)
        return EXIT_OK
    if info["days"]:
        print(f"Thời hạn lưu bản quét trên máy: {info['days']} ngày sau khi hệ thống tỉnh xác nhận "
              "(và khi mọi hồ sơ dùng chúng đã kết thúc).")
    else:
        print("Thời hạn lưu bản quét trên máy: 0 (giữ mãi, không tự gỡ).")
    print(f"Trên máy: {info['on_pc']} tệp ({prof.mb(info['on_pc_bytes'])}); chỉ còn ở hệ thống tỉnh: "
          f"{info['at_province_only']} tệp ({prof.mb(info['at_province_only_bytes'])}).")
    if info["last_prune_at"]:
        last = timeutil.vn_datetime(timeutil.parse_iso(info["last_prune_at"]))
        print(f"Lần gỡ tự động gần nhất: {last}.")
    return EXIT_OK


def register(sub) -> None:
    from counter_app.scanning.profile import COLOR_MODES

    s = sub.add_parser("attach", help="đính kèm tệp quét (JPEG, PNG, TIFF, PDF) vào một thành phần hồ sơ, "
                                      "hoặc bản quét kết quả (--result)")
    s.add_argument("--dossier", required=True, metavar="MÃ_HỒ_SƠ")
    s.add_argument("--component", metavar="N", help="số thứ tự thành phần (như trong 'show')")
    s.add_argument("--result", action="store_true",
                   help="bản quét kết quả giải quyết (hồ sơ đã có kết quả hoặc đã trả kết quả), thay cho --component")
    s.add_argument("--title", help="với --result: tên giấy tờ kết quả (mặc định theo danh mục thủ tục)")
    s.add_argument("--number", help="với --result: số của giấy tờ kết quả (nếu có)")
    s.add_argument("--json", action="store_true", help="với --result: in kết quả dạng JSON")
    s.add_argument("--replace", action="store_true", help="thay các trang đã có thay vì thêm vào sau")
    s.add_argument("--dpi", type=int, help="độ phân giải khi chuyển ảnh (mặc định theo thiết lập trạm, 200)")
    s.add_argument("--color", choices=sorted(COLOR_MODES), help="gray (ảnh xám), color (màu), bw (đen trắng)")
    s.add_argument("--quality", type=int, help="chất lượng JPEG 30–95 (mặc định 75)")
    s.add_argument("files", nargs="+", metavar="TỆP")
    s.set_defaults(func=cmd_attach)

    s = sub.add_parser("verify-files", help="kiểm tra mọi tệp bản quét với mã băm sha256")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_verify_files)

    scans = sub.add_parser("scans", help="bản quét lưu trên máy: gỡ sau thời hạn lưu, tải lại từ hệ thống tỉnh")
    ss = scans.add_subparsers(dest="scans_command", metavar="LỆNH_CON", required=True)
    s = ss.add_parser("prune", help="gỡ khỏi máy các bản quét tỉnh đã xác nhận quá thời hạn lưu (hồ sơ đã kết thúc)")
    s.add_argument("--days", metavar="N", help="thời hạn lưu tính bằng ngày (mặc định: thiết lập của trạm, 365)")
    s.add_argument("--dry-run", action="store_true", help="chỉ đếm, không gỡ gì")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_scans_prune)
    s = ss.add_parser("fetch", help="tải lại từ hệ thống tỉnh các bản quét đã gỡ khỏi máy của một hồ sơ")
    s.add_argument("code", metavar="MÃ_HỒ_SƠ")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_scans_fetch)
    s = ss.add_parser("retention", help="xem hoặc đặt thời hạn lưu bản quét trên máy (--days N; 0 = giữ mãi)")
    s.add_argument("--days", metavar="N")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_scans_retention)
