"""The national gateway's settings in "Thiết lập đồng bộ…": one page of fields per adapter
(sync/adapters/lgsp.py, three_url.py; the reference adapter has none). The password is typed
here and goes to the station's secret store with the rest of the set-up (never the database)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QStackedWidget, QWidget

from .i18n import tr

ADAPTER_NAMES = {
    "reference": tr('Hệ thống tỉnh theo giao thức tham chiếu (reference)'),
    "lgsp": tr('Cổng LGSP: đăng nhập, DongBoHoSoMC (lgsp)'),
    "three-url": tr('Ba địa chỉ: thêm mới, cập nhật, tiến trình (three-url)'),
}

# option → (label, placeholder), per adapter, in tab order; mnemonics clear of the dialog's own
# (m, r, b, c, h, t, i, k, l); only one page shows at a time
PAGES = {
    "lgsp": (
        ("gateway_url", tr('Địa chỉ cổng LG&SP:'), "https://lgsp.tinh.gov.vn"),
        ("auth_path", tr('Đường dẫn đăng &nhập:'), "/api/auth"),
        ("integration_path", tr('Đường dẫn tích hợ&p:'), "/api/integration"),
        ("madonvi", tr('Mã đơn &vị (madonvi):'), "000.00.06.H56"),
        ("username", tr('Tên đăng nhập cổn&g:'), ""),
        ("password", tr('Mật khẩ&u cổng:'), ""),
        ("download_base", tr('Địa chỉ tải tệp công kh&ai:'), tr('(không bắt buộc)')),
    ),
    "three-url": (
        ("create_url", tr('Địa chỉ thêm mới hồ &sơ:'), "https://dvc.tinh.gov.vn/api/ThemMoi"),
        ("update_url", tr('Địa chỉ cậ&p nhật hồ sơ:'), "https://dvc.tinh.gov.vn/api/CapNhat"),
        ("progress_url", tr('Địa chỉ đồng bộ tiến trì&nh:'), "https://dvc.tinh.gov.vn/api/DongBoTienTrinh"),
        ("download_base", tr('Địa chỉ tải tệp công kh&ai:'), tr('(không bắt buộc)')),
    ),
}


class GatewayFields(QStackedWidget):
    """The fields of the chosen adapter (an empty page for the reference adapter)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.edits: dict[str, dict[str, QLineEdit]] = {}
        self._pages: dict[str, int] = {"reference": self.addWidget(QWidget())}
        for adapter, rows in PAGES.items():
            page = QWidget()
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            edits: dict[str, QLineEdit] = {}
            for name, label, placeholder in rows:
                edit = QLineEdit()
                edit.setObjectName(f"{adapter}-{name}")
                edit.setPlaceholderText(placeholder)
                if name == "password":
                    edit.setEchoMode(QLineEdit.Password)
                lab = QLabel(label)
                lab.setBuddy(edit)
                form.addRow(lab, edit)
                edits[name] = edit
            self.edits[adapter] = edits
            self._pages[adapter] = self.addWidget(page)
        self.adapter = "reference"

    def show_for(self, adapter: str) -> None:
        self.adapter = adapter if adapter in self._pages else "reference"
        self.setCurrentIndex(self._pages[self.adapter])
        self.setVisible(self.adapter != "reference")

    def first(self) -> QLineEdit | None:
        edits = self.edits.get(self.adapter)
        return next(iter(edits.values())) if edits else None

    def load(self, adapter: str, options: dict, has_password: bool) -> None:
        for name, edit in self.edits.get(adapter, {}).items():
            if name == "password":
                edit.setPlaceholderText(tr('(để trống: giữ mật khẩu đang dùng)') if has_password else "")
            elif not edit.text():
                edit.setText(str(options.get(name) or ""))

    def options(self) -> dict[str, str]:
        """The chosen adapter's settings as typed ({} for the reference adapter)."""
        return {name: edit.text().strip() for name, edit in self.edits.get(self.adapter, {}).items()
                if name != "password"}

    def password(self) -> str | None:
        edit = self.edits.get(self.adapter, {}).get("password")
        return (edit.text().strip() or None) if edit is not None else None
