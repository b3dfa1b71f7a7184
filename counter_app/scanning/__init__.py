"""Scanning and digitised attachments (Qt-free).

How a paper component becomes a stored PDF:

1. **Sources** (:mod:`.sources`) deliver :class:`~.pages.Page` objects through one interface,
   :class:`~.sources.PageSource`: SANE scanners (:mod:`.sane`), Windows WIA/TWAIN scanners
   (:mod:`.windows`), a watched folder filled by network scanners (:mod:`.folder`) and file
   import (JPEG, PNG, TIFF incl. multi-page, PDF). Sources run on a worker thread and call
   ``on_page`` for each page as soon as it is ready.
2. **Pages** (:mod:`.pages`): every input is checked against the limits of :mod:`.profile`,
   normalised (DPI, colour, JPEG quality) and kept as a one-page PDF plus a small thumbnail;
   a page may also carry a CCCD QR payload found on it (:mod:`.qr`).
3. **Build** (:mod:`.pdfbuild`): the pages of one component, in the clerk's order and with
   their rotations, become one deterministic PDF.
4. **Store** (:mod:`.store`): content-addressed by sha256 under ``<data_dir>/files``; written to
   a temp file, fsynced and renamed before any database row refers to it.
5. **Attach** (:mod:`.attachments`): one write transaction records the file, the attachment,
   the outbox entry for the sync engine and the audit row.
6. **Retention** (:mod:`.retention`): once the province confirmed a file and every dossier using
   it is closed, it leaves the PC after the retention period (the rows stay) and is fetched back
   from the province on demand.
"""
