"""Icons load from resources/icons, are recoloured and cached."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from app.ui.icons import DEFAULT_ICON_COLOR, available_icons, icon, svg_data

pytestmark = pytest.mark.ui

NAMES = (
    "overview villages households clans units citizens classes assessment certificates reports send settings "
    "add edit delete import-excel export-excel print search refresh save cancel warning error ok info "
    "person-add backup key calendar male female lock unlock eye folder"
).split()


def test_every_needed_icon_is_shipped():
    assert set(NAMES) <= set(available_icons())


@pytest.mark.parametrize("name", NAMES)
def test_icon_renders(qapp, name):
    result = icon(name)
    assert not result.isNull()
    assert {s.width() for s in result.availableSizes()} >= {16, 24, 32, 48}


def test_recolour_and_cache(qapp):
    assert b"currentColor" not in svg_data("add")
    assert DEFAULT_ICON_COLOR.encode() in svg_data("add")
    assert b"#c62828" in svg_data("add", "#C62828")
    red = icon("error", "#c62828")
    assert icon("error", "#c62828") is red
    assert icon("error") is not red
    image = red.pixmap(48, 48).toImage()
    colours = {
        image.pixelColor(x, y).name()
        for x in range(48)
        for y in range(48)
        if image.pixelColor(x, y).alpha() == 255
    }
    assert colours and colours <= {QColor("#c62828").name()}


def test_unknown_name_and_bad_colour(qapp):
    with pytest.raises(FileNotFoundError):
        icon("no-such-icon")
    with pytest.raises(FileNotFoundError):
        icon("../fonts/x")
    with pytest.raises(ValueError):
        icon("add", "not-a-colour")
