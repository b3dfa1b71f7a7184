"""The procedure catalogue (danh mục thủ tục hành chính): types, loader and validator.

The catalogue is data, never code: times and fees change by provincial decision, so they
are read from a JSON file (format in ``docs/catalogue-format.md``). A packaged *sample*
catalogue ships with the app (``counter_app/data/catalogue.json``) until the province's
published list replaces it.

Each :class:`Procedure` turns into a plain dict with :meth:`Procedure.to_dict`; that dict is
stored as a JSON snapshot with every dossier so the dossier keeps the rules in force at
receipt, and :meth:`Procedure.from_dict` reads it back (validating it the same way).

Every problem is reported as a :class:`~counter_app.errors.UserError` with a Vietnamese
message naming the procedure (position and code) and the key at fault; ``UserError.field``
carries a machine path such as ``procedures[2].time.unit`` (0-based index; a top-level key is
just its name, e.g. ``issued``; for :meth:`Procedure.from_dict` the path starts at the key, e.g.
``time.unit``).
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from counter_app.errors import UserError

FORMAT_MARKER = "counter-app-catalogue"
FORMAT_VERSION = 1
MAX_CATALOGUE_BYTES = 20 * 1024 * 1024  # 20 MB

# Time units; the same strings as counter_app.duedate (not imported on purpose).
UNIT_SAME_DAY = "trong_ngay"
UNIT_WORKING_HOURS = "gio_lam_viec"
UNIT_WORKING_DAYS = "ngay_lam_viec"
UNIT_CALENDAR_DAYS = "ngay"
TIME_UNITS = (UNIT_SAME_DAY, UNIT_WORKING_HOURS, UNIT_WORKING_DAYS, UNIT_CALENDAR_DAYS)
TIME_UNIT_LABELS = {
    UNIT_SAME_DAY: "trong ngày",
    UNIT_WORKING_HOURS: "giờ làm việc",
    UNIT_WORKING_DAYS: "ngày làm việc",
    UNIT_CALENDAR_DAYS: "ngày",
}

FEE_KINDS = ("free", "fixed", "certified_copy_pages")
FEE_TYPES = ("le_phi", "phi")
FEE_TYPE_LABELS = {"le_phi": "Lệ phí", "phi": "Phí"}
FEE_PER = ("dossier", "copy")
# Which fee a fee item is (an exemption rule names the fees it covers): the procedure's own fee,
# or the fee for copies of the extract (bản sao trích lục) issued with a civil-status result.
FEE_ROLE_PROCEDURE = "procedure"
FEE_ROLE_EXTRACT_COPY = "extract_copy"
FEE_ROLES = (FEE_ROLE_PROCEDURE, FEE_ROLE_EXTRACT_COPY)
FEE_ROLE_LABELS = {FEE_ROLE_PROCEDURE: "phí, lệ phí của thủ tục", FEE_ROLE_EXTRACT_COPY: "phí cấp bản sao trích lục"}
CHANNEL_CODES = (1, 2, 3)  # 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích (counter_app.intake.CHANNELS)

# The fields of a procedure that carry law (a time limit, a fee, the papers to hand in, an
# extension or an exemption rule): each must cite its source in ``sources`` — a legal text with
# its number and date, a published procedure page, or "[R] …" for a value not yet verified.
LEGAL_FIELDS = ("time", "fee", "components")
SOURCE_KEYS = ("code", "name", "time", "cutoff_15h", "fee", "components", "result", "extension", "exemptions")
MAX_EXTENSION_DAYS = 10
MAX_EXEMPTIONS = 20
_RULE_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")

MAX_AMOUNT = 1_000_000_000_000  # 1 nghìn tỷ đồng: anything above is a typo
MAX_TIME_VALUE = 10_000
MAX_TEXT = 2000

_CODE_RE = re.compile(r"[0-9]\.[0-9]{6}")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_TOP_REQUIRED = ("format", "format_version", "title", "issued", "procedures")
_TOP_OPTIONAL = ("sample", "note")
_PROC_KEYS = (
    "code", "name", "field", "field_code", "time", "cutoff_15h",
    "fee", "components", "result", "verified",
)
_PROC_OPTIONAL = ("extension", "exemptions", "sources")
_FEE_KEYS = {
    "free": ("kind",),
    "fixed": ("kind", "items"),
    "certified_copy_pages": (
        "kind", "name", "type", "first_pages", "first_page_rate", "next_page_rate", "cap_per_copy",
    ),
}
_FEE_OPTIONAL = ("note",)
_FIXED_ITEM_KEYS = ("name", "type", "amount", "per")
_FIXED_ITEM_OPTIONAL = ("role",)
_EXTENSION_KEYS = ("max_working_days", "by_agreement", "basis")
_EXEMPTION_KEYS = ("id", "who", "fees", "percent", "proof", "basis")
_EXEMPTION_OPTIONAL = ("channels",)


# --------------------------------------------------------------------------- types


@dataclass(frozen=True)
class ComponentSpec:
    """One component (thành phần hồ sơ) listed for a procedure."""

    name: str
    required: bool

    def to_dict(self) -> dict:
        return {"name": self.name, "required": self.required}


@dataclass(frozen=True)
class Procedure:
    """One administrative procedure as published in the catalogue."""

    code: str
    name: str
    field: str
    field_code: str
    time_value: int
    time_unit: str
    cutoff_15h: bool
    fee_rule: dict = dc_field(hash=False)
    components: tuple[ComponentSpec, ...]
    result: str
    verified: bool
    # Optional rules (absent keys keep older catalogues and dossier snapshots valid):
    extension: dict | None = dc_field(default=None, hash=False, compare=True)
    exemptions: tuple[dict, ...] = dc_field(default=(), hash=False)
    sources: dict = dc_field(default_factory=dict, hash=False)

    def to_dict(self) -> dict:
        """The catalogue form of this procedure (JSON-ready, a fresh copy)."""
        out = {
            "code": self.code,
            "name": self.name,
            "field": self.field,
            "field_code": self.field_code,
            "time": {"value": self.time_value, "unit": self.time_unit},
            "cutoff_15h": self.cutoff_15h,
            "fee": copy.deepcopy(self.fee_rule),
            "components": [c.to_dict() for c in self.components],
            "result": self.result,
            "verified": self.verified,
        }
        if self.extension is not None:
            out["extension"] = copy.deepcopy(self.extension)
        if self.exemptions:
            out["exemptions"] = copy.deepcopy(list(self.exemptions))
        if self.sources:
            out["sources"] = dict(self.sources)
        return out

    def legal_fields(self) -> tuple[str, ...]:
        """The fields that carry law and so must cite a source (see LEGAL_FIELDS)."""
        extra = (("extension",) if self.extension is not None else ()) + (("exemptions",) if self.exemptions else ())
        return LEGAL_FIELDS + extra

    def missing_sources(self) -> list[str]:
        """Legal fields of this procedure with no source in ``sources`` (empty: all cited)."""
        return [f for f in self.legal_fields() if not self.sources.get(f)]

    def unverified_fields(self) -> list[str]:
        """Fields whose cited source is marked "[R]" (not yet verified)."""
        return [f for f, text in self.sources.items() if text.lstrip().startswith("[R]")]

    def exemption(self, rule_id: str) -> dict | None:
        """The exemption rule with this id, or None."""
        for rule in self.exemptions:
            if rule["id"] == rule_id:
                return rule
        return None

    @classmethod
    def from_dict(cls, data: Any) -> Procedure:
        """Read (and validate) a procedure dict, e.g. a dossier's snapshot. Raises UserError."""
        return _parse_procedure(data, index=None, path="")

    def time_text(self) -> str:
        """Processing time as shown to people, e.g. "Trong ngày", "03 ngày làm việc"."""
        return describe_time(self.time_value, self.time_unit)

    @property
    def required_components(self) -> tuple[ComponentSpec, ...]:
        return tuple(c for c in self.components if c.required)


@dataclass(frozen=True)
class Catalogue:
    """A loaded, validated catalogue."""

    title: str
    sample: bool
    issued: date
    procedures: tuple[Procedure, ...]
    note: str = ""

    def find(self, code: str) -> Procedure | None:
        """The procedure with this national code, or None."""
        for p in self.procedures:
            if p.code == code:
                return p
        return None

    def fields(self) -> tuple[str, ...]:
        """Distinct field names (lĩnh vực) in catalogue order."""
        return tuple(dict.fromkeys(p.field for p in self.procedures))

    def to_dict(self) -> dict:
        """The file form of the catalogue; ``load_catalogue(json.dumps(c.to_dict()))`` equals ``c``."""
        out: dict[str, Any] = {
            "format": FORMAT_MARKER,
            "format_version": FORMAT_VERSION,
            "sample": self.sample,
            "title": self.title,
        }
        if self.note:
            out["note"] = self.note
        out["issued"] = self.issued.isoformat()
        out["procedures"] = [p.to_dict() for p in self.procedures]
        return out


def describe_time(value: int, unit: str) -> str:
    """ "Trong ngày" for same-day procedures, else e.g. "03 ngày làm việc", "8 giờ làm việc"."""
    if unit == UNIT_SAME_DAY:
        return "Trong ngày"
    label = TIME_UNIT_LABELS.get(unit, unit)
    number = f"{value:02d}" if unit in (UNIT_WORKING_DAYS, UNIT_CALENDAR_DAYS) else str(value)
    return f"{number} {label}"


# --------------------------------------------------------------------------- loading


def load_catalogue(source: str | bytes | Path) -> Catalogue:
    """Load and validate a catalogue.

    ``source`` is a :class:`pathlib.Path` to a file, the file's raw ``bytes`` (UTF-8, a BOM is
    allowed), or its already decoded JSON text as ``str`` (a ``str`` is never taken as a path).
    Raises UserError with a Vietnamese message on any problem.
    """
    if isinstance(source, Path):
        text = _read_file(source)
    elif isinstance(source, (bytes, bytearray, memoryview)):
        raw = bytes(source)
        _check_size(len(raw))
        text = _decode(raw)
    elif isinstance(source, str):
        _check_size(len(source.encode("utf-8", errors="surrogatepass")))
        text = source.removeprefix("\ufeff")
    else:
        raise TypeError(f"load_catalogue() expects str, bytes or Path, not {type(source).__name__}")
    return _parse_catalogue(_parse_json(text))


def load_seed_catalogue() -> Catalogue:
    """The sample catalogue packaged with the app (works from a wheel or a PyInstaller bundle)."""
    resource = resources.files("counter_app").joinpath("data").joinpath("catalogue.json")
    try:
        raw = resource.read_bytes()
    except OSError as exc:  # pragma: no cover - broken installation
        raise UserError(f"Không đọc được danh mục mẫu kèm theo ứng dụng: {exc}") from exc
    _check_size(len(raw))
    return _parse_catalogue(_parse_json(_decode(raw)))


def _read_file(path: Path) -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UserError(f"Không tìm thấy tệp danh mục: {path}") from None
    except OSError as exc:
        raise UserError(f"Không đọc được tệp danh mục {path}: {exc.strerror or exc}") from None
    if path.is_dir():
        raise UserError(f"Đường dẫn danh mục là một thư mục, không phải tệp: {path}")
    _check_size(size)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_CATALOGUE_BYTES + 1)
    except OSError as exc:
        raise UserError(f"Không đọc được tệp danh mục {path}: {exc.strerror or exc}") from None
    _check_size(len(raw))
    return _decode(raw)


def _check_size(size: int) -> None:
    if size > MAX_CATALOGUE_BYTES:
        mb = size / (1024 * 1024)
        raise UserError(
            f"Tệp danh mục quá lớn ({mb:.1f} MB); kích thước tối đa là "
            f"{MAX_CATALOGUE_BYTES // (1024 * 1024)} MB."
        )


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"Tệp danh mục không phải văn bản UTF-8 hợp lệ (lỗi ở byte thứ {exc.start + 1})."
        ) from None


class _DuplicateKey(Exception):
    pass


class _BadConstant(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise _BadConstant(name)


def _shown(text: str) -> str:
    """``text`` safe to print: lone surrogates escaped."""
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8")


def _parse_json(text: str) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise UserError(
            f"Tệp danh mục không phải JSON hợp lệ: dòng {exc.lineno}, cột {exc.colno}."
        ) from None
    except _DuplicateKey as exc:
        raise UserError(
            f"Tệp danh mục không hợp lệ: khóa \"{_shown(exc.args[0])}\" xuất hiện hai lần trong cùng một đối tượng.",
            field=str(exc.args[0]),
        ) from None
    except _BadConstant as exc:
        raise UserError(
            f"Tệp danh mục không hợp lệ: giá trị \"{exc.args[0]}\" không phải là số hợp lệ."
        ) from None
    except RecursionError:
        raise UserError("Tệp danh mục không hợp lệ: cấu trúc lồng nhau quá sâu.") from None
    from .validation import find_bad_text  # NUL, lone surrogates: refused before any use

    problem = find_bad_text(data, "Tệp danh mục")
    if problem:
        raise UserError(problem)
    return data


# --------------------------------------------------------------------------- validation


class _Ctx:
    """Where we are, for messages: a Vietnamese prefix plus a machine path."""

    def __init__(self, prefix: str, path: str):
        self.prefix = prefix
        self.path = path

    def fail(self, key: str | None, problem: str) -> UserError:
        where = ".".join(part for part in (self.path, key) if part) or None
        if key:
            return UserError(f"{self.prefix}, khóa \"{key}\": {problem}", field=where)
        return UserError(f"{self.prefix}: {problem}", field=where)


def _procedure_prefix(index: int | None, code: Any) -> str:
    if isinstance(code, str) and code.strip():
        code_part = f"mã {code.strip()}"
    else:
        code_part = "chưa có mã hợp lệ"
    if index is None:
        return f"Thủ tục ({code_part})"
    return f"Thủ tục thứ {index + 1} ({code_part})"


def _check_keys(obj: dict, ctx: _Ctx, key_prefix: str, required: tuple[str, ...],
                optional: tuple[str, ...] = ()) -> None:
    allowed = set(required) | set(optional)
    extra = [k for k in obj if k not in allowed]
    if extra:
        names = ", ".join(f"\"{k}\"" for k in extra)
        raise ctx.fail(
            key_prefix + extra[0],
            f"khóa không được hỗ trợ ({names}); các khóa hợp lệ: "
            + ", ".join(f"\"{k}\"" for k in (*required, *optional)) + ".",
        )
    missing = [k for k in required if k not in obj]
    if missing:
        names = ", ".join(f"\"{k}\"" for k in missing)
        raise ctx.fail(key_prefix + missing[0], f"thiếu khóa bắt buộc ({names}).")


def _text(value: Any, ctx: _Ctx, key: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise ctx.fail(key, "phải là một chuỗi văn bản.")
    text = unicodedata.normalize("NFC", value).strip()
    if not text and not allow_empty:
        raise ctx.fail(key, "không được để trống.")
    if len(text) > MAX_TEXT:
        raise ctx.fail(key, f"quá dài (tối đa {MAX_TEXT} ký tự).")
    return text


def _bool(value: Any, ctx: _Ctx, key: str) -> bool:
    if not isinstance(value, bool):
        raise ctx.fail(key, "phải là true hoặc false.")
    return value


def _int(value: Any, ctx: _Ctx, key: str, *, what: str = "giá trị", minimum: int = 0,
         maximum: int = MAX_AMOUNT) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float):
            raise ctx.fail(key, f"{what} phải là số nguyên, không có phần thập phân (nhận được {value!r}).")
        raise ctx.fail(key, f"{what} phải là số nguyên.")
    if value < 0:
        raise ctx.fail(key, f"{what} không được âm (nhận được {value}).")
    if value < minimum:
        raise ctx.fail(key, f"{what} phải từ {minimum} trở lên (nhận được {value}).")
    if value > maximum:
        raise ctx.fail(key, f"{what} quá lớn (tối đa {maximum}).")
    return value


def _amount(value: Any, ctx: _Ctx, key: str) -> int:
    return _int(value, ctx, key, what="số tiền (đồng)")


def _choice(value: Any, ctx: _Ctx, key: str, choices: tuple[str, ...], what: str) -> str:
    if not isinstance(value, str) or value not in choices:
        shown = json.dumps(value, ensure_ascii=False)
        raise ctx.fail(key, f"{what} {shown} không hợp lệ; chỉ chấp nhận: " + ", ".join(choices) + ".")
    return value


def _parse_catalogue(data: Any) -> Catalogue:
    if not isinstance(data, dict):
        raise UserError("Tệp danh mục không hợp lệ: nội dung phải là một đối tượng JSON ({ … }).")
    ctx = _Ctx("Danh mục thủ tục", "")
    if data.get("format") != FORMAT_MARKER:
        raise UserError(
            "Tệp này không phải danh mục thủ tục của ứng dụng: khóa \"format\" phải có giá trị "
            f"\"{FORMAT_MARKER}\".",
            field="format",
        )
    version = data.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise UserError(
            f"Danh mục dùng phiên bản định dạng {version}, phiên bản ứng dụng này chỉ đọc được "
            f"phiên bản {FORMAT_VERSION}. Hãy cập nhật ứng dụng.",
            field="format_version",
        )
    if "format_version" in data and (isinstance(version, bool) or version != FORMAT_VERSION):
        raise ctx.fail("format_version", f"phải là số {FORMAT_VERSION}.")
    _check_keys(data, ctx, "", _TOP_REQUIRED, _TOP_OPTIONAL)

    title = _text(data["title"], ctx, "title")
    sample = _bool(data.get("sample", False), ctx, "sample")
    note = _text(data.get("note", ""), ctx, "note", allow_empty=True)
    issued = _date(data["issued"], ctx, "issued")

    raw_procs = data["procedures"]
    if not isinstance(raw_procs, list):
        raise ctx.fail("procedures", "phải là một danh sách ([ … ]).")
    if not raw_procs:
        raise ctx.fail("procedures", "danh mục không có thủ tục nào.")
    procedures: list[Procedure] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_procs):
        proc = _parse_procedure(raw, index=index, path=f"procedures[{index}]")
        if proc.code in seen:
            first = seen[proc.code]
            raise UserError(
                f"{_procedure_prefix(index, proc.code)}, khóa \"code\": mã thủ tục {proc.code} bị trùng "
                f"với thủ tục thứ {first + 1}.",
                field=f"procedures[{index}].code",
            )
        seen[proc.code] = index
        procedures.append(proc)
    return Catalogue(title=title, sample=sample, issued=issued, procedures=tuple(procedures), note=note)


def _date(value: Any, ctx: _Ctx, key: str) -> date:
    if isinstance(value, str) and _DATE_RE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ctx.fail(key, "phải là ngày dạng \"YYYY-MM-DD\" (ví dụ \"2026-11-22\").")


def _parse_procedure(data: Any, *, index: int | None, path: str) -> Procedure:
    code_raw = data.get("code") if isinstance(data, dict) else None
    ctx = _Ctx(_procedure_prefix(index, code_raw), path)
    if not isinstance(data, dict):
        raise ctx.fail(None, "phải là một đối tượng JSON ({ … }).")
    _check_keys(data, ctx, "", _PROC_KEYS, _PROC_OPTIONAL)

    code = data["code"]
    if not isinstance(code, str) or not _CODE_RE.fullmatch(code):
        shown = json.dumps(code, ensure_ascii=False)
        raise ctx.fail("code", f"mã thủ tục {shown} không đúng dạng d.dddddd (ví dụ \"1.001193\").")
    name = _text(data["name"], ctx, "name")
    field_name = _text(data["field"], ctx, "field")
    field_code = _text(data["field_code"], ctx, "field_code", allow_empty=True)
    time_value, time_unit = _parse_time(data["time"], ctx)
    cutoff = _bool(data["cutoff_15h"], ctx, "cutoff_15h")
    fee_rule = _parse_fee(data["fee"], ctx)
    components = _parse_components(data["components"], ctx)
    result = _text(data["result"], ctx, "result")
    verified = _bool(data["verified"], ctx, "verified")
    extension = _parse_extension(data["extension"], ctx) if "extension" in data else None
    exemptions = _parse_exemptions(data["exemptions"], ctx, fee_rule) if "exemptions" in data else ()
    sources = _parse_sources(data["sources"], ctx) if "sources" in data else {}
    return Procedure(
        code=code, name=name, field=field_name, field_code=field_code,
        time_value=time_value, time_unit=time_unit, cutoff_15h=cutoff,
        fee_rule=fee_rule, components=components, result=result, verified=verified,
        extension=extension, exemptions=exemptions, sources=sources,
    )


def fee_roles(fee_rule: dict) -> tuple[str, ...]:
    """The fee roles a fee rule charges (a free rule: none)."""
    kind = fee_rule.get("kind")
    if kind == "fixed":
        return tuple(dict.fromkeys(i.get("role", FEE_ROLE_PROCEDURE) for i in fee_rule.get("items", ())))
    if kind == "certified_copy_pages":
        return (FEE_ROLE_PROCEDURE,)
    return ()


def _parse_extension(value: Any, ctx: _Ctx) -> dict:
    """``{"max_working_days": N, "by_agreement": bool, "basis": text}``: the time limit may be
    extended by up to N working days, and/or to a date agreed in writing with the citizen."""
    if not isinstance(value, dict):
        raise ctx.fail("extension", "phải là một đối tượng {\"max_working_days\", \"by_agreement\", \"basis\"}.")
    _check_keys(value, ctx, "extension.", _EXTENSION_KEYS)
    days = _int(value["max_working_days"], ctx, "extension.max_working_days", what="số ngày gia hạn",
                maximum=MAX_EXTENSION_DAYS)
    agreement = _bool(value["by_agreement"], ctx, "extension.by_agreement")
    if days == 0 and not agreement:
        raise ctx.fail("extension", "phải cho phép gia hạn ít nhất một cách (số ngày > 0 hoặc theo thỏa thuận).")
    return {"max_working_days": days, "by_agreement": agreement,
            "basis": _text(value["basis"], ctx, "extension.basis")}


def _parse_exemptions(value: Any, ctx: _Ctx, fee_rule: dict) -> tuple[dict, ...]:
    """Exemption rules: who (a policy group), which fees (roles), how much (percent), the proof
    the clerk records, the legal basis, and optionally the channels it is limited to."""
    if not isinstance(value, list):
        raise ctx.fail("exemptions", "phải là một danh sách quy tắc miễn, giảm.")
    if len(value) > MAX_EXEMPTIONS:
        raise ctx.fail("exemptions", f"quá nhiều quy tắc miễn, giảm (tối đa {MAX_EXEMPTIONS}).")
    roles = fee_roles(fee_rule)
    out: list[dict] = []
    seen: set[str] = set()
    for i, rule in enumerate(value):
        key = f"exemptions[{i}]"
        if not isinstance(rule, dict):
            raise ctx.fail(key, "phải là một đối tượng {\"id\", \"who\", \"fees\", \"percent\", \"proof\", \"basis\"}.")
        _check_keys(rule, ctx, key + ".", _EXEMPTION_KEYS, _EXEMPTION_OPTIONAL)
        rid = rule["id"]
        if not isinstance(rid, str) or not _RULE_ID_RE.fullmatch(rid):
            raise ctx.fail(key + ".id", "mã quy tắc phải gồm chữ cái, chữ số, dấu . _ - (tối đa 40 ký tự).")
        if rid in seen:
            raise ctx.fail(key + ".id", f"mã quy tắc \"{rid}\" bị lặp lại.")
        seen.add(rid)
        fees = rule["fees"]
        if not isinstance(fees, list) or not fees:
            raise ctx.fail(key + ".fees", "phải là danh sách khoản thu được miễn, giảm (ví dụ [\"procedure\"]).")
        for j, role in enumerate(fees):
            _choice(role, ctx, f"{key}.fees[{j}]", FEE_ROLES, "khoản thu")
            if role not in roles:
                raise ctx.fail(f"{key}.fees[{j}]", f"thủ tục không thu khoản \"{role}\" nên không miễn, giảm được.")
        entry = {
            "id": rid,
            "who": _text(rule["who"], ctx, key + ".who"),
            "fees": list(dict.fromkeys(fees)),
            "percent": _int(rule["percent"], ctx, key + ".percent", what="tỷ lệ miễn, giảm (%)", minimum=1, maximum=100),
            "proof": _text(rule["proof"], ctx, key + ".proof"),
            "basis": _text(rule["basis"], ctx, key + ".basis"),
        }
        if "channels" in rule:
            ch = rule["channels"]
            if not isinstance(ch, list) or not ch or any(isinstance(c, bool) or c not in CHANNEL_CODES for c in ch):
                raise ctx.fail(key + ".channels", "phải là danh sách kênh 1 (trực tiếp), 2 (trực tuyến), 3 (bưu chính).")
            entry["channels"] = sorted(set(ch))
        out.append(entry)
    return tuple(out)


def _parse_sources(value: Any, ctx: _Ctx) -> dict:
    """``{"time": "Điều 21 Nghị định 23/2015/NĐ-CP (16/02/2015)", "fee": "[R] …", …}``."""
    if not isinstance(value, dict):
        raise ctx.fail("sources", "phải là một đối tượng {trường: nguồn}.")
    out = {}
    for key, text in value.items():
        if key not in SOURCE_KEYS:
            raise ctx.fail(f"sources.{key}", "trường không có trong thủ tục; các trường hợp lệ: "
                           + ", ".join(SOURCE_KEYS) + ".")
        out[key] = _text(text, ctx, f"sources.{key}")
    return out


def _parse_time(value: Any, ctx: _Ctx) -> tuple[int, str]:
    if not isinstance(value, dict):
        raise ctx.fail("time", "phải là một đối tượng {\"value\": …, \"unit\": …}.")
    _check_keys(value, ctx, "time.", ("value", "unit"))
    unit = _choice(value["unit"], ctx, "time.unit", TIME_UNITS, "đơn vị thời gian")
    if unit == UNIT_SAME_DAY:
        number = _int(value["value"], ctx, "time.value", what="thời hạn")
        if number != 0:
            raise ctx.fail("time.value", f"với đơn vị \"{UNIT_SAME_DAY}\" thời hạn phải là 0 (nhận được {number}).")
    else:
        number = _int(value["value"], ctx, "time.value", what="thời hạn", minimum=1,
                      maximum=MAX_TIME_VALUE)
    return number, unit


def _parse_fee(value: Any, ctx: _Ctx) -> dict:
    if not isinstance(value, dict):
        raise ctx.fail("fee", "phải là một đối tượng có khóa \"kind\".")
    if "kind" not in value:
        raise ctx.fail("fee.kind", "thiếu khóa bắt buộc (\"kind\").")
    kind = _choice(value["kind"], ctx, "fee.kind", FEE_KINDS, "loại quy tắc phí")
    _check_keys(value, ctx, "fee.", _FEE_KEYS[kind], _FEE_OPTIONAL)
    rule: dict[str, Any] = {"kind": kind}
    if kind == "fixed":
        items = value["items"]
        if not isinstance(items, list):
            raise ctx.fail("fee.items", "phải là một danh sách các khoản phí, lệ phí.")
        if not items:
            raise ctx.fail("fee.items", "không có khoản phí, lệ phí nào (dùng \"kind\": \"free\" nếu miễn phí).")
        parsed = []
        for i, item in enumerate(items):
            key = f"fee.items[{i}]"
            if not isinstance(item, dict):
                raise ctx.fail(key, "phải là một đối tượng {\"name\", \"type\", \"amount\", \"per\"}.")
            _check_keys(item, ctx, key + ".", _FIXED_ITEM_KEYS, _FIXED_ITEM_OPTIONAL)
            entry = {
                "name": _text(item["name"], ctx, key + ".name"),
                "type": _choice(item["type"], ctx, key + ".type", FEE_TYPES, "loại khoản thu"),
                "amount": _amount(item["amount"], ctx, key + ".amount"),
                "per": _choice(item["per"], ctx, key + ".per", FEE_PER, "cách tính"),
            }
            if "role" in item:
                entry["role"] = _choice(item["role"], ctx, key + ".role", FEE_ROLES, "khoản thu")
            parsed.append(entry)
        rule["items"] = parsed
    elif kind == "certified_copy_pages":
        rule["name"] = _text(value["name"], ctx, "fee.name")
        rule["type"] = _choice(value["type"], ctx, "fee.type", FEE_TYPES, "loại khoản thu")
        rule["first_pages"] = _int(value["first_pages"], ctx, "fee.first_pages", what="số trang đầu",
                                   maximum=MAX_TIME_VALUE)
        rule["first_page_rate"] = _amount(value["first_page_rate"], ctx, "fee.first_page_rate")
        rule["next_page_rate"] = _amount(value["next_page_rate"], ctx, "fee.next_page_rate")
        cap = value["cap_per_copy"]
        rule["cap_per_copy"] = None if cap is None else _amount(cap, ctx, "fee.cap_per_copy")
    if "note" in value:
        rule["note"] = _text(value["note"], ctx, "fee.note", allow_empty=True)
    return rule


def _parse_components(value: Any, ctx: _Ctx) -> tuple[ComponentSpec, ...]:
    if not isinstance(value, list):
        raise ctx.fail("components", "phải là một danh sách thành phần hồ sơ.")
    if not value:
        raise ctx.fail("components", "danh sách thành phần hồ sơ đang trống.")
    out: list[ComponentSpec] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        key = f"components[{i}]"
        if not isinstance(item, dict):
            raise ctx.fail(key, "phải là một đối tượng {\"name\": …, \"required\": …}.")
        _check_keys(item, ctx, key + ".", ("name", "required"))
        name = _text(item["name"], ctx, key + ".name")
        if name in seen:
            raise ctx.fail(key + ".name", f"thành phần \"{name}\" bị lặp lại.")
        seen.add(name)
        out.append(ComponentSpec(name=name, required=_bool(item["required"], ctx, key + ".required")))
    return tuple(out)
