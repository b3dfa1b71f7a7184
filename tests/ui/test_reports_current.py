"""Issue 14 (fault 10): the dashboard follows the saves; an export is always of the table for
the choices shown."""

from datetime import timedelta

from PySide6.QtCore import Qt

from counter_app import intake, timeutil
from helpers import sample_intake
from ui.dashboard import DashboardView
from ui.tally_view import TallyView


def test_the_dashboard_counts_every_save_through_the_change_hook(qtbot, backend):
    view = DashboardView(backend)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh()
    assert view.today_cards["received"].value.text() == "0"
    for _ in range(2):
        req = intake.parse_request(sample_intake(received_at=None))
        with qtbot.waitSignal(backend.changed, timeout=20_000):
            backend.write(intake.save, req, backend.actor)
    qtbot.waitUntil(lambda: view.today_cards["received"].value.text() == "2" and not view._loading, timeout=20_000)


def test_a_changed_report_kind_or_period_disables_export_until_shown_again(qtbot, backend):
    view = TallyView(backend)
    qtbot.addWidget(view)
    view.show()
    today = timeutil.now().date()
    view.set_period(today - timedelta(days=7), today)
    assert not view.export_buttons["xlsx"].isEnabled()
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        qtbot.mouseClick(view.show_button, Qt.LeftButton)
    assert view.export_buttons["xlsx"].isEnabled() and view.suggested_name("xlsx").startswith("thong-ke_")
    view.kind.setCurrentIndex(view.kind.findData("bieu06"))   # changed, not shown: no export of the old table
    assert not any(b.isEnabled() for b in view.export_buttons.values())
    assert "Xem" in view.export_buttons["xlsx"].toolTip()
    view.ask_export("xlsx")  # refused without a dialog
    view.kind.setCurrentIndex(view.kind.findData("tally"))    # back to what is shown: allowed again
    assert view.export_buttons["xlsx"].isEnabled()
    view.set_period(today - timedelta(days=3), today)
    assert not view.export_buttons["xlsx"].isEnabled()
    view.kind.setCurrentIndex(view.kind.findData("bieu06"))
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        qtbot.mouseClick(view.show_button, Qt.LeftButton)
    assert view.export_buttons["xlsx"].isEnabled() and view.suggested_name("xlsx").startswith("bieu-06_")
