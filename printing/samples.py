"""Sample settings and dossiers in the core's input shape, for previews, docs and the
benchmark. ``python -m printing.samples OUT_DIR`` writes every form as PDF and as a PNG
of its first page (needs poppler's ``pdftoppm``)."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SETTINGS = {
    "agency_name": "Trung tâm Phục vụ hành chính công xã Yên Lạc",
    "agency_code": "000.00.06.H56",
    "parent_name": "UBND XÃ YÊN LẠC",
    "unit_label": "Trung tâm Phục vụ hành chính công",
    "place_name": "Yên Lạc",
    "province": "Tỉnh Phú Thọ",
    "doc_number_suffix": "TTPVHCC",
    "lookup_url_template": "https://dichvucong.example.gov.vn/tra-cuu?ma={code}",
    "counter_name": "Quầy số 1",
    "phone": "0211 3861 234",
    "form_set": "tt03_2025",
}

DOSSIER = {
    "code": "000.00.06.H56-261123-1001",
    "status": 2,
    "status_name": "Được tiếp nhận",
    "received_at": "2026-11-23T08:15:00+07:00",
    "due_at": "2026-11-26T08:15:00+07:00",
    "original_due_at": "2026-11-26T08:15:00+07:00",
    "channel": 1,
    "channel_name": "Trực tiếp",
    "return_method": "counter",
    "sets_count": 1,
    "note": "",
    "procedure": {
        "code": "1.004873",
        "name": "Cấp Giấy xác nhận tình trạng hôn nhân",
        "field": "Hộ tịch",
        "time_value": 3,
        "time_unit": "ngay_lam_viec",
        "time_text": "3 ngày làm việc",
    },
    "applicant": {
        "full_name": "Nguyễn Văn An",
        "id_number": "001099012345",
        "birth_date": "1999-01-15",
        "sex": "Nam",
        "address": "Thôn Đông, xã Yên Lạc, tỉnh Phú Thọ",
        "phone": "0912345678",
        "email": "",
    },
    "owner": None,
    "components": [
        {"position": 1, "name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", "originals": 1,
         "copies": 0, "certified_copies": 0, "pages": 2},
        {"position": 2, "name": "Bản sao Giấy chứng nhận kết hôn đã ly hôn (nếu có)", "originals": 0,
         "copies": 1, "certified_copies": 0, "pages": 1},
    ],
    "fees": [{"name": "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân", "type": "le_phi",
              "amount": 8000, "detail": ""}],
    "fee_total": 8000,
    "fee_total_words": "Tám nghìn đồng",
    "register": {"book": "01/2026", "line": 1234},
    "received_by": "Trần Thị Bình",
    "receiving_unit": "Trung tâm Phục vụ hành chính công xã Yên Lạc",
    "resolving_unit": "UBND xã Yên Lạc",
    "history": [
        {"status": 2, "status_name": "Được tiếp nhận", "action": "intake",
         "at": "2026-11-23T08:15:00+07:00", "actor": "Trần Thị Bình",
         "unit": "Trung tâm Phục vụ hành chính công xã Yên Lạc", "note": ""},
        {"status": 4, "status_name": "Đang xử lý", "action": "handover",
         "at": "2026-11-23T14:00:00+07:00", "actor": "Lê Văn Cường", "unit": "Văn phòng UBND xã Yên Lạc",
         "note": ""},
        {"status": 9, "status_name": "Đã xử lý xong", "action": "result",
         "at": "2026-11-25T16:30:00+07:00", "actor": "Trần Thị Bình",
         "unit": "Trung tâm Phục vụ hành chính công xã Yên Lạc", "note": "Đã ký kết quả"},
        {"status": 10, "status_name": "Đã trả kết quả", "action": "return",
         "at": "2026-11-26T08:05:00+07:00", "actor": "Trần Thị Bình",
         "unit": "Trung tâm Phục vụ hành chính công xã Yên Lạc", "note": ""},
    ],
    "step": {},
}

STEPS = {
    "mau-02": {
        "missing_items": [
            {"name": "Bản sao Giấy khai sinh", "originals": 0, "certified_copies": 1, "copies": 0},
            {"name": "Giấy xác nhận nơi cư trú", "originals": 1, "certified_copies": 0, "copies": 0},
        ],
        "reason": "Thiếu giấy tờ chứng minh nơi cư trú trong thời gian trước đây",
        "guide_name": "Trần Thị Bình",
        "guide_phone": "0211 3861 234",
    },
    "mau-03": {"reason": "Thủ tục không thuộc thẩm quyền giải quyết của UBND xã"},
    "mau-04": {"reason": "Cần xác minh tình trạng hôn nhân tại nơi cư trú trước đây",
               "new_due_at": "2026-12-01T16:00:00+07:00", "at": "2026-11-25T10:00:00+07:00"},
    "mau-05": {"reason": "Công dân có văn bản đề nghị rút hồ sơ", "at": "2026-11-24T15:00:00+07:00"},
    "tb-kgq": {"reason": "Người yêu cầu đã đăng ký kết hôn tại nơi khác; không đủ điều kiện cấp Giấy xác nhận "
                         "tình trạng hôn nhân theo yêu cầu", "at": "2026-11-25T09:00:00+07:00", "outcome": "unresolvable"},
}

_UNIT = "Trung tâm Phục vụ hành chính công xã Yên Lạc"
_RESOLVING = "Văn phòng UBND xã Yên Lạc"


def extended_dossier() -> dict:
    """A reprint after a supplement round and an apology letter: Mẫu 01's appointment (26/11
    08:15) and the citizen's new one (01/12 16:00); every step on Mẫu 06 with its judgement."""
    d = copy.deepcopy(DOSSIER)
    d["issued_due_at"] = "2026-11-26T08:15:00+07:00"
    d["original_due_at"] = "2026-11-26T14:15:00+07:00"  # + the 6 h the citizen took to bring the papers
    d["due_at"] = "2026-12-01T16:00:00+07:00"
    d["status"], d["status_name"] = 10, "Đã trả kết quả"

    def h(status, name, action, at, actor, unit, note="", data=None):
        return {"status": status, "status_name": name, "action": action, "at": f"2026-{at}:00+07:00",
                "actor": actor, "unit": unit, "note": note, "data": data or {}}

    d["history"] = [
        h(2, "Được tiếp nhận", "intake", "11-23T08:15", "Trần Thị Bình", _UNIT),
        h(4, "Đang xử lý", "handover", "11-23T14:00", "Trần Thị Bình", _RESOLVING),
        h(5, "Yêu cầu bổ sung giấy tờ", "supplement", "11-24T09:00", "Lê Văn Cường", _RESOLVING,
          "Thiếu giấy xác nhận nơi cư trú trước đây"),
        h(4, "Đang xử lý", "supplement-received", "11-24T15:00", "Trần Thị Bình", _UNIT, "",
          {"new_due_at": "2026-11-26T16:00:00+07:00"}),
        h(4, "Đang xử lý", "extend", "11-25T10:00", "Lê Văn Cường", _RESOLVING,
          "Cần xác minh tại nơi cư trú trước đây", {"new_due_at": "2026-12-01T16:00:00+07:00"}),
        h(9, "Đã xử lý xong", "result-received", "11-30T16:30", "Trần Thị Bình", _RESOLVING, "Đã ký kết quả"),
        h(10, "Đã trả kết quả", "return", "12-01T08:05", "Trần Thị Bình", _UNIT),
    ]
    return d


def dossier_for(form_id: str) -> dict:
    d = copy.deepcopy(DOSSIER)
    d["step"] = copy.deepcopy(STEPS.get(form_id, {}))
    return d


def register_dossiers(n: int = 12) -> list[dict]:
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Hoàng Văn Em",
             "Vũ Thị Giang", "Đặng Quốc Huy", "Bùi Thị Lan", "Đỗ Minh Khoa", "Ngô Thị Mai"]
    procs = ["Cấp Giấy xác nhận tình trạng hôn nhân", "Đăng ký khai sinh",
             "Chứng thực bản sao từ bản chính", "Đăng ký thường trú"]
    out = []
    for i in range(n):
        d = copy.deepcopy(DOSSIER)
        day = 2 + i % 27
        d["code"] = f"000.00.06.H56-2611{day:02d}-{1001 + i:04d}"
        d["received_at"] = f"2026-11-{day:02d}T08:{10 + i % 40:02d}:00+07:00"
        d["due_at"] = f"2026-11-{min(day + 3, 30):02d}T16:00:00+07:00"
        d["applicant"]["full_name"] = names[i % len(names)]
        d["procedure"]["name"] = procs[i % len(procs)]
        d["register"]["line"] = 1200 + i
        hist = d["history"][: 1 + i % 4]
        for h, (dd, hh) in zip(hist, ((0, "08:%02d" % (10 + i % 40)), (0, "14:00"), (2, "16:30"),
                                      (3, "08:05"))):
            h["at"] = f"2026-11-{min(day + dd, 30):02d}T{hh}:00+07:00"
        d["history"] = hist
        d["due_at"] = d["original_due_at"] = f"2026-11-{min(day + 3, 30):02d}T16:00:00+07:00"
        if i % 5 == 2:  # moved by an apology letter: the register shows both appointments
            d["issued_due_at"] = d["original_due_at"] = d["due_at"]
            d["due_at"] = f"2026-12-{1 + i % 3:02d}T16:00:00+07:00"
        out.append(d)
    return out


def render_all() -> dict[str, bytes]:
    """Every form of the default set for the sample data (first page of Mẫu 07 has 12 rows)."""
    from . import render, render_register, render_slip

    pdfs: dict[str, bytes] = {}
    for fid in ("mau-02", "mau-03", "mau-04", "mau-05", "tb-kgq"):
        pdfs[fid] = render(fid, dossier_for(fid), SETTINGS)
    for fid in ("mau-01", "mau-06"):  # reprinted after a supplement and an apology letter
        pdfs[fid] = render(fid, extended_dossier(), SETTINGS)
    pdfs["mau-07"] = render_register(register_dossiers(), SETTINGS, "2026-11-01", "2026-11-30")
    pdfs["slip"] = render_slip(dossier_for("slip"), SETTINGS)
    return pdfs


def main(argv: list[str] | None = None) -> int:
    """python -m printing.samples [OUT_DIR] [--pdf] [--dpi N]: PNG of each form's first
    page (and the PDFs with --pdf)."""
    args = list(sys.argv[1:] if argv is None else argv)
    keep_pdf = "--pdf" in args
    dpi = "80"
    if "--dpi" in args:
        dpi = args[args.index("--dpi") + 1]
        del args[args.index("--dpi"):args.index("--dpi") + 2]
    args = [a for a in args if a != "--pdf"]
    out = Path(args[0] if args else "docs/forms")
    out.mkdir(parents=True, exist_ok=True)
    tool = shutil.which("pdftoppm")
    if not tool and not keep_pdf:
        print("pdftoppm (poppler-utils) is needed to write PNGs", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in render_all().items():
            pdf = (out if keep_pdf else Path(tmp)) / f"{name}.pdf"
            pdf.write_bytes(data)
            if tool:
                subprocess.run([tool, "-r", dpi, "-png", "-f", "1", "-l", "1", "-singlefile",
                                str(pdf), str(out / name)], check=True)
                print(out / f"{name}.png", (out / f"{name}.png").stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
