"""A demo data directory with a set-up station and realistic sample dossiers (``--demo``)."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from . import accounts, intake, lifecycle, paths, procedures, settings, setup, statuses, synthetic, timeutil
from .errors import UserError
from .accounts import cli_actor
from .db import open_data_dir

DEMO_STATION = {
    "agency_code": "000.00.06.H56",
    "agency_name": "Trung tâm Phục vụ hành chính công xã Yên Lạc",
    "province": "Tỉnh Phú Thọ",
    "place_name": "Yên Lạc",
    "station": 1,
    "admin_full_name": "Trần Thị Bình",
}


def ensure_demo(data_dir: Path, user: str, password: str, dossiers: int = 240, seed: int = 2026) -> None:
    """Create and fill the demo data directory once; later calls reuse it."""
    if paths.db_path(data_dir).exists():
        db = open_data_dir(data_dir)
        try:
            if settings.is_set_up(db):
                return
        finally:
            db.close()
    db = open_data_dir(data_dir, create=True)
    try:
        setup.initialize(db, {**DEMO_STATION, "admin_user": user, "admin_password": password}, actor=cli_actor())
        actor = accounts.authenticate(db, user, password)
        fill(db, dossiers, seed, actor)
    finally:
        db.close()


def fill(db, count: int, seed: int = 2026, actor=None) -> list[str]:
    """Take in ``count`` sample dossiers through the real intake path, spread over the last
    six weeks of office hours, then move most of the older ones along as a real counter's
    would be (handed over, resolved, returned; a few refused, withdrawn or waiting)."""
    rng = random.Random(seed)
    procs = [sp.procedure for sp in procedures.active_procedures(db)]
    now = timeutil.now()
    days = []
    d = now.date() - timedelta(days=42)
    while d < now.date():
        if d.weekday() < 5:
            days.append(d)
        d += timedelta(days=1)
    per_day = max(1, count // max(1, len(days)) + 1)
    actor = actor or cli_actor()
    saved = []
    for at in synthetic.office_instants(rng, days, per_day):
        if len(saved) >= count:
            break
        data = synthetic.intake_data(rng, rng.choice(procs), at)
        saved.append(intake.save(db, intake.parse_request(data), actor))
    unit = "Văn phòng HĐND và UBND xã"
    for s in saved:
        age = (now - s.received_at).days
        r = rng.random()
        try:
            if age < 2 or r < 0.06:
                continue  # still at the counter
            if r < 0.08:
                lifecycle.change_status(db, s.code, statuses.REFUSED, actor, action="refuse", at=s.received_at,
                                        note="Hồ sơ không thuộc thẩm quyền giải quyết")
                continue
            if r < 0.10:
                lifecycle.change_status(db, s.code, statuses.WITHDRAWN, actor, action="withdraw",
                                        at=s.received_at + timedelta(hours=2))
                continue
            t = s.received_at + timedelta(hours=1)
            lifecycle.change_status(db, s.code, statuses.PROCESSING, actor, action="handover", unit=unit, at=t)
            if r < 0.16 or age < 4:
                continue  # in progress
            done = min(s.due_at - timedelta(hours=rng.choice([1, 4, 20])) if r > 0.22 else s.due_at + timedelta(days=1), now)
            if done <= t:
                done = t + timedelta(minutes=30)
            lifecycle.change_status(db, s.code, statuses.RESOLVED, actor, action="result-received", unit=unit, at=done)
            if r < 0.3:
                continue  # result waiting at the counter
            lifecycle.change_status(db, s.code, statuses.RETURNED, actor, action="return",
                                    at=min(done + timedelta(hours=rng.randint(1, 48)), now))
        except UserError:
            continue
    return [s.code for s in saved]
