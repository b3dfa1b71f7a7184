"""The scan panel's dossier mode (the "Bản quét" tab of a dossier's details): the stored scans
are loaded, fetched back from the province when they were removed from this PC after the
retention period, edited and saved with "Lưu bản quét".

Scans removed from this PC come back from the province in three steps on three threads: what
to fetch (a reader), the download (the network runner, no database), the mark "on this PC
again" (the writer). The GUI thread never waits on the network.
"""

from __future__ import annotations

from counter_app.components import numbers_of_stored
from counter_app.errors import UserError
from counter_app.scanning.batch import UNASSIGNED, ScanBatch

from ..i18n import tr
from . import jobs


class DossierModeMixin:
    """Loading, fetching back and saving a stored dossier's scans, mixed into
    :class:`ui.scan_panel.ScanPanel` (``mode="dossier"``)."""

    def load_dossier(self, code: str) -> None:
        """Show the stored scans of dossier ``code``: loaded when the panel is first shown
        (opening a dossier's details does not read its PDFs until the clerk looks at them)."""
        self.dossier_code = code
        self._fetch_tried = False
        if self.isVisible():
            self._load_dossier_now()
        else:
            self._load_pending = True

    def _load_dossier_now(self, allow_purged: bool = False) -> None:
        code = self.dossier_code
        if not allow_purged:
            self.banner.show_message(tr('Đang tải bản quét…'), "info")
        self.backend.read(jobs.load_for_editing, self.backend.data_dir, code, allow_purged,
                          on_done=self._dossier_loaded, on_error=self._load_failed)

    def _load_failed(self, exc: BaseException) -> None:
        from counter_app.scanning.errors import FileNotOnThisPC

        if isinstance(exc, FileNotOnThisPC) and not self._fetch_tried:
            self._fetch_tried = True
            self._fetch_from_province(exc.sha256s)
        else:
            self._error(exc)

    def _fetch_from_province(self, sha256s: list[str]) -> None:
        """Scans removed from this PC after the retention period: fetch them back in the
        background, then show the dossier's scans (what is here, if the fetch fails)."""
        self.banner.show_message(tr('Đang tải bản quét từ hệ thống tỉnh…'), "info")
        data_dir, actor, code = self.backend.data_dir, self.backend.actor, self.dossier_code
        self._set_busy(1)

        def failed(exc: BaseException) -> None:
            self._set_busy(-1)
            msg = exc.message if isinstance(exc, UserError) else tr('Lỗi không mong đợi: {0}').format(exc)
            self._fetch_note = (msg, "error")
            self._load_dossier_now(allow_purged=True)

        def marked(_n) -> None:
            self._set_busy(-1)
            self._fetch_note = (tr('Đã tải bản quét từ hệ thống tỉnh về máy.'), "ok")
            self._load_dossier_now(allow_purged=True)

        def downloaded(shas) -> None:
            self.backend.write(jobs.mark_fetched, data_dir, shas, actor, code, on_done=marked, on_error=failed)

        def prepared(prep) -> None:
            refs, client = prep
            if not refs:
                marked(0)
                return
            self.backend.fetch(jobs.download, data_dir, refs, client, on_done=downloaded, on_error=failed)

        self.backend.read(jobs.prepare_fetch, data_dir, sha256s, on_done=prepared, on_error=failed)

    def _dossier_loaded(self, data) -> None:
        self.dossier_id = data["dossier_id"]
        self.purged_positions = set(data["purged"])
        comps = data["components"]
        self.positions = numbers_of_stored(pos for pos, _name in comps)
        self.batch = ScanBatch()
        self.batch.set_components([name for _pos, name in comps])
        for row, pos in self.positions.items():
            self.batch.load(row, data["pages"].get(pos, []))
        self.banner.clear_message()
        note, self._fetch_note = self._fetch_note, None
        if data["purged"]:
            text = tr('Một số bản quét đã được gỡ khỏi máy sau khi tải lên tỉnh; không sửa được ở đây.')
            self.banner.show_message(f"{note[0]} {text}" if note else text, "error" if note else "info")
        elif note:
            self.banner.show_message(*note)
        self._refresh_components()
        if comps:
            self.select_row(1)
        self.counts_changed.emit()

    def save_dossier_scans(self) -> None:
        if self.dossier_id is None or not self.batch.changed:
            return
        rows = sorted(r for r in self.batch.changed if r != UNASSIGNED)
        away = [self.positions[r] for r in rows if self.positions.get(r) in self.purged_positions]
        if away:  # its pages are not here: saving would replace the stored scan by the new pages only
            self.banner.show_message(tr(
                'Thành phần {0} có bản quét chỉ còn ở hệ thống tỉnh; hãy mở lại hồ sơ khi có mạng để tải về rồi '
                'mới sửa.').format(", ".join(str(p) for p in away)))
            return
        with_pages = {r: self.positions[r] for r in rows if self.batch.count(r)}
        removals = [self.positions[r] for r in rows if not self.batch.count(r)]
        dossier_id, actor, data_dir = self.dossier_id, self.backend.actor, self.backend.data_dir
        self.save_button.setEnabled(False)
        self.save_button.setText(tr('Đang lưu…'))

        def record(items) -> None:
            self._set_busy(1)
            self.backend.write(jobs.save_scans, dossier_id, items, removals, actor, data_dir,
                               on_done=lambda _n: self._dossier_saved(rows),
                               on_error=lambda exc: (self._set_busy(-1), self._save_failed(exc)))

        self.store_assigned(with_pages, on_done=record, on_error=self._save_failed)

    def _dossier_saved(self, rows) -> None:
        self._set_busy(-1)
        self.save_button.setText(tr('Lưu bản quét'))
        for r in rows:
            self.batch.changed.discard(r)
        self.banner.show_message(tr('Đã lưu bản quét của hồ sơ.'), "ok")
        self._changed()
        self.saved.emit()

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setText(tr('Lưu bản quét'))
        self._error(exc)

    def has_unsaved_changes(self) -> bool:
        return self.mode == "dossier" and bool(self.batch.changed)
