"""Work the scan panel runs off the GUI thread (worker, reader, writer and network threads).

The imaging stack (Pillow, qpdf, PDFium, zxing) loads on first use, on a worker thread, so the
panel adds nothing to the app's start-up time: every import here is inside a function.
"""

from __future__ import annotations

from counter_app.scanning.profile import ScanProfile


_warmed = False


def warm_up() -> None:
    """Load the imaging stack (Pillow, img2pdf, qpdf, PDFium, zxing) and run one tiny page
    through it, on a worker, so the first real scan does not pay for it. Once per process (the
    login window's preload, ui/app.py, usually did it before the scan panel asks)."""
    global _warmed
    if _warmed:
        return
    from PIL import Image

    from counter_app.scanning import qr  # noqa: F401
    from counter_app.scanning.pages import page_from_image
    from counter_app.scanning.pdfbuild import build_pdf

    build_pdf([page_from_image(Image.new("L", (64, 64), 255), ScanProfile(), origin="warm-up", dpi=72)])
    _warmed = True


def discover():
    from counter_app.scanning.discovery import discover_scanners

    return discover_scanners()


def import_files(paths, profile, on_page, **kw):
    from counter_app.scanning.sources import FileImport

    return FileImport(paths).acquire(profile, on_page, **kw)


def load_for_editing(db, data_dir, code, allow_purged=False):
    from counter_app.scanning import attachments

    return attachments.load_for_editing(db, data_dir, code, allow_purged=allow_purged)


# Scans removed from this PC after the retention period come back from the province in three
# steps on three threads: what to fetch (a reader), the download (the network runner, no
# database), the mark "on this PC again" (the writer). The GUI thread never waits on the network.
def prepare_fetch(db, data_dir, sha256s):
    from counter_app.scanning import retention
    from sync.remote_files import open_province_files

    refs = retention.refs_to_fetch(db, sha256s)
    return refs, (open_province_files(db, data_dir) if refs else None)


def download(data_dir, refs, client):
    from counter_app.scanning import retention

    try:
        for ref in refs:
            retention.download(data_dir, ref, client)
    finally:
        client.close()
    return [ref.sha256 for ref in refs]


def mark_fetched(db, data_dir, sha256s, actor, code):
    from counter_app.scanning import retention

    return retention.mark_fetched(db, data_dir, sha256s, actor or retention.SYSTEM_ACTOR, obj=code)


def save_scans(db, dossier_id, items, removed_positions, actor, data_dir):
    from counter_app.scanning import attachments

    removals = [attachments.Removal(p) for p in removed_positions]
    return attachments.save_scans(db, dossier_id, [*items, *removals], actor, data_dir)



def store_components(data_dir, work):
    """Build and store the PDF of each ``(position, name, pages)`` of ``work``."""
    from counter_app.scanning import attachments

    return [attachments.store_component(data_dir, pos, name, pages) for pos, name, pages in work]
