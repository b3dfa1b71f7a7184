"""Issue 14 item 6: the signer's title asked at set-up and printed on Mẫu 04/05; the station
settings a supervisor edits afterwards, validated like the set-up, in one audited transaction."""

import json
import shutil
import subprocess

import pytest

from counter_app import accounts, dossiers, intake, settings, setup
from counter_app.errors import PermissionDenied, ValidationFailed
from helpers import STATION, sample_intake


@pytest.fixture
def supervisor(db, admin):
    accounts.add_account(db, admin, "giamsat", "Phạm Thị Giám", "supervisor", "matkhau-giam-sat")
    return accounts.authenticate(db, "giamsat", "matkhau-giam-sat")


@pytest.fixture
def clerk(db, admin):
    accounts.add_account(db, admin, "canbo1", "Lê Văn Cán", "clerk", "matkhau-can-bo")
    return accounts.authenticate(db, "canbo1", "matkhau-can-bo")


def pdf_text(pdf: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):  # Windows: no poppler; pdfium (a dependency) reads the text
        import pypdfium2

        return "\n".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(pdf))
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_supervisor_edits_station_settings_audited_with_before_and_after(db, supervisor):
    changed = setup.update_station_settings(db, supervisor, {
        "place_name": "  Yên Lạc Hạ ", "head_title": "KT. CHỦ TỊCH\n  PHÓ CHỦ TỊCH  \n", "head_name": "Nguyễn Văn An",
        "agency_name": STATION["agency_name"], "idle_lock_minutes": 5, "office_hours": "07:30-11:30,13:30-17:00",
    })
    assert changed == ["head_name", "head_title", "idle_lock_minutes", "office_hours", "place_name"]
    s = settings.get_all(db)
    assert s["place_name"] == "Yên Lạc Hạ" and s["head_title"] == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    assert s["idle_lock_minutes"] == 5 and s["office_hours"] == "07:30-11:30,13:30-17:00"
    row = db.execute("SELECT actor, details FROM audit WHERE action = 'settings-update'").fetchall()
    assert len(row) == 1 and "giamsat" in row[0][0]
    details = json.loads(row[0][1])["changes"]
    assert details["place_name"] == ["Yên Lạc", "Yên Lạc Hạ"] and details["idle_lock_minutes"] == [10, 5]
    assert "agency_name" not in details  # unchanged values are not written nor audited
    # the same values again change nothing and record nothing
    assert setup.update_station_settings(db, supervisor, {"place_name": "Yên Lạc Hạ"}) == []
    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'settings-update'").fetchone()[0] == 1


@pytest.mark.parametrize("values, key", [
    ({"agency_name": "  "}, "agency_name"),
    ({"agency_name": "x" * 201}, "agency_name"),
    ({"place_name": ""}, "place_name"),
    ({"place_name": "x" * 101}, "place_name"),
    ({"parent_name": "UBND\nXÃ"}, "parent_name"),
    ({"head_title": "A\nB\nC\nD"}, "head_title"),
    ({"head_title": "x" * 121}, "head_title"),
    ({"office_hours": "17:00-07:00"}, "office_hours"),
    ({"idle_lock_minutes": 0}, "idle_lock_minutes"),
    ({"idle_lock_minutes": "mười"}, "idle_lock_minutes"),
    ({"agency_code": "000.00.06.H57"}, "agency_code"),  # in every dossier code: not editable
    ({"station": 2}, "station"),
])
def test_bad_values_are_refused_and_nothing_is_written(db, supervisor, values, key):
    before = settings.get_all(db)
    with pytest.raises(ValidationFailed) as exc:
        setup.update_station_settings(db, supervisor, {"place_name": "Yên Lạc Hạ", **values})
    assert key in exc.value.errors and exc.value.message
    assert settings.get_all(db) == before  # not even the valid place name
    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'settings-update'").fetchone()[0] == 0


def test_clerk_may_not_edit_station_settings(db, clerk):
    with pytest.raises(PermissionDenied):
        setup.update_station_settings(db, clerk, {"place_name": "Chỗ khác"})
    assert settings.get(db, "place_name") == STATION["place_name"]


def test_setup_takes_the_signer_and_checks_its_limits(tmp_path):
    from counter_app.db import open_data_dir

    db = open_data_dir(tmp_path / "st", create=True)
    try:
        with pytest.raises(ValidationFailed) as exc:
            setup.initialize(db, {**STATION, "head_title": "x" * 121, "place_name": "y" * 101})
        assert set(exc.value.errors) == {"head_title", "place_name"}
        assert not settings.is_set_up(db)
        setup.initialize(db, {**STATION, "head_title": "CHỦ TỊCH", "head_name": "Lê Thị Hoa"})
        assert settings.get(db, "head_title") == "CHỦ TỊCH" and settings.get(db, "head_name") == "Lê Thị Hoa"
    finally:
        db.close()


def test_the_signers_title_is_printed_on_mau_04_in_place_of_the_form_sets(db, supervisor, tmp_path):
    from printing import render

    code = intake.save(db, intake.parse_request(sample_intake()), supervisor).code
    data = dossiers.form_data(db, code, "mau-01")
    data["step"] = {"reason": "Cần xác minh", "new_due_at": "2026-12-01T16:00:00+07:00"}
    text = pdf_text(render("mau-04", data, dossiers.print_settings(db)), tmp_path)
    assert "THỦ TRƯỞNG CƠ QUAN" in text  # nothing set: the form set's own title
    setup.update_station_settings(db, supervisor, {"head_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
                                                   "head_name": "Nguyễn Văn An"})
    assert dossiers.print_settings(db)["head_title"] == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    text = pdf_text(render("mau-04", data, dossiers.print_settings(db)), tmp_path)
    assert "THỦ TRƯỞNG CƠ QUAN" not in text
    lines = [ln.strip() for ln in text.splitlines()]
    assert any(ln.endswith("KT. CHỦ TỊCH") for ln in lines) and any(ln.endswith("PHÓ CHỦ TỊCH") for ln in lines)
    assert "Nguyễn Văn An" in text
