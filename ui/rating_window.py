"""The citizen's rating window (issue 20, scope 4): after a receipt and after a return, one tap.

On a PC with a second monitor turned to the citizen, the window fills that monitor; otherwise
it is a small window on top that the clerk turns the screen to show. It never takes the clerk's
keyboard focus (``WA_ShowWithoutActivating``): the clerk types on while the citizen taps.
It shows no personal data: the question, the step, the levels. The tap is stored on the writer
(``counter_app.satisfaction.record``); "Bỏ qua" (Esc) closes it unrated.

Parentless on purpose: the Mẫu 01 preview is window-modal over the main window, and a child of
the main window would be blocked by it; the main window closes it when it closes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app import satisfaction, settings
from counter_app.errors import UserError

from .i18n import tr

STAGE_TEXT = {"receipt": lambda: tr('Việc tiếp nhận hồ sơ của ông/bà vừa xong.'),
              "return": lambda: tr('Ông/bà vừa nhận kết quả giải quyết hồ sơ.')}
LEVEL_COLOURS = ["#1b7f3b", "#4c9a2a", "#8a8a8a", "#c76b00", "#b3261e"]
THANKS_MS = 1500  # how long "Cảm ơn" stays before the window closes by itself


class RatingWindow(QWidget):
    rated = Signal(str, str, str)  # code, stage, level id

    def __init__(self, backend, code: str, stage: str, clerk_window: QWidget | None = None) -> None:
        super().__init__(None, Qt.Window | Qt.WindowStaysOnTopHint)
        self.backend, self.code, self.stage = backend, code, stage
        self._clerk_window = clerk_window
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.setAttribute(Qt.WA_ShowWithoutActivating)
        self.setWindowTitle(tr('Đánh giá sự phục vụ'))
        self.setObjectName("rating-window")

        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        question = QLabel(tr('Xin ông/bà cho biết mức độ hài lòng với sự phục vụ của chúng tôi'))
        question.setWordWrap(True)
        question.setAlignment(Qt.AlignCenter)
        question.setFont(big)
        step = QLabel(STAGE_TEXT[stage]())
        step.setAlignment(Qt.AlignCenter)
        self.status = QLabel(tr('Chạm vào một ô để đánh giá.'))
        self.status.setAlignment(Qt.AlignCenter)
        self.status.setFont(big)

        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for colour, lv in zip(LEVEL_COLOURS, satisfaction.levels()):
            # data (data/satisfaction.json), in Vietnamese for the citizen; "… hài lòng" on its own
            # line so that the longest level fits a button at 125 % scaling
            b = QPushButton(lv.label.replace(" hài lòng", "\nhài lòng") if lv.label.count(" ") > 1 else lv.label)
            b.setObjectName(f"rate-{lv.id}")
            b.setFont(big)
            b.setMinimumSize(150, 110)
            b.setFocusPolicy(Qt.NoFocus)  # a tap, never a stray Enter from the clerk's keyboard
            b.setStyleSheet(f"QPushButton {{ background: {colour}; color: white; border-radius: 10px; padding: 8px; }}"
                            "QPushButton:disabled { background: #c8c8c8; }")
            b.clicked.connect(lambda _=False, level=lv.id: self.tap(level))
            row.addWidget(b)
            self.buttons[lv.id] = b
        self.skip = QPushButton(tr('Bỏ qua (Esc)'))
        self.skip.setFocusPolicy(Qt.NoFocus)
        self.skip.clicked.connect(self.close)
        QShortcut(QKeySequence(Qt.Key_Escape), self, self.close)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 24, 24, 24)
        lay.setSpacing(18)
        lay.addStretch(1)
        lay.addWidget(question)
        lay.addWidget(step)
        lay.addLayout(row)
        lay.addWidget(self.status)
        lay.addStretch(1)
        lay.addWidget(self.skip, 0, Qt.AlignRight)

    # -- where it shows --------------------------------------------------------------------
    def citizen_screen(self):
        """A monitor other than the clerk's, when there is one."""
        clerk = self._clerk_window.screen() if self._clerk_window is not None else QGuiApplication.primaryScreen()
        others = [s for s in QGuiApplication.screens() if s is not clerk]
        return others[0] if others else None

    def present(self) -> None:
        screen = self.citizen_screen()
        if screen is not None:
            self.setGeometry(screen.geometry())
            self.showFullScreen()
            return
        self.resize(880, 420)
        anchor = self._clerk_window.geometry() if self._clerk_window is not None else \
            QGuiApplication.primaryScreen().availableGeometry()
        self.move(anchor.center() - self.rect().center())
        self.show()

    # -- the tap -----------------------------------------------------------------------------
    def tap(self, level: str) -> None:
        for b in self.buttons.values():
            b.setEnabled(False)
        self.backend.write(satisfaction.record, self.code, self.stage, level, self.backend.actor,
                           on_done=lambda _r: self._thanks(level), on_error=self._failed)

    def _thanks(self, level: str) -> None:
        self.status.setText(tr('Cảm ơn ông/bà đã đánh giá!'))
        self.rated.emit(self.code, self.stage, level)
        QTimer.singleShot(THANKS_MS, self.close)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(exc.message if isinstance(exc, UserError) else tr('Chưa lưu được đánh giá: {0}').format(exc))
        self.skip.setText(tr('Đóng (Esc)'))


def ask(backend, code: str, stage: str, clerk_window: QWidget | None = None, on_open=None) -> None:
    """Open the rating window for ``code`` at ``stage`` when the station asks for ratings (the
    setting is read on a reader thread); ``on_open(window)`` gets it once shown."""

    def opened(enabled) -> None:
        if not enabled:
            return
        win = RatingWindow(backend, code, stage, clerk_window)
        if clerk_window is not None:
            clerk_window.destroyed.connect(win.close)
        win.present()
        if on_open is not None:
            on_open(win)

    backend.read(settings.get, "satisfaction_prompt", on_done=opened)
