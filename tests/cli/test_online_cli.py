"""``counter-app online list|show|receive|guide|refuse`` as a clerk types them (real
subprocesses): the online dossiers are pulled into the data folder first through the core's feed
handling (changes built per the contract, tests/online_feed.py); the end to end run with the
reference server is tests/sync/test_online_sync.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from counter_app import province_changes, timeutil
from counter_app.db import write_tx
from helpers import ID_PAPER
from online_feed import TO_KHAI, change, file_item, online_code, record

ROOT = Path(__file__).resolve().parents[2]


def app(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(data_dir), *args], input=stdin,
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=120)


@pytest.fixture
def pulled(db, data_dir):
    """Three online dossiers in the worklist, submitted an hour ago and two days ago."""
    now = timeutil.now().replace(microsecond=0)
    files = [file_item(b"%PDF to khai", "to-khai.pdf", "1", TO_KHAI), file_item(b"cccd", "cccd.jpg", "3", ID_PAPER)]
    codes = [online_code(seq=i) for i in (1, 2, 3)]
    with write_tx(db):
        province_changes.receive(db, [change(1, record(codes[0], submitted=now - timedelta(days=30), files=files)),
                                      change(2, record(codes[1], submitted=now - timedelta(hours=1), files=files)),
                                      change(3, record(codes[2], submitted=now - timedelta(minutes=5), files=files))])
    return codes


def write(tmp_path: Path, name: str, data) -> str:
    f = tmp_path / name
    f.write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, encoding="utf-8")
    return str(f)


def test_list_and_show(data_dir, pulled):
    r = app(data_dir, "online", "list")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert [ln.split("\t")[0] for ln in lines] == pulled  # oldest first
    assert lines[0].endswith("QUÁ HẠN") and "tệp 0/2" in lines[0] and "giờ làm việc" in lines[0]
    r = app(data_dir, "online", "list", "--json")
    items = json.loads(r.stdout)
    assert [i["code"] for i in items] == pulled and items[0]["overdue"] is True
    assert datetime.fromisoformat(items[0]["submitted_at"]).tzinfo is not None
    assert set(items[0]) == {"code", "procedure_code", "procedure_name", "applicant_name", "submitted_at", "files_total",
                             "files_ready", "waited_hours", "limit_hours", "overdue", "state"}
    r = app(data_dir, "online", "show", pulled[1], "--json")
    shown = json.loads(r.stdout)
    assert shown["applicant"]["full_name"] == "Phạm Thị Hoa" and [f["state"] for f in shown["files"]] == ["waiting"] * 2
    r = app(data_dir, "online", "show", pulled[1])
    assert r.returncode == 0 and "Chờ tiếp nhận" in r.stdout and "to-khai.pdf" in r.stdout
    r = app(data_dir, "online", "retry", pulled[1])
    assert r.returncode == 0 and r.stdout.startswith("2 tệp"), r.stderr


def test_outcomes_and_their_forms(data_dir, pulled, tmp_path):
    r = app(data_dir, "online", "receive", pulled[0])
    assert r.returncode == 0 and r.stdout.strip() == pulled[0], r.stderr
    assert "hẹn trả" in r.stderr and f"print mau-01 --dossier {pulled[0]}" in r.stderr
    guide = write(tmp_path, "g.json", {"outcome": "guide", "reason": "Thiếu bản chụp CCCD",
                                       "missing_items": [{"name": ID_PAPER, "certified_copies": 1}]})
    r = app(data_dir, "online", "guide", pulled[1], "--json", guide)
    assert r.returncode == 0 and r.stdout.strip() == "1/" + str(timeutil.now().year), r.stderr
    r = app(data_dir, "online", "refuse", pulled[2], "--json", "-", stdin=json.dumps({"reason": "Không thuộc thẩm quyền"}))
    assert r.returncode == 0 and r.stdout.strip().startswith("2/"), r.stderr
    assert app(data_dir, "online", "list").stdout.strip() == "Không có hồ sơ trực tuyến chờ tiếp nhận."
    shown = json.loads(app(data_dir, "show", pulled[0], "--json").stdout)
    assert (shown["channel"], shown["status"]) == (2, 2)
    for form, code in (("mau-01", pulled[0]), ("mau-02", pulled[1]), ("mau-03", pulled[2])):
        out = tmp_path / f"{form}.pdf"
        r = app(data_dir, "print", form, "--dossier", code, "--out", str(out))
        assert r.returncode == 0, (form, r.stderr)
        assert out.read_bytes().startswith(b"%PDF")
    r = app(data_dir, "sync-status", "--json")
    assert json.loads(r.stdout)["queued"]["pending"] == 4  # 2 for the receipt, 1 per slip; nothing sent yet


@pytest.mark.parametrize("args,stdin,message", [
    (("online", "receive"), None, "cần mã hồ sơ trực tuyến"),
    (("online", "pick", "X"), None, "Thao tác không hợp lệ"),
    (("online", "list", "X"), None, "không nhận mã hồ sơ"),
    (("online", "receive", "000.00.06.H56-261120-0999"), None, "Không có hồ sơ trực tuyến"),
    (("online", "guide", "{code}", "--json", "-"), "{}", "Cần liệt kê ít nhất một giấy tờ"),
    (("online", "refuse", "{code}", "--json", "-"), "[1]", "phải là một đối tượng JSON"),
    (("online", "refuse", "{code}", "--json", "-"), "{\"reason\": ", "không phải JSON hợp lệ"),
    (("online", "receive", "{code}", "--json", "-"), "{\"channel\": 1}", "kênh 2"),
    (("online", "receive", "{code}", "--json", "-"), "{\"outcome\": \"refuse\"}", "khác với lệnh"),
])
def test_bad_input_exits_2_and_writes_nothing(data_dir, pulled, args, stdin, message):
    r = app(data_dir, *(a.replace("{code}", pulled[1]) for a in args), stdin=stdin)
    assert r.returncode == 2 and message in r.stderr, r.stderr
    assert r.stderr.startswith("Lỗi") and r.stdout == ""
    assert json.loads(app(data_dir, "online", "show", pulled[1], "--json").stdout)["state"] == "waiting"
    assert json.loads(app(data_dir, "sync-status", "--json").stdout)["queued"]["queued"] == 0


def test_a_station_not_set_up_is_refused(tmp_path):
    r = app(tmp_path / "none", "online", "list")
    assert r.returncode == 2 and "Chưa có dữ liệu" in r.stderr

