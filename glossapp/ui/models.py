"""List models over small row records, replaced in one reset per query (like Zeal's SearchModel)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from glossapp.glossary.model import Entry

EntryIdRole = Qt.ItemDataRole.UserRole + 1
CategoryRole = Qt.ItemDataRole.UserRole + 2
SnippetRole = Qt.ItemDataRole.UserRole + 3
BookmarkedRole = Qt.ItemDataRole.UserRole + 4
MissingRole = Qt.ItemDataRole.UserRole + 5
SourceRole = Qt.ItemDataRole.UserRole + 6
RowRole = Qt.ItemDataRole.UserRole + 7  # the whole `Row`: one call per painted row, not five

_ROLE_FIELDS = {
    Qt.ItemDataRole.DisplayRole: "title",
    EntryIdRole: "entry_id",
    CategoryRole: "category",
    SnippetRole: "snippet_html",
    BookmarkedRole: "bookmarked",
    MissingRole: "missing",
    SourceRole: "source",
}

ENTRY_IDS_MIME = "application/x-glossapp-entry-ids"


class Row(NamedTuple):
    """What one list row needs; the entry itself is looked up by id only when opened.

    A NamedTuple rather than a dataclass: as small and immutable, and about a millisecond
    cheaper to define, which the window's start-up pays.
    """

    entry_id: str
    title: str
    category: str
    source: str
    snippet_html: str = ""
    bookmarked: bool = False
    missing: bool = False

    @classmethod
    def from_entry(cls, entry: Entry, snippet_html: str = "", bookmarked: bool = False) -> Row:
        return cls(
            entry.id, entry.title, entry.category, entry.source_name, snippet_html, bookmarked
        )


class EntryListModel(QAbstractListModel):
    """Rows of entries. `mime_provider` (set by the window) turns dragged rows into definitions."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self.mime_provider: Callable[[list[str]], QMimeData] | None = None

    # -- Qt model interface

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [row.title, row.category, row.source]
            if row.missing:
                parts.append("(entry no longer in the library)")
            return " \u2014 ".join(p for p in parts if p)
        if role == RowRole:
            return row
        field_name = _ROLE_FIELDS.get(role)
        return getattr(row, field_name) if field_name else None

    def flags(self, index):
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base

    def mimeTypes(self) -> list[str]:
        return ["text/plain", "text/html", "text/markdown", ENTRY_IDS_MIME]

    def mimeData(self, indexes) -> QMimeData:
        ids = [self._rows[i.row()].entry_id for i in indexes if i.isValid()]
        mime = self.mime_provider(ids) if self.mime_provider and ids else QMimeData()
        mime.setData(ENTRY_IDS_MIME, QByteArray("\n".join(ids).encode()))
        return mime

    def supportedDragActions(self):
        return Qt.DropAction.CopyAction

    # -- our interface

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_of(self, entry_id: str) -> int:
        for number, row in enumerate(self._rows):
            if row.entry_id == entry_id:
                return number
        return -1

    def entry_id_at(self, row: int) -> str | None:
        return self._rows[row].entry_id if 0 <= row < len(self._rows) else None

    def mark_bookmarked(self, bookmarked_ids: set[str]) -> None:
        """Refresh the bookmark markers without a reset, so selection and scroll stay put."""
        for number, row in enumerate(self._rows):
            marked = row.entry_id in bookmarked_ids
            if marked != row.bookmarked:
                self._rows[number] = row._replace(bookmarked=marked)
                index = self.index(number)
                self.dataChanged.emit(index, index, [BookmarkedRole])
