"""The adapter registry: a station's setting names its adapter; the interface knows no adapter."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ADAPTERS_DIR = Path(__file__).resolve().parents[2] / "sync" / "adapters"


def test_default_and_named_adapter():
    from sync import config
    from sync.adapters import ADAPTERS, adapter_for, get_adapter
    from sync.adapters.reference import ReferenceAdapter

    cfg = config.SyncConfig(server_url="https://tinh.example", station_id="000.00.06.H56/1")
    assert cfg.adapter == "reference"
    assert isinstance(adapter_for(cfg), ReferenceAdapter)
    assert isinstance(get_adapter("reference"), ReferenceAdapter)
    assert ADAPTERS["reference"] is ReferenceAdapter


def test_unknown_adapter_is_a_clear_user_error():
    from counter_app.errors import UserError
    from sync import config
    from sync.adapters import adapter_for

    cfg = config.SyncConfig(server_url="https://tinh.example", station_id="000.00.06.H56/1", adapter="vnpt-x")
    with pytest.raises(UserError) as err:
        adapter_for(cfg)
    assert "Không có bộ chuyển đổi cho hệ thống tỉnh \"vnpt-x\"" in str(err.value)
    assert "reference" in str(err.value)


def test_base_imports_no_adapter():
    tree = ast.parse((ADAPTERS_DIR / "base.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.add(("." * node.level) + (node.module or ""))
            imported.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
    assert not any("reference" in name or name in (".", "sync.adapters") for name in imported), imported


def test_item_results_from_statuses():
    from sync.adapters.base import ATTENTION, DONE, RETRY, result_for_status

    assert result_for_status(201, ack={"id": 1}).outcome == DONE
    assert result_for_status(409).kind == "conflict"
    assert [result_for_status(s).outcome for s in (404, 429, 500, 503)] == [RETRY] * 4
    refused = result_for_status(422, "Thiếu họ tên.")
    assert (refused.outcome, refused.kind) == (ATTENTION, "rejected")
    assert refused.message == "Hệ thống tỉnh từ chối dữ liệu (422). Thiếu họ tên."
