"""National dossier status codes (TrangThaiHoSo 1–10) and the allowed transitions.

Every change of status is a history entry (the digital Phiếu kiểm soát). The transition table
is explicit: anything not listed is refused with a Vietnamese message.
"""

from __future__ import annotations

from .errors import UserError

NEW = 1  # Mới đăng ký (online, not yet accepted)
RECEIVED = 2  # Được tiếp nhận
REFUSED = 3  # Không được tiếp nhận
PROCESSING = 4  # Đang xử lý
SUPPLEMENT = 5  # Yêu cầu bổ sung giấy tờ
PAYMENT = 6  # Yêu cầu thực hiện nghĩa vụ tài chính
WITHDRAWN = 7  # Công dân yêu cầu rút hồ sơ
STOPPED = 8  # Dừng xử lý
RESOLVED = 9  # Đã xử lý xong
RETURNED = 10  # Đã trả kết quả

NAMES: dict[int, str] = {
    NEW: "Mới đăng ký",
    RECEIVED: "Được tiếp nhận",
    REFUSED: "Không được tiếp nhận",
    PROCESSING: "Đang xử lý",
    SUPPLEMENT: "Yêu cầu bổ sung giấy tờ",
    PAYMENT: "Yêu cầu thực hiện nghĩa vụ tài chính",
    WITHDRAWN: "Công dân yêu cầu rút hồ sơ",
    STOPPED: "Dừng xử lý",
    RESOLVED: "Đã xử lý xong",
    RETURNED: "Đã trả kết quả",
}

# from -> allowed targets. 2 -> 9 covers procedures resolved at the counter the same day;
# 5 -> 2/4 is "papers received", back to where the dossier was.
TRANSITIONS: dict[int, frozenset[int]] = {
    NEW: frozenset({RECEIVED, REFUSED}),
    RECEIVED: frozenset({PROCESSING, SUPPLEMENT, PAYMENT, WITHDRAWN, STOPPED, RESOLVED, REFUSED}),
    PROCESSING: frozenset({SUPPLEMENT, PAYMENT, WITHDRAWN, STOPPED, RESOLVED}),
    SUPPLEMENT: frozenset({RECEIVED, PROCESSING, WITHDRAWN, STOPPED}),
    PAYMENT: frozenset({PROCESSING, RESOLVED, WITHDRAWN, STOPPED}),
    WITHDRAWN: frozenset(),
    STOPPED: frozenset(),
    RESOLVED: frozenset({RETURNED}),
    REFUSED: frozenset(),
    RETURNED: frozenset(),
}

FINAL = frozenset(s for s, targets in TRANSITIONS.items() if not targets)
# Dossiers the counter still owes a result for (used by "overdue"/"due today" marks).
IN_PROGRESS = frozenset({RECEIVED, PROCESSING, SUPPLEMENT, PAYMENT})


def name(code: int) -> str:
    return NAMES.get(code, f"Trạng thái {code}")


def can_transition(current: int, target: int) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check_transition(current: int, target: int) -> None:
    """Raise UserError (Vietnamese) when ``current -> target`` is not allowed."""
    if target not in NAMES:
        raise UserError(f"Mã trạng thái không hợp lệ: {target}.")
    if current not in NAMES:
        raise UserError(f"Hồ sơ đang ở trạng thái không hợp lệ: {current}.")
    if not can_transition(current, target):
        if current in FINAL:
            raise UserError(
                f"Hồ sơ đã ở trạng thái cuối \"{name(current)}\"; không thể chuyển sang \"{name(target)}\"."
            )
        raise UserError(
            f"Không thể chuyển hồ sơ từ trạng thái \"{name(current)}\" sang \"{name(target)}\"."
        )
