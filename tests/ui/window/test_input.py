"""WindowInput on its own: a search box, a list and a window, watched for keys and buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLineEdit, QListView, QVBoxLayout, QWidget

from glossapp.ui.window.input import WindowInput

pytestmark = pytest.mark.gui


@pytest.fixture
def watched(qtbot):
    window = QWidget()
    box, view = QLineEdit(), QListView()
    layout = QVBoxLayout(window)
    layout.addWidget(box)
    layout.addWidget(view)
    star = QAction("&Star", window)
    star.setShortcut("Ctrl+D")
    window.addAction(star)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, box, view, WindowInput(window, box, [view.viewport()], keep_shortcuts=star)


def test_arrow_keys_in_the_box_step_the_list_and_escape_clears_it(qtbot, watched):
    _window, box, _view, watcher = watched
    steps = []
    watcher.stepRequested.connect(steps.append)
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
        qtbot.keyClick(box, key)
    assert steps == [1, -1, 10, -10]
    qtbot.keyClicks(box, "abc")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == ""


def test_mouse_history_buttons_over_the_list(qtbot, watched):
    _window, _box, view, watcher = watched
    with qtbot.waitSignal(watcher.backRequested):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.BackButton)
    with qtbot.waitSignal(watcher.forwardRequested):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.ForwardButton)


def test_a_kept_shortcut_is_not_a_line_edit_command(qtbot, watched):
    window, box, _view, _watcher = watched
    fired = []
    window.actions()[0].triggered.connect(lambda: fired.append(1))
    window.activateWindow()
    qtbot.waitActive(window)
    box.setFocus()
    qtbot.keyClicks(box, "abc")
    box.setCursorPosition(0)
    qtbot.keyClick(box, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert box.text() == "abc" and fired == [1]


def test_activation_is_announced(qtbot, watched):
    window, _box, _view, watcher = watched
    with qtbot.waitSignal(watcher.activated):
        window.activateWindow()
        QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
