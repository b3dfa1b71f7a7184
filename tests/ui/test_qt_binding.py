"""Guard against the PySide6 6.12.0 defect that made void C++ methods return None without a new
reference: on Python 3.11 (where None, True and False are still refcounted) a few thousand calls
drained None's count and the process aborted ("none_dealloc"/"bool_dealloc"), at random later
points, e.g. while Python exits. The app now pins PySide6 < 6.12 (docs/decisions.md)."""

import gc
import sys

from PySide6.QtWidgets import QCheckBox, QLineEdit


def test_void_methods_and_bool_getters_keep_reference_counts(qapp):
    w = QLineEdit()
    box = QCheckBox()
    box.toggled.connect(lambda _checked: None)
    gc.collect()
    none0, true0, false0 = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for i in range(20_000):
        w.setEnabled(i % 2 == 0)  # void method, bool argument
        w.isEnabled()  # bool result
        box.setChecked(i % 2 == 0)  # signal with a bool delivered to Python
    gc.collect()
    assert sys.getrefcount(None) - none0 > -100
    assert sys.getrefcount(True) - true0 > -100
    assert sys.getrefcount(False) - false0 > -100
