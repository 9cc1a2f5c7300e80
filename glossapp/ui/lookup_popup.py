"""The lookup popup: a compact definition near the mouse pointer, over any app.

`LookupPopup.look_up(text)` asks the search engine (`find_matches`), shows the best
match's definition (rendered by `Renderer.html`, as in the detail pane), every match as a
short list (click it, or Up/Down and Enter, to show another), and three buttons: Open in
Window, Copy (the same formats as Ctrl+Shift+C, through the window's `CopyController`)
and Bookmark. When nothing matches it says "No entry for 'x'" and lists the closest
names. Esc or a click outside closes it; it is a window of its own, so it works while the
main window is hidden or minimised.

Keys: Up/Down choose a match, Enter shows it, Ctrl+Enter (or Ctrl+O) opens it in the
window, Ctrl+Shift+C copies it, Ctrl+D bookmarks it, Esc closes.

In its text, as in the detail pane (`add_lookup_to_context_menu`, `lookup_on_double_click`),
double-clicking a word looks it up, and the context menu has "Look Up 'selected words'".

Import it after the window's first frame: it loads the renderer's styles.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QCursor, QGuiApplication, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from glossapp.search.engine import EXACT_NAME_SCORE, SearchHit, SearchResponse
from glossapp.ui import selection
from glossapp.ui.detail import DetailView

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent, QPaintEvent

    from glossapp.glossary.library import Library
    from glossapp.glossary.model import Entry
    from glossapp.render.renderer import Renderer
    from glossapp.ui.window.copy import CopyController

__all__ = [
    "LookupPopup",
    "Matches",
    "add_lookup_to_context_menu",
    "find_matches",
    "lookup_menu",
    "lookup_on_double_click",
    "popup_position",
    "word_at",
]

MAX_MATCHES = 8  # rows of the match list
MAX_CLOSEST = 5
MAX_RELATED = 3  # matches listed after the exact ones
MENU_LABEL_CHARS = 32
POPUP_SIZE = QSize(500, 380)
NOTICE_SIZE = QSize(380, 210)
POINTER_GAP = 14  # pixels between the pointer and the popup
# a smaller title than the detail pane's: the popup is small
POPUP_CSS = "\nh1.entry-title { font-size: 15pt; }\n"

_OUTER_PUNCTUATION = string.punctuation.replace("+", "").replace("#", "") + "“”‘’«»‹›…–—"
_WORD_CHARS = re.compile(r"[\w\-+#./'’]")
_WORD_EDGES = "-./'’"


# ---------------------------------------------------------------------- matching


class Engine(Protocol):
    """What the popup asks of `search.engine.SearchEngine`."""

    @property
    def library(self) -> Library: ...

    def search(
        self, query: str, limit: int = 50, category: str | None = None
    ) -> SearchResponse: ...

    def lookup_names(
        self, query: str, limit: int = 200, category: str | None = None
    ) -> list[SearchHit]: ...


@dataclass(frozen=True, slots=True)
class Matches:
    text: str  # as asked, trimmed
    query: str  # the form that was searched (outer punctuation and a plural "s" may go)
    hits: list[SearchHit] = field(default_factory=list)  # best first; [] when nothing matches
    closest: list[str] = field(default_factory=list)  # names like the text, when nothing matches

    @property
    def best(self) -> SearchHit | None:
        return self.hits[0] if self.hits else None


def _forms(text: str) -> list[str]:
    """The text as selected, then without outer punctuation ("(GPU)," -> "GPU"), then
    without a plural or possessive ending ("GPUs" -> "GPU")."""
    stripped = text.strip(_OUTER_PUNCTUATION + " ") or text
    forms = [text, stripped]
    for ending in ("'s", "’s", "s"):
        if stripped.endswith(ending) and len(stripped) > len(ending) + 2:
            forms.append(stripped[: -len(ending)])
            break
    return list(dict.fromkeys(form for form in forms if form))


def _is_exact(hit: SearchHit) -> bool:
    return hit.match == "name" and hit.score >= EXACT_NAME_SCORE


def find_matches(engine: Engine, text: str, limit: int = MAX_MATCHES) -> Matches:
    """The entries `text` names, best first; or, when nothing matches, the closest names.

    A form of the text that is exactly a name wins (see `_forms`); otherwise the text
    without outer punctuation is searched, names first, then full text. Hits from the
    typo fallback are not matches: their names are offered as the closest ones.
    """
    text = selection.trimmed(text)
    if not text:
        return Matches("", "")
    forms = _forms(text)
    query = next(
        (form for form in forms if any(map(_is_exact, engine.lookup_names(form, 3)))),
        forms[1] if len(forms) > 1 else forms[0],
    )
    response = engine.search(query, limit)
    if response.hits and not response.fuzzy:
        hits = list(response.hits[:limit])
        exact = [hit for hit in hits if _is_exact(hit)]
        if exact:  # then a few related entries, not every entry sharing one word
            hits = exact + [hit for hit in hits if not _is_exact(hit)][:MAX_RELATED]
        return Matches(text, query, hits[:limit])
    return Matches(text, query, [], _closest_names(engine, query, response))


def _closest_names(engine: Engine, query: str, response: SearchResponse) -> list[str]:
    names: dict[str, None] = {}

    def offer(hits: list[SearchHit]) -> None:
        for hit in hits:
            if len(names) < MAX_CLOSEST:
                names.setdefault(hit.title or hit.term, None)

    offer(response.hits)  # the typo fallback's, if it found any
    if response.suggestion:
        offer(engine.lookup_names(response.suggestion, MAX_CLOSEST))
    # names that start as the text does, losing one character at a time
    for length in range(len(query) - 1, 2, -1):
        if len(names) >= MAX_CLOSEST:
            break
        found = engine.lookup_names(query[:length], MAX_CLOSEST)
        if found:
            offer(found)
            break
    return list(names)


# ---------------------------------------------------------------------- placing


def popup_position(pointer: QPoint, size: QSize, screen: QRect, gap: int = POINTER_GAP) -> QPoint:
    """Where a popup of `size` goes: below and right of the pointer, flipped above or to
    the left where the screen ends, and always inside `screen` (its available area)."""
    x, y = pointer.x() + gap, pointer.y() + gap
    if x + size.width() > screen.right() + 1:
        x = pointer.x() - gap - size.width()
    if y + size.height() > screen.bottom() + 1:
        y = pointer.y() - gap - size.height()
    x = max(screen.left(), min(x, screen.right() + 1 - size.width()))
    y = max(screen.top(), min(y, screen.bottom() + 1 - size.height()))
    return QPoint(x, y)


def _screen_area(pointer: QPoint) -> QRect:
    screen = QGuiApplication.screenAt(pointer) or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)


# ---------------------------------------------------------------------- words in a text view


def word_at(view: QTextBrowser, pos: QPoint) -> str:
    """The word at `pos` (viewport coordinates), names such as "C++", "TCP/IP" and
    "cross-entropy" whole, without sentence punctuation around them."""
    cursor = view.cursorForPosition(pos)
    text = cursor.block().text()
    index = cursor.positionInBlock()
    if index >= len(text) or not _WORD_CHARS.match(text[index]):
        index -= 1  # the cursor stands after the character the pointer is on
    if index < 0 or index >= len(text) or not _WORD_CHARS.match(text[index]):
        return ""
    start = end = index
    while start > 0 and _WORD_CHARS.match(text[start - 1]):
        start -= 1
    while end + 1 < len(text) and _WORD_CHARS.match(text[end + 1]):
        end += 1
    return text[start : end + 1].strip(_WORD_EDGES)


def _selected(view: QTextBrowser) -> str:
    return selection.trimmed(view.textCursor().selectedText())


def _menu_label(text: str) -> str:
    shown = text if len(text) <= MENU_LABEL_CHARS else text[: MENU_LABEL_CHARS - 1] + "\u2026"
    return f"Look Up \u201c{shown.replace('&', '&&')}\u201d"


def lookup_menu(view: QTextBrowser, pos: QPoint, lookup: Callable[[str], object]) -> QMenu:
    """The view's own context menu for `pos` (viewport coordinates), with "Look Up
    'selected words'" first (the word under the pointer when nothing is selected)."""
    offset = QPoint(view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    menu = view.createStandardContextMenu(pos + offset)
    menu.setParent(view, menu.windowFlags())
    wanted = _selected(view) or word_at(view, pos)
    if wanted:
        first = menu.actions()[0] if menu.actions() else None
        action = menu.addAction(_menu_label(wanted))
        action.setObjectName("lookup")
        action.triggered.connect(lambda: lookup(wanted))
        if first is not None:
            menu.insertAction(first, action)
            menu.insertSeparator(first)
    return menu


def add_lookup_to_context_menu(view: QTextBrowser, lookup: Callable[[str], object]) -> None:
    """Give `view` the context menu of `lookup_menu`: its own, with Look Up first."""

    def show_menu(pos: QPoint) -> None:
        menu = lookup_menu(view, pos, lookup)
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(show_menu)


class _DoubleClickLookup(QObject):
    def __init__(self, view: QTextBrowser, lookup: Callable[[str], object]) -> None:
        super().__init__(view)
        self._view = view
        self._lookup = lookup

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonDblClick:
            button = getattr(event, "button", None)
            if button is not None and button() == Qt.MouseButton.LeftButton:
                word = word_at(self._view, event.position().toPoint())  # type: ignore[attr-defined]
                if word:
                    # after the view has handled the click (it selects the word)
                    QTimer.singleShot(0, lambda: self._lookup(word))
        return False


def lookup_on_double_click(view: QTextBrowser, lookup: Callable[[str], object]) -> QObject:
    """Double-clicking a word in `view` looks it up; returns the event filter (owned by
    the view)."""
    watcher = _DoubleClickLookup(view, lookup)
    view.viewport().installEventFilter(watcher)
    return watcher


# ---------------------------------------------------------------------- the popup


class Bookmarks(Protocol):
    """The bookmark store as the popup needs it (the window's controller, or the store)."""

    def is_bookmarked(self, entry_id: str) -> bool: ...

    def set_bookmarked(self, entry_id: str, wanted: bool) -> None: ...


def _uses_popup_window() -> bool:
    # Wayland will not place a parentless popup: there it is a frameless tool window
    # that closes when it loses focus
    return not QGuiApplication.platformName().startswith("wayland")


class LookupPopup(QFrame):
    """The popup; `look_up(text)` fills it and shows it near the pointer.

    Inputs: the search `engine`, the `renderer` (or a callable giving it, for a window
    whose renderer arrives later), the window's `copier`, the `bookmarks` (None: no
    Bookmark button), and the resolved `theme` ("light" or "dark").

    Signals: `openRequested(entry_id)` (Open in Window; the popup closes),
    `entryShown(entry_id)`, `lookedUp(text)` after each lookup, `firstFrame()` when a
    lookup's first frame is painted, `closed()`.
    """

    openRequested = Signal(str)
    entryShown = Signal(str)
    lookedUp = Signal(str)
    firstFrame = Signal()
    closed = Signal()

    def __init__(
        self,
        engine: Engine,
        renderer: Renderer | Callable[[], Renderer],
        copier: CopyController,
        bookmarks: Bookmarks | None = None,
        theme: str = "light",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self._renderer = renderer
        self.copier = copier
        self.bookmarks = bookmarks
        self.matches = Matches("", "")
        self.current_entry_id: str | None = None
        self._painted = True
        self._as_popup = _uses_popup_window()
        flags = (
            Qt.WindowType.Popup
            if self._as_popup
            else Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setWindowFlags(flags)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("lookupPopup")
        self.setAccessibleName("Look up")
        self.setWindowTitle("Glossapp Look Up")
        self._build()
        self.set_theme(theme)

    # ------------------------------------------------------------------ construction

    def _build(self) -> None:
        self.view = DetailView()
        self.view.setAccessibleName("Definition")
        self.view.entryLinkActivated.connect(self.show_entry)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        add_lookup_to_context_menu(self.view, self.look_up_here)
        lookup_on_double_click(self.view, self.look_up_here)

        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)

        self.list_label = QLabel("Matches")
        self.list_label.setObjectName("listLabel")
        self.match_list = QListWidget()
        self.match_list.setAccessibleName("Matches")
        self.match_list.setUniformItemSizes(True)
        self.match_list.itemClicked.connect(self._pick)
        self.match_list.itemActivated.connect(self._pick)

        self.open_button = QPushButton("&Open in Window")
        self.open_button.setToolTip("Show this entry in the main window (Ctrl+Enter)")
        self.open_button.clicked.connect(self.open_in_window)
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setToolTip("Copy the definition: rich text, Markdown and plain text")
        self.copy_button.clicked.connect(self.copy_definition)
        self.bookmark_button = QPushButton("&Bookmark")
        self.bookmark_button.setCheckable(True)
        self.bookmark_button.setToolTip("Bookmark this entry (Ctrl+D)")
        self.bookmark_button.clicked.connect(self.toggle_bookmark)
        self.bookmark_button.setVisible(self.bookmarks is not None)
        for button in (self.open_button, self.copy_button, self.bookmark_button):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.status = QLabel()
        self.status.setObjectName("status")

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.bookmark_button)
        buttons.addStretch(1)
        buttons.addWidget(self.status)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.notice)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.list_label)
        layout.addWidget(self.match_list)
        layout.addLayout(buttons)

        shortcuts = (
            ("Ctrl+Return", self.open_in_window),
            ("Ctrl+Enter", self.open_in_window),
            ("Ctrl+O", self.open_in_window),
            ("Ctrl+Shift+C", self.copy_definition),
            ("Ctrl+D", self.toggle_bookmark),
        )
        for keys, slot in shortcuts:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # ------------------------------------------------------------------ inputs

    @property
    def renderer(self) -> Renderer:
        return self._renderer() if callable(self._renderer) else self._renderer

    @property
    def library(self) -> Library:
        return self.engine.library

    def current_entry(self) -> Entry | None:
        return self.library.get(self.current_entry_id) if self.current_entry_id else None

    def set_theme(self, theme: str) -> None:
        """The definition's colours for "light" or "dark" (the rest follows the palette)."""
        from glossapp.render.renderer import background_color, stylesheet

        self.theme = theme
        self.view.document().setDefaultStyleSheet(stylesheet(theme) + POPUP_CSS)
        palette = self.view.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(background_color(theme)))
        self.view.setPalette(palette)
        entry = self.current_entry()
        if entry is not None:
            self.view.setHtml(self.renderer.html(entry))

    # ------------------------------------------------------------------ looking up

    def look_up(self, text: str, at: QPoint | None = None) -> Matches:
        """Fill the popup for `text` and show it near `at` (default: the pointer)."""
        self.matches = matches = find_matches(self.engine, text)
        self.status.clear()
        self.match_list.clear()
        if matches.best is not None:
            self._show_matches(matches)
            size = POPUP_SIZE
        else:
            self._show_notice(matches)
            size = NOTICE_SIZE
        self.resize(size)
        pointer = at if at is not None else QCursor.pos()
        self.move(popup_position(pointer, size, _screen_area(pointer)))
        self._painted = False
        self.show()
        if not self._as_popup:
            # a popup is on top and has the keyboard already; activating it as a window
            # would take the focus from the app's other window, which closes popups
            self.raise_()
            self.activateWindow()
        (self.match_list if self.match_list.isVisible() else self.view).setFocus()
        self.lookedUp.emit(matches.text)
        return matches

    def look_up_here(self, text: str) -> Matches:
        """Look up from the popup's own text: the popup stays where it is."""
        return self.look_up(text, at=self.pos() - QPoint(POINTER_GAP, POINTER_GAP))

    def _show_matches(self, matches: Matches) -> None:
        self.notice.hide()
        self.view.show()
        for hit in matches.hits:
            where = hit.category or hit.source
            item = QListWidgetItem(f"{hit.title}  \u00b7  {where}" if where else hit.title)
            item.setData(Qt.ItemDataRole.UserRole, hit.entry_id)
            item.setToolTip(hit.snippet)
            self.match_list.addItem(item)
        several = len(matches.hits) > 1
        self.list_label.setText("Matches")
        self.list_label.setVisible(several)
        self.match_list.setVisible(several)
        self._fit_list()
        assert matches.best is not None
        self.show_entry(matches.best.entry_id)
        self.match_list.setCurrentRow(0)

    def _show_notice(self, matches: Matches) -> None:
        self.current_entry_id = None
        self.view.clear()
        self.view.hide()
        self.notice.setText(
            f"No entry for \u2018{matches.text}\u2019" if matches.text else "Nothing to look up"
        )
        self.notice.show()
        for name in matches.closest:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole + 1, name)
            self.match_list.addItem(item)
        self.list_label.setText("Closest names")
        self.list_label.setVisible(bool(matches.closest))
        self.match_list.setVisible(bool(matches.closest))
        self._fit_list()
        if matches.closest:
            self.match_list.setCurrentRow(0)
        self._update_buttons()

    def _fit_list(self) -> None:
        rows = min(self.match_list.count(), 5)
        row = self.match_list.sizeHintForRow(0) if self.match_list.count() else 0
        self.match_list.setFixedHeight(rows * row + 2 * self.match_list.frameWidth() + 2)

    def _pick(self, item: QListWidgetItem) -> None:
        entry_id = item.data(Qt.ItemDataRole.UserRole)
        if entry_id:
            self.show_entry(entry_id)
            return
        name = item.data(Qt.ItemDataRole.UserRole + 1)
        if name:
            self.look_up_here(name)

    def show_entry(self, entry_id: str) -> bool:
        """Show one entry's definition (from the list, or a link in the text)."""
        entry = self.library.get(entry_id)
        if entry is None:
            return False
        self.notice.hide()
        self.view.show()
        self.view.setHtml(self.renderer.html(entry))
        self.view.verticalScrollBar().setValue(0)
        self.current_entry_id = entry_id
        for row in range(self.match_list.count()):
            if self.match_list.item(row).data(Qt.ItemDataRole.UserRole) == entry_id:
                self.match_list.setCurrentRow(row)
                break
        self._update_buttons()
        self.entryShown.emit(entry_id)
        return True

    def _update_buttons(self) -> None:
        entry = self.current_entry()
        for button in (self.open_button, self.copy_button, self.bookmark_button):
            button.setEnabled(entry is not None)
        marked = bool(entry and self.bookmarks and self.bookmarks.is_bookmarked(entry.id))
        self.bookmark_button.setChecked(marked)
        self.bookmark_button.setText("&Bookmarked" if marked else "&Bookmark")

    # ------------------------------------------------------------------ buttons

    def open_in_window(self) -> None:
        if self.current_entry_id:
            entry_id = self.current_entry_id
            self.close()
            self.openRequested.emit(entry_id)

    def copy_definition(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.copier.copy_definition(entry)
            self.status.setText("Copied")

    def toggle_bookmark(self) -> None:
        entry = self.current_entry()
        if entry is None or self.bookmarks is None:
            return
        wanted = not self.bookmarks.is_bookmarked(entry.id)
        self.bookmarks.set_bookmarked(entry.id, wanted)
        self._update_buttons()
        self.status.setText("Bookmarked" if wanted else "Bookmark removed")

    # ------------------------------------------------------------------ events

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.WindowDeactivate
            and not self._as_popup
            and QApplication.activePopupWidget() is None
        ):
            QTimer.singleShot(0, self.close)  # a click elsewhere (the tool-window form)
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.firstFrame.emit()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.closed.emit()
