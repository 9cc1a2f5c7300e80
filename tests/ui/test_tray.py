"""The tray icon where a tray exists, and the app without one."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMainWindow, QSystemTrayIcon

from glossapp.ui import tray as tray_module
from glossapp.ui.tray import install_tray, toggle_window

pytestmark = [
    pytest.mark.gui,
    # offscreen: no raise(), and its stand-in tray (made when a test pretends there is
    # one) lacks a signal Qt's tray code connects to
    pytest.mark.qt_log_ignore("This plugin does not support", "systemTrayWindowChanged"),
]


@pytest.fixture
def window(qtbot):
    made = QMainWindow()
    made.setWindowTitle("Glossapp")
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


@pytest.fixture
def icon() -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor("#3d6fb6"))
    return QIcon(pixmap)


class Calls:
    def __init__(self) -> None:
        self.names: list[str] = []

    def __call__(self, name: str):
        return lambda: self.names.append(name)


def with_tray(window, icon, calls, keep=False):
    made, keeper = install_tray(
        window,
        calls("look up clipboard"),
        calls("bookmarks"),
        keep_in_tray=keep,
        before_hide=calls("save state"),
        icon=icon,
        available=lambda: True,  # offscreen has no tray: pretend a desktop with one
    )
    assert made is not None
    return made, keeper


def test_the_menu_has_look_up_clipboard_bookmarks_and_quit(window, icon):
    calls = Calls()
    made, _keep = with_tray(window, icon, calls)
    texts = [action.text() for action in made.menu.actions() if not action.isSeparator()]
    assert texts == ["&Look Up Clipboard", "&Bookmarks", "&Quit"]
    assert made.icon.contextMenu() is made.menu and made.icon.isVisible()
    made.look_up_action.trigger()
    made.bookmarks_action.trigger()
    assert calls.names == ["look up clipboard", "bookmarks"]
    assert window.isVisible()  # Bookmarks brings the window up
    made.icon.hide()


def test_a_click_on_the_icon_toggles_the_window(qtbot, window, icon):
    made, _keep = with_tray(window, icon, Calls())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    made.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    assert not window.isVisible()
    made.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    assert window.isVisible()
    made.icon.activated.emit(QSystemTrayIcon.ActivationReason.Context)  # the menu, no toggle
    assert window.isVisible()
    made.icon.hide()


def test_a_minimised_window_comes_back(qtbot, window):
    window.showMinimized()
    toggle_window(window)
    assert window.isVisible() and not window.isMinimized()


def test_keep_in_tray_hides_the_window_on_close_and_quit_ends_the_app(
    qtbot, window, icon, monkeypatch
):
    calls = Calls()
    made, keep = with_tray(window, icon, calls, keep=True)
    assert window.close() is False  # hidden, not closed
    assert not window.isVisible() and calls.names == ["save state"]
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    made.quit_action.trigger()
    assert quits == [True] and not made.icon.isVisible()
    assert not window.isVisible()


def test_without_keep_in_tray_closing_closes(window, icon):
    made, keep = with_tray(window, icon, Calls(), keep=False)
    assert window.close() is True
    keep.set_enabled(True)
    window.show()
    assert window.close() is False  # the setting applies at once
    made.icon.hide()


def test_without_a_tray_there_is_no_icon_and_closing_closes(window):
    calls = Calls()
    made, keep = install_tray(
        window,
        calls("look up clipboard"),
        calls("bookmarks"),
        keep_in_tray=True,  # asked for, but there is no tray to keep the app in
        available=lambda: False,
    )
    assert made is None
    assert window.close() is True and calls.names == []


def test_the_real_tray_check_decides(window):
    made, _keep = install_tray(window, lambda: None, lambda: None)
    assert (made is not None) == QSystemTrayIcon.isSystemTrayAvailable()
    if made is not None:
        made.icon.hide()


def test_the_app_icon_stands_in_when_none_is_given(qapp):
    assert not tray_module._app_icon().isNull()
