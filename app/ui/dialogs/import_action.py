"""The "Nhập Excel" action of the Hộ gia đình and Thôn/bản pages, kept light: the wizard and the
Excel readers are imported when the officer first clicks it, not when the window starts."""

from __future__ import annotations

from app.i18n import _


def connect_import(page) -> None:
    """Enable a list page's "Nhập Excel" action and open :class:`ImportWizard` from it."""
    page.import_action.setEnabled(True)
    page.import_action.setToolTip(_("Nhập danh sách hộ gia đình từ tệp Excel"))
    page.import_action.triggered.connect(lambda: open_import(page))


def open_import(page):
    """Show the wizard over ``page``; the :class:`ImportResult`, or None when nothing was imported."""
    from app.ui.dialogs.import_wizard import open_import_wizard

    return open_import_wizard(page.ctx, page)
