"""Cài đặt: the commune profile (the wizard's fields, shared through ProfileForm), the interface
language, and where the data lives with a backup button."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app import settings
from app.db.backup import backup_database, latest_backup
from app.i18n import LANGUAGES, _, format_datetime
from app.services.errors import ValidationFailed
from app.services.setup import ProfileData, get_profile, save_profile
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.widgets.profile_form import ProfileForm

log = logging.getLogger(__name__)


def _group(title: str, content: QWidget | None = None) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(12, 14, 12, 12)
    if content is not None:
        layout.addWidget(content)
    return box


def _path_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SettingsPage(QWidget):
    """The profile groups (Địa bàn, Trung tâm, Người ký, Cơ quan tiếp nhận), Giao diện and Dữ liệu.

    Lưu (Ctrl+S) calls :func:`save_profile`, then ``ctx.changed("profile", …)``; problems are shown
    under their fields. The language is stored as soon as it is chosen and applies on the next start.
    "Sao lưu ngay" copies the database into ``ctx.paths.backups`` (on the UI thread: a copy of a
    commune database takes well under a second) and reports the file in ``ctx.status``.
    """

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._mode = "commune"
        self._saving = False
        self.form = ProfileForm(self)

        title = QLabel(_("Cài đặt"))
        title.setObjectName("pageTitle")
        self.save_button = QPushButton(icon("save", "#ffffff"), _("Lưu"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(_("Lưu thông tin xã (Ctrl+S)"))
        self.save_button.clicked.connect(self._on_save_button_clicked)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.save_button)

        self.area_group = _group(_("Địa bàn"), self.form.area)
        self.centre_group = _group(_("Trung tâm"), self.form.centre)
        self.signers_group = _group(_("Người ký"), self.form.signers)
        self.receiver_group = _group(_("Cơ quan tiếp nhận"), self.form.receiver)
        self.interface_group = self._build_interface_group()
        self.data_group = self._build_data_group()
        from app.ui.pages.keys_section import KeysSection

        self.keys_group = KeysSection(ctx)

        content = QWidget()
        content.setMaximumWidth(900)
        column = self._column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 12, 12)
        column.setSpacing(10)
        for group in (self.area_group, self.centre_group, self.signers_group, self.receiver_group,
                      self.keys_group, self.interface_group, self.data_group):
            column.addWidget(group)
        column.addStretch(1)
        holder = QWidget()
        centred = QHBoxLayout(holder)
        centred.setContentsMargins(0, 0, 0, 0)
        centred.addWidget(content, 1)
        centred.addStretch(0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(holder)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.scroll, 1)

        self.form.chain_tab_order()
        ctx.data_changed.connect(self._on_ctx_data_changed)
        self.reload()

    # Groups

    def _build_interface_group(self) -> QGroupBox:
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setMaximumWidth(220)
        self.language.activated.connect(self._on_language_activated)
        note = QLabel(_("Ngôn ngữ mới được dùng từ lần mở chương trình sau."))
        note.setObjectName("hint")
        note.setWordWrap(True)
        body = QWidget()
        form = QFormLayout(body)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(12)
        form.addRow(self._label(_("Ngôn ngữ giao diện")), self.language)
        form.addRow("", note)
        return _group(_("Giao diện"), body)

    def _build_data_group(self) -> QGroupBox:
        self.database_label = _path_label()
        self.backups_label = _path_label()
        self.last_backup_label = _path_label()
        self.backup_button = QPushButton(icon("backup"), _("Sao lưu ngay"))
        self.backup_button.clicked.connect(self._on_backup_button_clicked)
        self.open_backups_button = QPushButton(icon("folder"), _("Mở thư mục sao lưu"))
        self.open_backups_button.clicked.connect(self._on_open_backups_button_clicked)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.open_backups_button)
        buttons.addStretch(1)
        body = QWidget()
        form = QFormLayout(body)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(12)
        form.addRow(self._label(_("Tệp dữ liệu")), self.database_label)
        form.addRow(self._label(_("Thư mục sao lưu")), self.backups_label)
        form.addRow(self._label(_("Lần sao lưu gần nhất")), self.last_backup_label)
        form.addRow("", buttons)
        return _group(_("Dữ liệu"), body)

    def _label(self, text: str) -> QLabel:
        """A row label as wide as the profile form's, so every group's fields line up."""
        label = QLabel(text)
        label.setMinimumWidth(self.form.label_width)
        return label

    # Loading and saving

    def reload(self) -> None:
        """Read the profile and the settings again, dropping unsaved edits."""
        profile = get_profile(self.ctx.db) or ProfileData()
        self._mode = profile.mode
        self.form.set_profile(profile)
        receiver = profile.mode == "receiver"
        self.signers_group.setVisible(not receiver)
        self.keys_group.setVisible(not receiver)
        self.centre_group.setTitle(_("Liên hệ") if receiver else _("Trung tâm"))
        self.receiver_group.setTitle(_("Cơ quan") if receiver else _("Cơ quan tiếp nhận"))
        # a receiving office's own name comes right after its province
        self._column.removeWidget(self.receiver_group)
        after = self.area_group if receiver else self.signers_group
        self._column.insertWidget(self._column.indexOf(after) + 1, self.receiver_group)
        language = settings.get(self.ctx.db, settings.LANGUAGE)
        index = self.language.findData(language)
        self.language.setCurrentIndex(index if index >= 0 else 0)
        self.refresh_data_info()

    def save(self) -> bool:
        """Save the profile; True when saved. Problems go under their fields, nothing is written."""
        try:
            saved = save_profile(self.ctx.db, self.form.profile())
        except ValidationFailed as exc:
            shown = self.form.show_problems(exc.problems)
            errors = [k for k in shown if self.form.message_level(k) == "error"]
            if errors:
                editor = self.form.editor(errors[0])
                self.scroll.ensureWidgetVisible(editor)
                editor.setFocus()
            self.ctx.status.emit(_("Chưa lưu: hãy sửa các mục báo đỏ."))
            return False
        self.form.set_profile(saved)
        self._saving = True
        try:
            self.ctx.changed("profile", _("Đã lưu thông tin xã."))
        finally:
            self._saving = False
        return True

    def backup_now(self) -> Path | None:
        """Copy the database into the backups folder now; the copy's path, or None when there is
        no database file yet."""
        try:
            target = backup_database(self.ctx.paths.database, self.ctx.paths.backups, "manual")
        except OSError as exc:
            log.exception("manual backup failed")
            self.ctx.status.emit(_("Không sao lưu được: {error}").format(error=exc))
            return None
        if target is None:
            self.ctx.status.emit(_("Chưa có tệp dữ liệu để sao lưu."))
        else:
            self.ctx.status.emit(_("Đã sao lưu: {file}").format(file=target.name))
        self.refresh_data_info()
        return target

    def refresh_data_info(self) -> None:
        paths = self.ctx.paths
        self.database_label.setText(str(paths.database))
        self.backups_label.setText(str(paths.backups))
        last = latest_backup(paths.backups) if paths.backups.is_dir() else None
        if last is None:
            self.last_backup_label.setText(_("Chưa có bản sao lưu nào."))
        else:
            when = format_datetime(datetime.fromtimestamp(last.stat().st_mtime))
            self.last_backup_label.setText(f"{when} — {last.name}")

    def select_record(self, section: object) -> None:
        """``ctx.navigate("settings", "keys")`` (from the certificate and data-package screens) shows
        the Khóa ký số section; other sections by their group: ``"receiver"``, ``"data"``."""
        group = {"keys": self.keys_group, "receiver": self.receiver_group, "data": self.data_group}.get(str(section))
        if group is None or not group.isVisible():
            return
        QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(group, 0, 0))
        group.setFocus(Qt.FocusReason.OtherFocusReason)

    # Slots

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.refresh_data_info()
        super().showEvent(event)

    def _on_save_button_clicked(self) -> None:
        self.save()

    def _on_backup_button_clicked(self) -> None:
        self.backup_now()

    def _on_open_backups_button_clicked(self) -> None:
        self.ctx.paths.backups.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.paths.backups)))

    def _on_language_activated(self, _index: int) -> None:
        code = self.language.currentData()
        settings.put(self.ctx.db, settings.LANGUAGE, code)
        self.ctx.status.emit(_("Đã chọn ngôn ngữ {name}; áp dụng khi mở lại chương trình.").format(
            name=self.language.currentText()))

    def _on_ctx_data_changed(self, kind: str) -> None:
        if kind == "profile" and not self._saving:
            self.reload()
