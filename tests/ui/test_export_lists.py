"""Xuất Excel (Ctrl+E) on the list pages: a sensible file name, the page's filters, a message, the
folder on request, and a households file that imports back unchanged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from app.exchange.households_import import preview_file
from app.services import households as hh
from app.services.people import PersonInput
from app.ui.context import UiContext
from tests.ui.helpers import click_button, on_next_modal

pytestmark = pytest.mark.ui

FAMILIES = [
    ("Bản Nà Sản", "Lò Văn Đoàn", "M", 1970, [("Quàng Thị Xiêng", "F", "wife", 1972), ("Lò Văn Ún", "M", "child", 1995)]),
    ("Bản Nà Sản", "Nguyễn Thị Hương", "F", 1975, [("Đào Văn Hùng", "M", "child", 2000)]),
    ("Bản Hồng Mặn", "Trần Văn Thương", "M", 1968, []),
    ("Tiểu khu 3", "Vũ Thị Anh", "F", 1991, []),
]


@pytest.fixture
def ctx(db, paths, commune):
    for village, head, sex, year, others in FAMILIES:
        members = [PersonInput(full_name=head, sex=sex, birth_year=year, relation="head")]
        members += [PersonInput(full_name=n, sex=s, relation=r, birth_year=y) for n, s, r, y in others]
        hh.save_household(db, hh.HouseholdInput(commune[village], tuple(members)))
    return UiContext(db, paths, 2026)


@pytest.fixture
def save_as(monkeypatch, tmp_path):
    """The save dialog: records the default path offered and answers with a file in tmp_path."""
    offered: list[tuple[str, str]] = []

    def answer(name: str):
        def fake(parent, title, default, filters):
            offered.append((default, filters))
            return (str(tmp_path / name) if name else ""), filters
        monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
        return offered
    return answer


def show(qtbot, page):
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def export_with_keyboard(qtbot, page, answer: str = "Đóng") -> list:
    """Ctrl+E on the list, then answer the "open the folder?" message."""
    seen = []
    on_next_modal(qtbot, lambda box: click_button(qtbot, box, answer), seen)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen))
    return seen


def test_households_export_names_the_file_reports_and_imports_back_unchanged(qtbot, ctx, db, save_as, tmp_path):
    from app.ui.pages.households_page import HouseholdsPage

    page = show(qtbot, HouseholdsPage(ctx))
    offered = save_as("ho.xlsx")
    statuses = []
    ctx.status.connect(statuses.append)
    # when the officer presses Ctrl+E and keeps the file
    seen = export_with_keyboard(qtbot, page)
    # then the dialog offered a plain name with today's date, for Excel files
    default, filters = offered[0]
    assert Path(default).name == f"Danh sach ho gia dinh {date.today().isoformat()}.xlsx"
    assert filters == "Bảng tính Excel (*.xlsx)"
    # the file is written and the status bar says what was exported
    assert (tmp_path / "ho.xlsx").is_file()
    assert statuses == ["Đã xuất 4 hộ (7 nhân khẩu) ra ho.xlsx."]
    assert seen[0].text == statuses[0]
    assert seen[0].informative == f"Tệp được lưu trong thư mục {tmp_path}."
    # and importing the file back changes nothing
    counts = preview_file(db, tmp_path / "ho.xlsx").counts()
    assert (counts["households_unchanged"], counts["persons_unchanged"]) == (4, 7)
    assert counts["households_new"] + counts["households_update"] + counts["persons_new"] == 0
    assert counts["rows_refused"] == 0


def test_open_folder_shows_the_exported_file(qtbot, ctx, save_as, tmp_path, monkeypatch):
    from app.ui.pages.villages_page import VillagesPage

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    page = show(qtbot, VillagesPage(ctx))
    save_as("thon")  # no extension typed: .xlsx is added
    export_with_keyboard(qtbot, page, "Mở thư mục")
    assert (tmp_path / "thon.xlsx").is_file()
    assert opened == [str(tmp_path)]


def test_persons_export_follows_the_page_filters(qtbot, ctx, save_as, tmp_path):
    from app.ui.pages.persons_page import PersonsPage

    page = show(qtbot, PersonsPage(ctx))
    page.sex_box.setCurrentIndex(page.sex_box.findData("F"))
    save_as("nu.xlsx")
    statuses = []
    ctx.status.connect(statuses.append)
    export_with_keyboard(qtbot, page)
    ws = load_workbook(tmp_path / "nu.xlsx").active
    names = {row[1] for row in ws.iter_rows(values_only=True) if isinstance(row[0], int)}
    assert names == {"Quàng Thị Xiêng", "Nguyễn Thị Hương", "Vũ Thị Anh"}
    assert statuses == ["Đã xuất 3 người ra nu.xlsx."]


@pytest.mark.parametrize("module, cls, stem, message", [
    ("villages_page", "VillagesPage", "Danh sach thon ban", "Đã xuất 3 thôn, bản ra x.xlsx."),
    ("clans_page", "ClansPage", "Danh sach dong ho", "Đã xuất 0 dòng họ ra x.xlsx."),
    ("units_page", "UnitsPage", "Danh sach don vi", "Đã xuất 0 đơn vị ra x.xlsx."),
])
def test_every_list_page_exports_with_its_own_name(qtbot, ctx, save_as, tmp_path, module, cls, stem, message):
    import importlib

    page = show(qtbot, getattr(importlib.import_module(f"app.ui.pages.{module}"), cls)(ctx))
    assert page.export_action.isEnabled()
    offered = save_as("x.xlsx")
    statuses = []
    ctx.status.connect(statuses.append)
    export_with_keyboard(qtbot, page)
    assert Path(offered[0][0]).name == f"{stem} {date.today().isoformat()}.xlsx"
    assert statuses == [message]
    assert (tmp_path / "x.xlsx").is_file()


def test_cancelling_the_save_dialog_writes_nothing(qtbot, ctx, save_as, tmp_path):
    from app.ui.pages.households_page import HouseholdsPage

    page = show(qtbot, HouseholdsPage(ctx))
    save_as("")
    statuses = []
    ctx.status.connect(statuses.append)
    page.export_action.trigger()
    assert statuses == []
    assert list(tmp_path.glob("*.xlsx")) == []


def test_a_file_that_cannot_be_written_is_explained(qtbot, ctx, save_as, tmp_path):
    from app.ui.pages.households_page import HouseholdsPage

    page = show(qtbot, HouseholdsPage(ctx))
    save_as("no such folder/ho.xlsx")
    seen = []
    on_next_modal(qtbot, lambda box: box.accept(), seen)
    page.export_action.trigger()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0].title == "Không ghi được tệp"
    assert seen[0].text.startswith("Không ghi được tệp ho.xlsx:")
