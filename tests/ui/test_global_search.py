"""The top bar's search box: type, see hits, choose one with the keyboard or the mouse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.db import open_database
from app.paths import Paths
from app.services.clans import ClanInput, save_clan
from app.services.households import HouseholdInput, save_household
from app.services.people import PersonInput
from app.services.persons import P_ID, P_NAME, person_rows
from app.services.villages import VillageInput, save_village
from app.ui.context import UiContext
from app.ui.widgets.global_search import GlobalSearch

pytestmark = pytest.mark.ui


@pytest.fixture
def db(tmp_path):
    db = open_database(Paths(tmp_path))
    na_san = save_village(db, VillageInput("Bản Nà Sản", kind="ban")).id
    save_household(db, HouseholdInput(na_san, (
        PersonInput(full_name="Lò Văn Pọm", relation="head", sex="M", birth_year=1985),
        PersonInput(full_name="Lò Thị Ún", relation="wife", sex="F", birth_year=1988),
    ), code="HGD-0012"))
    save_household(db, HouseholdInput(na_san, (
        PersonInput(full_name="Nguyễn Thị Hương", relation="head", sex="F", birth_year=1990),
    ), code="HGD-0013"))
    save_clan(db, ClanInput("Họ Lò"))
    yield db
    db.dispose()


@pytest.fixture
def ctx(db, tmp_path):
    return UiContext(db, Paths(tmp_path), 2026)


@pytest.fixture
def box(qtbot, ctx):
    box = GlobalSearch(ctx)
    qtbot.addWidget(box)
    box.resize(400, 30)
    box.show()
    qtbot.waitExposed(box)
    box.setFocus()
    return box


def shown(box) -> list[str]:
    m = box.results
    return [m.item(r).text() for r in range(m.rowCount())]


def person_id(db, name):
    return next(r[P_ID] for r in person_rows(db) if r[P_NAME] == name)


def test_placeholder_names_what_it_finds(box):
    assert box.placeholderText() == "Tìm hộ, người, dòng họ, đơn vị… (Ctrl+F)"


def test_typing_shows_hits_after_a_pause(qtbot, box):
    qtbot.keyClicks(box, "ng th h")

    assert shown(box) == []  # debounced: nothing yet
    qtbot.waitUntil(lambda: box.popup.isVisible())
    assert shown(box) == ["Hộ HGD-0013 · Nguyễn Thị Hương · Bản Nà Sản",
                          "Nguyễn Thị Hương (1990) · hộ HGD-0013 · Bản Nà Sản"]
    assert not box.results.item(0).icon().isNull()


def test_down_and_enter_open_the_first_hit(qtbot, box, ctx):
    qtbot.keyClicks(box, "hgd-0012")
    qtbot.waitUntil(lambda: box.popup.isVisible())

    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.popup.currentIndex().row() == 0
    with qtbot.waitSignal(ctx.navigate) as navigated:
        qtbot.keyClick(box, Qt.Key.Key_Return)

    assert navigated.args[0] == "households"
    assert not box.popup.isVisible()


def test_down_down_enter_opens_the_second_hit(qtbot, box, ctx, db):
    qtbot.keyClicks(box, "lo")
    qtbot.waitUntil(lambda: box.popup.isVisible())
    assert [h.kind for h in box.hits] == ["clan", "household", "person", "person"]

    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    with qtbot.waitSignal(ctx.navigate) as navigated:
        qtbot.keyClick(box, Qt.Key.Key_Enter)

    assert navigated.args == ["persons", person_id(db, "Lò Văn Pọm")]


def test_keys_sent_to_the_open_popup_work_too(qtbot, box, ctx, db):
    # On a real screen the open popup receives the keys; the completer handles them there.
    qtbot.keyClicks(box, "un")
    qtbot.waitUntil(lambda: box.popup.isVisible())

    qtbot.keyClick(box.popup, Qt.Key.Key_Down)
    with qtbot.waitSignal(ctx.navigate) as navigated:
        qtbot.keyClick(box.popup, Qt.Key.Key_Return)

    assert navigated.args == ["persons", person_id(db, "Lò Thị Ún")]


def test_enter_without_choosing_opens_the_first_hit(qtbot, box, ctx):
    qtbot.keyClicks(box, "ho lo")
    with qtbot.waitSignal(ctx.navigate) as navigated:
        qtbot.keyClick(box, Qt.Key.Key_Return)  # before the pause is over: searches first

    assert navigated.args[0] == "clans"


def test_escape_closes_the_list(qtbot, box, ctx):
    qtbot.keyClicks(box, "lo")
    qtbot.waitUntil(lambda: box.popup.isVisible())

    qtbot.keyClick(box, Qt.Key.Key_Escape)

    assert not box.popup.isVisible()
    assert box.text() == "lo"


def test_no_hits_says_so_and_enter_does_nothing(qtbot, box, ctx):
    calls = []
    ctx.navigate.connect(lambda *a: calls.append(a))
    qtbot.keyClicks(box, "xyz")
    qtbot.waitUntil(lambda: box.popup.isVisible())

    assert shown(box) == ["Không tìm thấy “xyz”."]
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert calls == []


def test_clearing_the_text_hides_the_list(qtbot, box):
    qtbot.keyClicks(box, "lo")
    qtbot.waitUntil(lambda: box.popup.isVisible())

    box.clear()

    assert not box.popup.isVisible()
    assert box.hits == []


def test_clicking_a_hit_opens_it(qtbot, box, ctx):
    qtbot.keyClicks(box, "pom")
    qtbot.waitUntil(lambda: box.popup.isVisible())
    view = box.popup
    rect = view.visualRect(view.model().index(0, 0))

    with qtbot.waitSignal(ctx.navigate) as navigated:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert navigated.args[0] == "households"


def test_enter_or_escape_sent_to_the_open_popup(qtbot, box, ctx):
    qtbot.keyClicks(box, "ho lo")
    qtbot.waitUntil(lambda: box.popup.isVisible())

    qtbot.keyClick(box.popup, Qt.Key.Key_Escape)
    assert not box.popup.isVisible()

    box.run_search()
    with qtbot.waitSignal(ctx.navigate) as navigated:
        qtbot.keyClick(box.popup, Qt.Key.Key_Return)
    assert navigated.args[0] == "clans"
