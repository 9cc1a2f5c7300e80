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


def literal(text: str) -> str:
    """`text` for a Qt label, dialog or message box that guesses rich text: escaped and
    marked as rich text, so a title such as `<img src="file:///etc/passwd">` shows as
    those characters and nothing is fetched; line breaks stay."""
    from html import escape

    return "<qt>" + escape(text, quote=False).replace("\n", "<br>") + "</qt>"


def plain_tooltip(text: str) -> str:
    """`text` as a tooltip shown literally: Qt guesses whether a tooltip is rich text and
    would render (and fetch the images of) a title such as `<img src="file:///…">`."""
    from html import escape  # at hover time, not in the first frame

    return f"<qt>{escape(text, quote=False)}</qt>" if text else ""


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
    term: str = ""
    # every definition the row stands for, best first; () for one (`entry_id` alone)
    entry_ids: tuple[str, ...] = ()

    @classmethod
    def from_entry(cls, entry: Entry, snippet_html: str = "", bookmarked: bool = False) -> Row:
        return cls(
            entry.id,
            entry.title,
            entry.category,
            entry.source_name,
            snippet_html,
            bookmarked,
            term=entry.term,
        )

    @property
    def ids(self) -> tuple[str, ...]:
        """The definitions this row opens: several when entries share its term."""
        return self.entry_ids or (self.entry_id,)

    @property
    def definitions(self) -> int:
        """How many definitions the row stands for."""
        return len(self.entry_ids) or 1


def term_key(term: str) -> str:
    """The form terms are grouped in: lower case, single spaces (the renderer's
    `crosslinks.name_key`, which tells its duplicates apart the same way)."""
    return " ".join(term.lower().split())


def grouped(rows: list[Row], limit: int | None = None) -> list[Row]:
    """One row per name shown, where its first (best) row stood, holding every
    definition of it in order; at most `limit` rows.

    Rows are grouped by title (a row shows its title), so entries that share a term,
    in one glossary or several, and entries whose titles read the same, are one row."""
    groups: dict[str, list[Row]] = {}
    order: list[str] = []
    for row in rows:
        name = row.title or row.term
        key = term_key(name) if name else "\x00" + row.entry_id
        members = groups.get(key)
        if members is None:
            groups[key] = [row]
            order.append(key)
        else:
            members.append(row)
    if limit is not None:
        order = order[:limit]
    result = []
    for key in order:
        members = groups[key]
        if len(members) == 1:
            result.append(members[0])
            continue
        first = members[0]
        snippet = next((m.snippet_html for m in members if m.snippet_html), "")
        result.append(
            first._replace(
                snippet_html=snippet,
                entry_ids=tuple(m.entry_id for m in members),
                bookmarked=any(m.bookmarked for m in members),
            )
        )
    return result


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
            if row.definitions > 1:
                parts[1:] = [f"{row.definitions} definitions"]
            if row.missing:
                parts.append("(entry no longer in the library)")
            return plain_tooltip(" \u2014 ".join(p for p in parts if p))
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
        """The row standing for this definition (alone or among its term's), else -1."""
        for number, row in enumerate(self._rows):
            if row.entry_id == entry_id or entry_id in row.entry_ids:
                return number
        return -1

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def entry_id_at(self, row: int) -> str | None:
        return self._rows[row].entry_id if 0 <= row < len(self._rows) else None

    def mark_bookmarked(self, bookmarked_ids: set[str]) -> None:
        """Refresh the bookmark markers without a reset, so selection and scroll stay put."""
        for number, row in enumerate(self._rows):
            marked = any(entry_id in bookmarked_ids for entry_id in row.ids)
            if marked != row.bookmarked:
                self._rows[number] = row._replace(bookmarked=marked)
                index = self.index(number)
                self.dataChanged.emit(index, index, [BookmarkedRole])
