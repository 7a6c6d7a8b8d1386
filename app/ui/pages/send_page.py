"""Gửi dữ liệu: the packages the commune has sent (sequence, year, content, file, size, SHA-256,
date, status: đã gửi / đã nhận biên nhận / bị từ chối), the receiving office it sends to, and the
actions Xuất gói dữ liệu…, Nhập biên nhận…, Cơ quan tiếp nhận…"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, format_datetime
from app.services import packages
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.send.export_wizard import human_size

COLUMNS = (N_("Số"), N_("Năm"), N_("Nội dung"), N_("Tệp"), N_("Dung lượng"), N_("SHA-256"), N_("Ngày ghi"),
           N_("Trạng thái"))
_STATUS_STYLE = {"sent": ("send", "#8a5a00"), "received": ("ok", "#1e7b34"), "refused": ("error", "#b3261e"),
                 "failed": ("warning", "#6b6b6b"), "reserved": ("warning", "#6b6b6b")}


class SendPage(QWidget):
    """The sent-packages list; refreshes on ``data_changed("package" | "profile")``."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel(_("Gửi dữ liệu"))
        title.setObjectName("pageTitle")
        self.export_button = QPushButton(icon("send", "#ffffff"), _("Xuất gói dữ liệu…"))
        self.export_button.setObjectName("primary")
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.receipt_button = QPushButton(icon("import-excel"), _("Nhập biên nhận…"))
        self.receipt_button.clicked.connect(self._on_receipt_button_clicked)
        self.receiver_button = QPushButton(icon("key"), _("Cơ quan tiếp nhận…"))
        self.receiver_button.clicked.connect(self._on_receiver_button_clicked)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.receiver_button)
        header.addWidget(self.receipt_button)
        header.addWidget(self.export_button)

        self.receiver_label = QLabel()
        self.receiver_label.setWordWrap(True)
        self.count_label = QLabel()
        self.empty = QLabel(_("Chưa gửi gói dữ liệu nào. Bấm “Xuất gói dữ liệu…” để ghi gói của năm ra USB, rồi "
                              "gửi cho cơ quan tiếp nhận."))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #555; padding: 24px;")

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        head = self.table.horizontalHeader()
        for col in range(len(COLUMNS)):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addWidget(self.receiver_label)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        ctx.data_changed.connect(self._on_ctx_data_changed)
        self.reload()

    def reload(self) -> None:
        config = packages.receiver_config(self.ctx.db)
        if config and config.can_encrypt:
            self.receiver_label.setText(_("Cơ quan tiếp nhận: {office} — gói được mã hóa bằng khóa nhận {key}").format(
                office=config.office_name, key=f"{config.age_recipient[:12]}…{config.age_recipient[-6:]}"))
            self.receiver_label.setStyleSheet("")
        else:
            self.receiver_label.setText(_("Chưa có khóa nhận “age1…” của cơ quan tiếp nhận: chỉ xuất được gói tổng hợp "
                                          "không mã hóa. Bấm “Cơ quan tiếp nhận…” để nhập khóa."))
            self.receiver_label.setStyleSheet("color: #8a5a00;")
        rows = packages.list_sent(self.ctx.db)
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, info in enumerate(rows):
            values = (str(info.sequence), str(info.year), info.content_label, info.file_name or "—",
                      human_size(info.size) if info.size else "—", info.sha256[:16] + "…" if info.sha256 else "—",
                      format_datetime(_local(info.written_at or info.created_at)), info.status_label)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c in (0, 1, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 5 and info.sha256:
                    item.setToolTip(info.sha256)
                if c == 3 and info.file_name:
                    item.setToolTip(str(info.path))
                if c == len(values) - 1:
                    name, colour = _STATUS_STYLE.get(info.status, ("info", "#333"))
                    item.setIcon(icon(name, colour))
                    item.setForeground(QColor(colour))
                    if info.error:
                        item.setToolTip(info.error)
                self.table.setItem(r, c, item)
        sent = sum(1 for i in rows if i.status not in ("failed", "reserved"))
        received = sum(1 for i in rows if i.status == "received")
        self.count_label.setText(_("{n} gói đã gửi, {m} gói đã có biên nhận").format(n=sent, m=received))
        self.table.setVisible(bool(rows))
        self.count_label.setVisible(bool(rows))
        self.empty.setVisible(not rows)

    def open_export_wizard(self):
        from app.ui.send.export_wizard import ExportWizard

        wizard = ExportWizard(self.ctx, self)
        wizard.exec()
        self.reload()
        return wizard

    def import_receipt_file(self, path: str) -> packages.SentPackageInfo | None:
        """Import one receipt and tell the officer what it says; None when refused."""
        try:
            info = packages.import_receipt(self.ctx.db, Path(path).read_bytes())
        except (packages.PackageProblem, OSError) as exc:
            QMessageBox.warning(self, _("Không nhận được biên nhận"), str(exc))
            return None
        self.ctx.changed("package")
        if info.status == "refused":
            QMessageBox.warning(self, _("Cơ quan tiếp nhận từ chối gói"), _(
                "Gói {file} bị từ chối.\nLý do: {reason}\n\nHãy sửa theo lý do trên rồi xuất gói mới.").format(
                file=info.file_name, reason=info.receipt_reason or "—"))
        else:
            self.ctx.status.emit(_("Cơ quan tiếp nhận đã nhận gói {file}").format(file=info.file_name))
        return info

    def _on_export_button_clicked(self) -> None:
        self.open_export_wizard()

    def _on_receipt_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Chọn tệp biên nhận"), "",
                                                    _("Biên nhận (*.tthtcd-receipt);;Mọi tệp (*)"))
        if path:
            self.import_receipt_file(path)

    def _on_receiver_button_clicked(self) -> None:
        from app.ui.send.receiver_dialog import ReceiverDialog

        ReceiverDialog(self.ctx, self).exec()
        self.reload()

    def _on_ctx_data_changed(self, kind: str) -> None:
        if kind in ("package", "profile"):
            self.reload()


def _local(value):
    """A naive UTC datetime from the database shown in local time."""
    if value is None:
        return None
    from datetime import UTC

    return value.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
