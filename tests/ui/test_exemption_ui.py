"""Issue 17 item 8 in the intake form: the procedure's fee exemption rules are offered; the
clerk ticks "Miễn, giảm phí, lệ phí" (Alt+M), picks the rule, types the proof; the fee due
shown drops to 0; the dossier is saved with the rule and the proof (Mẫu 01: tests/printing)."""

import json
import sqlite3

from PySide6.QtCore import Qt

from counter_app import paths
from intake_support import open_form, pick
from qt_input import ime_commit, type_keys


def saved(data_dir, code):
    c = sqlite3.connect(paths.db_path(data_dir))
    try:
        fee_total = c.execute("SELECT fee_total FROM dossiers WHERE code = ?", [code]).fetchone()[0]
        data = c.execute("SELECT h.data FROM history h JOIN dossiers d ON d.id = h.dossier_id "
                         "WHERE d.code = ? AND h.action = 'intake'", [code]).fetchone()[0]
        return fee_total, json.loads(data)
    finally:
        c.close()


def fill(qtbot, form):
    ime_commit(form.applicant.full_name, "Hoàng Văn Nghèo")
    type_keys(form.applicant.id_number, "001099012399")
    for r in form.components.required_rows():
        qtbot.keyClick(form.components.box(r), Qt.Key_Space)


def test_clerk_ticks_an_exemption_and_records_the_proof(qtbot, backend, data_dir):
    form = open_form(qtbot, backend)
    pick(qtbot, form)  # 1.004873: lệ phí 8.000 đ, three civil-status exemption rules
    box = form.exemption
    assert box.isVisible() and not box.isChecked()
    assert box.rule.count() == 3 and box.fee.text() == "8.000 đ"
    fill(qtbot, form)

    qtbot.keyClick(form.applicant.full_name, Qt.Key_M, Qt.AltModifier)  # Alt+M ticks the group
    qtbot.waitUntil(lambda: box.isChecked(), timeout=20_000)
    box.rule.setFocus()
    qtbot.keyClick(box.rule, Qt.Key_Down)  # the second rule: hộ nghèo
    assert box.rule.currentData() == "HT-HN"
    assert "Luật Hộ tịch 2014" in box.basis.text() and "hộ nghèo" in box.proof.placeholderText()
    assert box.fee.text() == "8.000 đ, còn 0 đ"

    # saving without the proof is refused, the proof field marked, nothing lost
    qtbot.keyClick(form.applicant.full_name, Qt.Key_S, Qt.ControlModifier)
    qtbot.waitUntil(lambda: "giấy tờ chứng minh" in form.banner.text(), timeout=20_000)
    assert box.proof.property("invalid") and box.isChecked() and box.rule.currentData() == "HT-HN"

    ime_commit(box.proof, "Giấy chứng nhận hộ nghèo số 12/GCN-UBND")
    with qtbot.waitSignal(form.saved, timeout=20_000) as blocker:
        qtbot.keyClick(box.proof, Qt.Key_S, Qt.ControlModifier)
    code = blocker.args[0]
    fee_total, data = saved(data_dir, code)
    assert fee_total == 0
    assert data["exemption"]["rule"] == "HT-HN" and data["exemption"]["proof"] == "Giấy chứng nhận hộ nghèo số 12/GCN-UBND"
    assert not box.isChecked() and box.proof.text() == ""  # the next citizen starts clean


def test_no_box_for_a_procedure_without_rules(qtbot, backend):
    form = open_form(qtbot, backend)
    pick(qtbot, form, "chung thuc ban sao tu ban chinh")
    assert form.procedure.code == "2.000815"
    assert not form.exemption.isVisible() and form.exemption.data() is None
