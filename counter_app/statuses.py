"""National dossier status codes (TrangThaiHoSo 1–10) and the allowed transitions.

Every change of status is a history entry (the digital Phiếu kiểm soát). The transition table
is explicit: anything not listed is refused with a Vietnamese message.
"""

from __future__ import annotations

from .errors import UserError
from .i18n import N_, _

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
    NEW: N_("Mới đăng ký"),
    RECEIVED: N_("Được tiếp nhận"),
    REFUSED: N_("Không được tiếp nhận"),
    PROCESSING: N_("Đang xử lý"),
    SUPPLEMENT: N_("Yêu cầu bổ sung giấy tờ"),
    PAYMENT: N_("Yêu cầu thực hiện nghĩa vụ tài chính"),
    WITHDRAWN: N_("Công dân yêu cầu rút hồ sơ"),
    STOPPED: N_("Dừng xử lý"),
    RESOLVED: N_("Đã xử lý xong"),
    RETURNED: N_("Đã trả kết quả"),
}

# from -> allowed targets. 2 -> 9 covers procedures resolved at the counter the same day;
# 5 -> 2/4 is "papers received", back to where the dossier was; 6 -> 2/4 likewise is "financial
# obligation paid" (the receipt recorded); 2/4/6 -> 8 includes the resolving body's "cannot
# resolve" return (lifecycle action "unresolvable").
TRANSITIONS: dict[int, frozenset[int]] = {
    NEW: frozenset({RECEIVED, REFUSED}),
    RECEIVED: frozenset({PROCESSING, SUPPLEMENT, PAYMENT, WITHDRAWN, STOPPED, RESOLVED, REFUSED}),
    PROCESSING: frozenset({SUPPLEMENT, PAYMENT, WITHDRAWN, STOPPED, RESOLVED}),
    SUPPLEMENT: frozenset({RECEIVED, PROCESSING, WITHDRAWN, STOPPED}),
    PAYMENT: frozenset({RECEIVED, PROCESSING, RESOLVED, WITHDRAWN, STOPPED}),
    WITHDRAWN: frozenset(),
    STOPPED: frozenset(),
    RESOLVED: frozenset({RETURNED}),
    REFUSED: frozenset(),
    RETURNED: frozenset(),
}

FINAL = frozenset(s for s, targets in TRANSITIONS.items() if not targets)
# Dossiers the counter still owes a result for (used by "overdue"/"due today" marks).
IN_PROGRESS = frozenset({RECEIVED, PROCESSING, SUPPLEMENT, PAYMENT})
# In progress with the citizen's appointment running: a dossier waiting for the citizen's papers
# (5) has its clock stopped and its appointment moved when they come (docs/due-dates.md), so the
# worklists "due today" / "overdue" and the ledger's marks leave it to the "supplement" list.
# Status 6 stays: the 766 formula does not stop the clock for a financial obligation.
ON_THE_CLOCK = IN_PROGRESS - {SUPPLEMENT}


def name(code: int) -> str:
    """The Vietnamese name (data: forms, reports, history). The screen uses ``label``."""
    return NAMES.get(code, f"Trạng thái {code}")


def label(code: int) -> str:
    """The name in the user's language, for the screen."""
    if code in NAMES:
        return _(NAMES[code])
    return _("Trạng thái {code}").format(code=code)


def can_transition(current: int, target: int) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check_transition(current: int, target: int) -> None:
    """Raise UserError (Vietnamese) when ``current -> target`` is not allowed."""
    if target not in NAMES:
        raise UserError(_("Mã trạng thái không hợp lệ: {code}.").format(code=target))
    if current not in NAMES:
        raise UserError(_("Hồ sơ đang ở trạng thái không hợp lệ: {code}.").format(code=current))
    if not can_transition(current, target):
        if current in FINAL:
            raise UserError(
                _("Hồ sơ đã ở trạng thái cuối \"{current}\"; không thể chuyển sang \"{target}\".")
                .format(current=label(current), target=label(target))
            )
        raise UserError(
            _("Không thể chuyển hồ sơ từ trạng thái \"{current}\" sang \"{target}\".")
            .format(current=label(current), target=label(target))
        )
