"""The running window's side of a hand-off: `WindowLookup` raises the window, shows a term,
and owns the popup; a real `glossapp lookup` process reaches it over the socket."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPoint, QProcess
from PySide6.QtWidgets import QApplication

from glossapp.ui import instance
from glossapp.ui.instance import Request
from glossapp.ui.lookup import WindowLookup
from tests.conftest import REPO_ROOT, SEED_FILE

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


@pytest.fixture
def lookup(window, qtbot):
    qtbot.waitUntil(lambda: window.renderer is not None, timeout=60_000)
    made = WindowLookup(window)
    yield made
    if made._popup is not None:
        made._popup.close()
        made._popup.deleteLater()
    QApplication.clipboard().clear()


def test_show_raises_the_window_on_the_term(qtbot, window, lookup):
    window.showMinimized()
    lookup.handle(Request("show", "MuseNet"))
    assert window.isVisible() and not window.isMinimized()
    assert window.current_entry().title == "MuseNet"


def test_show_of_an_unknown_term_searches_for_it(window, lookup):
    lookup.handle(Request("show", "no such thing"))
    assert window.search_box.text() == "no such thing"


def test_open_brings_a_hidden_window_back(window, lookup):
    window.hide()
    lookup.handle(Request("open"))
    assert window.isVisible()


def test_lookup_shows_the_popup_with_the_windows_parts(qtbot, window, lookup):
    window.hide()  # the popup works while the window is hidden
    lookup.handle(Request("lookup", "MuseNet"))
    popup = lookup.popup
    assert popup.isVisible() and popup.current_entry().title == "MuseNet"
    assert popup.copier is window.copy_controller
    with qtbot.waitSignal(window.copy_controller.copied, timeout=5000):
        popup.copy_definition()
    popup.toggle_bookmark()
    assert popup.current_entry_id in window.bookmarked_ids()
    with qtbot.waitSignal(window.entryShown, timeout=5000):
        popup.open_in_window()
    assert window.isVisible() and window.current_entry().title == "MuseNet"


def test_without_text_the_clipboard_stands_in_for_the_selection(qtbot, window, lookup):
    QApplication.clipboard().setText("multirc")
    lookup.look_up(None, at=QPoint(100, 100))
    assert lookup.popup.current_entry().term == "multirc"
    lookup.look_up_clipboard()
    assert lookup.popup.current_entry().term == "multirc"


def test_the_popup_follows_the_windows_theme(window, lookup):
    window.set_theme("dark")
    lookup.look_up("MuseNet", at=QPoint(100, 100))
    assert lookup.popup.theme == "dark"


@pytest.mark.skipif(sys.platform == "win32", reason="Unix domain sockets")
def test_a_second_glossapp_lookup_reaches_the_running_window(qtbot, window, lookup):
    name = instance.server_name(glossaries=[str(SEED_FILE)])
    server = instance.InstanceServer(name)
    assert server.listen()
    server.set_handler(lookup.handle)
    popup = lookup.popup
    try:
        process = QProcess()
        process.setWorkingDirectory(str(REPO_ROOT))
        arguments = ["-m", "glossapp", "--glossary", str(SEED_FILE), "lookup", "MuseNet"]
        with qtbot.waitSignal(popup.lookedUp, timeout=60_000) as looked:
            process.start(sys.executable, arguments)
        assert looked.args == ["MuseNet"]
        assert popup.current_entry().title == "MuseNet"
        qtbot.waitUntil(lambda: process.state() == QProcess.ProcessState.NotRunning)
        assert process.exitCode() == 0, bytes(process.readAllStandardError().data()).decode()
    finally:
        server.close()
