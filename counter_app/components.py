"""How a dossier's components are numbered (Qt-free: the intake form and the scan panel only
call this).

The components of a procedure are numbered from 1 in the order of the checklist the clerk
sees; a component's number is also its row in the scan panel (row 0,
:data:`counter_app.scanning.batch.UNASSIGNED`, holds the pages not yet assigned). The dossier
that is saved keeps the ticked components only, numbered again from 1 in the same order (their
``position``, as :func:`counter_app.intake.save` stores them): a scan belongs to the position
of its component among the ticked ones. A stored dossier's components come back in the order
of their positions and are numbered from 1 again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

FIRST = 1  # the number of the first component


def number(index: int) -> int:
    """The number of the component at ``index`` (0-based) of the checklist."""
    return index + FIRST


def index(num: int) -> int:
    """The checklist index (0-based) of component number ``num``."""
    return num - FIRST


def label(num: int, name: str) -> str:
    """What the clerk reads: ``"2. Bản sao giấy khai sinh"``."""
    return f"{num}. {name}"


def saved_positions(ticked: Sequence[bool]) -> dict[int, int]:
    """Component number -> position in the saved dossier, for the ticked components only."""
    positions: dict[int, int] = {}
    for i, is_ticked in enumerate(ticked):
        if is_ticked:
            positions[number(i)] = len(positions) + FIRST
    return positions


def scan_positions(ticked: Sequence[bool], page_counts: Sequence[int],
                   names: Sequence[str]) -> tuple[dict[int, int], list[str]]:
    """Where the scans go when the dossier is saved: component number -> saved position (the
    ticked components, see :func:`saved_positions`), and the names of the unticked components
    that hold scanned pages (they would be lost: the save must be refused)."""
    unticked = [names[i] for i, is_ticked in enumerate(ticked) if not is_ticked and page_counts[i]]
    return saved_positions(ticked), unticked


def numbers_of_stored(positions: Iterable[int]) -> dict[int, int]:
    """Component number -> stored position, for a stored dossier's components listed in the
    order of their positions (positions need not be contiguous)."""
    return {number(i): pos for i, pos in enumerate(positions)}
