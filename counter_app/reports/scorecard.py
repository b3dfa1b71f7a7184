"""The commune's scorecard: the national indicators of Quyết định 766/QĐ-TTg that the station's
own data can compute (issue 20, scope 3), by the formula text of one-stop.md §11.

Each indicator has its national id, its formula in words, a numerator, a denominator and a value
(percent with 2 decimals, or None when the denominator is 0; 2.2 is an average in days). The
period is [date_from, date_to] by the day a dossier was received ("processing started"), except
2.1, which is Biểu 06's view of the period (dossiers received or handled in it, judged against
the legal appointment: ``docs/due-dates.md``). Only this station's own dossiers count (Biểu 06's
"local" scope): what the station received and synced is what the nation sees from it.

What the nation sees is what was synced: a numerator that reads a synced field (payment, files)
counts only dossiers whose record the province acknowledged (the outbox's record row ``done``),
and files only once the province confirmed them (``files.remote_url``).

- 1.4 synced share: received in the period with their record acknowledged ÷ received in the period.
- 2.1 on time: resolved before or on time (Biểu 06 columns 8 + 9) plus in progress within time
  (12) ÷ received or handled (3).
- 2.2 average resolution time: over dossiers received in the period and finished (statuses 9/10),
  (end − received − the supplement pauses), elapsed days.
- 3.3 online share: channel 2 ÷ received, times the synced share (1.4); the direct and postal
  shares beside it.
- 3.6 online payment: received in the period with a fee paid online (national portal or the
  province's gateway) ÷ received dossiers that have a fee to pay (not every fee line 0).
- 4.1 electronic results: received dossiers of procedures whose result is a paper document with a
  result file ÷ all received dossiers of those procedures (no result files yet: issue 20 scope 5).
- 4.2 digitisation: received dossiers with files attached to their components and, when the
  procedure's result is a paper document, an electronic result ÷ received dossiers.
- 5.4 satisfaction: satisfied ratings (the levels marked so) ÷ ratings, in the period
  [R: the national formula also weighs late dossiers; its exact text is not at hand].

Targets are station settings (``scorecard_targets``: {"3.3": 30, ...}, percent) that the province
may push; each indicator reports its gap to the target.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlite_utils

from .. import accounts, satisfaction, settings, timeutil
from ..audit import Actor
from ..errors import UserError
from ..i18n import N_
from .bieu06 import _row
from .tally import TallyFilter, evaluation_point, not_yet_overdue

IDS = ("1.4", "2.1", "2.2", "3.3", "3.6", "4.1", "4.2", "5.4")
NAMES = {
    "1.4": N_("Tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia"),
    "2.1": N_("Tỷ lệ hồ sơ giải quyết đúng hạn"),
    "2.2": N_("Thời gian giải quyết trung bình (ngày)"),
    "3.3": N_("Tỷ lệ hồ sơ nộp trực tuyến"),
    "3.6": N_("Tỷ lệ hồ sơ thanh toán trực tuyến"),
    "4.1": N_("Tỷ lệ hồ sơ cấp kết quả điện tử"),
    "4.2": N_("Tỷ lệ số hóa hồ sơ"),
    "5.4": N_("Tỷ lệ người dân hài lòng"),
}
FORMULAS = {
    "1.4": N_("Hồ sơ tiếp nhận trong kỳ đã đồng bộ ÷ hồ sơ tiếp nhận trong kỳ"),
    "2.1": N_("(Giải quyết trước hạn + đúng hạn + đang giải quyết trong hạn) ÷ hồ sơ nhận giải quyết (Biểu 06)"),
    "2.2": N_("Tổng thời gian giải quyết (trừ thời gian bổ sung) ÷ số hồ sơ đã giải quyết, tiếp nhận trong kỳ"),
    "3.3": N_("Hồ sơ trực tuyến ÷ hồ sơ tiếp nhận trong kỳ × tỷ lệ đồng bộ (1.4)"),
    "3.6": N_("Hồ sơ có phí, lệ phí thanh toán trực tuyến ÷ hồ sơ phải nộp phí, lệ phí"),
    "4.1": N_("Hồ sơ có kết quả điện tử ÷ hồ sơ của thủ tục có kết quả là giấy tờ"),
    "4.2": N_("Hồ sơ có thành phần số hóa (và kết quả điện tử khi thủ tục có kết quả giấy) ÷ hồ sơ tiếp nhận"),
    "5.4": N_("Lượt đánh giá hài lòng ÷ lượt đánh giá trong kỳ"),
}
ONLINE_METHODS = ("online-dvcqg", "online-province")
DAY_S = 86400.0


@dataclass
class Indicator:
    id: str
    name: str
    formula: str
    numerator: float
    denominator: float
    value: float | None
    unit: str = "%"
    target: float | None = None
    gap: float | None = None  # value − target (percentage points); None without a target or a value

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Scorecard:
    date_from: date
    date_to: date
    generated_at: str
    indicators: dict[str, Indicator]
    extra: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"date_from": self.date_from.isoformat(), "date_to": self.date_to.isoformat(),
                "generated_at": self.generated_at, **{k: v.to_json() for k, v in self.indicators.items()},
                "extra": self.extra}


def _pct(num: float, den: float) -> float | None:
    return round(100.0 * num / den, 2) if den else None


def targets(db: sqlite_utils.Database) -> dict[str, float]:
    raw = settings.get(db, "scorecard_targets") or {}
    out: dict[str, float] = {}
    for k, v in dict(raw).items():
        if k in IDS and isinstance(v, (int, float)) and not isinstance(v, bool):
            out[k] = float(v)
    return out


def _day_bounds(date_from: date, date_to: date) -> tuple[str, str]:
    return date_from.isoformat(), date_to.isoformat()


def _paper_ids(db: sqlite_utils.Database) -> str:
    """The procedure rows whose result is a paper document, as an SQL list (read once, not the
    rules JSON per dossier)."""
    ids = [r[0] for r in db.execute(
        "SELECT id FROM procedures WHERE COALESCE(json_extract(rules, '$.result'), '') != ''")]
    return f"({','.join(str(int(i)) for i in ids) or 'NULL'})"


COUNT_KEYS = ("received", "online", "direct", "post", "synced", "fee_bearing", "paid_online", "digitised",
              "paper_result", "digitised_ok", "finished", "days_total")


def counts(db: sqlite_utils.Database, d0: str, d1: str) -> dict[str, Any]:
    """The scorecard's counts for dossiers received from day ``d0`` to ``d1`` (ISO, inclusive),
    summed from the per-day rows that triggers keep (migration m021, ``scorecard_schema``): a
    year is a few thousand rows, whatever the number of dossiers."""
    paper = _paper_ids(db)
    row = db.execute(
        f"""SELECT SUM(received), SUM(online), SUM(direct), SUM(post), SUM(synced), SUM(fee_bearing),
                   SUM(paid_online), SUM(uploaded),
                   SUM(CASE WHEN procedure_id IN {paper} THEN received ELSE 0 END),
                   SUM(CASE WHEN procedure_id IN {paper} THEN 0 ELSE synced_uploaded END),
                   SUM(finished), SUM(finished_ms)
            FROM scorecard_daily WHERE day BETWEEN ? AND ?""", [d0, d1]).fetchone()
    out: dict[str, Any] = {k: int(v or 0) for k, v in zip(COUNT_KEYS, row)}
    out["days_total"] = (row[11] or 0) / 86_400_000
    return out


def counts_live(db: sqlite_utils.Database, d0: str, d1: str) -> dict[str, Any]:
    """The same counts read from the period's dossiers one by one (what ``counts`` replaced;
    its linear cost is why): the reference the consistency tests compare the kept sums with."""
    period = "d.day BETWEEN ? AND ?"
    synced_sql = "EXISTS (SELECT 1 FROM outbox o WHERE o.dossier_id = d.id AND o.kind = 'dossier' AND o.state = 'done')"
    uploaded_sql = ("EXISTS (SELECT 1 FROM attachments a JOIN files f ON f.sha256 = a.sha256 WHERE a.dossier_id = d.id "
                    "AND a.removed_at IS NULL AND f.remote_url IS NOT NULL)")
    paper_sql = f"d.procedure_id IN {_paper_ids(db)}"
    row = db.execute(
        f"""SELECT COUNT(*),
                   SUM(d.channel = 2), SUM(d.channel = 1), SUM(d.channel = 3),
                   SUM({synced_sql}),
                   SUM(EXISTS (SELECT 1 FROM fees f WHERE f.dossier_id = d.id AND f.amount > 0)),
                   SUM({synced_sql} AND EXISTS (SELECT 1 FROM fees f WHERE f.dossier_id = d.id AND f.paid_method IN (?, ?))),
                   SUM({uploaded_sql}),
                   SUM({paper_sql}),
                   SUM({synced_sql} AND {uploaded_sql} AND NOT {paper_sql})
            FROM dossiers d
            WHERE {period} AND d.status != 1""",
        [*ONLINE_METHODS, d0, d1]).fetchone()
    out: dict[str, Any] = {k: int(v or 0) for k, v in zip(COUNT_KEYS[:10], row)}
    # 2.2: finished dossiers received in the period; the supplement pauses are what the legal
    # appointment was moved by (original_due_at − issued_due_at, elapsed)
    r22 = db.execute(
        f"""SELECT COUNT(*), SUM(julianday(d.finished_at) - julianday(d.received_at)
                   - MAX(0, julianday(d.original_due_at) - julianday(d.issued_due_at)))
            FROM dossiers d WHERE {period} AND d.status IN (9, 10) AND d.finished_at IS NOT NULL""",
        [d0, d1]).fetchone()
    out["finished"], out["days_total"] = int(r22[0] or 0), float(r22[1] or 0.0)
    return out


def _balance(db: sqlite_utils.Database, last: date, live_now: datetime | None) -> tuple[int, int]:
    """(in progress, overdue) of this station's dossiers at the end of day ``last`` — or, with
    ``live_now``, at that instant — as Biểu 06's balances, summed over every field."""
    row = db.execute(
        "SELECT SUM(received_online + received_other - early - on_time - late - withdrawn), "
        "SUM(overdue_from - overdue_closed) FROM scorecard_events_daily WHERE src = 0 AND day <= ?",
        [last.isoformat()]).fetchone()
    o, od = int(row[0] or 0), int(row[1] or 0)
    if live_now is not None:
        f = TallyFilter(live_now.date(), live_now.date(), scope="local")
        od -= sum(not_yet_overdue(db, f, live_now, "").values())
    return o, od


def bieu06_total(db: sqlite_utils.Database, date_from: date, date_to: date, now: datetime) -> dict[int, int]:
    """The "Tổng cộng" row of Biểu 06 (this station's dossiers: scope "local") for [date_from,
    date_to], column number → value: what ``compute_bieu06(...).total.values`` gives (a test
    checks it), from the per-day totals that m021's triggers keep beside ``report_daily``
    instead of its per-field rows (one row per day, not one per day × procedure × clerk × channel)."""
    as_of, last, live = evaluation_point(date_to, now)
    ev = [0] * 6
    if date_from <= last:
        row = db.execute(
            "SELECT SUM(received_online), SUM(received_other), SUM(early), SUM(on_time) + SUM(withdrawn), SUM(late), "
            "SUM(early + on_time + late + withdrawn) FROM scorecard_events_daily "
            "WHERE src = 0 AND day BETWEEN ? AND ?", [date_from.isoformat(), last.isoformat()]).fetchone()
        ev = [int(x or 0) for x in row]
    c6 = _balance(db, min(date_from - timedelta(days=1), now.date()), None)[0]
    c11, c13 = _balance(db, last, now if live else None)
    c4, c5, c8, c9, c10, c7 = ev
    return _row("*", "", c4, c5, c6, c8, c9, c10, c7, c11, c13).values


def compute(db: sqlite_utils.Database, actor: Actor, date_from: date, date_to: date, *,
            now: datetime | None = None) -> Scorecard:
    """The scorecard of [date_from, date_to] (supervisor or admin)."""
    accounts.require_supervisor(actor)
    if date_to < date_from:
        raise UserError("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
    now = timeutil.to_vn(now) if now else timeutil.now()
    d0, d1 = _day_bounds(date_from, date_to)
    c = counts(db, d0, d1)
    received, online, direct, post = c["received"], c["online"], c["direct"], c["post"]
    synced, fee_bearing, paid_online = c["synced"], c["fee_bearing"], c["paid_online"]
    digitised, paper_result, digitised_ok = c["digitised"], c["paper_result"], c["digitised_ok"]
    finished, days_total = c["finished"], c["days_total"]

    b = bieu06_total(db, date_from, date_to, now)
    on_time = b[8] + b[9] + b[12]
    handled = b[3]
    ratings = satisfaction.summary(db, date_from, date_to)
    synced_share = synced / received if received else 0.0

    goal = targets(db)

    def ind(i: str, num: float, den: float, value: float | None, unit: str = "%") -> Indicator:
        t = goal.get(i)
        gap = round(value - t, 2) if (t is not None and value is not None) else None
        return Indicator(i, NAMES[i], FORMULAS[i], num, den, value, unit, t, gap)

    out = {
        "1.4": ind("1.4", synced, received, _pct(synced, received)),
        "2.1": ind("2.1", on_time, handled, _pct(on_time, handled)),
        "2.2": ind("2.2", round(days_total, 4), finished, round(days_total / finished, 2) if finished else None, "ngày"),
        "3.3": ind("3.3", online, received, round(100.0 * online / received * synced_share, 2) if received else None),
        "3.6": ind("3.6", paid_online, fee_bearing, _pct(paid_online, fee_bearing)),
        "4.1": ind("4.1", 0, paper_result, _pct(0, paper_result)),
        "4.2": ind("4.2", digitised_ok, received, _pct(digitised_ok, received)),
        "5.4": ind("5.4", ratings["satisfied"], ratings["total"], ratings["share"]),
    }
    extra = {
        "channels": {"online": online, "direct": direct, "post": post, "received": received},
        "digitised_components": digitised, "ratings": ratings["levels"],
        "bieu06": {"received_or_handled": handled, "early": b[8], "on_time": b[9], "late": b[10],
                   "in_progress_in_time": b[12], "in_progress_overdue": b[13]},
    }
    return Scorecard(date_from, date_to, timeutil.iso(now), out, extra)


def months(date_from: date, date_to: date) -> list[tuple[date, date]]:
    """The calendar months that [date_from, date_to] touches, each clipped to it (the trend)."""
    out = []
    first = date_from.replace(day=1)
    while first <= date_to:
        nxt = (first.replace(year=first.year + 1, month=1) if first.month == 12 else first.replace(month=first.month + 1))
        out.append((max(first, date_from), min(nxt - timedelta(days=1), date_to)))
        first = nxt
    return out


def trend(db: sqlite_utils.Database, actor: Actor, date_from: date, date_to: date, *,
          now: datetime | None = None) -> list[Scorecard]:
    """The scorecard of each calendar month of the period (the trend beside the period's card)."""
    return [compute(db, actor, a, b, now=now) for a, b in months(date_from, date_to)]


def _fmt_value(ind: Indicator) -> str:
    if ind.value is None:
        return "—"
    text = f"{ind.value:.2f}".replace(".", ",")
    return text + (" %" if ind.unit == "%" else " " + ind.unit)


def tables(card: Scorecard, monthly: list[Scorecard], meta: dict[str, Any]):
    """The scorecard as report tables (``counter_app/reports/exports.py`` renders XLSX and PDF):
    the indicators of the period, then one row per month."""
    from ..i18n import _
    from .table import Block, Column, HeaderCell, Table

    span = f"Từ ngày {card.date_from:%d/%m/%Y} đến ngày {card.date_to:%d/%m/%Y}"
    head = ["Mã chỉ số", "Chỉ số", "Công thức", "Tử số", "Mẫu số", "Giá trị", "Chỉ tiêu", "Chênh lệch"]
    rows = []
    for i in IDS:
        ind = card.indicators[i]
        num = f"{ind.numerator:.2f}".replace(".", ",") if i == "2.2" else int(ind.numerator)
        rows.append([i, _(ind.name), _(ind.formula), num, int(ind.denominator), _fmt_value(ind),
                     "" if ind.target is None else f"{ind.target:g} %",
                     "" if ind.gap is None else f"{ind.gap:+.2f}".replace(".", ",")])
    cols = [Column(9, "text", "center"), Column(34, "text"), Column(48, "text"), Column(10, "text", "right"),
            Column(10, "int"), Column(12, "text", "right"), Column(10, "text", "right"), Column(11, "text", "right")]
    main = Table("Chỉ số 766", cols, [HeaderCell(0, c, t) for c, t in enumerate(head)], 1, rows, None,
                 [Block(0, 7, [(meta.get("agency_name") or "……", "B"),
                               ("CÁC CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP (QUYẾT ĐỊNH 766/QĐ-TTg)", "B"),
                               (span, "I")])],
                 number_row=False, csv_headers=head,
                 notes=["Tính từ dữ liệu của quầy này theo công thức của bộ chỉ số 766 (docs/reports.md); hồ sơ "
                        "tính theo ngày tiếp nhận; 2.1 theo Biểu 06 của kỳ.",
                        f"Lập lúc {card.generated_at[11:16]} ngày {card.generated_at[8:10]}/{card.generated_at[5:7]}/"
                        f"{card.generated_at[:4]}."],
                 title=f"Chỉ số 766 – {span}")
    mhead = ["Tháng", *IDS]
    mrows = [[f"{m.date_from:%m/%Y}", *(_fmt_value(m.indicators[i]) for i in IDS)] for m in monthly]
    mcols = [Column(10, "text", "center")] + [Column(11, "text", "right") for _i in IDS]
    by_month = Table("Theo tháng", mcols, [HeaderCell(0, c, t) for c, t in enumerate(mhead)], 1, mrows, None,
                     [Block(0, len(IDS), [("XU HƯỚNG THEO THÁNG", "B"), (span, "I")])], number_row=False,
                     csv_headers=mhead, title=f"Chỉ số 766 theo tháng – {span}")
    return [main, by_month]
