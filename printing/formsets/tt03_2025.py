"""Form set of Thông tư 03/2025/TT-VPCP, Phụ lục I (Mẫu 01–07), in force with
Nghị định 118/2025/NĐ-CP from 01/7/2025.

Pure data: titles, numbering, paper, labels, sentences, signature labels and notes. The
layout code in ``printing.forms`` reads only this structure, so another set (see
``tt01_2018.py``) is added by writing one more module like this one.

Placeholders in sentences are filled by ``printing.forms`` (``str.format_map``):
{agency} {unit_label} {applicant} {honorific} {procedure} {code} {received}
{original_due} {new_due} {reason} {guide_name} {guide_phone} {phone} {resolving_unit}

The full text of the 2025 forms was not at hand (one-stop.md §1.1 [R]): the body wording
follows the 2018 forms; Mẫu 04's 2025 title and Mẫu 05 are worded from their titles.
Re-check against Phụ lục I before go-live; changing text here needs no code change.
"""

from __future__ import annotations

_SIGN = "(Ký và ghi rõ họ tên)"
_HEAD = "(Ký, ghi rõ họ tên và đóng dấu)"

FORM_SET = {
    "id": "tt03_2025",
    "name": "Thông tư 03/2025/TT-VPCP – Phụ lục I",
    "legal_basis": "Thông tư số 03/2025/TT-VPCP ngày 15/9/2025 của Văn phòng Chính phủ",
    "papers": {
        # size name -> margins (top, right, bottom, left) in mm
        "A5": {"size": "A5", "orientation": "portrait", "margins_mm": [9, 10, 9, 14]},
        "A4-landscape": {"size": "A4", "orientation": "landscape", "margins_mm": [12, 10, 12, 15]},
    },
    "labels": {
        "republic": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "number": "Số",
        "code": "Mã hồ sơ",
        "applicant": "Tiếp nhận hồ sơ của",
        "owner": "Chủ hồ sơ",
        "id_number": "Số định danh cá nhân/CCCD",
        "address": "Địa chỉ",
        "phone": "Số điện thoại",
        "email": "Email",
        "request": "Nội dung yêu cầu giải quyết",
        "fees": "Phí, lệ phí",
        "fees_words": "Bằng chữ",
        "fee_exemption": "Miễn, giảm phí, lệ phí",
        "fee_exempt": "Miễn",
        "fee_reduced": "Giảm {percent}%",
        "fee_before": "số tiền trước miễn, giảm",
        "fee_basis": "Căn cứ",
        "fee_proof": "giấy tờ chứng minh",
        "register": "Vào Sổ theo dõi hồ sơ, Quyển số",
        "register_line": "Số thứ tự",
        "reason": "Lý do",
        "to": "Kính gửi",
        "recipients": "Nơi nhận:",
        "recipients_items": ["- Như trên;", "- Lưu: VT."],
        "notes": "Ghi chú:",
        "continued": "(Còn tiếp trang sau)",
        "continuation": "{code} – {copy} – tiếp theo (trang {page})",
        "page": "Trang {page}",
    },
    "forms": {
        "mau-01": {
            "kind": "receipt",
            "number": "01",
            "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            "paper": "A5",
            "copies": ["(Liên 1: Lưu)", "(Liên 2: Giao khách hàng)"],
            "lines": {
                "components": "1. Thành phần hồ sơ nộp gồm:",
                "sets": "2. Số lượng hồ sơ: {sets} (bộ)",
                "time": "3. Thời gian giải quyết hồ sơ theo quy định là: ",
                "received": "4. Thời gian nhận hồ sơ: ",
                "due": "5. Thời gian trả kết quả giải quyết hồ sơ: ",
                # reprints only, when the appointment was moved (apology letter, supplement)
                "due_new": "Hẹn trả kết quả mới (đã điều chỉnh): ",
                "return": "6. Đăng ký nhận kết quả tại: ",
                "return_counter": "{agency}",
                "return_post": "Địa chỉ qua dịch vụ bưu chính công ích: {address}",
            },
            "table": ["TT", "Tên thành phần hồ sơ", "Bản chính", "Bản sao", "Bản chứng thực", "Số trang"],
            "signatures": [
                {"title": "NGƯỜI NỘP HỒ SƠ", "subtitle": _SIGN, "name": "applicant"},
                {"title": "NGƯỜI TIẾP NHẬN HỒ SƠ", "subtitle": _SIGN, "name": "received_by"},
            ],
            "notes": [
                "Giấy tiếp nhận và hẹn trả kết quả được lập thành 2 liên; một liên chuyển kèm "
                "theo Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu tại {unit_label}; "
                "một liên giao cho cá nhân, tổ chức nộp hồ sơ;",
                "Cá nhân, tổ chức có thể đăng ký nhận kết quả tại {unit_label} hoặc tại nhà "
                "(trụ sở tổ chức) qua dịch vụ bưu chính.",
            ],
            "qr_caption": "Quét mã để tra cứu",
        },
        "mau-02": {
            "kind": "supplement",
            "number": "02",
            "title": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "paper": "A5",
            "lines": {
                "applicant": "Tiếp nhận hồ sơ của {honorific}",
                "intro": "Yêu cầu {honorific} hoàn thiện hồ sơ gồm những nội dung như sau:",
                "closing": "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, {honorific} liên hệ "
                "với công chức {guide_name}, số điện thoại {guide_phone} để được hướng dẫn./.",
            },
            "table": ["TT", "Tên giấy tờ cần bổ sung, hoàn thiện", "Bản chính", "Bản chứng thực", "Bản sao"],
            "signatures": [
                {"title": "", "subtitle": "", "name": ""},
                {"title": "NGƯỜI HƯỚNG DẪN", "subtitle": _SIGN, "name": "guide_name"},
            ],
        },
        "mau-03": {
            "kind": "refusal",
            "number": "03",
            "title": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            "paper": "A5",
            "lines": {
                "body": "Qua xem xét, {agency} thông báo không tiếp nhận, giải quyết hồ sơ này "
                "với lý do cụ thể như sau: ",
                "closing": "Xin thông báo cho {honorific} được biết và thực hiện./.",
            },
            "signatures": [
                {"title": "NGƯỜI NỘP HỒ SƠ", "subtitle": _SIGN, "name": "applicant"},
                {"title": "NGƯỜI TIẾP NHẬN HỒ SƠ", "subtitle": _SIGN, "name": "received_by"},
            ],
        },
        "mau-04": {
            "kind": "apology",
            "number": "04",
            "title": "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            "paper": "A5",
            "lines": {
                "paragraphs": [
                    "{agency} đã tiếp nhận hồ sơ của {honorific} vào {received}, về việc: "
                    "{procedure}; mã hồ sơ: {code}.",
                    "Thời hạn trả kết quả giải quyết hồ sơ theo quy định là {original_due}.",
                    "Tuy nhiên đến nay, {resolving_unit} chưa giải quyết xong hồ sơ của "
                    "{honorific} đúng thời hạn.",
                    "@reason",
                    "Sự chậm trễ này đã gây phiền hà cho {honorific}. {agency} trân trọng xin lỗi "
                    "{honorific} và đề nghị gia hạn thời gian giải quyết hồ sơ; kết quả giải quyết "
                    "hồ sơ sẽ được trả cho {honorific} vào {new_due}.",
                    "Xin trân trọng cảm ơn sự thông cảm và hợp tác của {honorific}./.",
                ],
            },
            "signatures": [
                {"kind": "recipients"},
                {"title": "THỦ TRƯỞNG CƠ QUAN", "subtitle": _HEAD, "name": "head_name"},
            ],
        },
        "mau-05": {
            "kind": "stop",
            "number": "05",
            "title": "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
            "paper": "A5",
            "lines": {
                "paragraphs": [
                    "{agency} đã tiếp nhận hồ sơ của {honorific} vào {received}, về việc: "
                    "{procedure}; mã hồ sơ: {code}.",
                    "{agency} thông báo dừng giải quyết hồ sơ nêu trên.",
                    "@reason",
                    "{honorific} vui lòng liên hệ {agency} (số điện thoại: {phone}) để nhận lại "
                    "hồ sơ và được hướng dẫn (nếu có).",
                    "Xin thông báo để {honorific} được biết./.",
                ],
            },
            "signatures": [
                {"kind": "recipients"},
                {"title": "THỦ TRƯỞNG CƠ QUAN", "subtitle": _HEAD, "name": "head_name"},
            ],
        },
        "mau-06": {
            "kind": "control",
            "number": "06",
            "title": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            "paper": "A5",
            "lines": {
                "owner": "Kèm theo hồ sơ của",
                "received": "Thời gian nhận hồ sơ",
                "due": "Thời gian trả kết quả giải quyết hồ sơ",
                "due_new": "Hẹn trả kết quả mới (đã điều chỉnh)",
                "resolving": "Cơ quan (bộ phận) giải quyết hồ sơ",
                "coordinating": "Cơ quan phối hợp giải quyết hồ sơ",
                "give": "1. Giao: ",
                "take": "2. Nhận: ",
                "giver": "Người giao",
                "taker": "Người nhận",
                "citizen": "Cá nhân, tổ chức ({name})",
                "early": "Trước hạn",
                "on_time": "Đúng hạn",
                "late": "Quá hạn",
                "in_time": "Trong hạn",
                "new_due_note": "Hẹn trả mới: {due}",
            },
            "table": [
                "TÊN CƠ QUAN",
                "THỜI GIAN GIAO, NHẬN HỒ SƠ",
                "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)",
                "GHI CHÚ",
            ],
        },
        "mau-07": {
            "kind": "register",
            "number": "07",
            "title": "SỔ THEO DÕI HỒ SƠ",
            "paper": "A4-landscape",
            "lines": {
                "period": "Từ ngày {date_from} đến ngày {date_to}",
                "book": "Quyển số: {book}",
                "group": "Ngày, tháng, năm",
                "due_new_short": "Hẹn lại:",
            },
            "table": [
                "STT",
                "Mã hồ sơ",
                "Tên TTHC",
                "Số lượng hồ sơ (bộ)",
                "Tên cá nhân, tổ chức",
                "Địa chỉ, số điện thoại",
                "Cơ quan chủ trì giải quyết",
                "Nhận hồ sơ",
                "Hẹn trả kết quả",
                "Chuyển hồ sơ đến cơ quan giải quyết",
                "Nhận kết quả từ cơ quan giải quyết",
                "Trả kết quả cho cá nhân, tổ chức",
                "Ký nhận",
                "Ghi chú",
            ],
            # the date columns grouped under lines.group (0-based, inclusive)
            "group_columns": [7, 11],
            "widths": [3, 10.5, 13, 4.5, 10, 12, 9, 7, 7, 7, 7, 7, 5.5, 7.5],
        },
        "slip": {
            "kind": "slip",
            "number": "",
            "title": "PHIẾU HẸN",
            "paper": "80mm",
            "lines": {
                "procedure": "Thủ tục",
                "applicant": "Người nộp",
                "received": "Nhận hồ sơ",
                "due": "HẸN TRẢ KẾT QUẢ",
                "counter": "Nơi trả",
                "lookup_url": "Quét mã QR để tra cứu tình trạng hồ sơ.",
                "lookup_code": "Tra cứu bằng mã hồ sơ tại quầy{phone_part}.",
                "phone_part": " hoặc qua số điện thoại {phone}",
            },
        },
        # Not a numbered form: the resolving body's written notice when a dossier does not meet
        # the conditions to be resolved ("trả lại hồ sơ kèm theo thông báo bằng văn bản và nêu
        # rõ lý do", Nghị định 61/2018/NĐ-CP Điều 19 — wording to re-check, like Mẫu 03's).
        "tb-kgq": {
            "kind": "stop",
            "number": "",
            "title": "THÔNG BÁO TRẢ LẠI HỒ SƠ KHÔNG GIẢI QUYẾT",
            "paper": "A5",
            "lines": {
                "paragraphs": [
                    "{agency} đã tiếp nhận hồ sơ của {honorific} vào {received}, về việc: "
                    "{procedure}; mã hồ sơ: {code}.",
                    "Qua xem xét, {resolving_unit} thông báo hồ sơ không đủ điều kiện giải quyết và "
                    "trả lại hồ sơ cho {honorific} với lý do cụ thể như sau:",
                    "@reason",
                    "{honorific} vui lòng liên hệ {agency} (số điện thoại: {phone}) để nhận lại "
                    "hồ sơ và được hướng dẫn (nếu có).",
                    "Xin thông báo cho {honorific} được biết và thực hiện./.",
                ],
            },
            "signatures": [
                {"kind": "recipients"},
                {"title": "THỦ TRƯỞNG CƠ QUAN", "subtitle": _HEAD, "name": "head_name"},
            ],
        },
    },
}
