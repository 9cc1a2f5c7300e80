"""Keys and mouse buttons the main window handles itself, watched once it is on screen.

Installed after the first frame on purpose: PySide builds every enum type of a Qt class
the first time Python meets the class (QEvent's take ~6 ms), and asking a list for its
viewport makes PySide resolve every QtWidgets class (~9 ms). No key press or click can
reach the window before it is shown, so nothing is lost by watching a moment later.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence

SEARCH_BOX_STEPS = {
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: 10,
    Qt.Key.Key_PageUp: -10,
}
_MOUSE_BUTTON_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease)


class WindowInput(QObject):
    """Arrow keys and Escape in the search box drive the list; the mouse's back and forward
    buttons step through history; activating the window looks for bookmarks changed by
    another instance."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window
        self._search_box = window.search_box
        self._viewports = (window.list_view.viewport(), window.bookmarks_view.viewport())
        self._search_box.installEventFilter(self)
        for viewport in self._viewports:
            viewport.installEventFilter(self)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._search_box:
            return self._search_box_event(kind, event)
        if kind in _MOUSE_BUTTON_EVENTS and watched in self._viewports:
            return self._history_button(kind, event)
        if (
            watched is self._window
            and kind == QEvent.Type.ActivationChange
            and self._window.isActiveWindow()
        ):
            self._window.refresh_bookmarks_if_changed()
        return False

    def _search_box_event(self, kind, event) -> bool:
        if kind == QEvent.Type.KeyPress:
            key = event.key()
            if key in SEARCH_BOX_STEPS:
                self._window.move_selection(SEARCH_BOX_STEPS[key])
                return True
            if key == Qt.Key.Key_Escape:
                self._search_box.clear()
                return True
        # X11 key bindings make Ctrl+D "delete" in a line edit, which would swallow the star
        if kind == QEvent.Type.ShortcutOverride and self._is_bookmark_key(event):
            event.ignore()
            return True
        return False

    def _history_button(self, kind, event) -> bool:
        navigation = {
            Qt.MouseButton.BackButton: self._window.go_back,
            Qt.MouseButton.ForwardButton: self._window.go_forward,
        }
        go = navigation.get(event.button())
        if go is None:
            return False
        # the press is swallowed too, or the list would select the row under the mouse
        if kind == QEvent.Type.MouseButtonRelease:
            go()
        return True

    def _is_bookmark_key(self, event) -> bool:
        pressed = QKeySequence(event.keyCombination())
        return any(
            pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch
            for key in self._window.bookmark_action.shortcuts()
        )
