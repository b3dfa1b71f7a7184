"""Every input error of the command line exits 2 with a Vietnamese message and writes nothing
(issue 18, "Why" 10): deep nesting, lone surrogates, NULs, broken backup manifests, and a
hypothesis fuzz over the JSON inputs of the commands that take JSON."""

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.main import main
from helpers import STATION, sample_intake

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

BAD_TEXT = ["\x00", "a\x00b", "\ud800", "x\udfffy", "\ud83d"]
text = st.text(max_size=40) | st.sampled_from(BAD_TEXT) | st.sampled_from(["Nguyễn Văn An", "", " "])
scalar = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False) | text
json_value = st.recursive(scalar, lambda c: st.lists(c, max_size=4) | st.dictionaries(text, c, max_size=4),
                          max_leaves=10)


def run(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "cli", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)


def call(*argv) -> int:
    """``cli.main.main`` in-process; an argparse refusal (SystemExit) gives its exit code."""
    try:
        return main(list(argv))
    except SystemExit as exc:
        return exc.code


def checksum(data_dir: Path) -> str:
    """Every row of every table (the database as the app sees it)."""
    conn = sqlite3.connect(data_dir / "counter.sqlite3")
    try:
        h = hashlib.sha256()
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for t in tables:
            if t.startswith("sqlite_") or t.startswith("search_"):
                continue
            rows = sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{t}"'))
            h.update((t + "\n".join(rows)).encode("utf-8", "backslashreplace"))
        return h.hexdigest()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    d = tmp_path_factory.mktemp("inputs") / "data"
    r = run("--data-dir", str(d), "init", "--agency-code", STATION["agency_code"], "--agency-name",
            STATION["agency_name"], "--province", STATION["province"], "--station", "2", "--admin-user", "admin",
            "--admin-password-stdin", stdin="matkhau-quan-tri\n")
    assert r.returncode == 0, r.stderr
    r = run("--data-dir", str(d), "intake", "--json", "-", stdin=json.dumps(sample_intake()))
    assert r.returncode == 0, r.stderr
    return d, r.stdout.strip()


def deep(n: int) -> str:
    return "[" * n + "]" * n


def check_refused(data_dir: Path, capsys, argv, *, allow_ok: bool = False) -> int:
    before = checksum(data_dir)
    rc = call("--data-dir", str(data_dir), *argv)
    err = capsys.readouterr().err
    assert rc in ((0, 2) if allow_ok else (2,)), err
    if rc == 2:
        assert err.startswith("Lỗi") or "Lỗi:" in err, err
        assert "Traceback" not in err
        assert checksum(data_dir) == before
    return rc


@pytest.mark.parametrize("kind", ["deep", "surrogate", "nul", "nul-name", "surrogate-key"])
def test_intake_refuses_bad_json_in_process(station, tmp_path, capsys, kind):
    data_dir, _ = station
    f = tmp_path / "in.json"
    if kind == "deep":
        f.write_text(deep(200_000))
    else:
        doc = sample_intake()
        if kind == "surrogate":
            doc["note"] = "ghi chú \ud800"
        elif kind == "nul":
            doc["note"] = "a\x00b"
        elif kind == "nul-name":
            doc["applicant"]["full_name"] = "Nguyễn\x00 An"
        else:
            doc["\udc80"] = 1
        f.write_text(json.dumps(doc))  # ASCII escapes: a valid file holding the bad text
    check_refused(data_dir, capsys, ["intake", "--json", str(f)])


def test_transition_and_catalogue_refuse_bad_json(station, tmp_path, capsys):
    data_dir, code = station
    f = tmp_path / "t.json"
    for content in (deep(200_000), json.dumps({"reason": "a\x00b"}), json.dumps({"reason": "\ud800"})):
        f.write_text(content)
        check_refused(data_dir, capsys, ["transition", code, "supplement", "--json", str(f)])
    cat = json.loads((ROOT / "counter_app/data/catalogue.json").read_text(encoding="utf-8"))
    for bad in ("\ud800", "x\x00"):
        cat2 = dict(cat, title=cat["title"] + bad)
        f.write_text(json.dumps(cat2))
        check_refused(data_dir, capsys, ["catalogue", "--import", str(f)])
    f.write_text(deep(200_000))
    check_refused(data_dir, capsys, ["catalogue", "--import", str(f)])


def test_broken_backup_manifest_is_refused(station, tmp_path, capsys):
    data_dir, _ = station
    b = tmp_path / "bk" / "counter-backup-20260101-000000"
    b.mkdir(parents=True)
    for content in (b"{broken", b"\xff\xfe", b"[]", b'{"database": {"file": "../../etc/passwd", "sha256": "x"}}',
                    deep(100_000).encode(), b'{"database": {"file": "counter.sqlite3", "sha256": 5}}'):
        (b / "manifest.json").write_bytes(content)
        before = checksum(data_dir)
        rc = call("--data-dir", str(data_dir), "restore", "--from", str(b))
        err = capsys.readouterr().err
        assert rc == 2 and "manifest.json" in err, err
        assert checksum(data_dir) == before


def test_subprocess_exit_codes(station, tmp_path):
    data_dir, _ = station
    before = checksum(data_dir)
    r = run("--data-dir", str(data_dir), "intake", "--json", "-", stdin=deep(200_000))
    assert r.returncode == 2 and "lồng nhau quá sâu" in r.stderr and "Traceback" not in r.stderr
    r = run("--data-dir", str(data_dir), "intake", "--json", "-", stdin=json.dumps(sample_intake(note="a\x00b")))
    assert r.returncode == 2 and "U+0000" in r.stderr
    b = tmp_path / "counter-backup-20260101-000000"
    b.mkdir()
    (b / "manifest.json").write_text("{nope")
    r = run("--data-dir", str(data_dir), "restore", "--from", str(b))
    assert r.returncode == 2 and "manifest.json" in r.stderr
    assert checksum(data_dir) == before


def _intake_doc():
    keys = st.sampled_from(["procedure_code", "channel", "received_at", "applicant", "owner", "components",
                            "return_method", "note", "sets_count", "bogus"])
    mutated = st.builds(lambda over: {**sample_intake(), **over}, st.dictionaries(keys, json_value, max_size=3))
    return mutated | json_value


@SETTINGS
@given(doc=_intake_doc())
def test_fuzz_intake_json(station, tmp_path_factory, capsys, doc):
    data_dir, _ = station
    f = tmp_path_factory.mktemp("fz") / "in.json"
    f.write_text(json.dumps(doc))
    check_refused(data_dir, capsys, ["intake", "--json", str(f)], allow_ok=True)


@SETTINGS
@given(action=st.sampled_from(["supplement", "refuse", "extend", "stop", "handover"]),
       doc=st.dictionaries(st.sampled_from(["reason", "note", "days", "components", "x"]), json_value, max_size=3)
       | json_value)
def test_fuzz_transition_json(station, tmp_path_factory, capsys, action, doc):
    data_dir, code = station
    f = tmp_path_factory.mktemp("fz") / "t.json"
    f.write_text(json.dumps(doc))
    check_refused(data_dir, capsys, ["transition", code, action, "--json", str(f)], allow_ok=True)


@SETTINGS
@given(over=st.dictionaries(st.sampled_from(["format", "title", "note", "procedures", "version", "x"]), json_value,
                            min_size=1, max_size=2) | json_value)
def test_fuzz_catalogue_import(station, tmp_path_factory, capsys, over):
    data_dir, _ = station
    cat = json.loads((ROOT / "counter_app/data/catalogue.json").read_text(encoding="utf-8"))
    doc = {**cat, **over} if isinstance(over, dict) else over
    f = tmp_path_factory.mktemp("fz") / "c.json"
    f.write_text(json.dumps(doc))
    check_refused(data_dir, capsys, ["catalogue", "--import", str(f)], allow_ok=True)


def test_stdin_that_is_not_utf8_exits_2(station):
    data_dir, _ = station
    before = checksum(data_dir)
    for cmd in (["intake", "--json", "-"], ["cccd-parse"]):
        r = subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(data_dir), *cmd], input=b"{\"a\": \"\xff\xfe\"}",
                           capture_output=True, cwd=ROOT, timeout=120)
        err = r.stderr.decode("utf-8")
        assert r.returncode == 2 and err.startswith("Lỗi") and "Traceback" not in err, err
        assert "UTF-8" in err or cmd == ["cccd-parse"]
    assert checksum(data_dir) == before
