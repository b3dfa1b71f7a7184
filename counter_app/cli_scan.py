"""Command line for digitised attachments (Qt-free).

``counter-app --data-dir DIR attach --dossier CODE --component N FILE…`` turns the files
(JPEG, PNG, TIFF incl. multi-page, PDF) into pages of component N of the dossier — added after
the pages it already has, or instead of them with ``--replace`` — and stores the component as
one PDF. Any unusable file stops the command before anything is written (exit 2).

``counter-app --data-dir DIR verify-files`` checks every stored file against its sha256.
Exit 0 when all are intact, 1 when a file is missing or corrupt.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import UserError

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
    from .accounts import cli_actor
    from .cli import open_ready
    from .paths import resolve_data_dir
    from .scanning import attachments
    from .scanning import profile as prof
    from .scanning.batch import ScanBatch
    from .scanning.pages import pages_from_file

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
        existing = [] if args.replace else attachments.load_pages(db, data_dir, did).get(position, [])
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


def cmd_verify_files(args) -> int:
    from .cli import open_data, print_json
    from .paths import resolve_data_dir
    from .scanning import store

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
            print(f"{report.purged} tệp đã được gỡ khỏi máy sau khi tải lên tỉnh (không kiểm tra).")
        if report.temp_removed:
            print(f"Đã dọn {report.temp_removed} tệp tạm còn sót từ lần ghi bị gián đoạn.")
    if not report.healthy:
        sys.stderr.write("Lỗi: có tệp bản quét bị mất hoặc hỏng; hãy khôi phục từ bản sao lưu.\n")
        return EXIT_FAIL
    return EXIT_OK


def register(sub) -> None:
    from .scanning.profile import COLOR_MODES

    s = sub.add_parser("attach", help="đính kèm tệp quét (JPEG, PNG, TIFF, PDF) vào một thành phần hồ sơ")
    s.add_argument("--dossier", required=True, metavar="MÃ_HỒ_SƠ")
    s.add_argument("--component", required=True, metavar="N", help="số thứ tự thành phần (như trong 'show')")
    s.add_argument("--replace", action="store_true", help="thay các trang đã có thay vì thêm vào sau")
    s.add_argument("--dpi", type=int, help="độ phân giải khi chuyển ảnh (mặc định theo thiết lập trạm, 200)")
    s.add_argument("--color", choices=sorted(COLOR_MODES), help="gray (ảnh xám), color (màu), bw (đen trắng)")
    s.add_argument("--quality", type=int, help="chất lượng JPEG 30–95 (mặc định 75)")
    s.add_argument("files", nargs="+", metavar="TỆP")
    s.set_defaults(func=cmd_attach)

    s = sub.add_parser("verify-files", help="kiểm tra mọi tệp bản quét với mã băm sha256")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_verify_files)
