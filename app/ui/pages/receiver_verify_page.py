"""Kiểm tra giấy công nhận, at the receiving office: the certificates screen's checker with the
keys of every registered commune (read afresh at each check, so a key registered a moment ago
counts; a replaced or revoked key still checks certificates signed before)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.i18n import _, format_number, ngettext
from app.ui.context import UiContext
from app.ui.receiver.common import page_header

log = logging.getLogger(__name__)


def registered_keys(db) -> dict:
    """key id → minisign public key, over every key of every registered commune."""
    from app.crypto.keys import KeyProblem, public_key_from_text
    from app.services.receiver import list_communes

    found = {}
    for commune in list_communes(db):
        for k in commune.keys:
            try:
                found[k.key_id] = public_key_from_text(k.public_key)
            except KeyProblem:
                log.warning("unreadable registered key %s", k.key_id)
    return found


class ReceiverVerifyPage(QWidget):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        from app.ui.certificates.verify_view import VerifyCertificateView

        self.ctx = ctx
        head, _t, self.note = page_header(_("Kiểm tra giấy công nhận"))
        page = self

        class _View(VerifyCertificateView):
            def _show_keys(self) -> None:
                page._show_keys(self)

        self.view = _View(ctx, key_finder=self._find)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(head)
        layout.addWidget(self.view, 1)

    def _find(self, key_id: str):
        try:
            return registered_keys(self.ctx.db).get(key_id)
        except Exception:  # noqa: BLE001 - an unknown key is what the officer sees
            log.exception("reading the registered keys failed")
            return None

    def _show_keys(self, view) -> None:
        try:
            n = len(registered_keys(self.ctx.db))
        except Exception:  # noqa: BLE001
            n = 0
        text = ngettext("Dùng {n} khóa của các xã đã đăng ký (Xã và khóa).",
                        "Dùng {n} khóa của các xã đã đăng ký (Xã và khóa).", n).format(n=format_number(n))
        if view.loaded:
            text += " " + _("Đã nạp thêm: {ids}.").format(ids=", ".join(view.loaded))
        view.keys_label.setText(text)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._show_keys(self.view)
