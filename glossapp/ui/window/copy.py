"""The main window's copying out: definitions as rich text, Markdown and plain text, drags."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

from glossapp.glossary.model import Entry
from glossapp.ui import clipboard


class CopyMixin:
    """Part of MainWindow (mixed in); uses its library, renderer and citation setting."""

    def definition_mime(self, entry_ids: list[str]) -> QMimeData:
        """A dragged row's data: the same three formats as Copy Definition."""
        entries = [e for e in (self.library.get(i) for i in entry_ids) if e is not None]
        if self.renderer is None or not entries:
            mime = QMimeData()
            titles = [b.title for b in map(self.bookmarks_panel.bookmark, entry_ids) if b]
            if titles:
                mime.setText("\n".join(titles))
            return mime
        return clipboard.definition_mime(
            self.renderer, entries, citation=self.copy_citation_action.isChecked()
        )

    def _copy_ready(self, entry: Entry | None) -> bool:
        return entry is not None and self.renderer is not None

    def copy_definition(self, entry: Entry | None) -> None:
        if self._copy_ready(entry):
            clipboard.put_mime(self.definition_mime([entry.id]))
            self.statusBar().showMessage(
                f"Copied the definition of \u201c{entry.title}\u201d", 4000
            )

    def copy_markdown(self, entry: Entry | None) -> None:
        if self._copy_ready(entry):
            citation = self.copy_citation_action.isChecked()
            clipboard.put_text(self.renderer.markdown(entry, citation=citation))
            self.statusBar().showMessage(f"Copied \u201c{entry.title}\u201d as Markdown", 4000)

    def copy_plain_text(self, entry: Entry | None) -> None:
        if self._copy_ready(entry):
            citation = self.copy_citation_action.isChecked()
            clipboard.put_text(self.renderer.plain_text(entry, citation=citation))
            self.statusBar().showMessage(f"Copied \u201c{entry.title}\u201d as plain text", 4000)

    def copy_term(self, title: str) -> None:
        if title:
            clipboard.put_text(title)
            self.statusBar().showMessage(f"Copied \u201c{title}\u201d", 4000)
