"""Component numbering: checklist numbers from 1, saved positions count the ticked components
only, scans on unticked components are named, stored positions map back to numbers."""

from counter_app import components as comp
from counter_app.scanning.batch import UNASSIGNED, ScanBatch


def test_numbers_start_at_one_and_never_collide_with_the_unassigned_row():
    assert [comp.number(i) for i in range(3)] == [1, 2, 3]
    assert [comp.index(comp.number(i)) for i in range(3)] == [0, 1, 2]
    assert comp.number(0) != UNASSIGNED
    batch = ScanBatch()
    batch.set_components(["A", "B", "C"])
    assert batch.rows()[1:] == [comp.number(i) for i in range(3)]


def test_label():
    assert comp.label(2, "Bản sao giấy khai sinh") == "2. Bản sao giấy khai sinh"


def test_saved_positions_count_the_ticked_components_only():
    assert comp.saved_positions([]) == {}
    assert comp.saved_positions([True, True, True]) == {1: 1, 2: 2, 3: 3}
    assert comp.saved_positions([False, True, False, True]) == {2: 1, 4: 2}
    assert comp.saved_positions([False, False]) == {}


def test_scan_positions_name_unticked_components_holding_pages():
    positions, unticked = comp.scan_positions(
        [True, False, False, True], [2, 3, 0, 0], ["Tờ khai", "CCCD", "Sổ hộ khẩu", "Ảnh"])
    assert positions == {1: 1, 4: 2}
    assert unticked == ["CCCD"]  # "Sổ hộ khẩu" is unticked but has no pages
    assert comp.scan_positions([True], [0], ["Tờ khai"]) == ({1: 1}, [])


def test_stored_positions_map_back_to_numbers():
    assert comp.numbers_of_stored([1, 2, 3]) == {1: 1, 2: 2, 3: 3}
    assert comp.numbers_of_stored([2, 5]) == {1: 2, 2: 5}
    assert comp.numbers_of_stored([]) == {}
