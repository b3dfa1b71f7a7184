"""The core's message catalogue (counter_app/i18n.py): Vietnamese is the source, English the
translation kept in counter_app/locale/en/LC_MESSAGES/counter_app.po.

The completeness check reads the code: every ``_("…")`` / ``N_("…")`` literal in counter_app/
and sync/ is in the .po with a non-empty English text using the same placeholders, and every
msgid of the .po is still used somewhere (no dead entries)."""

from __future__ import annotations

import ast
import gettext
import io
import re
import string
from pathlib import Path

import pytest

from counter_app import duedate, i18n, intake, outbox, statuses
from counter_app.errors import ValidationFailed

ROOT = Path(__file__).resolve().parents[2]
VIETNAMESE = re.compile(r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.I)


def marked_strings() -> dict[str, str]:
    """msgid -> where, for every ``_("literal")`` and ``N_("literal")`` in the core and sync."""
    found: dict[str, str] = {}
    for room in ("counter_app", "sync"):
        for path in sorted((ROOT / room).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in ("_", "N_") and node.args
                        and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                    found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("vi")


def test_catalogue_is_complete_and_has_no_dead_entries():
    po = i18n.read_po(i18n.po_path("en"))
    po.pop("")  # the header
    marked = marked_strings()
    assert len(marked) > 100
    missing = {k: v for k, v in marked.items() if k not in po}
    assert not missing, f"marked in the code but not in the .po: {missing}"
    untranslated = [k for k, v in po.items() if not v.strip()]
    assert not untranslated, untranslated
    dead = [k for k in po if k not in marked]
    assert not dead, f"in the .po but used nowhere: {dead}"
    for k, v in po.items():
        assert fields(k) == fields(v), (k, v)  # .format(name=…) works in both languages
        assert not VIETNAMESE.search(v) or "Nam (male)" in v, v


def test_no_fstrings_inside_the_marker():
    """``_(f"…")`` would never match a msgid: the catalogue uses named placeholders."""
    for room in ("counter_app", "sync"):
        for path in (ROOT / room).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_"):
                    assert node.args and not isinstance(node.args[0], ast.JoinedStr), f"{path}:{node.lineno}"


def test_compiled_catalogue_reads_back_with_gettext():
    mo = i18n.compile_mo({"": "Content-Type: text/plain; charset=UTF-8\n", "Quá hạn": "Overdue", "Trống": ""})
    t = gettext.GNUTranslations(io.BytesIO(mo))
    assert t.gettext("Quá hạn") == "Overdue"
    assert t.gettext("Trống") == "Trống"  # untranslated: the source text
    assert t.gettext("Không có") == "Không có"


def test_vietnamese_is_the_default_and_the_source():
    assert i18n.language() == "vi"
    assert i18n._("Quá hạn") == "Quá hạn"
    assert statuses.label(statuses.PROCESSING) == "Đang xử lý"
    assert duedate.time_limit_label(5, duedate.UNIT_WORKING_DAYS) == "5 ngày làm việc"
    assert i18n.money(1234567) == "1.234.567 đ"
    assert i18n.money(-5000) == "-5.000 đ"
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def test_english_screen_text_and_vietnamese_data(english):
    assert statuses.label(statuses.PROCESSING) == "Processing"
    assert statuses.label(99) == "Status 99"
    assert i18n._(intake.CHANNELS[1]) == "In person"
    assert i18n._(outbox.STATE_NAMES[outbox.WAITING]) == "Waiting to retry"
    assert i18n._(outbox.KIND_NAMES[outbox.FILE]) == "Attachment"
    assert duedate.time_limit_label(None, duedate.UNIT_SAME_DAY) == "Same day"
    assert duedate.time_limit_label(4, duedate.UNIT_WORKING_HOURS) == "4 working hours"
    assert duedate.time_limit_label(30, duedate.UNIT_CALENDAR_DAYS) == "30 days"
    assert i18n.money(1234567) == "1,234,567 VND"
    # Data stays Vietnamese in every language: the printed forms and reports use these.
    assert statuses.name(statuses.PROCESSING) == "Đang xử lý"
    assert intake.CHANNELS[1] == "Trực tiếp"
    assert duedate.format_time_limit(5, duedate.UNIT_WORKING_DAYS) == "5 ngày làm việc"


def test_english_intake_field_errors(english):
    with pytest.raises(ValidationFailed) as info:
        intake.parse_request({"procedure_code": "", "channel": 7, "components": [],
                              "applicant": {"full_name": "", "id_number": "12", "phone": "abc"}})
    errors = info.value.errors
    assert errors["procedure_code"] == "No administrative procedure chosen."
    assert errors["components"] == "No dossier papers chosen."
    assert errors["applicant.full_name"] == "Applicant: Full name must not be empty."
    assert errors["applicant.id_number"] == "Applicant: Personal ID number must have exactly 12 digits (it has 2)."
    assert info.value.message.startswith("Invalid data:\n")
    for msg in errors.values():
        assert not VIETNAMESE.search(msg), msg
    with pytest.raises(Exception) as refused:
        statuses.check_transition(statuses.RETURNED, statuses.PROCESSING)
    assert str(refused.value) == 'The dossier is already in the final status "Result returned"; it cannot move to "Processing".'


def test_vietnamese_intake_field_errors_unchanged():
    with pytest.raises(ValidationFailed) as info:
        intake.parse_request({"procedure_code": "", "components": [], "applicant": {"full_name": ""}})
    assert info.value.errors["procedure_code"] == "Chưa chọn thủ tục hành chính."
    assert info.value.errors["applicant.full_name"] == "Người nộp hồ sơ: Họ và tên không được để trống."


def test_no_function_hides_the_marker():
    """``for _ in …`` inside a function that also calls ``_()`` makes ``_`` an int there (it
    happened in sync/http.py's redirect loop)."""
    for room in ("counter_app", "sync"):
        for path in (ROOT / room).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for fn in ast.walk(tree):
                if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    continue
                nodes = list(ast.walk(fn))
                calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_" for n in nodes)
                binds = any((isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store))
                            or (isinstance(n, ast.arg) and n.arg == "_") for n in nodes)
                assert not (calls and binds), f"{path}:{fn.lineno}"


# --- the refusals a clerk or supervisor meets in the GUI come out in English (issue: English mode
# still showed the core's UserError messages in Vietnamese) -------------------------------------

def _raises(fn, *args, **kwargs) -> str:
    from counter_app.errors import UserError

    with pytest.raises(UserError) as info:
        fn(*args, **kwargs)
    return info.value.message


def test_english_login_and_account_refusals(english, db, admin):
    from counter_app import accounts

    assert _raises(accounts.authenticate, db, "admin", "sai-mat-khau") == "Wrong user name or password."
    assert _raises(accounts.authenticate, db, "khong-co", "x") == "Wrong user name or password."
    assert _raises(accounts.set_active, db, admin, "admin", False) == "You cannot disable your own account."
    assert accounts.validate_password("ngan") == "The password must have at least 8 characters."
    clerk = accounts.authenticate(db, *_add_clerk(db, admin))
    assert _raises(accounts.list_users, db, clerk) == "Your account may not do this (role needed: Administrator)."
    for _attempt in range(accounts.MAX_FAILED_LOGINS):
        with pytest.raises(Exception):
            accounts.authenticate(db, "canbo9", "sai-mat-khau")
    assert _raises(accounts.authenticate, db, "canbo9", "matkhau-can-bo").startswith(
        "The account is locked for a while after too many wrong passwords. Try again after ")


def _add_clerk(db, admin) -> tuple[str, str]:
    from counter_app import accounts

    accounts.add_account(db, admin, "canbo9", "Lê Văn Chín", "clerk", "matkhau-can-bo")
    return "canbo9", "matkhau-can-bo"


def test_english_lifecycle_refusals(english, db, admin):
    from counter_app import lifecycle
    from helpers import sample_intake

    code = intake.save(db, intake.parse_request(sample_intake()), admin).code
    assert _raises(lifecycle.perform, db, "KHONG-CO", "handover", admin) == 'No dossier with the code "KHONG-CO".'
    assert _raises(lifecycle.perform, db, code, "supplement-received", admin) == \
        "The dossier is not waiting for a supplement."
    with pytest.raises(ValidationFailed) as info:
        lifecycle.perform(db, code, "refuse", admin, {"reason": ""})
    assert info.value.errors["reason"] == "Reason must not be empty."
    refused = _raises(lifecycle.perform, db, code, "return", admin)  # a refused transition
    assert refused.startswith("The dossier") and '"Result returned"' in refused and not VIETNAMESE.search(refused)
    assert _raises(lifecycle.perform, db, code, "extend", admin, {"reason": "Chờ xác minh",
                                                                   "new_due_at": "2020-01-01T08:00:00+07:00"}) == \
        "The new return date must be after the current return date."


def test_english_setup_settings_and_office_hours(english, db, admin):
    from counter_app import settings, setup

    errors = setup.validate_setup({"agency_code": "", "agency_name": "", "province": "", "station": 1,
                                   "office_hours": "11:00-07:00", "admin_user": "a", "admin_password": "x"})
    assert errors["agency_name"] == "The unit name must not be empty."
    assert errors["province"] == "The province/city must not be empty."
    assert errors["office_hours"] == "The period 11:00-07:00 is invalid: the start must be before the end."
    assert errors["admin_password"] == "The password must have at least 8 characters."
    for msg in errors.values():
        assert not VIETNAMESE.search(msg), msg
    with pytest.raises(ValidationFailed) as info:
        setup.update_station_settings(db, admin, {"idle_lock_minutes": 0, "place_name": " "})
    assert info.value.errors == {"idle_lock_minutes": "The idle lock time must be from 1 to 240 minutes.",
                                 "place_name": "The place name printed on the forms must not be empty."}
    assert _raises(settings.check_retention_days, "mai") == \
        'The scan retention period must be a number of days (a whole number from 0), not "mai".'


def test_english_day_close_refusals(english, db, admin):
    from datetime import date, timedelta

    from counter_app import timeutil
    from counter_app.reports import dayclose

    tomorrow = timeutil.now().date() + timedelta(days=1)
    assert _raises(dayclose.close_day, db, admin, tomorrow, "matkhau-quan-tri") == \
        "A day that has not come yet cannot be closed."
    assert _raises(dayclose.close_day, db, admin, date(2026, 1, 5), "sai") == \
        "The day could not be closed: Wrong user name or password."


def test_english_scan_page_refusals(english, tmp_path):
    from counter_app.scanning import pages

    empty = tmp_path / "trang.jpg"
    empty.write_bytes(b"")
    assert _raises(pages.read_input, empty) == 'The file "trang.jpg" is empty (0 bytes); there are no pages to import.'
    assert _raises(pages.read_input, tmp_path) == f'The file "{tmp_path.name}" is a folder, not a file.'


def test_english_sync_setup_and_answer_refusals(english, db):
    from counter_app import province_changes
    from sync import answers
    from sync.config import SyncConfig, check_secret

    assert _raises(SyncConfig(server_url="ftp://tinh", station_id="000.00.00.H00/1").validate) == \
        "The sync server address must start with https:// (or http:// for trials)."
    assert _raises(SyncConfig(server_url="https://tinh", station_id="x/1", read_timeout=0).validate) == \
        "The value read_timeout must be greater than 0."
    assert _raises(check_secret, "ngan") == "The station's secret key is invalid (too short)."
    assert answers.bad(N_MARK).message == ("The provincial system's answer has the wrong format (nested too "
                                           "deeply); it was refused and will be tried again later.")
    assert "too large (over 1 MB)" in answers.too_big(answers.MB).message
    page = answers.feed_page({"changes": [7, {"id": "c2"}], "cursor": "1"}, None)
    assert page.refused == ["Change no. 1 from the provincial system is not an object; refused.",
                            "Change c2 from the provincial system has no type; refused."]
    counts = province_changes.receive(db, [{"id": "r1", "type": "status", "MaHoSo": "KHONG-CO",
                                            "TrangThaiHoSo": 4, "ThoiDiemXuLy": "20261120090000"}])
    assert counts[province_changes.NOT_APPLIED] == 1
    assert province_changes.open_items(db)[0]["reason"] == "No dossier KHONG-CO on this PC."


N_MARK = "lồng nhau quá sâu"


def test_vietnamese_refusals_unchanged(db, admin):
    """The default (and the command line's) language: the same refusals, in Vietnamese."""
    from counter_app import accounts
    from sync.config import SyncConfig

    assert _raises(accounts.authenticate, db, "admin", "sai-mat-khau") == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert _raises(SyncConfig(server_url="ftp://tinh", station_id="x/1").validate).startswith(
        "Địa chỉ máy chủ đồng bộ phải bắt đầu bằng https://")


def test_audit_details_never_hold_a_message(english, db, admin):
    """The audit trail is data: a refused login writes its entry, with no (translated) text."""
    from counter_app import accounts

    with pytest.raises(Exception):
        accounts.authenticate(db, "admin", "sai-mat-khau")
    details = [r[0] for r in db.execute("SELECT details FROM audit WHERE action = 'login-failed'")]
    assert details and all("Wrong" not in (d or "") and "không đúng" not in (d or "") for d in details)


def test_english_scanner_failures_and_scan_profile_errors(english):
    from counter_app.scanning import sane
    from counter_app.scanning.profile import ScanProfile

    jam = sane._failure(6, 2)
    assert jam.message == ("Paper jam in the scanner. 2 page(s) were received before the error; they are kept. "
                           "Check the scanner, then scan the remaining pages.")
    assert jam.pages == 2
    assert sane._failure(None, 0).message == ("The scanner stopped partway (connection lost or driver error). "
                                              "No page was received; check the scanner and try again.")
    assert sane._failure(sane.CANCELLED, 3).message == "Scanning stopped; the 3 page(s) already scanned are kept."
    assert _raises(ScanProfile(dpi=30).validated) == "The scan resolution must be from 75 to 1200 dpi."
    assert _raises(ScanProfile(jpeg_quality=99).validated) == "The JPEG quality must be from 30 to 95."


def test_vietnamese_scanner_failures_unchanged():
    from counter_app.scanning import sane
    from counter_app.scanning.profile import ScanProfile

    assert sane._failure(6, 0).message == ("Kẹt giấy trong máy quét. Chưa nhận được trang nào; "
                                           "hãy kiểm tra máy quét rồi thử lại.")
    assert _raises(ScanProfile(dpi=30).validated) == "Độ phân giải quét phải từ 75 đến 1200 dpi."


def test_english_page_origins_of_a_multi_page_file(english, tmp_path):
    from PIL import Image

    from counter_app.scanning import pages

    tiff = tmp_path / "giay-to.tiff"
    frames = [Image.new("L", (600, 800), 255) for _ in range(2)]
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    from counter_app.scanning.profile import ScanProfile

    assert [p.origin for p in pages.pages_from_file(tiff, ScanProfile())] == ["giay-to.tiff (page 1/2)", "giay-to.tiff (page 2/2)"]
