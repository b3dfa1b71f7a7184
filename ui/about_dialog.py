"""Trợ giúp → Giới thiệu: the program's name and version, the database schema version, the data
folder, and the Python and Qt versions (what a support call asks for; no longer on the status
bar, where clerks saw it all day)."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from .i18n import tr

def app_version() -> str:
    try:
        from importlib.metadata import version

        return version("counter-app")
    except Exception:  # running from a source tree or a frozen build without metadata
        from counter_app import __version__

        return __version__


class AboutDialog(QDialog):
    def __init__(self, info: dict, data_dir: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(tr('Giới thiệu'))
        title = QLabel("<b>{0}</b>".format(tr('Một cửa — phần mềm tiếp nhận hồ sơ tại bộ phận một cửa cấp xã')))
        title.setWordWrap(True)
        self.rows: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, value in (
            ("version", tr('Phiên bản:'), app_version()),
            ("schema", tr('Lược đồ dữ liệu:'), tr('phiên bản {0}').format(info.get('schema_version', '?'))),
            ("station", tr('Quầy:'), tr('Quầy {0} · {1}').format(info.get('station', ''), info.get('agency_code', ''))),
            ("data_dir", tr('Thư mục dữ liệu:'), str(data_dir)),
            ("python", "Python:", f"{platform.python_version()} ({sys.platform})"),
            ("qt", "Qt:", tr('Qt {0}, PySide6 {1}').format(qVersion(), PySide6.__version__)),
        ):
            v = QLabel(value)
            v.setTextInteractionFlags(Qt.TextSelectableByMouse)  # copied into a support request
            v.setWordWrap(True)
            self.rows[key] = v
            form.addRow(label, v)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText(tr('Đóng (Esc)'))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def text(self) -> str:
        """Everything shown, one row a line (tests, support)."""
        return "\n".join(label.text() for label in self.rows.values())
