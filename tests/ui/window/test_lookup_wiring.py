"""Issue 17 in the window: Look Up in the detail pane (context menu, double-click), the
clipboard watch and the tray behind Edit ▸ Preferences, and one running app per data
folder (`app.run_window` hands off, `app.open_window` takes the requests)."""

from __future__ import annotations

import argparse
import sys
import threading

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMenu

from glossapp.ui import instance
from tests.conftest import SEED_FILE

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _close_popups():
    yield
    QApplication.clipboard().clear()


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitActive(window)


def shown(qtbot, window, term: str) -> None:
    window.show_entry(window.library.with_term(term)[0].id)
    qtbot.waitUntil(lambda: window.current_entry() is not None, timeout=10_000)


def word_rect(window, word: str):
    """Where `word` is in the detail pane, in viewport coordinates."""
    cursor = window.detail.document().find(word)
    assert not cursor.isNull()
    start = QTextCursor(cursor)
    start.setPosition(cursor.selectionStart() + 1)
    return window.detail.cursorRect(start)


def menu_texts(menu) -> list[str]:
    return [a.text().replace("&", "").split("\t")[0] for a in menu.actions() if not a.isSeparator()]


def test_startup_makes_the_lookup_and_the_watch_off(window):
    assert window.lookup is not None
    assert window.clipboard_watch is not None and not window.clipboard_watch.enabled
    assert not window.action("edit.prefs.watch_clipboard").isChecked()
    # no tray (the tests' windows are not made by open_window): Keep in Tray is disabled
    assert window.tray is None
    assert not window.action("edit.prefs.keep_in_tray").isEnabled()


def test_the_detail_menu_keeps_copy_and_select_all_and_looks_up(qtbot, window):
    shown(qtbot, window, "musegan")
    rect = word_rect(window, "MuseGAN")
    seen: list[str] = []

    def read_and_choose() -> None:
        # the detail pane's menu, once it is open (its exec runs a loop of its own)
        menus = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu)]
        menu = next((m for m in menus if m.isVisible() and m.parent() is window.detail), None)
        if menu is None:
            return
        poll.stop()
        seen.extend(menu_texts(menu))
        [look_up] = [a for a in menu.actions() if a.objectName() == "lookup"]
        menu.close()
        look_up.trigger()

    popup = window.lookup.popup
    visible: list[bool] = []
    popup.lookedUp.connect(lambda _text: visible.append(popup.isVisible()))
    poll = QTimer(window)
    poll.setInterval(10)
    poll.timeout.connect(read_and_choose)
    poll.start()
    with qtbot.waitSignal(popup.lookedUp, timeout=10_000) as looked:
        window.detail.customContextMenuRequested.emit(rect.center())
    assert seen[0] == "Look Up \u201cMuseGAN\u201d"
    assert "Copy" in seen and "Select All" in seen
    assert looked.args == ["MuseGAN"]
    assert visible == [True] and popup.current_entry().term == "musegan"


def test_double_clicking_a_word_looks_it_up(qtbot, window):
    shown(qtbot, window, "musegan")
    rect = word_rect(window, "MuseGAN")
    activate(qtbot, window)
    with qtbot.waitSignal(window.lookup.popup.lookedUp, timeout=10_000) as looked:
        qtbot.mouseDClick(window.detail.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert looked.args == ["MuseGAN"]
    assert window.lookup.popup.current_entry().term == "musegan"


def test_find_bar_still_works_after_the_lookup_is_wired(qtbot, window):
    shown(qtbot, window, "musegan")
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert window.find_bar is not None and window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.box, "music")
    qtbot.waitUntil(lambda: "1 of" in window.find_bar.count_label.text(), timeout=5000)


def test_look_up_copied_terms_watches_the_clipboard_and_is_remembered(qtbot, make_window):
    window = make_window()
    action = window.action("edit.prefs.watch_clipboard")
    assert action in window.menus["&Edit/&Preferences"].actions()
    action.trigger()
    assert window.state.watch_clipboard and window.clipboard_watch.enabled
    with qtbot.waitSignal(window.lookup.popup.lookedUp, timeout=10_000) as looked:
        QApplication.clipboard().setText("MuseNet")  # as another app copies
    assert looked.args == ["MuseNet"]
    assert window.lookup.popup.current_entry().title == "MuseNet"
    window.close()
    again = make_window()
    assert again.action("edit.prefs.watch_clipboard").isChecked()
    assert again.clipboard_watch.enabled
    again.action("edit.prefs.watch_clipboard").trigger()
    assert not again.clipboard_watch.enabled and not again.state.watch_clipboard


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")
def test_keep_in_tray_is_enabled_with_a_tray_and_sets_it(qtbot, window):
    from glossapp.ui.tray import install_tray

    tray, keep = install_tray(
        window,
        window.lookup.look_up_clipboard,
        window.show_bookmarks_tab,
        keep_in_tray=window.state.keep_in_tray,
        before_hide=window.save_state,
        available=lambda: True,
    )
    try:
        window.set_tray(tray, keep)
        action = window.action("edit.prefs.keep_in_tray")
        assert action.isEnabled() and not action.isChecked()
        action.trigger()
        assert keep.enabled and window.state.keep_in_tray
        action.trigger()
        assert not keep.enabled
    finally:
        tray.icon.hide()


def test_no_tray_leaves_keep_in_tray_off(window):
    from glossapp.ui.tray import install_tray

    tray, keep = install_tray(
        window, window.lookup.look_up_clipboard, window.show_bookmarks_tab, available=lambda: False
    )
    window.set_tray(tray, keep)
    assert tray is None and not window.action("edit.prefs.keep_in_tray").isEnabled()


# ---------------------------------------------------------------------- one running app


def window_args(**given) -> argparse.Namespace:
    args = {
        "glossary": [str(SEED_FILE)],
        "show": None,
        "query": None,
        "screenshot": None,
        "screenshot_at": "settled",
    }
    args.update(given)
    return argparse.Namespace(**args)


def test_a_second_start_hands_off_before_making_an_application(monkeypatch):
    from glossapp import app

    sent = []

    def hand_off(request, name):
        sent.append((request, name))
        return True

    def no_application():
        raise AssertionError("a hand-off must not make a QApplication")

    monkeypatch.setattr(instance, "hand_off", hand_off)
    monkeypatch.setattr(app, "application", no_application)
    assert app.run_window(window_args(show="musegan")) == 0
    [(request, name)] = sent
    assert request.action == "show" and request.text == "musegan"
    assert name == instance.server_name(glossaries=[str(SEED_FILE)])


def test_a_screenshot_never_hands_off_nor_listens(monkeypatch):
    from glossapp import app

    def refuse(*_args, **_kwargs):
        raise AssertionError("a screenshot run must not use the socket")

    class Stop(Exception):
        pass

    given = {}

    def open_window(*_args, server=None, **_kwargs):
        given["server"] = server
        raise Stop

    monkeypatch.setattr(instance, "hand_off", refuse)
    monkeypatch.setattr(instance, "InstanceServer", refuse)
    monkeypatch.setattr(app, "open_window", open_window)
    with pytest.raises(Stop):
        app.run_window(window_args(screenshot="shot.png"))
    assert given == {"server": None}


@pytest.mark.skipif(sys.platform == "win32", reason="Unix domain sockets")
def test_the_running_window_shows_a_handed_off_term(qtbot, tmp_path):
    from glossapp.app import open_window

    name = instance.server_name(data_dir=tmp_path, glossaries=[str(SEED_FILE)])
    server = instance.InstanceServer(name)
    assert server.listen()
    window = open_window([str(SEED_FILE)], server=server)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.lookup is not None, timeout=60_000)
        assert window.action("edit.prefs.keep_in_tray").isEnabled() == (window.tray is not None)
        answers: list[bool] = []
        request = instance.Request("show", "musegan")
        thread = threading.Thread(target=lambda: answers.append(instance.hand_off(request, name)))
        thread.start()
        qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
        thread.join()
        assert answers == [True]
        qtbot.waitUntil(
            lambda: window.current_entry() is not None and window.current_entry().term == "musegan",
            timeout=60_000,
        )
    finally:
        server.close()
        if window.tray is not None:
            window.tray.icon.hide()
        window.close()


def test_look_up_text_given_to_the_window_lookup(qtbot, window):
    popup = window.lookup.look_up("MuseNet", QPoint(10, 10))
    assert popup.isVisible() and popup.current_entry().title == "MuseNet"
    window.close()
    assert not popup.isVisible()  # the window closes its popup with itself
