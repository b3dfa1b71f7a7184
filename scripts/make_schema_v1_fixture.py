"""Make tests/data/schema-v1.sqlite3: a station database as the first schema (m001_initial)
wrote it, with three dossiers. Run once when the fixture was made (2026-11-22); kept for the
upgrade test. Do not regenerate it with newer code: it stands for databases in the field.

    uv run python scripts/make_schema_v1_fixture.py tests/data/schema-v1.sqlite3
"""

import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from counter_app import accounts, intake, migrations, procedures, setup, synthetic  # noqa: E402
from counter_app.db import connect  # noqa: E402

out = Path(sys.argv[1])
d = Path(tempfile.mkdtemp())
db = connect(d / "counter.sqlite3")
migrations.migrations.apply(db, stop_before=[m.name for m in migrations.migrations._migrations[1:]])
assert [m.name for m in migrations.migrations.applied(db)] == ["m001_initial"]
setup.initialize(db, {"agency_code": "000.00.06.H56", "agency_name": "Trung tâm Phục vụ hành chính công xã Yên Lạc",
                      "province": "Tỉnh Phú Thọ", "station": 1, "admin_user": "admin",
                      "admin_password": "matkhau-quan-tri", "admin_full_name": "Trần Thị Bình"})
actor = accounts.authenticate(db, "admin", "matkhau-quan-tri")
rng = random.Random(1)
procs = [sp.procedure for sp in procedures.active_procedures(db)]
for day in ("2026-11-16T09:00:00+07:00", "2026-11-17T10:30:00+07:00", "2026-11-18T14:45:00+07:00"):
    data = {**synthetic.intake_data(rng, rng.choice(procs)), "received_at": day}
    intake.save(db, intake.parse_request(data), actor)
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.execute("PRAGMA journal_mode = DELETE")
db.execute("VACUUM")
db.close()
shutil.copy(d / "counter.sqlite3", out)
print(out, out.stat().st_size)
