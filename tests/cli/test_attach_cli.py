"""`counter-app attach` and `counter-app verify-files` as a back office uses them: a real
subprocess for the whole path, the CLI entry point in-process for the many bad inputs."""

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from cli import main as cli
from counter_app import intake, paths
from counter_app.accounts import cli_actor
from counter_app.db import open_data_dir
from counter_app.scanning import samples, store
from helpers import sample_intake

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def dossier(data_dir):
    db = open_data_dir(data_dir)
    try:
        data = sample_intake()
        data["components"].append({"name": "Giấy tờ chứng minh nơi cư trú", "originals": 0, "copies": 1,
                                   "certified_copies": 0, "pages": 2})
        return intake.save(db, intake.parse_request(data), cli_actor()).code
    finally:
        db.close()


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One station and dossier for the bad-input cases (they must write nothing anyway)."""
    from counter_app import setup
    from helpers import STATION

    d = tmp_path_factory.mktemp("attach-bad") / "data"
    db = open_data_dir(d, create=True)
    try:
        setup.initialize(db, dict(STATION))
        code = intake.save(db, intake.parse_request(sample_intake()), cli_actor()).code
    finally:
        db.close()
    return d, code


@pytest.fixture
def files(tmp_path):
    frames = [samples.text_page(f"Trang {i}", dpi=100, mark=i) for i in range(1, 4)]
    out = {
        "a.jpg": samples.encode(frames[0], "JPEG"),
        "b.png": samples.encode(frames[1], "PNG"),
        "c.tif": samples.multipage_tiff([samples.text_page(f"TIFF {i}", dpi=100) for i in range(3)]),
        "d.pdf": samples.pdf_of(frames[:2]),
    }
    for name, data in out.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in out}


def counts(data_dir):
    c = sqlite3.connect(paths.db_path(data_dir))
    try:
        return tuple(c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("files", "attachments", "outbox"))
    finally:
        c.close()


def run_main(*args):
    """The real CLI entry point in this process (stdout/stderr captured by capsys)."""
    return cli.main([*args])


def test_attach_every_format_then_append_dedup_and_replace(data_dir, dossier, files, capsys):
    d = str(data_dir)
    # the full path once in a real subprocess
    r = subprocess.run([sys.executable, "-m", "cli", "--data-dir", d, "attach", "--dossier", dossier,
                        "--component", "2", *map(str, files.values())], capture_output=True, text=True,
                       encoding="utf-8", cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Đã đính kèm 7 trang vào thành phần 2" in r.stdout
    sha = r.stdout.strip().splitlines()[-1]
    with pikepdf.open(io.BytesIO(store.read(data_dir, sha, "pdf"))) as pdf:
        assert len(pdf.pages) == 1 + 1 + 3 + 2
    assert counts(data_dir)[:2] == (1, 1)

    # the same files again: nothing new is stored
    assert run_main("--data-dir", d, "attach", "--dossier", dossier, "--component", "2", str(files["a.jpg"])) == 0
    assert "Không có trang mới" in capsys.readouterr().out
    assert counts(data_dir)[:2] == (1, 1)
    # one new page is appended to the component's PDF (a new PDF replaces the old one)
    extra = files["a.jpg"].with_name("z.png")
    extra.write_bytes(samples.encode(samples.text_page("Thêm", dpi=100), "PNG"))
    assert run_main("--data-dir", d, "attach", "--dossier", dossier, "--component", "2", str(extra)) == 0
    new_sha = capsys.readouterr().out.strip().splitlines()[-1]
    with pikepdf.open(io.BytesIO(store.read(data_dir, new_sha, "pdf"))) as pdf:
        assert len(pdf.pages) == 8
    assert run_main("--data-dir", d, "attach", "--dossier", dossier, "--component", "2", "--replace",
                    str(files["a.jpg"])) == 0
    capsys.readouterr()
    shown = json.loads(subprocess.run([sys.executable, "-m", "cli", "--data-dir", d, "verify-files", "--json"],
                                      capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120).stdout)
    assert shown["healthy"] and shown["checked"] == 3 and shown["ok"] == 3
    c = sqlite3.connect(paths.db_path(data_dir))
    try:
        active = c.execute("SELECT pages FROM attachments WHERE removed_at IS NULL").fetchall()
        assert active == [(1,)]
        assert c.execute("SELECT COUNT(*) FROM outbox WHERE kind = 'file'").fetchone()[0] == 3
        assert c.execute("SELECT COUNT(*) FROM audit WHERE action = 'attach'").fetchone()[0] == 3
    finally:
        c.close()


def _encrypted_pdf():
    src = pikepdf.open(io.BytesIO(samples.pdf_of([samples.text_page("X", dpi=72)])))
    buf = io.BytesIO()
    src.save(buf, encryption=pikepdf.Encryption(owner="o", user="u"))
    return buf.getvalue()


@pytest.mark.parametrize("case,expected", [
    ("empty", "rỗng (0 byte)"),
    ("truncated-jpg", "bị hỏng hoặc không đầy đủ"),
    ("truncated-pdf", "bị hỏng hoặc không đầy đủ"),
    ("encrypted", "được bảo vệ bằng mật khẩu"),
    ("missing", "không còn tồn tại"),
    ("text", "không phải ảnh JPEG, PNG, TIFF hoặc tệp PDF"),
    ("component", "không có thành phần số 9"),
    ("component-zero", "phải từ 1 trở lên"),
    ("dossier", "Không tìm thấy hồ sơ"),
])
def test_bad_input_exits_2_in_vietnamese_and_writes_nothing(shared, files, tmp_path, capsys, case, expected):
    data_dir, dossier = shared
    bad = tmp_path / "bad.bin"
    jpg = files["a.jpg"].read_bytes()
    pdf = files["d.pdf"].read_bytes()
    content = {"empty": b"", "truncated-jpg": jpg[: len(jpg) // 2], "truncated-pdf": pdf[: len(pdf) // 2],
               "encrypted": _encrypted_pdf(), "text": "Xin chào".encode()}.get(case)
    if content is not None:
        bad.write_bytes(content)
    component, code = "1", dossier
    if case == "component":
        component = "9"
    elif case == "component-zero":
        component = "0"
    elif case == "dossier":
        code = "000.00.06.H56-991231-9999"
    target = str(tmp_path / "khong-co.jpg") if case == "missing" else str(bad)
    before = counts(data_dir)
    # a good file first: a bad one later in the list still stops the whole command
    rc = run_main("--data-dir", str(data_dir), "attach", "--dossier", code, "--component", component,
                  str(files["b.png"]), target)
    err = capsys.readouterr().err
    assert rc == 2 and err.startswith("Lỗi: ") and expected in err
    assert counts(data_dir) == before
    assert not (data_dir / "files").exists() or not any(p.is_file() for p in (data_dir / "files").rglob("*"))


def test_verify_files_reports_damage_with_exit_1(data_dir, dossier, files, capsys):
    assert run_main("--data-dir", str(data_dir), "attach", "--dossier", dossier, "--component", "1",
                    str(files["a.jpg"])) == 0
    sha = capsys.readouterr().out.strip().splitlines()[-1]
    assert run_main("--data-dir", str(data_dir), "verify-files") == 0
    assert "1 nguyên vẹn, 0 bị mất, 0 bị hỏng" in capsys.readouterr().out
    path = store.file_path(data_dir, sha, "pdf")
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    assert run_main("--data-dir", str(data_dir), "verify-files") == 1
    out = capsys.readouterr()
    assert f"HỎNG  {sha}" in out.out and "bị mất hoặc hỏng" in out.err
