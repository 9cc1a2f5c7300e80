"""Bookmarks in the window: the store, starring, notes and tags, export and import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from glossapp.ui import wording
from glossapp.ui.bookmarks_panel import BookmarksPanel
from glossapp.ui.models import literal
from glossapp.util.atomic import atomic_write_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from glossapp.bookmarks.store import BookmarkStore
    from glossapp.glossary.library import Library

EXPORT_FILTERS = {
    "Markdown (*.md)": "md",
    "CSV (*.csv)": "csv",
    "JSON (*.json)": "json",
}
POLL_MS = 2000


def open_bookmark_store() -> tuple[BookmarkStore, str]:
    """The store in the data dir and no problem; if that cannot be opened at all, one in
    memory for this session and a sentence saying so."""
    import sqlite3

    from glossapp.bookmarks.store import BookmarkStore

    try:
        return BookmarkStore(), ""
    except (sqlite3.Error, OSError) as error:
        return (
            BookmarkStore(Path(":memory:")),
            f"Bookmarks cannot be saved this session ({error})",
        )


class BookmarksController(QObject):
    """Edits the bookmark store and keeps the Bookmarks tab (`panel`) reading it.

    Inputs: the `panel`, the `library` bookmarks resolve against (`set_library` after a
    reload), `dialog_parent` for its dialogs, and `open_store`, called by `open` (by
    default the store in the data dir, opened only then: the window calls `open` after
    its first frame). Until then `store` is None, and edits do nothing.

    Once open, the store is re-read every couple of seconds and by
    `refresh_if_changed`, in case another instance of the app wrote to it.

    Signals: `changed()` after every re-read of the store (edits included);
    `message(text, ms)` for the status bar.
    """

    changed = Signal()
    message = Signal(str, int)

    def __init__(
        self,
        panel: BookmarksPanel,
        library: Library,
        dialog_parent: QWidget,
        open_store: Callable[[], tuple[BookmarkStore, str]] = open_bookmark_store,
    ) -> None:
        super().__init__(dialog_parent)
        self.panel = panel
        self._library = library
        self._parent = dialog_parent
        self._open_store = open_store
        self.store: BookmarkStore | None = None
        self.recovery_box: QMessageBox | None = None
        self._closed = False
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.refresh_if_changed)

    # ------------------------------------------------------------------ the store

    def open(self) -> None:
        """Open the store, show its bookmarks, report any trouble, and start watching it."""
        self.store, problem = self._open_store()
        self.panel.attach(self.store)
        self.refresh()
        if problem:
            self.message.emit(problem, 0)
        self._report_recovery(self.store)
        self._poll.start()

    def stop_polling(self) -> None:
        """Re-read the store only when asked (`refresh_if_changed`), no longer on a timer."""
        self._poll.stop()

    def close(self) -> None:
        self._poll.stop()
        self._closed = True
        if self.store is not None:
            self.store.close()

    def set_library(self, library: Library) -> None:
        """Resolve bookmarks against `library` from now on, and re-read them (once open)."""
        self._library = library
        self.panel.refresh(library)
        if self.store is not None and not self._closed:
            self.changed.emit()

    def refresh(self) -> None:
        """Re-read the store into the panel and emit `changed`."""
        if self._closed or self.store is None:
            return
        self.panel.refresh(self._library)
        self.changed.emit()

    def refresh_if_changed(self) -> None:
        """Re-read the store if another app instance wrote to it since the last read."""
        if not self._closed and self.panel.changed_elsewhere():
            self.refresh()

    def ids(self) -> set[str]:
        """The bookmarked entry ids, as last read."""
        return self.panel.ids()

    # ------------------------------------------------------------------ edits

    def set_bookmarked(self, entry_id: str, wanted: bool) -> None:
        """Bookmark the entry (if the library has it) or remove its bookmark."""
        if self.store is None:
            return
        entry = self._library.get(entry_id)
        if wanted and entry is not None:
            self.store.add(entry)
            self.message.emit(f"Bookmarked \u201c{entry.title}\u201d", 4000)
        elif not wanted:
            kept = self.panel.bookmark(entry_id)
            self.store.remove(entry_id)
            title = entry.title if entry else (kept.title if kept else "")
            self.message.emit(f"Removed the bookmark for \u201c{title}\u201d", 4000)
        self.refresh()

    def toggle(self, entry_id: str | None) -> None:
        """Flip the bookmark of an entry in the library; an entry that left the library
        can only lose its bookmark."""
        if self.store is None or entry_id is None:
            self.changed.emit()
            return
        if self._library.get(entry_id) is not None:
            self.set_bookmarked(entry_id, not self.store.is_bookmarked(entry_id))
        else:
            self.set_bookmarked(entry_id, False)

    def edit_note(self, entry_id: str | None) -> None:
        from PySide6.QtWidgets import QInputDialog

        bookmark = self.panel.bookmark(entry_id) if entry_id else None
        if bookmark is None or self.store is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self._parent,
            "Edit Note",
            literal(f"Note for \u201c{bookmark.title}\u201d:"),
            bookmark.note,
        )
        if ok:
            self.store.set_note(bookmark.entry_id, text.strip())
            self.refresh()

    def edit_tags(self, entry_id: str | None) -> None:
        """Tags as one comma-separated line; the Bookmarks tab's filter finds them too."""
        from PySide6.QtWidgets import QInputDialog

        bookmark = self.panel.bookmark(entry_id) if entry_id else None
        if bookmark is None or self.store is None:
            return
        text, ok = QInputDialog.getText(
            self._parent,
            "Edit Tags",
            literal(f"Tags for \u201c{bookmark.title}\u201d, separated by commas:"),
            text=", ".join(bookmark.tags),
        )
        if ok:
            self.store.set_tags(bookmark.entry_id, text.split(","))
            self.refresh()

    # ------------------------------------------------------------------ files

    def export(self) -> None:
        """Ask for a file and write every bookmark to it, as Markdown, CSV or JSON."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        store = self.store
        if store is None or not len(store):
            QMessageBox.information(
                self._parent, "Export Bookmarks", "There are no bookmarks to export."
            )
            return
        path, chosen = QFileDialog.getSaveFileName(
            self._parent,
            "Export Bookmarks",
            str(Path.home() / "glossapp-bookmarks.md"),
            ";;".join(EXPORT_FILTERS),
        )
        if not path:
            return
        from glossapp.bookmarks import exchange

        fmt = exchange.format_for_path(path)
        if fmt is None:
            fmt = EXPORT_FILTERS.get(chosen, "md")
            path = f"{path}.{fmt}"
        try:
            atomic_write_text(Path(path), store.export(fmt, self._library))
        except OSError as error:
            QMessageBox.warning(
                self._parent, "Export Bookmarks", literal(f"Could not write {path}:\n{error}")
            )
            return
        count = wording.count(len(store), "bookmark")
        self.message.emit(f"Exported {count} to {path}", 8000)

    def import_(self) -> None:
        """Ask for a file and merge its bookmarks into the store, then say what happened."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        if self.store is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self._parent,
            "Import Bookmarks",
            str(Path.home()),
            "Bookmarks (*.md *.markdown *.csv *.json);;All files (*)",
        )
        if not path:
            return
        from glossapp.bookmarks import exchange

        fmt = exchange.format_for_path(path)
        if fmt is None:
            QMessageBox.warning(
                self._parent,
                "Import Bookmarks",
                "Bookmarks are read from .md, .csv or .json files.",
            )
            return
        try:
            report = self.store.import_(Path(path).read_text(encoding="utf-8-sig"), fmt)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            QMessageBox.warning(
                self._parent, "Import Bookmarks", literal(f"Could not read {path}:\n{error}")
            )
            return
        self.refresh()
        message = f"From {Path(path).name}: {report.summary()}."
        if report.problems:
            message += "\n\n" + "\n".join(report.problems[:5])
            if len(report.problems) > 5:
                message += f"\n… and {len(report.problems) - 5} more"
        QMessageBox.information(self._parent, "Import Bookmarks", literal(message))

    def _report_recovery(self, store: BookmarkStore) -> None:
        from PySide6.QtWidgets import QMessageBox

        recovered = store.recovered_from
        if recovered is None or self.recovery_box is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Bookmarks Recovered",
            "The bookmarks file could not be read, so a new, empty one was started.",
            QMessageBox.StandardButton.Ok,
            self._parent,
        )
        box.setInformativeText(f"The unreadable file was kept, not deleted:\n{recovered}")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recovery_box = box
        box.open()  # not exec(): start-up goes on while the user reads it
