"""Translations (Qt Linguist). Vietnamese is the source language; English ships as
ui/i18n/counter_app_en.qm, made from counter_app_en.ts:

    uv run pyside6-lupdate ui/*.py ui/*/*.py -ts ui/i18n/counter_app_en.ts     # collect new strings
    (translate in Qt Linguist or in the .ts file)
    uv run pyside6-lrelease ui/i18n/counter_app_en.ts -qm ui/i18n/counter_app_en.qm

Every user-visible string in ui/ goes through ``tr()``. Messages of the core (counter_app,
sync; Qt-free) go through its gettext catalogue (counter_app/i18n.py), switched here together.

Qt's own dialogs (file, print, message-box buttons, context menus) come from Qt's catalogue.
Qt ships none for Vietnamese: ui/i18n/qtbase_vi.ts is ours, compiled to qtbase_vi.qm with
pyside6-lrelease and loaded in Vietnamese mode (English is Qt's source language).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from counter_app import i18n as core_i18n

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
_DIR = Path(__file__).resolve().parent / "i18n"
_installed: list[QTranslator] = []


def tr(text: str) -> str:
    """Translate a Vietnamese source string (the empty context, as pyside6-lupdate extracts a
    bare ``tr()`` call)."""
    return QCoreApplication.translate("", text)


def language_file(data_dir: Path) -> Path:
    return Path(data_dir) / "ui-language.txt"


def chosen_language(data_dir: Path | None) -> str:
    """COUNTER_APP_LANG, else the station's choice (a small file beside the database, so the
    login window can be translated before the database is open), else Vietnamese."""
    lang = os.environ.get("COUNTER_APP_LANG", "")
    if not lang and data_dir is not None:
        try:
            lang = language_file(data_dir).read_text(encoding="utf-8").strip()
        except OSError:
            lang = ""
    return lang if lang in LANGUAGES else "vi"


def set_language(data_dir: Path, lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    path = language_file(data_dir)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(lang, encoding="utf-8")
    tmp.replace(path)


def install(app, lang: str) -> bool:
    """Load the translations for ``lang``: ours (none for Vietnamese, the source), Qt's own
    (ours for Vietnamese; none for English, Qt's source), the core's catalogue and the locale
    (month and day names of calendars). True when loaded."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    core_i18n.set_language(lang)
    if lang == "vi":
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        return _load(app, _DIR / "qtbase_vi.qm")
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return _load(app, _DIR / f"counter_app_{lang}.qm")


def _load(app, path: Path) -> bool:
    translator = QTranslator()
    if not translator.load(str(path)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
