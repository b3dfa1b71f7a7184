"""Issue 20, scope 4 on the core: the citizen's one-tap rating after receipt and after return,
one per stage, no personal data, audited, counted."""

from datetime import date, datetime

import pytest

from counter_app import intake, lifecycle, satisfaction, timeutil
from counter_app.errors import NotFound, UserError
from counter_app.timeutil import VN_TZ
from helpers import sample_intake

DAY = datetime(2026, 11, 16, 9, 30, tzinfo=VN_TZ)


def receive(db, admin, when="2026-11-16T09:00:00+07:00"):
    return intake.save(db, intake.parse_request(sample_intake(received_at=when)), admin).code


def returned(db, admin, code):
    at = lambda h: timeutil.iso(datetime(2026, 11, 18, h, tzinfo=VN_TZ))  # noqa: E731
    lifecycle.perform(db, code, "handover", admin, {"unit": "Văn phòng UBND xã", "at": at(8)})
    lifecycle.perform(db, code, "result-received", admin, {"at": at(9)})
    lifecycle.perform(db, code, "return", admin, {"at": at(10)})


def test_the_scale_is_data_with_its_source():
    levels = satisfaction.levels()
    assert [lv.label for lv in levels] == ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"]
    assert [lv.satisfied for lv in levels] == [True, True, False, False, False]
    assert satisfaction.scale()["source"].startswith("[R]")


def test_one_rating_per_stage_the_first_tap_counts(db, admin):
    code = receive(db, admin)
    r = satisfaction.record(db, code, "receipt", "satisfied", "quầy 1", now=DAY)
    assert (r.code, r.stage, r.level) == (code, "receipt", "satisfied")
    with pytest.raises(UserError, match="đã được đánh giá ở bước này"):
        satisfaction.record(db, code, "receipt", "very-dissatisfied", "quầy 1", now=DAY)
    with pytest.raises(UserError, match="chưa trả kết quả"):
        satisfaction.record(db, code, "return", "satisfied", "quầy 1", now=DAY)
    returned(db, admin, code)
    satisfaction.record(db, code, "return", "very-satisfied", "quầy 1", now=datetime(2026, 11, 18, 10, 5, tzinfo=VN_TZ))
    assert satisfaction.for_dossier(db, code) == {"receipt": "satisfied", "return": "very-satisfied"}
    audit = db.execute("SELECT actor, object, details FROM audit WHERE action = 'rating' ORDER BY id").fetchall()
    assert [(a, o) for a, o, _ in audit] == [("quầy 1", code), ("quầy 1", code)]
    assert '"level":"very-satisfied"' in audit[1][2] and "Nguyễn" not in audit[1][2]  # no personal data


def test_bad_taps_write_nothing(db, admin):
    code = receive(db, admin)
    with pytest.raises(UserError, match="Mức đánh giá không hợp lệ: great"):
        satisfaction.record(db, code, "receipt", "great", "quầy 1")
    with pytest.raises(UserError, match="Bước đánh giá không hợp lệ"):
        satisfaction.record(db, code, "payment", "satisfied", "quầy 1")
    with pytest.raises(NotFound):
        satisfaction.record(db, "000.00.06.H56-261116-9999", "receipt", "satisfied", "quầy 1")
    assert db.execute("SELECT COUNT(*) FROM ratings").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'rating'").fetchone()[0] == 0


def test_summary_counts_levels_and_the_satisfied_share(db, admin):
    taps = ["very-satisfied", "satisfied", "satisfied", "neutral", "dissatisfied", "very-satisfied", "satisfied"]
    for i, lv in enumerate(taps):
        code = receive(db, admin, f"2026-11-{16 + i % 3:02d}T09:00:00+07:00")
        satisfaction.record(db, code, "receipt", lv, "quầy 1", now=datetime(2026, 11, 16 + i % 3, 10, tzinfo=VN_TZ))
    s = satisfaction.summary(db, date(2026, 11, 16), date(2026, 11, 18))
    assert s["levels"] == {"very-satisfied": 2, "satisfied": 3, "neutral": 1, "dissatisfied": 1, "very-dissatisfied": 0}
    assert (s["satisfied"], s["total"], s["share"]) == (5, 7, 71.43)
    one_day = satisfaction.summary(db, date(2026, 11, 17), date(2026, 11, 17))
    assert one_day["total"] == 2
    assert satisfaction.summary(db, date(2026, 12, 1), date(2026, 12, 31))["share"] is None
