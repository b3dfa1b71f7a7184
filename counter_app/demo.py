"""A demo data directory with a set-up station and realistic sample dossiers (``--demo``)."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from . import intake, paths, procedures, settings, setup, synthetic, timeutil
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
        fill(db, dossiers, seed)
    finally:
        db.close()


def fill(db, count: int, seed: int = 2026) -> list[str]:
    """Take in ``count`` sample dossiers through the real intake path, spread over the last
    six weeks of office hours."""
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
    actor = cli_actor()
    codes: list[str] = []
    for at in synthetic.office_instants(rng, days, per_day):
        if len(codes) >= count:
            break
        data = synthetic.intake_data(rng, rng.choice(procs), at)
        codes.append(intake.save(db, intake.parse_request(data), actor).code)
    return codes
