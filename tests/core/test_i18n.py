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
