"""The main window's bookmarks: the star, Ctrl+D, the Bookmarks tab, notes, export and import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListView, QMenu

from glossapp.ui import wording
from glossapp.ui.bookmarks_panel import missing_notice_html
from glossapp.util.atomic import atomic_write_text

if TYPE_CHECKING:
    from glossapp.bookmarks.store import Bookmark, BookmarkStore

# Dialog classes are imported where a dialog opens: PySide builds every enum type of a
# class when Python first meets it, a cost the window's first frame should not pay.

TERMS_TAB, BOOKMARKS_TAB = 0, 1
EXPORT_FILTERS = {
    "Markdown (*.md)": "md",
    "CSV (*.csv)": "csv",
    "JSON (*.json)": "json",
}


class BookmarksMixin:
    """Part of MainWindow (mixed in); uses its widgets, library, renderer and `bookmarks` store."""

    def _build_bookmark_and_copy_actions(self) -> None:
        self.bookmark_action = self._action(
            "&Bookmark This Entry",
            self.toggle_bookmark,
            ["Ctrl+D"],
            "Add or remove a bookmark for the definition on show",
        )
        self.bookmark_action.setCheckable(True)
        self.bookmark_action.setIconText("Bookmark")
        self.show_bookmarks_action = self._action(
            "Show &Bookmarks", self.show_bookmarks_tab, ["Ctrl+B"]
        )
        self.edit_note_action = self._action(
            "Edit &Note…", lambda: self.edit_note(self._bookmark_in_focus())
        )
        self.edit_tags_action = self._action(
            "Edit &Tags…", lambda: self.edit_tags(self._bookmark_in_focus())
        )
        self.export_bookmarks_action = self._action("&Export Bookmarks…", self.export_bookmarks)
        self.import_bookmarks_action = self._action("&Import Bookmarks…", self.import_bookmarks)

        self.copy_definition_action = self._action(
            "Copy &Definition",
            lambda: self.copy_definition(self.current_entry()),
            ["Ctrl+Shift+C"],
            "Copy the definition with its formatting (HTML, plain text and Markdown)",
        )
        self.copy_definition_action.setIconText("Copy Definition")
        self.copy_markdown_action = self._action(
            "Copy as &Markdown", lambda: self.copy_markdown(self.current_entry())
        )
        self.copy_plain_action = self._action(
            "Copy as &Plain Text", lambda: self.copy_plain_text(self.current_entry())
        )
        self.copy_term_action = self._action(
            "Copy &Term", lambda: self.copy_term(self._title_in_view())
        )
        self.copy_actions = (
            self.copy_definition_action,
            self.copy_markdown_action,
            self.copy_plain_action,
            self.copy_term_action,
        )
        self.copy_citation_action = self._new_action("Include &Citation When Copying")
        self.copy_citation_action.setCheckable(True)
        self.copy_citation_action.setChecked(self.state.copy_citation)
        self.copy_citation_action.setStatusTip(
            "End copied definitions with a line naming the entry and its glossary"
        )
        self.copy_citation_action.toggled.connect(self._on_copy_citation_toggled)
        self._update_entry_actions()

    def _on_copy_citation_toggled(self, checked: bool) -> None:
        self.state.copy_citation = checked

    def _bookmark_target(self) -> str | None:
        """What the star acts on: the entry on show, or the missing bookmark on show."""
        if self.current_entry_id and self.library.get(self.current_entry_id):
            return self.current_entry_id
        return self.shown_missing.entry_id if self.shown_missing else None

    def _bookmark_in_focus(self) -> str | None:
        if self.sidebar_tabs.currentIndex() == BOOKMARKS_TAB and self.bookmarks_panel.current_id():
            return self.bookmarks_panel.current_id()
        return self._bookmark_target()

    def _title_in_view(self) -> str:
        entry = self.current_entry()
        if entry is not None:
            return entry.title or entry.term
        return self.shown_missing.title if self.shown_missing else ""

    def _update_entry_actions(self) -> None:
        if not hasattr(self, "copy_actions"):
            return
        entry = self.current_entry()
        target = self._bookmark_target()
        ids = self.bookmarks_panel.ids()
        marked = target in ids if target else False
        # a missing entry can lose its bookmark, but cannot be bookmarked again until it returns
        self.bookmark_action.setEnabled(entry is not None or marked)
        self.bookmark_action.setChecked(marked)
        self.bookmark_action.setIconText("Bookmarked" if marked else "Bookmark")
        self.bookmark_action.setToolTip(
            "Remove the bookmark (Ctrl+D)" if marked else "Bookmark this entry (Ctrl+D)"
        )
        for action in self.copy_actions:
            action.setEnabled(entry is not None)
        self.copy_term_action.setEnabled(bool(self._title_in_view()))
        self.edit_note_action.setEnabled(bool(ids))
        self.edit_tags_action.setEnabled(bool(ids))
        self.export_bookmarks_action.setEnabled(bool(ids))
        self.sidebar_tabs.setTabText(
            BOOKMARKS_TAB, f"Bookmarks ({len(ids):,})" if ids else "Bookmarks"
        )

    def toggle_bookmark(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.set_bookmarked(entry.id, not self.bookmarks.is_bookmarked(entry.id))
        elif self.shown_missing is not None:
            self.set_bookmarked(self.shown_missing.entry_id, False)
        else:
            self._update_entry_actions()

    def set_bookmarked(self, entry_id: str, wanted: bool) -> None:
        entry = self.library.get(entry_id)
        if wanted and entry is not None:
            self.bookmarks.add(entry)
            self.statusBar().showMessage(f"Bookmarked \u201c{entry.title}\u201d", 4000)
        elif not wanted:
            kept = self.bookmarks_panel.bookmark(entry_id)
            self.bookmarks.remove(entry_id)
            title = entry.title if entry else (kept.title if kept else "")
            self.statusBar().showMessage(f"Removed the bookmark for \u201c{title}\u201d", 4000)
        self.bookmarks_changed()

    def open_bookmarks(self) -> None:
        """Open the store (after the first frame: SQLite and the store's module cost ~12 ms)."""
        self.bookmarks, self._bookmarks_problem = _open_bookmark_store()
        self.bookmarks_panel.attach(self.bookmarks)
        self.bookmarks_changed()
        self._report_bookmark_store_problems()

    def bookmarks_changed(self) -> None:
        """Re-read the store and bring the tab, the ★ markers and the star up to date."""
        if self._bookmarks_closed or self.bookmarks is None:
            return
        self.bookmarks_panel.refresh(self.library)
        self.bookmarks_panel.select(self._bookmark_target())
        self.model.mark_bookmarked(self.bookmarked_ids())
        self._update_entry_actions()

    def refresh_bookmarks_if_changed(self) -> None:
        """Another app instance may have written: cheap to ask SQLite, so asked every 2 s
        and whenever the window is activated."""
        if not self._bookmarks_closed and self.bookmarks_panel.changed_elsewhere():
            self.bookmarks_changed()

    def show_bookmarks_tab(self) -> None:
        self.sidebar_tabs.setCurrentIndex(BOOKMARKS_TAB)
        self.focus_search()

    def _on_sidebar_tab_changed(self, index: int) -> None:
        self.state.sidebar_tab = index

    def _on_bookmark_order_changed(self, order: str) -> None:
        self.state.bookmark_order = order

    def _on_current_bookmark_changed(self, current, _previous) -> None:
        if current.isValid():
            self.open_bookmark(self.bookmarks_panel.model.entry_id_at(current.row()))

    def open_bookmark(self, entry_id: str | None) -> None:
        """The entry if the library has it; otherwise a notice with what the bookmark kept."""
        if not entry_id:
            return
        entry = self.bookmarks_panel.entry(entry_id)
        if entry is not None:
            self.show_entry(entry.id)
            return
        bookmark = self.bookmarks_panel.bookmark(entry_id)
        if bookmark is not None:
            self.show_missing(bookmark)

    def show_missing(self, bookmark: Bookmark) -> None:
        self.shown_missing = bookmark
        self.current_entry_id = None
        self.detail.setHtml(missing_notice_html(bookmark))
        self.setWindowTitle(f"{bookmark.title} (missing) \u2014 Glossapp")
        self.list_view.selectionModel().clear()
        self.bookmarks_panel.select(bookmark.entry_id)
        self._update_entry_actions()

    def edit_note(self, entry_id: str | None) -> None:
        from PySide6.QtWidgets import QInputDialog

        bookmark = self.bookmarks_panel.bookmark(entry_id) if entry_id else None
        if bookmark is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self, "Edit Note", f"Note for \u201c{bookmark.title}\u201d:", bookmark.note
        )
        if ok:
            self.bookmarks.set_note(bookmark.entry_id, text.strip())
            self.bookmarks_changed()

    def edit_tags(self, entry_id: str | None) -> None:
        """Tags as one comma-separated line; the Bookmarks tab's filter finds them too."""
        from PySide6.QtWidgets import QInputDialog

        bookmark = self.bookmarks_panel.bookmark(entry_id) if entry_id else None
        if bookmark is None:
            return
        text, ok = QInputDialog.getText(
            self,
            "Edit Tags",
            f"Tags for \u201c{bookmark.title}\u201d, separated by commas:",
            text=", ".join(bookmark.tags),
        )
        if ok:
            self.bookmarks.set_tags(bookmark.entry_id, text.split(","))
            self.bookmarks_changed()

    def export_bookmarks(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        if not len(self.bookmarks):
            QMessageBox.information(self, "Export Bookmarks", "There are no bookmarks to export.")
            return
        path, chosen = QFileDialog.getSaveFileName(
            self,
            "Export Bookmarks",
            str(Path.home() / "glossapp-bookmarks.md"),
            ";;".join(EXPORT_FILTERS),
        )
        if not path:
            return
        from glossapp.bookmarks import (
            exchange as bookmark_exchange,  # with the renderer: not needed at start-up
        )

        fmt = bookmark_exchange.format_for_path(path)
        if fmt is None:
            fmt = EXPORT_FILTERS.get(chosen, "md")
            path = f"{path}.{fmt}"
        try:
            atomic_write_text(Path(path), self.bookmarks.export(fmt, self.library))
        except OSError as error:
            QMessageBox.warning(self, "Export Bookmarks", f"Could not write {path}:\n{error}")
            return
        count = len(self.bookmarks)
        self.statusBar().showMessage(f"Exported {wording.count(count, 'bookmark')} to {path}", 8000)

    def import_bookmarks(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import Bookmarks",
            str(Path.home()),
            "Bookmarks (*.md *.markdown *.csv *.json);;All files (*)",
        )
        if not path:
            return
        from glossapp.bookmarks import (
            exchange as bookmark_exchange,  # with the renderer: not needed at start-up
        )

        fmt = bookmark_exchange.format_for_path(path)
        if fmt is None:
            QMessageBox.warning(
                self, "Import Bookmarks", "Bookmarks are read from .md, .csv or .json files."
            )
            return
        try:
            report = self.bookmarks.import_(Path(path).read_text(encoding="utf-8-sig"), fmt)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            QMessageBox.warning(self, "Import Bookmarks", f"Could not read {path}:\n{error}")
            return
        self.bookmarks_changed()
        message = f"From {Path(path).name}: {report.summary()}."
        if report.problems:
            message += "\n\n" + "\n".join(report.problems[:5])
            if len(report.problems) > 5:
                message += f"\n… and {len(report.problems) - 5} more"
        QMessageBox.information(self, "Import Bookmarks", message)

    def _report_bookmark_store_problems(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self._bookmarks_problem:
            self.statusBar().showMessage(self._bookmarks_problem)
        recovered = self.bookmarks.recovered_from
        if recovered is None or self.recovery_box is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Bookmarks Recovered",
            "The bookmarks file could not be read, so a new, empty one was started.",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setInformativeText(f"The unreadable file was kept, not deleted:\n{recovered}")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recovery_box = box
        box.open()  # not exec(): start-up goes on while the user reads it

    # ------------------------------------------------------------------ row menu

    def row_menu(self, view: QListView, row: int) -> QMenu:
        """Open, bookmark and copy the row's entry; on the Bookmarks tab also its note."""
        in_bookmarks = view is self.bookmarks_view
        entry_id = view.model().entry_id_at(row)
        bookmark = self.bookmarks_panel.bookmark(entry_id) if entry_id else None
        entry = self.library.get(entry_id) if entry_id else None
        menu = QMenu(self)
        opener = self.open_bookmark if in_bookmarks else self.show_entry
        open_action = menu.addAction("&Open", lambda: opener(entry_id))
        menu.setDefaultAction(open_action)
        if bookmark is not None:
            menu.addAction("&Remove Bookmark", lambda: self.set_bookmarked(entry_id, False))
        else:
            add = menu.addAction("&Bookmark", lambda: self.set_bookmarked(entry_id, True))
            add.setEnabled(entry is not None)
        menu.addSeparator()
        for text, copier in (
            ("Copy &Definition", self.copy_definition),
            ("Copy as &Markdown", self.copy_markdown),
            ("Copy as &Plain Text", self.copy_plain_text),
        ):
            action = menu.addAction(text, lambda c=copier: c(entry))
            action.setEnabled(entry is not None)
        title = entry.title if entry else (bookmark.title if bookmark else "")
        menu.addAction("Copy &Term", lambda: self.copy_term(title))
        if in_bookmarks:
            menu.addSeparator()
            menu.addAction("Edit &Note…", lambda: self.edit_note(entry_id))
            menu.addAction("Edit &Tags…", lambda: self.edit_tags(entry_id))
            menu.addSeparator()
            menu.addAction(self.export_bookmarks_action)
            menu.addAction(self.import_bookmarks_action)
        return menu

    def _show_row_menu(self, view: QListView, pos) -> None:
        index = view.indexAt(pos)
        if index.isValid():
            menu = self.row_menu(view, index.row())
        elif view is self.bookmarks_view:
            menu = QMenu(self)
            menu.addAction(self.export_bookmarks_action)
            menu.addAction(self.import_bookmarks_action)
        else:
            return
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()


def _open_bookmark_store() -> tuple[BookmarkStore, str]:
    """The store in the data dir; if that cannot be opened at all, one in memory for now."""
    import sqlite3

    from glossapp.bookmarks.store import BookmarkStore

    try:
        return BookmarkStore(), ""
    except (sqlite3.Error, OSError) as error:
        return (
            BookmarkStore(Path(":memory:")),
            f"Bookmarks cannot be saved this session ({error})",
        )
