"""The supervisor's dashboard figures: today and this month at a glance, and the series behind
its charts. Each figure is a field of a :class:`TallyResult`, so the screen shows exactly what an
export of the same tally contains."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlite_utils

from .. import accounts, timeutil
from ..audit import Actor
from . import config, periods
from .tally import TallyFilter, TallyResult, compute_tally

TOP_OVERDUE = 8


@dataclass
class Dashboard:
    today: date
    month: tuple[date, date]
    today_tally: TallyResult      # today, by procedure (cards; overdue by procedure now)
    month_by_day: TallyResult     # this month, by day (received per day; month cards)
    month_by_channel: TallyResult  # this month, by channel
    generated_at: str

    def on_time_share(self) -> tuple[int, int, int]:
        t = self.month_by_day.totals
        return t["early"], t["on_time"], t["late"]

    def overdue_by_procedure(self) -> list[tuple[str, int]]:
        rows = [(r.label, r.values["open_overdue"]) for r in self.today_tally.rows if r.values["open_overdue"] > 0]
        rows.sort(key=lambda kv: -kv[1])
        return rows[:TOP_OVERDUE]


def compute(db: sqlite_utils.Database, actor: Actor, *, now: datetime | None = None, scope: str = "all") -> Dashboard:
    accounts.require_supervisor(actor)
    now = timeutil.to_vn(now) if now else timeutil.now()
    today = now.date()
    first, last = periods.containing_month(today, config.get(db, "period_mode"))
    return Dashboard(
        today=today,
        month=(first, last),
        today_tally=compute_tally(db, actor, TallyFilter(today, today, "procedure", scope=scope), now=now),
        month_by_day=compute_tally(db, actor, TallyFilter(first, last, "day", scope=scope), now=now),
        month_by_channel=compute_tally(db, actor, TallyFilter(first, last, "channel", scope=scope), now=now),
        generated_at=timeutil.iso(now),
    )
