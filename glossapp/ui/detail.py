"""The detail pane: a QTextBrowser that never fetches anything and routes links by scheme."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser

from glossapp.render.links import ENTRY_SCHEME

if TYPE_CHECKING:  # imported for real, QMouseEvent would build QEvent's enums at start-up
    from PySide6.QtGui import QMouseEvent

EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})
ACTION_SCHEME = "glossapp-action"  # the window's own links in a page ("Show the rest")


class DetailView(QTextBrowser):
    """Signals: `entryLinkActivated(entry_id)`, `actionLinkActivated(name)` for the
    window's own links, `externalLinkActivated(url)`, and the mouse's back and forward
    buttons as `backRequested` and `forwardRequested`."""

    entryLinkActivated = Signal(str)
    actionLinkActivated = Signal(str)
    externalLinkActivated = Signal(QUrl)
    backRequested = Signal()
    forwardRequested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.anchorClicked.connect(self._route_link)
        self.open_external = QDesktopServices.openUrl
        self.zoom_steps = 0

    def _route_link(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme == ENTRY_SCHEME:
            self.entryLinkActivated.emit(url.path() or url.toString().split(":", 1)[-1])
        elif scheme == ACTION_SCHEME:
            self.actionLinkActivated.emit(url.path())
        elif scheme in EXTERNAL_SCHEMES:
            self.externalLinkActivated.emit(url)
            self.open_external(url)
        # anything else is inert: never followed, never fetched

    def createMimeDataFromSelection(self) -> QMimeData:
        """What Ctrl+C, the context menu's Copy and a drag of a selection put on the
        clipboard: the selection as clean HTML (the whole-entry copy's inline styles, dark
        text on no background whatever the theme, internal links as plain text) and as
        plain text with table rows on lines, never the pane's themed markup."""
        from glossapp.render.clipboard_html import selection_clipboard

        html, text = selection_clipboard(self.textCursor().selection().toHtml())
        mime = QMimeData()
        mime.setHtml(html)
        mime.setText(text)
        return mime

    def loadResource(self, kind: int, name: QUrl | str) -> None:
        """Images and style sheets named by a definition are never fetched, local or remote."""
        return None

    def set_zoom(self, steps: int) -> None:
        steps = max(-8, min(steps, 20))
        delta = steps - self.zoom_steps
        if delta > 0:
            self.zoomIn(delta)
        elif delta < 0:
            self.zoomOut(-delta)
        self.zoom_steps = steps

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.BackButton:
            self.backRequested.emit()
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.forwardRequested.emit()
        else:
            super().mouseReleaseEvent(event)
