"""Issue 18 in the window: File ▸ Print and Export…, Bookmarks ▸ Print Bookmarks…, and the
rows selected in the term list and the Bookmarks tab, driven with real keys and clicks.

The dialogs are not run (`DocumentsController.run_dialog` records them instead): what is
checked is which dialog the window opens on which entries.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from glossapp.ui.window.main_window import BOOKMARKS_TAB

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitActive(window)


def entry(window, term: str):
    return window.library.with_term(term)[0]


def recorded(window) -> list:
    shown: list = []
    window.documents.run_dialog = shown.append
    return shown


def type_query(qtbot, window, text: str) -> None:
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    with qtbot.waitSignal(
        window.resultsUpdated, timeout=10_000, check_params_cb=lambda q: q == text
    ):
        qtbot.keyClicks(window.search_box, text)
    qtbot.waitUntil(window.is_settled, timeout=10_000)


def terms(entries) -> list[str]:
    return [e.term for e in entries]


def test_the_controller_is_made_on_first_use(window):
    assert window._documents is None
    assert window.documents is window.documents


def test_ctrl_p_previews_the_entry_on_show(qtbot, window):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    assert not window.action("file.print").isEnabled()  # nothing on show yet
    shown = recorded(window)
    window.show_entry(entry(window, "musegan").id)
    qtbot.waitUntil(lambda: window.current_entry() is not None)
    assert window.action("file.print").isEnabled()
    activate(qtbot, window)
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_P, CTRL)
    assert len(shown) == 1 and isinstance(shown[0], QPrintPreviewDialog)
    assert shown[0].windowTitle().endswith(entry(window, "musegan").title)


def test_ctrl_e_exports_the_results_or_the_selected_rows(qtbot, window):
    shown = recorded(window)
    type_query(qtbot, window, "music")
    rows = window.model.rows()
    assert len(rows) >= 3
    # Down moves one selected row, as before; Shift+Down adds the next
    view = window.list_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert [i.row() for i in view.selectionModel().selectedRows()] == [1]
    assert window.current_entry_id in rows[1].ids
    qtbot.keyClick(view, Qt.Key.Key_Down, SHIFT)
    assert sorted(i.row() for i in view.selectionModel().selectedRows()) == [1, 2]
    qtbot.keyClick(view, Qt.Key.Key_E, CTRL)
    dialog = shown[-1]
    assert dialog.source.key == "selection"
    wanted = [i for row in rows[1:3] for i in row.ids]
    assert [e.id for e in dialog.source.entries] == wanted
    keys = {dialog.source_box.itemData(i) for i in range(dialog.source_box.count())}
    assert {"selection", "entry", "results"} <= keys
    results = window.result_entries()
    assert len(results) == sum(row.definitions for row in rows)
    # a plain Up selects one row again, and Enter in the search box opens it
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert [i.row() for i in view.selectionModel().selectedRows()] == [1]
    assert window.selected_entries() == [window.library.get(rows[1].entry_id)]


def test_no_query_offers_no_results_set(qtbot, window):
    shown = recorded(window)
    window.show_entry(entry(window, "musegan").id)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    keys = {shown[-1].source_box.itemData(i) for i in range(shown[-1].source_box.count())}
    assert "results" not in keys and "entry" in keys


def test_print_bookmarks_needs_bookmarks_and_prints_them(qtbot, window):
    action = window.action("bookmarks.print")
    assert not action.isEnabled()
    for term in ("musegan", "museformer"):
        window.bookmarks_controller.set_bookmarked(entry(window, term).id, True)
    assert action.isEnabled()
    menu = window.menus["&Bookmarks"]
    assert action in menu.actions()
    shown = recorded(window)
    action.trigger()
    assert shown[-1].windowTitle().endswith("Bookmarks")
    bookmarks = window.documents.inputs.bookmarks()
    assert sorted(b.entry_id for b, _ in bookmarks) == sorted(
        entry(window, t).id for t in ("musegan", "museformer")
    )


def test_bookmarks_tab_multi_select_and_the_row_menu(qtbot, window):
    for term in ("musegan", "museformer", "musenet"):
        window.bookmarks_controller.set_bookmarked(entry(window, term).id, True)
    window.sidebar_tabs.setCurrentIndex(BOOKMARKS_TAB)
    activate(qtbot, window)
    view = window.bookmarks_view
    view.setFocus()
    first = view.visualRect(view.model().index(0, 0)).center()
    third = view.visualRect(view.model().index(2, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, CTRL, pos=third)
    assert len(window.selected_entries()) == 2
    shown = recorded(window)
    menu = window.row_menu(view, 2)
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert "Export Selected…" in texts and "Print Selected…" in texts
    [export] = [a for a in menu.actions() if a.text().replace("&", "") == "Export Selected…"]
    export.trigger()
    assert shown[-1].source.key == "selection" and len(shown[-1].source.entries) == 2
    [print_] = [a for a in menu.actions() if a.text().replace("&", "") == "Print Selected…"]
    print_.trigger()
    assert shown[-1].windowTitle().endswith("Glossary")  # several entries


# offscreen Qt cannot raise a popup or grab the keyboard for it; the menu works regardless
@pytest.mark.qt_log_ignore(r"This plugin does not support (raise|grabbing)")
def test_right_click_on_a_selected_row_keeps_the_selection(qtbot, window):
    shown = recorded(window)
    type_query(qtbot, window, "music")
    view = window.list_view
    activate(qtbot, window)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down, SHIFT)
    assert len(view.selectionModel().selectedRows()) == 2
    done = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        [action] = [a for a in menu.actions() if a.text().replace("&", "") == "Export Selected…"]
        menu.close()
        action.trigger()
        done.append(True)

    QTimer.singleShot(50, choose)
    rect = view.visualRect(view.model().index(1, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.RightButton, pos=rect.center())
    view.customContextMenuRequested.emit(rect.center())
    qtbot.waitUntil(lambda: bool(done))
    assert shown[-1].source.key == "selection"
    assert len(shown[-1].source.entries) >= 2
