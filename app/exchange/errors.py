"""Typed errors of the Excel exchange; each carries a Vietnamese message the UI can show as is."""

from __future__ import annotations

from app.i18n import _


class WorkbookError(Exception):
    """A file that cannot be read as a workbook, or is refused as hostile (too big, a ZIP bomb,
    not a spreadsheet). ``str(error)`` is the message for the user; nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Cancelled(Exception):
    """The user pressed Cancel; whatever the interrupted step would have written was rolled back."""

    def __init__(self) -> None:
        super().__init__(_("Đã hủy. Dữ liệu không bị thay đổi."))


class PreviewOutdated(Exception):
    """The database changed between the preview and the commit (for example someone saved a
    household meanwhile); nothing was written and the preview must be made again."""

    def __init__(self) -> None:
        super().__init__(_("Dữ liệu đã thay đổi từ lúc xem trước. Hãy xem trước lại rồi nhập."))
