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
# the keys of the controller's lasting notices (see `ui.notices`)
STORE_NOTICE = "bookmarks.store"  # the store is read-only, or only in memory
WRITE_NOTICE = "bookmarks.write"  # the last change could not be saved
READ_NOTICE = "bookmarks.read"  # the store could not be read
PROBLEMS_SHOWN = 10  # import problems listed in the box itself; all are in its details


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

    A change the store cannot save (read-only, busy, a full disk) changes nothing: the
    panel and the star show what the store holds, and `notice(key, text)` says why until
    the next change that is saved (`noticeCleared(key)`). A store that opened read-only
    (or only in memory) is a lasting notice too.

    Signals: `changed()` after every re-read of the store (edits included);
    `message(text, ms)` for the status bar.
    """

    changed = Signal()
    message = Signal(str, int)
    notice = Signal(str, str)
    noticeCleared = Signal(str)

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
        self.import_box: QMessageBox | None = None
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
            self.notice.emit(STORE_NOTICE, problem)
        elif self.store.read_only:
            reason = self.store.read_only_reason or "the bookmarks file cannot be written"
            self.notice.emit(
                STORE_NOTICE,
                f"Bookmarks are read-only: {reason}. They are shown, but changes cannot be saved.",
            )
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
        import sqlite3

        if self._closed or self.store is None:
            return
        try:
            self.panel.refresh(self._library)
        except sqlite3.Error as error:
            self.notice.emit(READ_NOTICE, f"Bookmarks could not be read: {error}")
        else:
            self.noticeCleared.emit(READ_NOTICE)
        self.changed.emit()

    def _save(self, change: Callable[[], object]) -> bool:
        """Run one write to the store; on failure (nothing changed) say why, lastingly."""
        import sqlite3

        try:
            change()
        except sqlite3.Error as error:
            self.notice.emit(WRITE_NOTICE, f"The change to your bookmarks was not saved: {error}")
            self.refresh()  # the star and the list show what the store holds
            return False
        self.noticeCleared.emit(WRITE_NOTICE)
        return True

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
        store = self.store
        if store is None:
            return
        entry = self._library.get(entry_id)
        if wanted and entry is not None:
            if not self._save(lambda: store.add(entry)):
                return
            self.message.emit(f"Bookmarked \u201c{entry.title}\u201d", 4000)
        elif not wanted:
            kept = self.panel.bookmark(entry_id)
            if not self._save(lambda: store.remove(entry_id)):
                return
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
            self.set_bookmarked(entry_id, entry_id not in self.panel.ids())
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
        store = self.store
        if ok and self._save(lambda: store.set_note(bookmark.entry_id, text.strip())):
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
        store = self.store
        if ok and self._save(lambda: store.set_tags(bookmark.entry_id, text.split(","))):
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
        from PySide6.QtWidgets import QFileDialog

        if self.store is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self._parent,
            "Import Bookmarks",
            str(Path.home()),
            "Bookmarks (*.md *.markdown *.csv *.json);;All files (*)",
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        """Merge the bookmarks of `path` into the store and show the report in a box
        (`import_box`): how many were added and skipped, and every line it could not read."""
        import sqlite3

        from PySide6.QtWidgets import QMessageBox

        from glossapp.bookmarks import exchange

        if self.store is None:
            return
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
        except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
            self._show_import_box(QMessageBox.Icon.Warning, f"Could not read {path}:", str(error))
            return
        except sqlite3.Error as error:
            self.refresh()
            self._show_import_box(
                QMessageBox.Icon.Warning, f"Nothing was imported from {path}:", str(error)
            )
            return
        self.noticeCleared.emit(WRITE_NOTICE)
        self.refresh()
        shown = report.problems[:PROBLEMS_SHOWN]
        more = len(report.problems) - len(shown)
        informative = "\n".join([*shown, *([f"… and {more} more (Show Details)"] if more else [])])
        details = []
        if report.added:
            details += ["Added:", *(f"  {b.title or b.term}" for b in report.added)]
        if report.skipped:
            details += ["Already bookmarked:", *(f"  {b.title or b.term}" for b in report.skipped)]
        if report.problems:
            details += ["Could not be read:", *(f"  {line}" for line in report.problems)]
        self._show_import_box(
            QMessageBox.Icon.Warning if report.problems else QMessageBox.Icon.Information,
            f"From {Path(path).name}: {report.summary()}.",
            informative,
            "\n".join(details),
        )

    def _show_import_box(
        self, icon: QMessageBox.Icon, text: str, informative: str = "", details: str = ""
    ) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.import_box is not None:
            self.import_box.deleteLater()
        box = QMessageBox(
            icon, "Import Bookmarks", literal(text), QMessageBox.StandardButton.Ok, self._parent
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        if informative:
            box.setInformativeText(informative)
        if details:
            box.setDetailedText(details)
        self.import_box = box
        box.open()

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
