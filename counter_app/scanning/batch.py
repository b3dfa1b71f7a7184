"""The pages of one dossier being digitised, per component (Qt-free model behind the panel).

Row 0 is "Chưa xếp thành phần" (pages from the watched folder wait there to be assigned);
rows 1…n are the dossier's components in the order the clerk sees them. Operations keep the
rules in one place: imported pages already present (same content, any row) are skipped,
scanned pages never are; moves, rotations, deletions and reordering mark the rows they touch
as changed, so only those are rebuilt and stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from . import profile as prof
from ..i18n import _
from .errors import PageInputError

if TYPE_CHECKING:  # pages pulls in Pillow, qpdf and PDFium: not needed to import the model
    from .pages import Page

UNASSIGNED = 0


class ScanBatch:
    def __init__(self) -> None:
        self.names: list[str] = []
        self._rows: dict[int, list[Page]] = {UNASSIGNED: []}
        self.changed: set[int] = set()

    # -- components ----------------------------------------------------------------------------
    def set_components(self, names: list[str]) -> int:
        """New component list. Pages of a row whose component changed go to row 0 (nothing is
        lost when the clerk picks another procedure). Returns how many pages moved there."""
        moved = 0
        new_rows: dict[int, list[Page]] = {UNASSIGNED: list(self._rows.get(UNASSIGNED, []))}
        for row, pages in self._rows.items():
            if row == UNASSIGNED or not pages:
                continue
            if row <= len(names) and row <= len(self.names) and names[row - 1] == self.names[row - 1]:
                new_rows[row] = pages
            else:
                new_rows[UNASSIGNED].extend(pages)
                moved += len(pages)
        self.names = list(names)
        for row in range(1, len(names) + 1):
            new_rows.setdefault(row, [])
        self._rows = new_rows
        self.changed = {r for r in self.changed if r in new_rows}
        return moved

    def rows(self) -> list[int]:
        return [UNASSIGNED, *range(1, len(self.names) + 1)]

    def name(self, row: int) -> str:
        return _("Chưa xếp thành phần") if row == UNASSIGNED else self.names[row - 1]

    # -- reading -------------------------------------------------------------------------------
    def pages(self, row: int) -> list[Page]:
        return list(self._rows.get(row, []))

    def count(self, row: int) -> int:
        return len(self._rows.get(row, []))

    def all_pages(self) -> list[Page]:
        return [p for pages in self._rows.values() for p in pages]

    def total_bytes(self) -> int:
        return sum(p.size for p in self.all_pages())

    def assigned_rows(self) -> list[int]:
        return [r for r in self.rows() if r != UNASSIGNED and self._rows.get(r)]

    def find(self, uid: int) -> tuple[int, int] | None:
        for row, pages in self._rows.items():
            for i, p in enumerate(pages):
                if p.uid == uid:
                    return row, i
        return None

    # -- changes -------------------------------------------------------------------------------
    def load(self, row: int, pages: list[Page]) -> None:
        """Pages already stored for a component (the dossier detail): not a change."""
        self._rows[row] = list(pages)
        self.changed.discard(row)

    def add(self, row: int, pages: Iterable[Page], *, imported: bool) -> tuple[list[Page], int]:
        """Append pages to ``row``. Imported pages whose content is already in the batch are
        skipped (the same page imported twice is kept once). Returns (added, skipped)."""
        if row not in self._rows:
            row = UNASSIGNED
        present = {p.key for p in self.all_pages()}
        added: list[Page] = []
        skipped = 0
        for page in pages:
            if imported and page.key in present:
                skipped += 1
                continue
            present.add(page.key)
            added.append(page)
        if self.count(row) + len(added) > prof.MAX_PAGES_PER_COMPONENT and row != UNASSIGNED:
            raise PageInputError(
                _("Thành phần \"{name}\" có tối đa {limit} trang.").format(
                    name=self.name(row), limit=prof.MAX_PAGES_PER_COMPONENT)
            )
        total = self.total_bytes() + sum(p.size for p in added)
        if total > prof.MAX_DOSSIER_BYTES:
            raise PageInputError(
                _("Tổng dung lượng bản quét của hồ sơ sẽ vượt giới hạn {limit} "
                  "({size}); không thêm được các trang này.").format(
                    limit=prof.mb(prof.MAX_DOSSIER_BYTES), size=prof.mb(total))
            )
        self._rows[row].extend(added)
        if added:
            self.changed.add(row)
        return added, skipped

    def _take(self, uids: Iterable[int]) -> list[tuple[int, Page]]:
        wanted = set(uids)
        taken: list[tuple[int, Page]] = []
        for row, pages in self._rows.items():
            keep = []
            for p in pages:
                if p.uid in wanted:
                    taken.append((row, p))
                else:
                    keep.append(p)
            if len(keep) != len(pages):
                self._rows[row] = keep
                self.changed.add(row)
        return taken

    def delete(self, uids: Iterable[int]) -> int:
        return len(self._take(uids))

    def move(self, uids: Iterable[int], target: int) -> int:
        if target not in self._rows:
            return 0
        uids = list(uids)
        order = {u: i for i, u in enumerate(uids)}
        taken = self._take(uids)
        pages = [p for _row, p in sorted(taken, key=lambda t: order.get(t[1].uid, 0))]
        if target != UNASSIGNED and self.count(target) + len(pages) > prof.MAX_PAGES_PER_COMPONENT:
            for row, p in taken:  # put them back where they were
                self._rows[row].append(p)
            raise PageInputError(_("Thành phần \"{name}\" có tối đa {limit} trang.").format(
                name=self.name(target), limit=prof.MAX_PAGES_PER_COMPONENT))
        self._rows[target].extend(pages)
        self.changed.add(target)
        return len(pages)

    def rotate(self, uids: Iterable[int], degrees: int) -> int:
        wanted = set(uids)
        n = 0
        for row, pages in self._rows.items():
            for i, p in enumerate(pages):
                if p.uid in wanted:
                    pages[i] = p.rotated(degrees)
                    self.changed.add(row)
                    n += 1
        return n

    def reorder(self, row: int, uids: list[int]) -> None:
        """Set the order of ``row`` (e.g. after a drag and drop); ``uids`` must be its pages."""
        pages = {p.uid: p for p in self._rows.get(row, [])}
        if set(uids) != set(pages) or len(uids) != len(pages):
            raise ValueError("reorder needs exactly the pages of the row")
        new = [pages[u] for u in uids]
        if [p.uid for p in self._rows[row]] != uids:
            self._rows[row] = new
            self.changed.add(row)

    def shift(self, row: int, uids: Iterable[int], delta: int) -> None:
        """Move the selected pages of ``row`` one place earlier (-1) or later (+1)."""
        pages = self._rows.get(row, [])
        chosen = set(uids)
        idx = [i for i, p in enumerate(pages) if p.uid in chosen]
        if not idx:
            return
        order = list(pages)
        rng = idx if delta < 0 else list(reversed(idx))
        for i in rng:
            j = i + delta
            if 0 <= j < len(order) and order[j].uid not in chosen:
                order[i], order[j] = order[j], order[i]
        if order != pages:
            self._rows[row] = order
            self.changed.add(row)

    def clear(self, rows: Iterable[int]) -> None:
        for row in rows:
            if row in self._rows:
                self._rows[row] = []
                self.changed.discard(row)

    def take_qr_payloads(self) -> list[str]:
        return [p.qr_payload for p in self.all_pages() if p.qr_payload]
