"""The sidebar's Bookmarks tab: the store's bookmarks as list rows, filtered like the term list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from glossapp.ui import wording
from glossapp.ui.delegate import EntryDelegate
from glossapp.ui.models import EntryListModel, Row

if TYPE_CHECKING:
    from glossapp.bookmarks.store import Bookmark, BookmarkStore
    from glossapp.glossary.library import Library
    from glossapp.glossary.model import Entry

ORDER_LABELS = (("Newest First", "newest"), ("A\u2013Z", "alpha"))
EMPTY_HINT = (
    "No bookmarks yet. Press Ctrl+D or the star to bookmark the definition you are reading."
)
NO_MATCH_HINT = "No bookmark matches the search."
META_SEPARATOR = " \u00b7 "


def entry_list_view(model: EntryListModel, name: str) -> QListView:
    """A list view configured like the term list: our delegate, uniform rows, drag only."""
    view = QListView()
    view.setModel(model)
    view.setItemDelegate(EntryDelegate(view))
    view.setUniformItemSizes(True)
    # several rows for Export and Print Selected; a plain Up, Down or click still selects one
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setDragEnabled(True)
    view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.setAccessibleName(name)
    return view


def bookmark_row(bookmark: Bookmark, entry: Entry | None) -> Row:
    from html import escape  # on first use: see delegate.snippet_segments

    # tags and the note ride in the snippet line, so the delegate shows them under the
    # title; an entry without a category names its glossary there rather than leave it blank
    tags = " ".join(f"#{tag}" for tag in bookmark.tags)
    note = " ".join(bookmark.note.split())
    return Row(
        bookmark.entry_id,
        bookmark.title or bookmark.term,
        bookmark.category or bookmark.source,
        bookmark.source,
        escape(META_SEPARATOR.join(part for part in (tags, note) if part)),
        bookmarked=True,
        missing=entry is None,
    )


def matches(bookmark: Bookmark, words: list[str], category: str | None) -> bool:
    if category and bookmark.category != category:
        return False
    haystack = " ".join(
        (bookmark.title, bookmark.term, bookmark.note, bookmark.category, " ".join(bookmark.tags))
    ).casefold()
    return all(word in haystack for word in words)


class BookmarksPanel(QWidget):
    """Lists, orders and filters bookmarks; the window opens them and edits the store.

    Empty until `attach` gives it the store: the window opens that after its first frame.
    """

    orderChanged = Signal(str)

    def __init__(self, order: str = "newest", parent=None) -> None:
        super().__init__(parent)
        self.store: BookmarkStore | None = None
        self._resolved: list[tuple[Bookmark, Entry | None]] = []
        self._by_id: dict[str, tuple[Bookmark, Entry | None]] = {}
        self._words: list[str] = []
        self._category: str | None = None
        self._library: Library | None = None
        self._seen_version = 0

        self.order_box = QComboBox()
        self.order_box.setAccessibleName("Bookmark order")
        for label, value in ORDER_LABELS:
            self.order_box.addItem(label, value)
        self.order_box.setCurrentIndex(max(self.order_box.findData(order), 0))
        self.count_label = QLabel()

        self.model = EntryListModel(self)
        self.view = entry_list_view(self.model, "Bookmarks")
        self.hint_label = QLabel(EMPTY_HINT)
        self.hint_label.setWordWrap(True)
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.hint_label.setContentsMargins(12, 16, 12, 0)
        self.hint_label.setEnabled(False)  # drawn in the quieter disabled colour

        header = QHBoxLayout()
        header.setContentsMargins(0, 4, 0, 0)
        header.addWidget(self.count_label, 1)
        header.addWidget(QLabel("Sort:"))
        header.addWidget(self.order_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint_label, 1)

        self.order_box.currentIndexChanged.connect(self._on_order_changed)

    # ------------------------------------------------------------------ contents

    @property
    def order(self) -> str:
        return self.order_box.currentData()

    def set_order(self, order: str) -> None:
        self.order_box.setCurrentIndex(max(self.order_box.findData(order), 0))

    def attach(self, store: BookmarkStore) -> None:
        """Use this store from now on; the next `refresh` reads it."""
        self.store = store

    def refresh(self, library: Library) -> None:
        """Re-read the store (resolving bookmarks against the library) and re-filter."""
        self._library = library
        if self.store is None:
            return
        self._resolved = self.store.resolve(library, self.order)
        self._by_id = {bookmark.entry_id: (bookmark, entry) for bookmark, entry in self._resolved}
        self._seen_version = self.store.data_version()
        self._show()

    def set_filter(self, text: str, category: str | None = None) -> None:
        words = text.casefold().split()
        if words == self._words and category == self._category:
            return
        self._words, self._category = words, category
        self._show()

    def changed_elsewhere(self) -> bool:
        """True once another app instance committed a change since the last refresh."""
        return self.store is not None and self.store.data_version() != self._seen_version

    def _show(self) -> None:
        current = self.current_id()
        rows = [
            bookmark_row(bookmark, entry)
            for bookmark, entry in self._resolved
            if matches(bookmark, self._words, self._category)
        ]
        self.model.set_rows(rows)
        if current:
            self.select(current)
        total = len(self._resolved)
        missing = sum(1 for _bookmark, entry in self._resolved if entry is None)
        text = wording.count(total, "bookmark")
        if len(rows) != total:
            text = f"{len(rows):,} of {text}"
        if missing:
            text += f" \u00b7 {missing} missing"
        self.count_label.setText(text)
        self.hint_label.setText(EMPTY_HINT if not total else NO_MATCH_HINT)
        self.hint_label.setVisible(not rows)
        self.view.setVisible(bool(rows))

    def _on_order_changed(self) -> None:
        if self._library is not None:
            self.refresh(self._library)
        self.orderChanged.emit(self.order)

    # ------------------------------------------------------------------ lookups and selection

    def ids(self) -> set[str]:
        return set(self._by_id)

    def resolved(self) -> list[tuple[Bookmark, Entry | None]]:
        """Every bookmark with its entry (None: missing from the library), as last read."""
        return list(self._resolved)

    def bookmark(self, entry_id: str) -> Bookmark | None:
        found = self._by_id.get(entry_id)
        return found[0] if found else None

    def entry(self, entry_id: str) -> Entry | None:
        found = self._by_id.get(entry_id)
        return found[1] if found else None

    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.entry_id_at(index.row()) if index.isValid() else None

    def select(self, entry_id: str | None, notify: bool = False) -> bool:
        """Make the row current and the one selected (or clear it), unless it is current
        already; quietly unless `notify`, as when it follows."""
        row = self.model.row_of(entry_id) if entry_id else -1
        selection = self.view.selectionModel()
        if not notify:
            selection.blockSignals(True)
        if row >= 0:
            index = self.model.index(row)
            # already current: the user's selection of several rows around it stays
            if self.view.currentIndex().row() != row:
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.view.scrollTo(index)
        else:
            selection.clear()
        if not notify:
            selection.blockSignals(False)
            self.view.viewport().update()
        return row >= 0


def missing_notice_html(bookmark: Bookmark) -> str:
    """What the detail pane shows for a bookmark whose entry left the library.

    It borrows the definition header's classes, so both themes' style sheets apply."""
    from html import escape

    meta = [
        f'<span class="{css}">{escape(value)}</span>'
        for css, value in (("category", bookmark.category), ("source", bookmark.source))
        if value
    ]
    parts = [
        f'<h1 class="entry-title">{escape(bookmark.title or bookmark.term)}</h1>',
        f'<p class="entry-meta">{META_SEPARATOR.join(meta)}</p>' if meta else "",
        '<p class="entry-duplicates"><b>This entry is no longer in the library.</b> Its glossary'
        " may have been edited, renamed or removed. The bookmark is kept and comes back to life"
        " if the entry returns; press Ctrl+D to remove it.</p>",
    ]
    if bookmark.note:
        note = "<br>".join(escape(line) for line in bookmark.note.splitlines())
        parts.append(f"<p><b>Note:</b> {note}</p>")
    if bookmark.tags:
        parts.append(f"<p><b>Tags:</b> {escape(', '.join(bookmark.tags))}</p>")
    parts.append(f'<p class="entry-aliases">Bookmarked {escape(bookmark.added[:10])}</p>')
    return "\n".join(p for p in parts if p)
