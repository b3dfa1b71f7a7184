"""`counter-app report scorecard`: the card as JSON, and `--dossiers ID[:part]` listing the
dossiers behind a figure (the scorecard's own selection), through the real CLI entry point."""

import json

from cli import main as cli
from counter_app import intake
from counter_app.accounts import cli_actor
from counter_app.db import open_data_dir
from helpers import sample_intake


def test_the_dossiers_behind_a_figure(data_dir, capsys):
    db = open_data_dir(data_dir)
    try:
        codes = {}
        for day, channel in ((3, 1), (4, 2), (5, 2), (6, 3)):
            codes[day] = intake.save(db, intake.parse_request(sample_intake(
                received_at=f"2026-11-0{day}T09:00:00+07:00", channel=channel)), cli_actor()).code
    finally:
        db.close()
    d = ["--data-dir", str(data_dir), "report", "scorecard", "--from", "2026-11-01", "--to", "2026-11-30"]
    assert cli.main([*d, "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["3.3"]["numerator"] == 2 and card["3.3"]["denominator"] == 4
    assert cli.main([*d, "--dossiers", "3.3"]) == 0
    assert capsys.readouterr().out.split() == sorted([codes[4], codes[5]], key=lambda c: c)
    assert cli.main([*d, "--dossiers", "3.3:denominator", "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["indicator"] == "3.3" and got["part"] == "denominator" and sorted(got["codes"]) == sorted(codes.values())
    assert cli.main([*d, "--dossiers", "9.9"]) == 2
    assert "--dossiers cần mã chỉ số" in capsys.readouterr().err
    assert cli.main([*d, "--dossiers", "2.1"]) == 2
    assert "Biểu 06" in capsys.readouterr().err
    assert cli.main(d) == 2
    assert "--format" in capsys.readouterr().err
