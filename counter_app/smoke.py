"""Self-test used by ``counter-app --smoke`` (and by the bundle check in CI): a temporary
database, one dossier through the real intake path, its Mẫu 01 rendered to memory."""

from __future__ import annotations

import random
from pathlib import Path

from . import demo, dossiers, intake, procedures, setup, synthetic
from .accounts import cli_actor
from .db import open_data_dir


def run(data_dir: Path) -> str:
    db = open_data_dir(data_dir, create=True)
    try:
        setup.initialize(db, {**demo.DEMO_STATION, "admin_user": "smoke", "admin_password": "smoke-test-1"}, actor=cli_actor())
        proc = procedures.get_active(db, "1.004873").procedure
        saved = intake.save(db, intake.parse_request(synthetic.intake_data(random.Random(1), proc)), cli_actor())
        detail = dossiers.get_detail(db, saved.code)
        import printing

        pdf = printing.render("mau-01", detail, dossiers.print_settings(db))
    finally:
        db.close()
    if not pdf.startswith(b"%PDF") or len(pdf) < 10_000:
        raise RuntimeError("Mẫu 01 không dựng được thành tệp PDF")
    return f"hồ sơ {saved.code}, Mẫu 01 {len(pdf)} byte"
