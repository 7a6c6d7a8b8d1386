"""Xuất Excel (Ctrl+E) on every list page: one helper for households, persons, villages, clans, units.

:func:`connect_export` enables a :class:`~app.ui.widgets.list_page.ListPage`'s export action;
:func:`export_to_file` asks where to save (a default name such as "Danh sach ho gia dinh
2026-11-23.xlsx": plain ASCII, which every Windows tool, USB stick, e-mail and Zalo transfer keeps
intact), writes the list off the UI thread through :func:`app.exchange.excel_export.export_list`,
puts "Đã xuất 1.284 hộ ra <file>." in the status bar and offers to open the folder. UI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from app.i18n import N_, _, format_number
from app.ui.widgets.save_file import ask_save_path, default_folder, offer_folder, write_in_background

if TYPE_CHECKING:
    from app.exchange.excel_export import ExportResult

FILE_FILTER = N_("Bảng tính Excel (*.xlsx)")


@dataclass(frozen=True)
class ExportKind:
    file_stem: str  # ASCII on purpose (see the module text)
    what: str  # "danh sách hộ gia đình", for the progress dialog
    done: str  # "Đã xuất {n} hộ ra {file}." ({rows}: the rows written)


KINDS = {
    "households": ExportKind("Danh sach ho gia dinh", N_("danh sách hộ gia đình"), N_("Đã xuất {n} hộ ({rows} nhân khẩu) ra {file}.")),
    "persons": ExportKind("Danh sach cong dan", N_("danh sách công dân"), N_("Đã xuất {n} người ra {file}.")),
    "villages": ExportKind("Danh sach thon ban", N_("danh sách thôn, bản"), N_("Đã xuất {n} thôn, bản ra {file}.")),
    "clans": ExportKind("Danh sach dong ho", N_("danh sách dòng họ"), N_("Đã xuất {n} dòng họ ra {file}.")),
    "units": ExportKind("Danh sach don vi", N_("danh sách đơn vị"), N_("Đã xuất {n} đơn vị ra {file}.")),
}

def default_path(kind: str, today: date | None = None) -> Path:
    """"<Documents>/Danh sach ho gia dinh 2026-11-23.xlsx" (or the folder of the last file saved)."""
    return default_folder() / f"{KINDS[kind].file_stem} {(today or date.today()).isoformat()}.xlsx"


def connect_export(page, kind: str, filters: Callable[[], Any] | None = None,
                   count: Callable[[ExportResult], int] | None = None) -> None:
    """Enable ``page.export_action`` (Ctrl+E) to export the list ``kind``. ``filters()`` gives the
    page's current filters (a PersonFilter for persons); ``count(result)`` the number to report
    (default: the rows written)."""
    page.export_action.setEnabled(True)
    page.export_action.setToolTip(_("Xuất danh sách ra tệp Excel (Ctrl+E)"))
    page.export_action.triggered.connect(
        lambda: export_to_file(page, page.ctx, kind, filters() if filters else None, count))


def export_to_file(parent: QWidget, ctx, kind: str, filters=None,
                   count: Callable[[ExportResult], int] | None = None) -> ExportResult | None:
    """Ask for a file, write the list there and report it; None when cancelled or refused."""
    spec = KINDS[kind]
    path = ask_save_path(parent, _("Xuất Excel"), default_path(kind), _(FILE_FILTER))
    if path is None:
        return None
    result = write_in_background(parent, path, _("Xuất Excel"), _("Đang xuất {what}…").format(what=_(spec.what)),
                                 _export_task, ctx.db, kind, path, filters,
                                 failed=_("Không xuất được danh sách: {error}"), again=True)
    if result is None:
        return None
    message = _(spec.done).format(n=format_number(count(result) if count else result.rows),
                                  rows=format_number(result.rows), file=path.name)
    ctx.status.emit(message)
    offer_folder(parent, _("Xuất Excel"), message, path)
    return result


def _export_task(_report, _cancelled, db, kind: str, path: Path, filters) -> ExportResult:
    from app.exchange.excel_export import export_list  # openpyxl loads on the first export, not at start-up

    return export_list(db, kind, path, filters)
