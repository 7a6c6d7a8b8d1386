"""The one calm palette, the accent colour, status colours and the style sheet, defined once."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

ACCENT = "#1565c0"
ACCENT_LIGHT = "#e3f0fc"
TEXT = "#263238"
MUTED = "#607d8b"
BORDER = "#cfd8dc"
WINDOW = "#f5f7f8"
SURFACE = "#ffffff"
NAV = "#eef2f5"

# Status colours, always shown with text or an icon, never alone.
GREEN = "#2e7d32"  # recognised / decided
AMBER = "#b26a00"  # in progress / warning
RED = "#c62828"  # problem
GREY = "#78909c"  # not started

STYLE_SHEET = f"""
QWidget {{ color: {TEXT}; }}
QMainWindow, QDialog, QWizard {{ background: {WINDOW}; }}
QListWidget#nav {{ background: {NAV}; border: none; border-right: 1px solid {BORDER}; padding-top: 6px; }}
QListWidget#nav::item {{ padding: 7px 10px; border-radius: 4px; margin: 1px 6px; }}
QListWidget#nav::item:selected {{ background: {ACCENT}; color: white; }}
QListWidget#nav::item:hover:!selected {{ background: {ACCENT_LIGHT}; }}
QFrame#topbar {{ background: {SURFACE}; border-bottom: 1px solid {BORDER}; }}
QLabel#communeName {{ font-weight: bold; font-size: 11pt; }}
QLabel#pageTitle {{ font-size: 14pt; font-weight: bold; }}
QLabel#count {{ color: {MUTED}; }}
QLabel#hint {{ color: {MUTED}; }}
QLabel#emptyState {{ color: {MUTED}; font-size: 11pt; padding: 24px; }}
QLabel.error, QLabel#fieldError {{ color: {RED}; }}
QLabel#fieldWarning {{ color: {AMBER}; }}
QTableView {{ background: {SURFACE}; gridline-color: #eceff1; selection-background-color: {ACCENT_LIGHT};
             selection-color: {TEXT}; border: 1px solid {BORDER}; }}
QHeaderView::section {{ background: {NAV}; padding: 4px 6px; border: none; border-right: 1px solid {BORDER};
                        border-bottom: 1px solid {BORDER}; font-weight: bold; }}
QLineEdit, QComboBox, QSpinBox, QDateEdit, QPlainTextEdit {{ background: {SURFACE}; border: 1px solid {BORDER};
    border-radius: 3px; padding: 3px 5px; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDateEdit:focus, QPlainTextEdit:focus {{ border: 1px solid {ACCENT}; }}
QLineEdit[invalid="true"], QComboBox[invalid="true"] {{ border: 1px solid {RED}; }}
QPushButton {{ padding: 5px 12px; border: 1px solid {BORDER}; border-radius: 3px; background: {SURFACE}; }}
QPushButton:hover {{ background: {ACCENT_LIGHT}; }}
QPushButton:disabled, QToolButton:disabled {{ color: #a7b4bb; }}
QPushButton:default, QPushButton#primary {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton:default:disabled, QPushButton#primary:disabled {{ background: #b0bec5; color: #eceff1; border-color: #b0bec5; }}
QToolBar {{ background: transparent; border: none; spacing: 4px; }}
QToolButton {{ padding: 4px 8px; border-radius: 3px; }}
QToolButton:hover {{ background: {ACCENT_LIGHT}; }}
QGroupBox {{ font-weight: bold; border: 1px solid {BORDER}; border-radius: 4px; margin-top: 10px; padding-top: 8px;
             background: {SURFACE}; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
QStatusBar {{ background: {SURFACE}; border-top: 1px solid {BORDER}; }}
"""


def apply_theme(app: QApplication) -> None:
    app.setStyle(QStyleFactory.create("Fusion"))
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Window, QColor(WINDOW))
    pal.setColor(QPalette.ColorRole.Base, QColor(SURFACE))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor("#f8fafb"))
    pal.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    pal.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    pal.setColor(QPalette.ColorRole.Button, QColor(SURFACE))
    pal.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    pal.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.PlaceholderText, QColor(MUTED))
    pal.setColor(QPalette.ColorRole.ToolTipBase, QColor("#fffde7"))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#a7b4bb"))
    app.setPalette(pal)
    app.setStyleSheet(STYLE_SHEET + _arrows())


def _arrows() -> str:
    """Drop-down and spin arrows: a styled QComboBox no longer draws Fusion's own."""
    from app.paths import resources_dir

    icons = (resources_dir() / "icons").as_posix()
    return f"""
QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right; width: 22px;
                        border: none; border-left: 1px solid {BORDER}; }}
QComboBox::down-arrow {{ image: url({icons}/chevron-down.svg); width: 14px; height: 14px; }}
QComboBox QAbstractItemView {{ background: {SURFACE}; selection-background-color: {ACCENT_LIGHT};
                               selection-color: {TEXT}; border: 1px solid {BORDER}; }}
QSpinBox::up-button, QDateEdit::up-button {{ subcontrol-position: top right; width: 18px; border: none; }}
QSpinBox::down-button, QDateEdit::down-button {{ subcontrol-position: bottom right; width: 18px; border: none; }}
QSpinBox::up-arrow, QDateEdit::up-arrow {{ image: url({icons}/chevron-up.svg); width: 10px; height: 10px; }}
QSpinBox::down-arrow, QDateEdit::down-arrow {{ image: url({icons}/chevron-down.svg); width: 10px; height: 10px; }}
"""
