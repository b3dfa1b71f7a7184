"""`search` on the command line is the ledger's first page: newest received first, the same
core function (counter_app/ledger_query.py) and the same order as the ledger's search box."""

import subprocess
import sys
from pathlib import Path

from counter_app import accounts, intake
from counter_app.db import open_data_dir
from counter_app.dossiers import LedgerFilter
from counter_app.ledger_query import page
from helpers import STATION, sample_intake

ROOT = Path(__file__).resolve().parents[2]


def test_cli_search_returns_newest_received_first(data_dir):
    db = open_data_dir(data_dir)
    try:
        actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
        taken = {}
        # Taken in in this order; received (backdated) in another: 18/11, 20/11, 19/11.
        for name, idn, at in (("Nguyễn Văn An", "001099000001", "2026-11-18T09:00:00+07:00"),
                              ("Nguyễn Văn Ba", "001099000002", "2026-11-20T08:00:00+07:00"),
                              ("Nguyễn Văn Ca", "001099000003", "2026-11-19T15:30:00+07:00")):
            data = sample_intake(received_at=at)
            data["applicant"].update(full_name=name, id_number=idn, birth_date=None, sex=None)
            taken[name] = intake.save(db, intake.parse_request(data), actor).code
        gui_first_page = [r[1] for r in page(db, LedgerFilter(text="nguyen van")).rows]
    finally:
        db.close()
    r = subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(data_dir), "search", "nguyen van"],
                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    lines = [line.split("\t") for line in r.stdout.splitlines()]
    assert [line[0] for line in lines] == [taken["Nguyễn Văn Ba"], taken["Nguyễn Văn Ca"], taken["Nguyễn Văn An"]]
    assert [line[0] for line in lines] == gui_first_page
    assert [line[3] for line in lines] == ["20/11/2026", "19/11/2026", "18/11/2026"]
    # --limit cuts the same order
    r = subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(data_dir), "search", "001099", "--limit", "2"],
                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert [line.split("\t")[0] for line in r.stdout.splitlines()] == gui_first_page[:2]
