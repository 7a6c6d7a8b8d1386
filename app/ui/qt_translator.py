"""Vietnamese for Qt's own texts: standard buttons, context menus, file and print dialogs.

Qt ships no ``qtbase_vi.qm``. ``resources/translations/qtbase_vi.po`` holds the translations as a
gettext catalogue whose ``msgctxt`` is the Qt translation context (``QPlatformTheme``,
``QWidgetTextControl``, ...) and whose ``msgid`` is Qt's exact English source text. The catalogue
is read with Babel into :class:`PoTranslator`, a :class:`QTranslator` whose ``translate`` is
overridden in Python; Qt calls that override for every ``tr()`` lookup, so no ``.qm`` is needed.

Unknown texts make ``translate`` return ``None`` (a null ``QString``), which tells Qt to try the
next translator and finally to fall back to the English source. An empty string would not: Qt
would show an empty label.
"""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.pofile import read_po
from PySide6.QtCore import QLibraryInfo, QObject, QTranslator
from PySide6.QtWidgets import QApplication

from app.domain.reference import resources_dir

__all__ = ["PoTranslator", "install_qt_translations", "qt_catalogue_path"]

# Translators installed by install_qt_translations, kept alive for the life of the process.
_installed: list[QTranslator] = []


def qt_catalogue_path(language: str) -> Path:
    """The shipped catalogue of Qt's texts for ``language`` (``resources/translations/qtbase_vi.po``)."""
    return resources_dir() / "translations" / f"qtbase_{_base_language(language)}.po"


def _base_language(language: str) -> str:
    """``"vi_VN"``, ``"vi-VN"``, ``"VI"`` → ``"vi"``."""
    return language.replace("-", "_").split("_", 1)[0].lower()


class PoTranslator(QTranslator):
    """A translator fed from a gettext .po file keyed by (Qt context, English source text)."""

    def __init__(self, po_path: str | os.PathLike[str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._messages: dict[tuple[str, str], str] = {}
        self._language = ""
        self._path = ""
        if po_path is not None:
            self.load_po(po_path)

    def load_po(self, po_path: str | os.PathLike[str]) -> bool:
        """Read ``po_path``, replacing what was loaded before. Fuzzy and untranslated entries are
        skipped. Returns whether any translation was loaded."""
        path = Path(po_path)
        with path.open("rb") as fh:
            catalog = read_po(fh)
        messages: dict[tuple[str, str], str] = {}
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            source = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
            text = message.string
            if isinstance(text, (list, tuple)):
                text = text[0] if text else ""
            if text:
                messages[(message.context or "", source)] = text
        self._messages = messages
        self._language = str(catalog.locale) if catalog.locale else ""
        self._path = str(path)
        return bool(messages)

    @property
    def messages(self) -> dict[tuple[str, str], str]:
        """A copy of the loaded {(context, source): translation} table."""
        return dict(self._messages)

    def translate(
        self,
        context: str | None,
        sourceText: str | None,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        """The Vietnamese text, or ``None`` so that Qt falls back to the next translator / English.

        The disambiguation comment is ignored, like Qt's own lookup does when no entry carries it.
        """
        if not sourceText:
            return None
        return self._messages.get((context or "", sourceText))

    def isEmpty(self) -> bool:
        return not self._messages

    @property
    def language_code(self) -> str:
        """The catalogue's ``Language`` header (``"vi"``), empty before loading."""
        return self._language

    @property
    def po_path(self) -> str:
        """The .po file last loaded, empty before loading."""
        return self._path


def _remove_installed(app: QApplication) -> None:
    while _installed:
        app.removeTranslator(_installed.pop())


def install_qt_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Install the translators for Qt's own texts in ``language`` and return them.

    ``"vi"`` (or ``"vi_VN"``) installs a :class:`PoTranslator` over ``qtbase_vi.po``. Any other
    language loads Qt's own ``qtbase_<lang>.qm`` when the Qt build ships one (none is needed for
    English). Translators from an earlier call are removed first, so switching language works.
    The translators are parented to ``app`` and kept in a module list, so they stay alive.
    """
    _remove_installed(app)
    lang = _base_language(language)
    translators: list[QTranslator] = []
    if lang == "vi":
        po = qt_catalogue_path(lang)
        if po.exists():
            translators.append(PoTranslator(po, app))
    elif lang and lang != "en":
        qm = QTranslator(app)
        if qm.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            translators.append(qm)
    for translator in translators:
        app.installTranslator(translator)
        _installed.append(translator)
    return list(translators)
