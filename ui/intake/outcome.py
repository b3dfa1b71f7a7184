"""The check before receiving (issue 17): besides "Lưu hồ sơ" (receive: code, due date, Mẫu 01) the
intake form ends with a guidance to complete (Mẫu 02) or a refusal (Mẫu 03). Neither creates a
dossier or a code: the core (``counter_app.prereceipt``) writes a numbered slip of the station's
register, and its form is offered for print preview as Mẫu 01 is after a save.

- :class:`SlipDialog`: the missing papers (pre-filled from the procedure's components the clerk
  did not tick; one per line) and the reason.
- :func:`start_slip`: from the form's values to the background write and the preview.
- :class:`SlipPreview`: the print preview of a slip's form (no dossier code).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from counter_app import prereceipt
from counter_app.errors import UserError, ValidationFailed
from counter_app.printouts import render_slip_form

from ..i18n import tr
from ..print_preview import PrintPreview
from ..widgets import ok_cancel_buttons
from .questions import LimitedTextEdit



def _title(kind: str) -> str:
    return {"guide": tr('Hướng dẫn bổ sung, hoàn thiện hồ sơ (Mẫu 02)'),
            "refuse": tr('Từ chối tiếp nhận hồ sơ (Mẫu 03)'),
            "online": tr('Hướng dẫn nộp hồ sơ trực tuyến')}[kind]


def _form_title(form_id: str) -> str:
    return {"mau-02": tr('Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ'),
            "mau-03": tr('Mẫu 03 – Phiếu từ chối tiếp nhận giải quyết hồ sơ'),
            prereceipt.ONLINE_FORM: tr('Phiếu hướng dẫn nộp hồ sơ trực tuyến')}[form_id]

ITEMS_MAX = 50 * 301  # as many papers as a dossier has components, one per line


class SlipDialog(QDialog):
    """The papers to bring (guidance only) and the reason; Enter in the reason confirms."""

    def __init__(self, kind: str, procedure_name: str, missing: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"slip_dialog_{kind}")
        self.setWindowTitle(_title(kind))
        intro = QLabel(
            {"guide": tr('Hồ sơ chưa đủ thành phần: hồ sơ KHÔNG được tiếp nhận, không cấp mã hồ sơ. Công dân được hướng dẫn '
                         'bằng Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02).'),
             "refuse": tr('Hồ sơ không đủ điều kiện hoặc không thuộc thẩm quyền: hồ sơ KHÔNG được tiếp nhận, không cấp mã hồ '
                          'sơ. Công dân nhận Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03) ghi rõ lý do.'),
             "online": tr('Công dân nộp thủ tục này trên Cổng Dịch vụ công: hồ sơ KHÔNG được tiếp nhận tại quầy. Công dân '
                          'nhận phiếu hướng dẫn có mã QR đường liên kết của thủ tục; lần hướng dẫn được đếm trong '
                          'thống kê.')}[kind]
            + "\n" + tr('Thủ tục: {0}').format(procedure_name))
        intro.setWordWrap(True)
        self.items = LimitedTextEdit(ITEMS_MAX)
        self.items.setTabChangesFocus(True)
        self.items.setPlainText("\n".join(missing))
        self.items.setPlaceholderText(tr('Mỗi dòng một giấy tờ'))
        self.reason = QLineEdit()
        self.reason.setMaxLength(prereceipt.REASON_MAX)
        self.reason.setPlaceholderText({"guide": tr('Lý do hướng dẫn bổ sung'), "refuse": tr('Lý do từ chối tiếp nhận'),
                                        "online": tr('Ghi chú (không bắt buộc)')}[kind])
        form = QFormLayout()
        items_label = QLabel(tr('&Giấy tờ cần bổ sung, hoàn thiện:'))
        items_label.setBuddy(self.items)
        reason_label = QLabel(tr('&Ghi chú:') if kind == "online" else tr('&Lý do:'))
        reason_label.setBuddy(self.reason)
        if kind == "guide":
            form.addRow(items_label, self.items)
        else:
            self.items.hide()
        form.addRow(reason_label, self.reason)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        ok_text = {"guide": tr('Lập phiếu Mẫu 02'), "refuse": tr('Lập phiếu Mẫu 03'),
                   "online": tr('Lập phiếu hướng dẫn')}[kind]
        self.buttons = ok_cancel_buttons(self, ok_text, tr('Quay lại'), self._ok)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())
        (self.items if kind == "guide" and not missing else self.reason).setFocus()

    def missing_items(self) -> list[dict]:
        return [{"name": " ".join(line.split())} for line in self.items.toPlainText().splitlines() if line.strip()]

    def reason_text(self) -> str:
        return self.reason.text().strip()

    def _ok(self) -> None:
        if self.kind == "guide" and not self.missing_items():
            self._say(tr('Cần liệt kê ít nhất một giấy tờ phải bổ sung.'), self.items)
        elif not self.reason_text() and self.kind != "online":
            self._say(tr('Lý do không được để trống.'), self.reason)
        else:
            self.accept()

    def _say(self, text: str, widget: QWidget) -> None:
        self.error.setText(text)
        self.error.show()
        widget.setFocus()


class SlipPreview(PrintPreview):
    """Print preview of a slip's Mẫu 02, Mẫu 03 or online guide. ``code`` (the base class's dossier code) is the
    slip's file-name-safe reference "phieu-N-YYYY"; prints are audited under it."""

    def __init__(self, backend, label: str, form_id: str, parent=None) -> None:
        number, year = prereceipt.parse_ref(label)
        super().__init__(backend, f"phieu-{number}-{year}", form_id, parent)
        self.slip_label = label
        self.setObjectName("slip_preview")
        self.setWindowTitle(tr('Xem trước bản in — phiếu số {0}').format(label))
        self.form.blockSignals(True)
        self.form.clear()
        self.form.addItem(_form_title(form_id), form_id)
        self.form.blockSignals(False)
        self.slip_button.hide()

    def load(self, form_id: str) -> None:
        self.form_id = form_id
        self.pdf = b""
        self._set_busy(True)
        self.status.setText(tr('Đang dựng bản in…'))
        self.banner.clear_message()
        number, _sep, year = self.code.removeprefix("phieu-").partition("-")
        self.backend.read(render_slip_form, form_id, f"{number}/{year}",
                          on_done=lambda pdf: self._show(form_id, pdf), on_error=self._failed)


def start_slip(form, kind: str) -> None:
    """The clerk ends the check with a guidance ("guide"), a refusal ("refuse") or a guidance to the
    portal ("online": the applicant is optional, only a name is kept)."""
    if not form.save_button.isEnabled():
        return  # a save is running
    form.result.clear_message()
    if form.procedure is None:
        form._mark({"procedure_code": ""})
        form.banner.show_message(tr('Chưa lập được phiếu: chưa chọn thủ tục hành chính.'))
        return
    data, errors = form.form_data()
    if kind == "online":
        errors = {k: v for k, v in errors.items() if not k.startswith(("applicant.", "owner."))}
        name = (data.get("applicant") or {}).get("full_name", "").strip()
        data = {"procedure_code": data["procedure_code"], "applicant": {"full_name": name} if name else {},
                "note": data.get("note", "")}
    if errors:
        form._mark(errors)
        form.banner.show_message(tr('Chưa lập được phiếu:\n') + "\n".join(tr('• {0}').format(m) for m in errors.values()))
        return
    missing = prereceipt.components_not_ticked(form.procedure, data["components"]) if kind == "guide" else []
    dialog = SlipDialog(kind, form.procedure.name, missing, form)
    if dialog.exec() != QDialog.Accepted:
        return
    data["outcome"] = kind
    data["reason"] = dialog.reason_text()
    if kind == "guide":
        data["missing_items"] = dialog.missing_items()
    try:
        req = prereceipt.parse(data)
    except UserError as exc:
        errors = exc.errors if isinstance(exc, ValidationFailed) else {"_": exc.message}
        form._mark(errors)
        form.banner.show_message(tr('Chưa lập được phiếu:\n') + "\n".join(tr('• {0}').format(m) for m in errors.values()))
        return
    form.banner.clear_message()
    form.set_busy(True)
    form.backend.write(prereceipt.save_slip, req, form.backend.actor,
                       on_done=lambda slip: _written(form, slip), on_error=form._save_failed)


def _written(form, slip) -> None:
    form.set_busy(False)
    has_pages = bool(form.scans.batch.all_pages())
    form.reset(keep_result=True, keep_scans=has_pages)  # scanned pages are never dropped unasked
    text = {"guide": tr('Hồ sơ KHÔNG được tiếp nhận (không có mã hồ sơ). Đã lập Phiếu yêu cầu bổ sung, hoàn thiện '
                        'hồ sơ (Mẫu 02) số {0}.'),
            "refuse": tr('Hồ sơ KHÔNG được tiếp nhận (không có mã hồ sơ). Đã lập Phiếu từ chối tiếp nhận giải quyết '
                         'hồ sơ (Mẫu 03) số {0}.'),
            "online": tr('Đã hướng dẫn nộp hồ sơ trực tuyến (phiếu số {0}); hồ sơ không tiếp nhận tại quầy.')}[
        slip.kind].format(slip.label)
    form.result.show_message(text, "ok")
    form.last_slip = slip
    form.slip_saved.emit(slip.label)
    preview = SlipPreview(form.backend, slip.label, slip.form_id, form.window())
    preview.setAttribute(Qt.WA_DeleteOnClose)
    form.slip_preview = preview
    preview.open()
