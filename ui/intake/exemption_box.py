"""The intake form's fee exemption (miễn, giảm phí, lệ phí): a checkable group shown when the
procedure has exemption rules that apply to this dossier (counter_app/exemptions.py). The
clerk ticks it, picks the rule (who, how much, on what basis), types the proof seen, and the
fee due is shown before and after. The rule is checked again by the core when saving."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from counter_app import exemptions
from counter_app.catalogue import Procedure
from counter_app.errors import UserError
from counter_app.fees import FeeItem, compute_fees, total
from counter_app.i18n import money

from ..i18n import tr
from ..widgets import mark_invalid


class ExemptionBox(QGroupBox):
    def __init__(self, parent=None) -> None:
        super().__init__(tr('&Miễn, giảm phí, lệ phí'), parent)
        self.setCheckable(True)
        self.setChecked(False)
        self.procedure: Procedure | None = None
        self.channel = 1
        self.items: list[FeeItem] = []
        self.rule = QComboBox()
        self.basis = QLabel()
        self.basis.setWordWrap(True)
        self.proof = QLineEdit()
        self.proof.setMaxLength(exemptions.PROOF_MAX)
        self.fee = QLabel()
        self.fee.setStyleSheet("font-weight: 600;")
        form = QFormLayout(self)
        form.addRow(tr('Đối tượng:'), self.rule)
        form.addRow(tr('Căn cứ:'), self.basis)
        form.addRow(tr('Giấy tờ chứng minh:'), self.proof)
        form.addRow(tr('Phí, lệ phí phải nộp:'), self.fee)
        self.toggled.connect(self._refresh)
        self.rule.currentIndexChanged.connect(self._refresh)
        self.proof.textEdited.connect(lambda _t: mark_invalid(self.proof, False))
        self.hide()

    def set_dossier(self, procedure: Procedure | None, channel: int, components: list[dict]) -> None:
        """The procedure picked, the channel and the components ticked: the rules that apply."""
        self.procedure, self.channel = procedure, channel
        try:
            self.items = compute_fees(procedure.fee_rule, components) if procedure else []
        except UserError:  # a count the core will refuse on save: no preview meanwhile
            self.items = []
        if procedure is not None and not self.items and procedure.fee_rule.get("kind") != "free":
            self.items = compute_fees(procedure.fee_rule, [])  # counts not entered yet: the rule's base fee
        rules = exemptions.applicable(procedure, channel, self.items) if procedure else []
        current = self.rule.currentData()
        self.rule.blockSignals(True)
        self.rule.clear()
        for r in rules:
            how = tr('miễn') if r["percent"] >= 100 else tr('giảm {0}%').format(r["percent"])
            self.rule.addItem(f"{r['who']} ({how})", r["id"])
        if current is not None and self.rule.findData(current) >= 0:
            self.rule.setCurrentIndex(self.rule.findData(current))
        self.rule.blockSignals(False)
        if not rules:
            self.setChecked(False)
        self.setVisible(bool(rules))
        self._refresh()

    def _selected(self) -> dict | None:
        if self.procedure is None or not self.isChecked():
            return None
        return self.procedure.exemption(self.rule.currentData() or "")

    def _refresh(self, *_args) -> None:
        rule = self._selected() if self.procedure else None
        shown = self.procedure.exemption(self.rule.currentData() or "") if self.procedure else None
        self.basis.setText(shown["basis"] if shown else "")
        self.proof.setPlaceholderText(shown["proof"] if shown else "")
        before = total(self.items)
        if rule is None:
            self.fee.setText(money(before))
            return
        after, _record = exemptions.apply(self.items, rule, "")
        self.fee.setText(tr('{0}, còn {1}').format(money(before), money(total(after))))

    def data(self) -> dict | None:
        """``{"rule", "proof"}`` when ticked (the core validates it), else None."""
        if not self.isVisible() or not self.isChecked():
            return None
        return {"rule": self.rule.currentData() or "", "proof": self.proof.text()}

    def mark(self, errors: dict[str, str]) -> QWidget | None:
        bad = any(k.startswith("exemption") for k in errors)
        mark_invalid(self.proof, bad)
        return self.proof if bad else None

    def clear(self) -> None:
        self.setChecked(False)
        self.proof.clear()
        mark_invalid(self.proof, False)
        self.set_dossier(None, 1, [])

    def tab_chain(self) -> list[QWidget]:
        return [self, self.rule, self.proof]
