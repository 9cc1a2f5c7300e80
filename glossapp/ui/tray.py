"""The tray icon, where the desktop has a tray: a click toggles the window.

`install_tray(window, ...)` returns a `Tray` (the icon and its menu: Look Up Clipboard,
Bookmarks, Quit) or None when `QSystemTrayIcon.isSystemTrayAvailable()` says there is no
tray; the app works the same either way. `KeepInTray` is the setting that, while the
icon shows, hides the window when it is closed instead of ending the app; Quit (from the
tray menu, or `Tray.quit`) still ends it.

Make it after the window's first frame.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from glossapp.ui import instance

__all__ = ["KeepInTray", "Tray", "install_tray", "toggle_window"]


def toggle_window(window: QWidget) -> None:
    """Hide a window the user can see; otherwise bring it back, restored and in front."""
    minimised = bool(window.windowState() & Qt.WindowState.WindowMinimized)
    if window.isVisible() and not minimised and window.isActiveWindow():
        window.hide()
    else:
        instance.raise_window(window)


class KeepInTray(QObject):
    """While `enabled` and the tray icon shows, closing `window` hides it instead.

    `before_hide()` runs first (the window's `save_state`, say), since its own close
    handler does not run then. `quitting()` lifts the filter for a real close.
    """

    hidden = Signal()

    def __init__(
        self,
        window: QWidget,
        tray: Tray | None,
        enabled: bool = False,
        before_hide: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.tray = tray
        self.enabled = enabled
        self._before_hide = before_hide
        self._quitting = False
        window.installEventFilter(self)

    def set_enabled(self, on: bool) -> None:
        self.enabled = on

    def quitting(self) -> None:
        self._quitting = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.window
            and event.type() == QEvent.Type.Close
            and self.enabled
            and not self._quitting
            and self.tray is not None
            and self.tray.icon.isVisible()
        ):
            if self._before_hide is not None:
                self._before_hide()
            event.ignore()
            self.window.hide()
            self.hidden.emit()
            return True
        return False


class Tray(QObject):
    """The icon and its menu. A click (not a right click) on the icon toggles `window`.

    `look_up_clipboard()` and `show_bookmarks()` are the menu's two actions; Quit closes
    the window for real (past `keep`, if given) and ends the app.
    """

    def __init__(
        self,
        window: QWidget,
        look_up_clipboard: Callable[[], object],
        show_bookmarks: Callable[[], object],
        icon: QIcon | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent or window)
        self.window = window
        self.keep: KeepInTray | None = None
        self._look_up_clipboard = look_up_clipboard
        self._show_bookmarks = show_bookmarks
        self.icon = QSystemTrayIcon(icon or _app_icon())
        self.icon.setToolTip("Glossapp")
        self.menu = QMenu()
        self.look_up_action = self._add("&Look Up Clipboard", self.look_up_clipboard)
        self.bookmarks_action = self._add("&Bookmarks", self.show_bookmarks)
        self.menu.addSeparator()
        self.quit_action = self._add("&Quit", self.quit)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)

    def _add(self, text: str, slot: Callable[[], object]) -> QAction:
        action = self.menu.addAction(text)
        action.triggered.connect(slot)
        return action

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            toggle_window(self.window)

    def show(self) -> None:
        self.icon.show()

    def look_up_clipboard(self) -> None:
        self._look_up_clipboard()

    def show_bookmarks(self) -> None:
        instance.raise_window(self.window)
        self._show_bookmarks()

    def quit(self) -> None:
        if self.keep is not None:
            self.keep.quitting()
        self.window.close()
        self.icon.hide()
        QApplication.quit()


def _app_icon() -> QIcon:
    icon = QApplication.windowIcon()
    if icon.isNull():
        from glossapp.util import paths

        svg = paths.resource("icons/glossapp.svg")
        icon = QIcon(str(svg)) if svg.is_file() else icon
    return icon


def install_tray(
    window: QWidget,
    look_up_clipboard: Callable[[], object],
    show_bookmarks: Callable[[], object],
    keep_in_tray: bool = False,
    before_hide: Callable[[], object] | None = None,
    icon: QIcon | None = None,
    available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
) -> tuple[Tray | None, KeepInTray]:
    """The tray icon, shown, and the keep-in-tray setting for `window`.

    Without a tray the icon is None and `KeepInTray` never hides the window (closing it
    ends the app as before), so the caller need not ask which case it is in.
    """
    tray = Tray(window, look_up_clipboard, show_bookmarks, icon) if available() else None
    keep = KeepInTray(window, tray, keep_in_tray, before_hide)
    if tray is not None:
        tray.keep = keep
        tray.show()
    return tray, keep
