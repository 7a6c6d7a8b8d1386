"""What the certificate screen tests share: the decided round of tests/certificates (eight
households recognised "Gia đình học tập" by 125/QĐ-UBND), the commune's key, the page shown at a
desktop size, and answering the passphrase dialog as a person would."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit

from tests.certificates.conftest import HOUSEHOLDS, PASSPHRASE, PRINT_ORDER, commune_key, decided  # noqa: F401
from tests.ui.helpers import on_next_modal

__all__ = ["HOUSEHOLDS", "PASSPHRASE", "PRINT_ORDER", "commune_key", "decided", "page", "answer_passphrase",
           "saved_pdfs"]


@pytest.fixture
def page(qtbot, db, paths, commune):
    from app.ui.context import UiContext
    from app.ui.pages.certificates_page import CertificatesPage

    ctx = UiContext(db, paths, 2025)
    w = CertificatesPage(ctx)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: bool(w._loaded))
    return w


def answer_passphrase(qtbot, keyboard, passphrases: list[str], seen: list, errors: list[str]) -> None:
    """On the next modal (the passphrase dialog): type each passphrase in turn and press OK, noting
    the red message shown after each try; cancel if the last one was refused."""

    def handler(dialog) -> None:
        field = dialog.findChild(QLineEdit)
        for text in passphrases:
            field.selectAll()
            field.setFocus()
            keyboard.type(text, field)
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
            if dialog.isVisible():
                errors.append(next(label.text() for label in dialog.findChildren(QLabel)
                                   if label.isVisible() and label.text().startswith("Sai")))
        if dialog.isVisible():
            dialog.reject()

    on_next_modal(qtbot, handler, seen)


@pytest.fixture
def saved_pdfs(monkeypatch, tmp_path):
    """Mở tệp PDF saves to a file in tmp_path (the file dialog answered) and does not open a reader;
    returns the list of paths written."""
    from app.ui.certificates import common, print_view

    written: list = []

    def ask(_parent, _title, name):
        return tmp_path / f"{common.file_stem(name)}.pdf"

    monkeypatch.setattr(print_view, "ask_pdf_path", ask)
    monkeypatch.setattr(common, "ask_pdf_path", ask)
    monkeypatch.setattr(print_view, "open_file", written.append)
    monkeypatch.setattr(common, "open_file", written.append)
    return written
