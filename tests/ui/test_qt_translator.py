"""Qt's own buttons, menus and dialogs in Vietnamese through PoTranslator (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox, QWizard

from app.ui.qt_translator import PoTranslator, install_qt_translations, qt_catalogue_path

pytestmark = pytest.mark.ui


@pytest.fixture
def vietnamese(qapp):
    translators = install_qt_translations(qapp, "vi")
    yield translators
    install_qt_translations(qapp, "en")


def test_catalogue_is_read_into_context_source_pairs():
    translator = PoTranslator(qt_catalogue_path("vi_VN"))
    assert not translator.isEmpty()
    assert translator.language_code == "vi"
    assert translator.translate("QPlatformTheme", "OK") == "Đồng ý"
    assert translator.translate("QWidgetTextControl", "&Copy") == "&Sao chép"
    assert translator.translate("QFileDialog", "%1 already exists.\nDo you want to replace it?").startswith(
        "%1 "
    )
    # Unknown texts give None (a null QString), which makes Qt fall back to English.
    assert translator.translate("QPlatformTheme", "No such text") is None
    assert translator.translate("NoSuchContext", "OK") is None


def test_install_returns_translators_and_en_removes_them(qapp):
    translators = install_qt_translations(qapp, "vi")
    assert len(translators) == 1 and isinstance(translators[0], PoTranslator)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"
    assert QCoreApplication.translate("QPlatformTheme", "Not translated") == "Not translated"
    assert install_qt_translations(qapp, "en") == []
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_dialog_button_box(vietnamese, qtbot):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "Đồng ý"
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"


def test_message_box_yes_no(vietnamese, qtbot):
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert box.button(QMessageBox.StandardButton.Yes).text() == "&Có"
    assert box.button(QMessageBox.StandardButton.No).text() == "&Không"


def test_wizard_buttons(vietnamese, qtbot):
    wizard = QWizard()
    qtbot.addWidget(wizard)
    wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "&Tiếp >"
    assert wizard.buttonText(QWizard.WizardButton.BackButton) == "< &Quay lại"
    assert wizard.buttonText(QWizard.WizardButton.FinishButton) == "&Hoàn tất"
    assert wizard.buttonText(QWizard.WizardButton.CancelButton) == "Hủy"


def test_line_edit_context_menu(vietnamese, qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [action.text().split("\t")[0] for action in menu.actions() if action.text()]
    menu.deleteLater()
    for expected in ("&Hoàn tác", "&Làm lại", "Cắ&t", "&Sao chép", "&Dán", "Xóa", "Chọn tất cả"):
        assert expected in texts


def test_catalogue_pairs_match_qts_own_sources():
    """Every (context, source) pair not flagged 'Not found' is one Qt really translates: some
    qtbase_*.qm shipped with PySide6 has a translation for exactly that pair."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    qms = sorted(folder.glob("qtbase_*.qm"))
    if not qms:
        pytest.skip("this Qt build ships no qtbase catalogues")
    references = []
    for qm in qms:
        translator = QTranslator()
        assert translator.load(str(qm))
        references.append(translator)
    with qt_catalogue_path("vi").open("rb") as fh:
        catalog = read_po(fh)
    checked, missing = 0, []
    for message in catalog:
        if not message.id or any("Not found" in c for c in message.auto_comments):
            continue
        checked += 1
        if not any(t.translate(message.context, message.id) for t in references):
            missing.append((message.context, message.id))
    assert checked > 200
    assert missing == []
