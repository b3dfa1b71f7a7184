"""The scanner settings dialog of the scan panel (Thiết lập quét)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLineEdit,
    QPushButton, QSpinBox, QVBoxLayout,
)

from counter_app.scanning import profile as prof
from counter_app.scanning.profile import ScanProfile

from ..i18n import tr
from ..widgets import ok_cancel_buttons


class ScanSettingsDialog(QDialog):
    """DPI, colour, JPEG quality, feeder and the watched folder of this station."""

    def __init__(self, profile: ScanProfile, folder: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr('Thiết lập quét'))
        self.dpi = QComboBox()
        for d in prof.DPI_CHOICES:
            self.dpi.addItem(f"{d} dpi" + (tr(' (khuyên dùng cho giấy tờ A4)') if d == 200 else ""), d)
        self.dpi.setCurrentIndex(max(0, self.dpi.findData(profile.dpi)))
        self.color = QComboBox()
        for key, label in prof.COLOR_MODES.items():
            self.color.addItem(label, key)
        self.color.setCurrentIndex(max(0, self.color.findData(profile.color_mode)))
        self.quality = QSpinBox()
        self.quality.setRange(30, 95)
        self.quality.setValue(profile.jpeg_quality)
        self.adf = QCheckBox(tr('Dùng khay nạp giấy tự động (ADF) nếu máy có'))
        self.adf.setChecked(profile.adf)
        self.folder = QLineEdit(folder)
        self.folder.setPlaceholderText(tr('Thư mục máy quét mạng lưu tệp vào (để trống nếu không dùng)'))
        pick = QPushButton(tr('Chọn…'))
        pick.clicked.connect(self._pick_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(pick)
        form = QFormLayout()
        form.addRow(tr('Độ phân giải:'), self.dpi)
        form.addRow(tr('Chế độ màu:'), self.color)
        form.addRow(tr('Chất lượng JPEG:'), self.quality)
        form.addRow("", self.adf)
        form.addRow(tr('Thư mục quét:'), row)
        buttons = ok_cancel_buttons(self, tr('Lưu'), tr('Hủy'), self.accept, ok_button=QDialogButtonBox.Save)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def _pick_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr('Chọn thư mục quét'), self.folder.text())
        if path:
            self.folder.setText(path)

    def values(self) -> tuple[ScanProfile, str]:
        p = ScanProfile(dpi=self.dpi.currentData(), color_mode=self.color.currentData(),
                        jpeg_quality=self.quality.value(), adf=self.adf.isChecked())
        return p, self.folder.text().strip()

