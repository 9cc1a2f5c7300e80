"""Copying definitions out: rich text, Markdown and plain text to the clipboard, and drags."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Signal

from glossapp.ui import clipboard

if TYPE_CHECKING:
    from glossapp.glossary.library import Library
    from glossapp.glossary.model import Entry
    from glossapp.render.renderer import Renderer


class CopyController(QObject):
    """Puts entries on the clipboard and makes a dragged row's data.

    Inputs: the `library` entries are looked up in (`set_library` after a reload), the
    `citation` setting, and `fallback_title`, the title of an id the library lacks (a
    missing bookmark), so such a drag still carries text. Until `set_renderer` gives it
    a renderer, copying does nothing and a drag carries titles only.

    Emits `copied(message)` after each copy, for the status bar.
    """

    copied = Signal(str)

    def __init__(
        self,
        library: Library,
        citation: bool = False,
        fallback_title: Callable[[str], str | None] = lambda _entry_id: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._renderer: Renderer | None = None
        self._fallback_title = fallback_title
        self.citation = citation

    def set_library(self, library: Library) -> None:
        self._library = library

    def set_renderer(self, renderer: Renderer | None) -> None:
        self._renderer = renderer

    def set_citation(self, on: bool) -> None:
        """Whether copied definitions end with a line naming the entry and its glossary."""
        self.citation = on

    def definition_mime(self, entry_ids: list[str]) -> QMimeData:
        """The entries in the same three formats as Copy Definition (HTML, plain text,
        Markdown); without a renderer or any entry found, just the titles as text."""
        entries = [e for e in (self._library.get(i) for i in entry_ids) if e is not None]
        if self._renderer is None or not entries:
            mime = QMimeData()
            titles = [t for t in map(self._fallback_title, entry_ids) if t]
            if titles:
                mime.setText("\n".join(titles))
            return mime
        return clipboard.definition_mime(self._renderer, entries, citation=self.citation)

    def copy_definition(self, entry: Entry | None) -> None:
        if entry is not None and self._renderer is not None:
            clipboard.put_mime(self.definition_mime([entry.id]))
            self.copied.emit(f"Copied the definition of \u201c{entry.title}\u201d")

    def copy_markdown(self, entry: Entry | None) -> None:
        if entry is not None and self._renderer is not None:
            clipboard.put_text(self._renderer.markdown(entry, citation=self.citation))
            self.copied.emit(f"Copied \u201c{entry.title}\u201d as Markdown")

    def copy_plain_text(self, entry: Entry | None) -> None:
        if entry is not None and self._renderer is not None:
            clipboard.put_text(self._renderer.plain_text(entry, citation=self.citation))
            self.copied.emit(f"Copied \u201c{entry.title}\u201d as plain text")

    def copy_term(self, term: str) -> None:
        if term:
            clipboard.put_text(term)
            self.copied.emit(f"Copied \u201c{term}\u201d")
