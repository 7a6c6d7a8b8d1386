"""The parts of a registry page's detail panel: the record's name, its facts as rich text, and
read-only tables of what belongs to it (a clan's households, a unit's staff)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem

from app.i18n import _


def detail_title() -> QLabel:
    """The record's name, in the page title's style."""
    label = QLabel()
    label.setObjectName("pageTitle")
    label.setWordWrap(True)
    return label


def detail_body(alignment=Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft) -> QLabel:
    """The record's facts, one ``<b>Label:</b> value`` a line."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setAlignment(alignment)
    return label


def detail_table(headers: tuple[str, ...]) -> QTableWidget:
    """A read-only table for a detail panel: row selection, no grid numbers, last column stretched."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels([_(h) for h in headers])
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def fill_table(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))
