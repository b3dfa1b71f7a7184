"""The watched folder of a network scanner (scan-to-folder), on a real directory."""

import shutil

from counter_app.scanning import samples
from counter_app.scanning.batch import UNASSIGNED, ScanBatch
from counter_app.scanning.folder import DONE_DIR, ERROR_DIR, WatchedFolder
from counter_app.scanning.profile import ScanProfile
from counter_app.scanning.sources import FileImport

PROFILE = ScanProfile()


def poll(folder):
    got = []
    report = folder.acquire(PROFILE, got.append)
    return got, report


def test_new_files_become_pages_once_they_stop_changing(tmp_path):
    watch = tmp_path / "scan"
    watch.mkdir()
    folder = WatchedFolder(watch)
    (watch / "a.jpg").write_bytes(samples.encode(samples.text_page("A", dpi=100), "JPEG"))
    (watch / "b.pdf").write_bytes(samples.pdf_of([samples.text_page(f"B{i}", dpi=100) for i in range(2)]))
    (watch / "ghi-chu.txt").write_text("không phải bản quét", encoding="utf-8")
    (watch / "c.pdf.part").write_bytes(b"%PDF-1.4 still being written")
    got, _ = poll(folder)
    assert got == []  # first sight: a scanner may still be writing
    got, report = poll(folder)
    assert sorted(p.origin for p in got) == ["a.jpg", "b.pdf (trang 1/2)", "b.pdf (trang 2/2)"]
    assert report.pages == 3 and report.problems == []
    assert sorted(p.name for p in (watch / DONE_DIR).iterdir()) == ["a.jpg", "b.pdf"]
    assert sorted(p.name for p in watch.iterdir() if p.is_file()) == ["c.pdf.part", "ghi-chu.txt"]
    assert poll(folder)[0] == []  # never picked up twice


def test_a_file_still_growing_waits(tmp_path):
    watch = tmp_path / "scan"
    watch.mkdir()
    folder = WatchedFolder(watch)
    data = samples.encode(samples.text_page("G", dpi=100), "PNG")
    f = watch / "g.png"
    f.write_bytes(data[:1000])
    assert poll(folder)[0] == []
    f.write_bytes(data)  # the scanner wrote more since the last look
    assert poll(folder)[0] == []
    got, _ = poll(folder)
    assert [p.origin for p in got] == ["g.png"]


def test_bad_files_go_to_the_error_folder_with_a_reason(tmp_path):
    watch = tmp_path / "scan"
    watch.mkdir()
    folder = WatchedFolder(watch)
    (watch / "rong.jpg").write_bytes(b"")
    good = samples.encode(samples.text_page("OK", dpi=100), "PNG")
    (watch / "hong.png").write_bytes(good[: len(good) // 3])
    poll(folder)
    got, report = poll(folder)
    assert got == []
    assert len(report.problems) == 2 and all(ERROR_DIR in m for m in report.problems)
    assert any("rỗng" in m for m in report.problems) and any("bị hỏng" in m for m in report.problems)
    assert sorted(p.name for p in (watch / ERROR_DIR).iterdir()) == ["hong.png", "rong.jpg"]


def test_the_same_scan_dropped_twice_is_kept_once(tmp_path):
    watch = tmp_path / "scan"
    watch.mkdir()
    folder = WatchedFolder(watch)
    batch = ScanBatch()
    data = samples.encode(samples.text_page("Twice", dpi=100), "JPEG")
    (watch / "scan-001.jpg").write_bytes(data)
    poll(folder)
    batch.add(UNASSIGNED, poll(folder)[0], imported=True)
    (watch / "scan-002.jpg").write_bytes(data)
    poll(folder)
    added, skipped = batch.add(UNASSIGNED, poll(folder)[0], imported=True)
    assert (len(added), skipped) == (0, 1) and batch.count(UNASSIGNED) == 1


def test_missing_folder_is_reported_not_raised(tmp_path):
    got, report = poll(WatchedFolder(tmp_path / "khong-co"))
    assert got == [] and "Không thấy thư mục quét" in report.problems[0]


def test_file_import_takes_every_format_and_reports_bad_ones(tmp_path):
    frames = [samples.text_page(f"T{i}", dpi=100, mark=i) for i in range(3)]
    files = {
        "a.jpg": samples.encode(frames[0], "JPEG"),
        "b.png": samples.encode(frames[1], "PNG"),
        "c.tiff": samples.multipage_tiff(frames),
        "d.pdf": samples.pdf_of(frames[:2]),
        "e.jpg": b"",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    shutil.copy(tmp_path / "a.jpg", tmp_path / "a-again.jpeg")
    got = []
    report = FileImport([tmp_path / n for n in [*files, "a-again.jpeg", "missing.png"]]).acquire(PROFILE, got.append)
    assert report.pages == len(got) == 1 + 1 + 3 + 2 + 1
    assert len(report.problems) == 2
    assert "e.jpg" in report.problems[0] and "missing.png" in report.problems[1]
