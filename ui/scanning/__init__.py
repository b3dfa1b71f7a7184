"""Parts of the scan panel (ui/scan_panel.py): sources, dossier mode, thumbnails, settings."""
