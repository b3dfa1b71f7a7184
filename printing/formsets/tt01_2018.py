"""Form set of Thông tư 01/2018/TT-VPCP (Mẫu 01–06), used before 01/7/2025.

Pure data like ``tt03_2025``. The 2025 body wording was itself taken from the 2018 forms
(one-stop.md §1.1), so this set starts from a copy of it and overrides what differs:
numbering (no "Thông báo dừng"; Phiếu kiểm soát is Mẫu 05, the register Mẫu 06), the
Mẫu 04 title and wording (a new appointment instead of an extension request) and the
identity document label of that period.
"""

from __future__ import annotations

import copy

from .tt03_2025 import FORM_SET as _TT03

_forms = copy.deepcopy(_TT03["forms"])

_apology = _forms["mau-04"]
_apology["title"] = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
_apology["lines"]["paragraphs"][4] = (
    "Sự chậm trễ này đã gây phiền hà cho {honorific}. {agency} trân trọng xin lỗi "
    "{honorific} và hẹn lại ngày trả kết quả giải quyết hồ sơ cho {honorific} vào {new_due}."
)

_control = _forms.pop("mau-06")
_control["number"] = "05"
_register = _forms.pop("mau-07")
_register["number"] = "06"
_forms.pop("mau-05")  # "Thông báo dừng giải quyết hồ sơ" is new in 2025
_forms["mau-05"] = _control
_forms["mau-06"] = _register

FORM_SET = {
    "id": "tt01_2018",
    "name": "Thông tư 01/2018/TT-VPCP",
    "legal_basis": "Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ",
    "papers": copy.deepcopy(_TT03["papers"]),
    "labels": {**copy.deepcopy(_TT03["labels"]), "id_number": "Số CMND/Thẻ căn cước/Hộ chiếu"},
    "forms": dict(sorted(_forms.items())),
}
