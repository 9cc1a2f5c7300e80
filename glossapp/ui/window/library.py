"""The main window's library: watching, reloading, adding and removing glossaries, About."""

from __future__ import annotations

from pathlib import Path

from glossapp import __version__
from glossapp.glossary import library as library_module
from glossapp.glossary.library import SourceList
from glossapp.ui import wording

# Dialog classes are imported where a dialog opens: PySide builds every enum type of a
# class when Python first meets it, a cost the window's first frame should not pay.


class LibraryMixin:
    """Part of MainWindow (mixed in); owns nothing but keeps the window in step with the files."""

    def _watch_sources(self) -> None:
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        files = [str(source.path) for source in self.library.files if source.path.exists()]
        folders = {str(source.path.parent) for source in self.library.files if source.path.exists()}
        if files:
            self._watcher.addPaths(files)
        if folders:
            self._watcher.addPaths(sorted(folders))

    def reload_library(self) -> None:
        """Re-read every glossary (after an edit on disk or a change of sources) and re-index."""
        self.library = library_module.load_default(self._glossaries)
        self._load_rows()
        self._watch_sources()
        if self._startup_done:
            from glossapp.search.engine import SearchEngine

            self.renderer = None
            self.engine = SearchEngine(self.library)
            shown = self.current_entry_id
            self.current_entry_id = None
            if shown and self.library.get(shown):
                self._pending_entry_id = shown
            elif shown:
                self.detail.setHtml("<p><i>This entry is no longer in the library.</i></p>")
                self._update_entry_actions()
            self._start_indexing()
        self._report_library_problems()
        self.libraryReloaded.emit()

    def _add_source(self, path: str) -> None:
        SourceList().add(path)
        if self._glossaries is not None and path not in self._glossaries:
            self._glossaries.append(path)
        self.reload_library()
        self.statusBar().showMessage(f"Added {path}", 5000)

    def add_glossary_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self,
            "Add Glossary File",
            str(Path.home()),
            "Glossaries (*.txt *.md *.glossary);;All files (*)",
        )
        if path:
            self._add_source(path)

    def add_glossary_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path = QFileDialog.getExistingDirectory(self, "Add Glossary Folder", str(Path.home()))
        if path:
            self._add_source(path)

    def remove_glossary(self) -> None:
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        sources = [str(p) for p in SourceList().user_sources()]
        if not sources:
            QMessageBox.information(
                self,
                "Remove Glossary",
                "Only the bundled glossary is open; there is nothing to remove.",
            )
            return
        path, ok = QInputDialog.getItem(
            self,
            "Remove Glossary",
            "Stop using this glossary (the file is not deleted):",
            sources,
            0,
            False,
        )
        if ok and path:
            SourceList().remove(path)
            if self._glossaries is not None and path in self._glossaries:
                self._glossaries.remove(path)
            self.reload_library()

    def _report_library_problems(self) -> None:
        problems = self.library.diagnostics
        if problems:
            files = len({d.path for d in problems})
            self.statusBar().showMessage(
                f"{wording.count(len(problems), 'problem')} in "
                f"{wording.count(files, 'glossary file')} (File \u25b8 Glossary Problems)",
                15000,
            )

    def show_problems(self) -> None:
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout

        dialog = QDialog(self)
        dialog.setWindowTitle("Glossary Problems")
        layout = QVBoxLayout(dialog)
        text = QPlainTextEdit()
        text.setReadOnly(True)
        problems = self.library.diagnostics
        text.setPlainText(
            "\n".join(str(d) for d in problems) or "No problems found in the open glossaries."
        )
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(720, 360)
        dialog.exec()

    def about_html(self) -> str:
        from html import escape

        rows = "".join(
            f"<tr><td>{escape(source.name)}</td><td align='right'>&nbsp;{len(source.entries):,}</td>"
            f"<td>&nbsp;<small>{escape(str(source.path))}</small></td></tr>"
            for source in self.library.files
        )
        return (
            f"<h3>Glossapp {escape(__version__)}</h3>"
            "<p>An offline reference for technical glossaries.</p>"
            f"<p><b>Loaded glossaries</b></p><table>{rows}</table>"
        )

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, "About Glossapp", self.about_html())
