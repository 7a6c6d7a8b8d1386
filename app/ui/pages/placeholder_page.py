"""A page for an area that a later version fills: says plainly what it will do, not an empty shell."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.i18n import _


class PlaceholderPage(QWidget):
    def __init__(self, title: str, what: str, parent=None):
        super().__init__(parent)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        body = QLabel(what + "\n\n" + _("Phần này đang được xây dựng và sẽ có trong phiên bản tiếp theo. "
                                        "Dữ liệu bạn nhập ở các phần khác sẽ được dùng ở đây."))
        body.setObjectName("emptyState")
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addWidget(heading)
        layout.addWidget(body, 1)
