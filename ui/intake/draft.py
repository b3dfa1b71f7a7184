"""The intake form's draft (issue 14: "the draft survives a crash"): what the clerk has typed is
kept in the database a moment after each change (:mod:`counter_app.drafts`, on the writer
thread), removed once the dossier is saved or the form is emptied, and offered back at the
next login — after a crash, a power cut or a killed process.

Scanned pages are not part of the draft: they are files of the scan panel's batch, and a scan is
quicker to redo than to reconcile; the offer says so.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QComboBox, QMessageBox

from counter_app import drafts, timeutil

from ..i18n import tr

log = logging.getLogger(__name__)

KIND = "intake"


def intake_has_input(form) -> bool:
    """Whether the intake form holds anything typed, picked or scanned for a dossier not yet saved."""
    if form.procedure is not None or form.qr_input.text().strip() or form.note.toPlainText().strip():
        return True
    boxes = [form.applicant] + ([form.owner] if form.owner_check.isChecked() else [])
    for box in boxes:
        for w in box.widgets.values():
            if (w.currentIndex() > 0) if isinstance(w, QComboBox) else bool(w.text().strip()):
                return True
    batch = form.scans.batch
    return any(batch.count(row) for row in batch.rows())


def _person(box) -> dict[str, Any]:
    return {k: (w.currentData() or "") if isinstance(w, QComboBox) else w.text() for k, w in box.widgets.items()}


def _set_person(box, values: Any) -> None:
    if not isinstance(values, dict):
        return
    for k, w in box.widgets.items():
        v = values.get(k)
        if not isinstance(v, str):
            continue
        if isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(v)))
        else:
            w.setText(v)


def snapshot(form) -> dict[str, Any]:
    """The form's fields as the clerk left them (raw texts: a half-typed date stays half-typed)."""
    t = form.components
    return {
        "procedure_code": form.procedure.code if form.procedure else None,
        "procedure_name": form.procedure.name if form.procedure else None,
        "cccd_raw": form.cccd_raw,
        "applicant": _person(form.applicant),
        "owner_on": form.owner_check.isChecked(),
        "owner": _person(form.owner),
        "components": [{"name": t.name(r), "ticked": t.box(r).isChecked(),
                        "counts": [t.spin(r, c).value() for c in (2, 3, 4, 5)]} for r in range(t.rowCount())],
        "channel": form.channel.currentData(),
        "return_method": form.return_method.currentData(),
        "sets_count": form.sets_count.value(),
        "note": form.note.toPlainText(),
    }


def restore(form, state: dict[str, Any]) -> None:
    """Put a draft back into an empty form (unknown values are skipped, never guessed)."""
    code = state.get("procedure_code")
    if isinstance(code, str) and code:
        form.select_procedure(code)
    t = form.components
    rows = {t.name(r): r for r in range(t.rowCount())}
    for comp in state.get("components") or []:
        if not isinstance(comp, dict) or not isinstance(comp.get("name"), str):
            continue
        r = rows.get(comp["name"])
        if r is None:
            r = t.add_row(comp["name"], checked=False)
        t.box(r).setChecked(bool(comp.get("ticked")))
        counts = comp.get("counts")
        if isinstance(counts, list) and len(counts) == 4:
            for c, v in zip((2, 3, 4, 5), counts):
                if isinstance(v, int):
                    t.spin(r, c).setValue(v)
    _set_person(form.applicant, state.get("applicant"))
    form.owner_check.setChecked(bool(state.get("owner_on")))
    _set_person(form.owner, state.get("owner"))
    if isinstance(state.get("cccd_raw"), str):
        form.cccd_raw = state["cccd_raw"]
    for combo, key in ((form.channel, "channel"), (form.return_method, "return_method")):
        i = combo.findData(state.get(key))
        if i >= 0:
            combo.setCurrentIndex(i)
    if isinstance(state.get("sets_count"), int):
        form.sets_count.setValue(state["sets_count"])
    if isinstance(state.get("note"), str):
        form.note.setPlainText(state["note"])
    form._sync_scan_components()
    form._fix_tab_order()


class DraftKeeper(QObject):
    """Keeps ``owner``'s intake draft in step with the form, and offers it back."""

    def __init__(self, form, backend, owner: str, *, interval_ms: int = 1500) -> None:
        super().__init__(form)
        self.form = form
        self.backend = backend
        self.owner = owner
        self.question: QMessageBox | None = None
        self._last: dict[str, Any] | None = None
        self._stored = False  # whether a draft of ours may be in the database
        self._paused = True  # not while a stored draft is being offered
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.keep)
        form.saved.connect(lambda _code: self.discard())
        form.slip_saved.connect(lambda _label: self.discard())  # guided / refused: nothing left to keep

    def start(self) -> None:
        """Offer the stored draft (if any), then keep the form's."""
        self._timer.start()
        self.backend.read(drafts.load, self.owner, KIND, on_done=self._found, on_error=self._failed, owner=self)

    def keep(self) -> None:
        """Write the form's state when it changed (nothing while the offer is open)."""
        if self._paused:
            return
        if not intake_has_input(self.form):
            if self._stored:
                self.discard()
            return
        state = snapshot(self.form)
        if state == self._last:
            return
        self._last = state
        self._stored = True
        self.backend.write(drafts.save, self.owner, KIND, state, on_error=self._failed, owner=self)

    def discard(self) -> None:
        """The dossier was saved or the clerk dropped it: no draft any more."""
        self._last = None
        self._stored = False
        self.backend.write(drafts.clear, self.owner, KIND, on_error=self._failed, owner=self)

    def switch(self, owner: str) -> None:
        """Another user works in the window: a half-filled form's draft becomes theirs (the
        last user's is removed), and their own stored draft is offered on an empty form."""
        if owner == self.owner:
            return
        if self._stored:
            self.discard()
        self.owner = owner
        self._paused = True
        self.start()

    def stop(self) -> None:
        self._timer.stop()

    def _failed(self, exc: BaseException) -> None:  # a draft is a safety net: log, never interrupt
        log.warning("intake draft not kept: %s", type(exc).__name__)

    # -- the offer ----------------------------------------------------------------------------
    def _found(self, stored: dict[str, Any] | None) -> None:
        if stored is None or intake_has_input(self.form):
            self._paused = False
            return
        if self.form.proc_model.rowCount() == 0 and stored["data"].get("procedure_code"):
            self.form.picker.loaded.connect(self._ask_when_loaded(stored))
            return
        self._ask(stored)

    def _ask_when_loaded(self, stored):
        done = []

        def go():
            if not done:
                done.append(True)
                self._ask(stored)
        return go

    def _ask(self, stored: dict[str, Any]) -> None:
        data = stored["data"]
        try:
            when = timeutil.vn_datetime(timeutil.parse_iso(stored["saved_at"]))
        except (ValueError, TypeError):
            when = "?"
        who = (data.get("applicant") or {}).get("full_name") or tr('(chưa có tên)')
        what = data.get("procedure_name") or tr('(chưa chọn thủ tục)')
        box = QMessageBox(QMessageBox.Question, tr('Hồ sơ đang nhập dở'),
                          tr('Lần trước (lúc {0}) còn một hồ sơ chưa lưu:\n{1}\nNgười nộp: {2}\n\n'
                             'Khôi phục để nhập tiếp? (Các trang đã quét không được giữ; hãy quét lại.)').format(when, what, who),
                          QMessageBox.NoButton, self.form)
        self.restore_button = box.addButton(tr('&Khôi phục'), QMessageBox.AcceptRole)
        self.drop_button = box.addButton(tr('&Bỏ bản nháp'), QMessageBox.DestructiveRole)
        box.setDefaultButton(self.restore_button)
        box.finished.connect(lambda _r: self._answered(box, data))
        self.question = box
        box.open()

    def _answered(self, box: QMessageBox, data: dict[str, Any]) -> None:
        self.question = None
        if box.clickedButton() is self.restore_button:
            restore(self.form, data)
            self._stored = True
        else:
            self.discard()
        self._paused = False
        box.deleteLater()
