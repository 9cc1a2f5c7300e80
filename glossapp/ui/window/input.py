"""Keys and mouse buttons the main window handles itself, beyond its actions' shortcuts."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QLineEdit, QWidget

SEARCH_BOX_STEPS = {
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: 10,
    Qt.Key.Key_PageUp: -10,
}
_MOUSE_BUTTON_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease)


class WindowInput(QObject):
    """Watches the `search_box`, the list `viewports` and the `window` itself.

    In the search box, Up, Down, Page Up and Page Down emit `stepRequested(rows)` (the
    list follows the box), Escape clears it, and the keys of `keep_shortcuts` (the star's
    Ctrl+D) stay shortcuts instead of line-edit commands. The mouse's back and forward
    buttons over a list emit `backRequested` and `forwardRequested`, and activating the
    window emits `activated`.
    """

    stepRequested = Signal(int)
    backRequested = Signal()
    forwardRequested = Signal()
    activated = Signal()

    def __init__(
        self,
        window: QWidget,
        search_box: QLineEdit,
        viewports: Iterable[QWidget],
        keep_shortcuts: QAction,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._search_box = search_box
        self._viewports = tuple(viewports)
        self._keep = keep_shortcuts
        search_box.installEventFilter(self)
        for viewport in self._viewports:
            viewport.installEventFilter(self)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._search_box and isinstance(event, QKeyEvent):
            return self._search_box_key(kind, event)
        if (
            kind in _MOUSE_BUTTON_EVENTS
            and watched in self._viewports
            and isinstance(event, QMouseEvent)
        ):
            return self._history_button(kind, event)
        if (
            watched is self._window
            and kind == QEvent.Type.ActivationChange
            and self._window.isActiveWindow()
        ):
            self.activated.emit()
        return False

    def _search_box_key(self, kind: QEvent.Type, event: QKeyEvent) -> bool:
        if kind == QEvent.Type.KeyPress:
            key = event.key()
            if key in SEARCH_BOX_STEPS:
                self.stepRequested.emit(SEARCH_BOX_STEPS[Qt.Key(key)])
                return True
            if key == Qt.Key.Key_Escape:
                self._search_box.clear()
                return True
        # X11 key bindings make Ctrl+D "delete" in a line edit, which would swallow the star
        if kind == QEvent.Type.ShortcutOverride and self._is_kept_shortcut(event):
            event.ignore()
            return True
        return False

    def _history_button(self, kind: QEvent.Type, event: QMouseEvent) -> bool:
        signal = {
            Qt.MouseButton.BackButton: self.backRequested,
            Qt.MouseButton.ForwardButton: self.forwardRequested,
        }.get(event.button())
        if signal is None:
            return False
        # the press is swallowed too, or the list would select the row under the mouse
        if kind == QEvent.Type.MouseButtonRelease:
            signal.emit()
        return True

    def _is_kept_shortcut(self, event: QKeyEvent) -> bool:
        pressed = QKeySequence(event.keyCombination())
        return any(
            pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch
            for key in self._keep.shortcuts()
        )
