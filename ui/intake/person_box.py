"""The person box of the intake form: applicant or owner (name, ID number, birth date, sex,
address, phone, email)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from counter_app.cccd import CccdResult
from counter_app.errors import UserError
from counter_app.validation import ADDRESS_MAX, EMAIL_MAX, NAME_MAX, parse_vn_date

from ..i18n import tr
from ..widgets import mark_invalid, min_text_width


class PersonBox(QGroupBox):
    """Name, ID number, birth date, sex, address, phone, email."""

    edited = Signal(str)  # a field's key, on every change (typed, pasted or filled from the CCCD)

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.full_name = QLineEdit()
        self.full_name.setMaxLength(NAME_MAX)  # the core's limits: a paste of megabytes stops here
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(12)
        self.id_number.setPlaceholderText(tr('12 chữ số'))
        self.birth_date = QLineEdit()
        self.birth_date.setPlaceholderText("dd/MM/yyyy")
        self.birth_date.setMaxLength(10)
        self.sex = QComboBox()
        for value, label in (("", ""), ("Nam", tr("Nam")), ("Nữ", tr("Nữ"))):  # value stored, label shown
            self.sex.addItem(label, value)
        self.address = QLineEdit()
        self.address.setMaxLength(ADDRESS_MAX)
        self.phone = QLineEdit()
        self.phone.setMaxLength(20)  # room for spaces, dots and a +84 prefix
        self.email = QLineEdit()
        self.email.setMaxLength(EMAIL_MAX)
        for w, sample in ((self.id_number, "000000000000"), (self.birth_date, "00/00/0000"), (self.phone, "0000 000 0000")):
            min_text_width(w, sample)  # usable when maximised at 1366×768 with 125 % scaling
        grid = QGridLayout(self)
        grid.addWidget(QLabel(tr('Họ và tên:')), 0, 0)
        grid.addWidget(self.full_name, 0, 1, 1, 3)
        grid.addWidget(QLabel(tr('Số định danh:')), 1, 0)
        grid.addWidget(self.id_number, 1, 1)
        grid.addWidget(QLabel(tr('Ngày sinh:')), 1, 2)
        grid.addWidget(self.birth_date, 1, 3)
        grid.addWidget(QLabel(tr('Giới tính:')), 2, 0)
        grid.addWidget(self.sex, 2, 1)
        grid.addWidget(QLabel(tr('Điện thoại:')), 2, 2)
        grid.addWidget(self.phone, 2, 3)
        grid.addWidget(QLabel(tr('Địa chỉ:')), 3, 0)
        grid.addWidget(self.address, 3, 1, 1, 3)
        grid.addWidget(QLabel("Email:"), 4, 0)
        grid.addWidget(self.email, 4, 1, 1, 3)
        self.widgets = {
            "full_name": self.full_name, "id_number": self.id_number, "birth_date": self.birth_date,
            "sex": self.sex, "address": self.address, "phone": self.phone, "email": self.email,
        }

        for key, w in self.widgets.items():
            signal = w.currentIndexChanged if isinstance(w, QComboBox) else w.textChanged
            signal.connect(lambda *_a, k=key: self._edited(k))

    def _edited(self, key: str) -> None:
        """A field the clerk changes loses its red border (it is checked again on save)."""
        w = self.widgets[key]
        if w.property("invalid"):
            mark_invalid(w, False)
        self.edited.emit(key)

    def invalid_fields(self) -> list[str]:
        return [k for k, w in self.widgets.items() if w.property("invalid")]

    def tab_chain(self) -> list[QWidget]:
        return [self.full_name, self.id_number, self.birth_date, self.sex, self.phone, self.address, self.email]

    def data(self) -> tuple[dict, dict[str, str]]:
        """Form values in the core's input shape; a birth date that cannot be read is an error."""
        errors: dict[str, str] = {}
        birth = None
        text = self.birth_date.text().strip()
        if text:
            try:
                birth = parse_vn_date(text, tr('Ngày sinh'), "birth_date").isoformat()
            except UserError as exc:
                errors["birth_date"] = exc.message
        return {
            "full_name": self.full_name.text(), "id_number": self.id_number.text().strip(),
            "birth_date": birth, "sex": self.sex.currentData() or None, "address": self.address.text(),
            "phone": self.phone.text(), "email": self.email.text(),
        }, errors

    def fill_from_cccd(self, r: CccdResult) -> None:
        self.full_name.setText(r.full_name or "")
        self.id_number.setText(r.id_number or "")
        self.birth_date.setText(r.birth_date.strftime("%d/%m/%Y") if r.birth_date else "")
        self.sex.setCurrentIndex(max(0, self.sex.findData(r.sex or "")))
        self.address.setText(r.address or "")

    def clear(self) -> None:
        for w in self.widgets.values():
            if isinstance(w, QComboBox):
                w.setCurrentIndex(0)
            else:
                w.clear()
            mark_invalid(w, False)

