"""`glossapp lookup [TEXT]`, and the running app's side of a handed-off request.

`run_lookup(args)` gives the lookup to the running app for this data folder (see
`ui.instance`), which shows its popup and so costs this process no Qt at all on Linux
and macOS; with no app running it starts a minimal one that shows only the popup and
exits when the popup closes (Open in Window then starts the window on the entry).
Without TEXT the primary selection is looked up where the platform has one, else the
clipboard (`ui.selection`): the running app reads it itself.

`WindowLookup(window)` is what the window gives `InstanceServer.set_handler`: it raises
the window for "open", shows the term for "show", and owns the window's popup for
"lookup" (also used by the tray, the clipboard watch and the detail pane's Look Up).

Qt and the search engine are imported only inside functions, so that a hand-off stays
cheap.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from glossapp.ui import instance, selection

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication

    from glossapp.bookmarks.store import BookmarkStore
    from glossapp.glossary.library import Library
    from glossapp.glossary.model import Entry
    from glossapp.render.renderer import Renderer
    from glossapp.search.engine import SearchEngine
    from glossapp.ui.lookup_popup import LookupPopup

__all__ = ["ControllerBookmarks", "StoreBookmarks", "WindowLookup", "run_lookup"]

FIRST_FRAME_MARK = "first-frame"  # what --exit-at-first-frame prints, with the monotonic time
CLIPBOARD_KEEP_MS = 10 * 60 * 1000  # a popup-only app that owns the clipboard stays this long


def lookup_text(words: list[str] | None) -> str | None:
    """TEXT from the command line, trimmed; None when absent (look up the selection)."""
    text = selection.trimmed(" ".join(words)) if words else ""
    return text or None


def run_lookup(args: argparse.Namespace) -> int:
    """Hand the lookup to the running app, or show the popup alone; the exit status."""
    text = lookup_text(getattr(args, "text", None))
    glossaries = getattr(args, "glossary", None) or []
    name = instance.server_name(glossaries=glossaries)
    request = instance.Request("lookup", text, instance.activation_token())
    if not getattr(args, "alone", False) and instance.hand_off(request, name):
        return 0
    at_first_frame = getattr(args, "exit_at_first_frame", False)
    return _popup_only(text, glossaries, exit_at_first_frame=at_first_frame)


# ---------------------------------------------------------------------- bookmarks


class ControllerBookmarks:
    """The popup's bookmarks through the window's `BookmarksController`."""

    def __init__(self, controller) -> None:
        self._controller = controller

    def is_bookmarked(self, entry_id: str) -> bool:
        return entry_id in self._controller.ids()

    def set_bookmarked(self, entry_id: str, wanted: bool) -> None:
        self._controller.set_bookmarked(entry_id, wanted)


class StoreBookmarks:
    """The popup's bookmarks in the store itself, opened on first use (the popup-only app).
    A store that cannot be opened or written leaves bookmarks as they were."""

    def __init__(self, library: Library, store: BookmarkStore | None = None) -> None:
        self._library = library
        self._store = store
        self._failed = False

    def _open(self) -> BookmarkStore | None:
        if self._store is None and not self._failed:
            import sqlite3

            from glossapp.bookmarks.store import BookmarkStore

            try:
                self._store = BookmarkStore()
            except (sqlite3.Error, OSError):
                self._failed = True
        return self._store

    def is_bookmarked(self, entry_id: str) -> bool:
        import sqlite3

        store = self._open()
        try:
            return store is not None and store.is_bookmarked(entry_id)
        except sqlite3.Error:
            return False

    def set_bookmarked(self, entry_id: str, wanted: bool) -> None:
        import sqlite3

        store, entry = self._open(), self._library.get(entry_id)
        if store is None:
            return
        try:
            if wanted and entry is not None:
                store.add(entry)
            elif not wanted:
                store.remove(entry_id)
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


# ---------------------------------------------------------------------- the running app's side


class WindowLookup:
    """The window's handler of handed-off requests, and the owner of its popup.

    Reads from `window` (duck-typed, the main window): `library`, `search.engine`,
    `renderer`, `copy_controller`, `bookmarks_controller`, `resolved_theme`,
    `show_entry(entry_id)`, `search_box`, `show_message(text, ms)`.
    """

    def __init__(self, window) -> None:
        self.window = window
        self._popup: LookupPopup | None = None
        self._renderer: Renderer | None = None
        self._engine: SearchEngine | None = None

    # the window's parts, with stand-ins while the window's own are not made yet

    def _engine_now(self) -> SearchEngine:
        engine = getattr(getattr(self.window, "search", None), "engine", None)
        if engine is not None:
            return engine
        if self._engine is None or self._engine.library is not self.window.library:
            from glossapp.search.engine import SearchEngine

            self._engine = SearchEngine(self.window.library)  # names only until the window's
        return self._engine

    def _renderer_now(self) -> Renderer:
        renderer = getattr(self.window, "renderer", None)
        if renderer is not None and renderer.library is self.window.library:
            return renderer
        if self._renderer is None or self._renderer.library is not self.window.library:
            from glossapp.render.renderer import Renderer

            self._renderer = Renderer(self.window.library)
        return self._renderer

    @property
    def popup(self) -> LookupPopup:
        """The window's popup, made on first use."""
        if self._popup is None:
            from glossapp.ui.lookup_popup import LookupPopup

            self._popup = LookupPopup(
                self._engine_now(),
                self._renderer_now,
                self.window.copy_controller,
                ControllerBookmarks(self.window.bookmarks_controller),
                theme=getattr(self.window, "resolved_theme", "light"),
            )
            self._popup.openRequested.connect(self.open_in_window)
        return self._popup

    # requests

    def handle(self, request: instance.Request) -> None:
        """One request from `InstanceServer`."""
        if request.action == "lookup":
            self.look_up(request.text)
        elif request.action == "show" and request.text:
            instance.raise_window(self.window, request.token)
            self.show_term(request.text)
        else:
            instance.raise_window(self.window, request.token)

    def look_up(self, text: str | None = None, at: QPoint | None = None) -> LookupPopup:
        """Show the popup for `text` (None: the selection, else the clipboard)."""
        if text is None:
            text = selection.pick().text
        popup = self.popup
        popup.engine = self._engine_now()
        theme = getattr(self.window, "resolved_theme", popup.theme)
        if theme != popup.theme:
            popup.set_theme(theme)
        popup.look_up(text, at)
        return popup

    def look_up_clipboard(self) -> LookupPopup:
        return self.look_up(selection.clipboard_text())

    def show_term(self, term: str) -> bool:
        """Show the entry named `term`, or search for it when none is."""
        entries = self.window.library.with_term(term)
        if entries and self.window.show_entry(entries[0].id):
            return True
        if not entries:
            self.window.search_box.setText(term)
            self.window.show_message(f"No entry named \u2018{term}\u2019", 10000)
        return bool(entries)

    def open_in_window(self, entry_id: str) -> None:
        instance.raise_window(self.window)
        self.window.show_entry(entry_id)

    def close(self) -> None:
        """Close the popup, if made (the window closes it with itself)."""
        if self._popup is not None:
            self._popup.close()


# ---------------------------------------------------------------------- the popup-only app


def _application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # as `app.application()` makes it (the ui may not import the app)
    app = QApplication([*sys.argv[:1], "-style", "Fusion"])
    app.setApplicationName("Glossapp")
    app.setApplicationDisplayName("Glossapp")
    app.setOrganizationName("Glossapp")
    app.setDesktopFileName("org.glossapp.Glossapp")
    return app


def _has_exact_name(engine: SearchEngine, text: str) -> bool:
    from glossapp.ui.lookup_popup import _forms, _is_exact

    return any(_is_exact(hit) for form in _forms(text) for hit in engine.lookup_names(form, 3))


def window_command(entry: Entry, glossaries: list[str]) -> tuple[str, list[str]]:
    """The program and arguments that open the window on `entry`, as this app was started."""
    from glossapp.util import paths

    arguments = [] if getattr(sys, "frozen", False) else ["-m", "glossapp"]
    base = paths.base_dir()
    if base is not None:
        arguments += ["--data-dir", str(base)]
    for glossary in glossaries:
        arguments += ["--glossary", glossary]
    return sys.executable, [*arguments, "--show", entry.term]


def _popup_only(text: str | None, glossaries: list[str], exit_at_first_frame: bool = False) -> int:
    from PySide6.QtCore import QProcess, QTimer

    from glossapp.glossary import library as library_module
    from glossapp.search.engine import SearchEngine
    from glossapp.ui import theme
    from glossapp.ui.lookup_popup import LookupPopup
    from glossapp.ui.settings import Settings
    from glossapp.ui.window.copy import CopyController

    app = _application()
    app.setQuitOnLastWindowClosed(False)
    state = Settings().load()
    resolved = theme.apply(state.theme, app)
    loaded = library_module.load_default(glossaries or None)
    engine = SearchEngine(loaded)
    if text is None:
        text = selection.pick().text
    if text and not _has_exact_name(engine, text):
        engine.ensure_index()  # full text and "did you mean" (opening a built one is quick)
    from glossapp.render.renderer import Renderer

    renderer = Renderer(loaded)
    copier = CopyController(loaded, citation=state.copy_citation)
    copier.set_renderer(renderer)
    bookmarks = StoreBookmarks(loaded)
    popup = LookupPopup(engine, renderer, copier, bookmarks, theme=resolved)

    def open_window(entry_id: str) -> None:
        entry = loaded.get(entry_id)
        if entry is not None:
            program, arguments = window_command(entry, glossaries)
            QProcess.startDetached(program, arguments)

    def closed() -> None:
        board = app.clipboard()
        if board.ownsClipboard() and app.platformName() != "offscreen":
            # what the popup copied lives in this process (X11): keep it until another
            # app takes the clipboard
            board.dataChanged.connect(app.quit)
            QTimer.singleShot(CLIPBOARD_KEEP_MS, app.quit)
        else:
            app.quit()

    def first_frame() -> None:
        if exit_at_first_frame:
            print(f"{FIRST_FRAME_MARK} {time.monotonic():.6f}", flush=True)
            QTimer.singleShot(0, popup.close)

    popup.openRequested.connect(open_window)
    popup.closed.connect(closed)
    popup.firstFrame.connect(first_frame)
    popup.look_up(text or "")
    code = app.exec()
    bookmarks.close()
    engine.close()
    if app.platformName() == "offscreen":
        app.clipboard().clear()  # a Python-made QMimeData crashes offscreen Qt at exit
        app.processEvents()
    popup.deleteLater()
    return code
