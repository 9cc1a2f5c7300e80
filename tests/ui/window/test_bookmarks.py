"""Bookmarks in the window, driven like a user: the star, Ctrl+D, the tab, its menu and files."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog

from glossapp.bookmarks.store import DB_NAME, BookmarkStore
from glossapp.ui.models import BookmarkedRole, EntryIdRole, MissingRole
from glossapp.ui.window.main_window import BOOKMARKS_TAB, TERMS_TAB
from glossapp.util import paths

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier

GREEK = """\
alpha, letters
**Alpha** is the first letter.
beta, letters
Beta is the second letter.
gamma, letters
Gamma is the third letter.
"""


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitActive(window)


def entry(window, term: str):
    return window.library.with_term(term)[0]


def bookmark_titles(window) -> list[str]:
    model = window.bookmarks_panel.model
    return [model.data(model.index(row)) for row in range(model.rowCount())]


def marked_in_term_list(window, entry_id: str) -> bool:
    model = window.model
    return bool(model.data(model.index(model.row_of(entry_id)), BookmarkedRole))


def menu_action(menu, text: str):
    found = [a for a in menu.actions() if a.text().replace("&", "") == text]
    assert found, f"no {text!r} in {[a.text() for a in menu.actions()]}"
    return found[0]


def press_ctrl_d(qtbot, window) -> None:
    activate(qtbot, window)
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_D, CTRL)


def test_ctrl_d_toggles_and_star_and_marker_follow(qtbot, window):
    musegan, other = entry(window, "musegan"), entry(window, "multi-vt design")
    window.show_entry(musegan.id)
    assert not window.action("bookmarks.toggle").isChecked()

    press_ctrl_d(qtbot, window)
    assert window.bookmarks_controller.store.is_bookmarked(musegan.id)
    assert window.action("bookmarks.toggle").isChecked()
    assert marked_in_term_list(window, musegan.id)
    assert window.sidebar_tabs.tabText(BOOKMARKS_TAB) == "Bookmarks (1)"

    window.show_entry(other.id)
    assert not window.action("bookmarks.toggle").isChecked()
    assert not marked_in_term_list(window, other.id)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_entry().id == musegan.id
    assert window.action("bookmarks.toggle").isChecked()

    # from the list itself too, and the toolbar's star is the same action
    window.list_view.setFocus()
    qtbot.keyClick(window.list_view, Qt.Key.Key_D, CTRL)
    assert not window.bookmarks_controller.store.is_bookmarked(musegan.id)
    assert not window.action("bookmarks.toggle").isChecked()
    assert not marked_in_term_list(window, musegan.id)
    assert window.action("bookmarks.toggle") in window.toolbar.actions()
    window.action("bookmarks.toggle").trigger()
    assert window.bookmarks_controller.store.is_bookmarked(musegan.id)


def test_markers_update_without_resetting_the_term_list(qtbot, window):
    target = entry(window, "musegan")
    window.show_entry(target.id)
    resets = []
    window.model.modelReset.connect(lambda: resets.append(1))
    press_ctrl_d(qtbot, window)
    assert resets == []
    assert window.list_view.currentIndex().data(EntryIdRole) == target.id
    assert marked_in_term_list(window, target.id)


def test_bookmarks_tab_lists_filters_and_opens_on_enter(qtbot, window):
    for term in ("musegan", "museformer", "multi-vt design"):
        window.bookmarks_controller.set_bookmarked(entry(window, term).id, True)
    window.bookmarks_controller.store.set_note(
        entry(window, "multi-vt design").id, "for the leakage talk"
    )
    window.bookmarks_controller.refresh()

    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_B, CTRL)
    assert window.sidebar_tabs.currentIndex() == BOOKMARKS_TAB
    assert window.search_box.hasFocus()
    assert bookmark_titles(window)[0] == entry(window, "multi-vt design").title  # newest first
    assert len(bookmark_titles(window)) == 3

    qtbot.keyClicks(window.search_box, "muse")
    assert sorted(bookmark_titles(window)) == sorted(
        entry(window, t).title for t in ("musegan", "museformer")
    )
    assert "2 of 3 bookmarks" in window.bookmarks_panel.count_label.text()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    first = window.bookmarks_panel.model.entry_id_at(0)
    assert window.current_entry().id == first
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    second = window.bookmarks_panel.model.entry_id_at(1)
    assert window.current_entry().id == second
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.current_entry().id == second
    assert window.history.can_go_back()

    # notes are searched too; Enter with nothing selected picks the first row
    window.search_box.clear()
    qtbot.keyClicks(window.search_box, "leakage talk")
    assert bookmark_titles(window) == [entry(window, "multi-vt design").title]
    window.bookmarks_view.selectionModel().clear()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.current_entry().term == "multi-vt design"

    window.search_box.clear()
    qtbot.keyClicks(window.search_box, "nothing like this")
    assert bookmark_titles(window) == []
    assert window.bookmarks_panel.hint_label.isVisibleTo(window)


def test_bookmarks_order_newest_first_or_a_to_z(window):
    terms = ("musegan", "multi-vt design", "museformer")
    for term in terms:
        window.bookmarks_controller.set_bookmarked(entry(window, term).id, True)
    panel = window.bookmarks_panel
    assert bookmark_titles(window) == [entry(window, t).title for t in reversed(terms)]
    panel.set_order("alpha")
    titles = bookmark_titles(window)
    assert titles == sorted(titles, key=str.casefold)
    assert window.state.bookmark_order == "alpha"


def test_bookmarks_and_tab_survive_a_restart(qtbot, make_window):
    first = make_window()
    kept = entry(first, "museformer")
    first.bookmarks_controller.set_bookmarked(kept.id, True)
    first.sidebar_tabs.setCurrentIndex(BOOKMARKS_TAB)
    first.close()

    second = make_window()
    assert second.bookmarked_ids() == {kept.id}
    assert bookmark_titles(second) == [kept.title]
    assert marked_in_term_list(second, kept.id)
    assert second.sidebar_tabs.currentIndex() == BOOKMARKS_TAB
    second.sidebar_tabs.setCurrentIndex(TERMS_TAB)


def test_missing_entry_is_listed_marked_and_explained(qtbot, make_window, tmp_path):
    glossary = tmp_path / "greek.txt"
    glossary.write_text(GREEK, encoding="utf-8")
    window = make_window([glossary])
    beta = entry(window, "beta")
    window.show_entry(beta.id)
    press_ctrl_d(qtbot, window)
    window.bookmarks_controller.store.set_note(beta.id, "ask about the letter")
    window.bookmarks_controller.refresh()

    glossary.write_text(GREEK.replace("beta, letters\nBeta is the second letter.\n", ""), "utf-8")
    window.library_controller.reload()
    model = window.bookmarks_panel.model
    assert model.rowCount() == 1
    assert model.data(model.index(0), MissingRole) is True
    assert "1 missing" in window.bookmarks_panel.count_label.text()

    window.sidebar_tabs.setCurrentIndex(BOOKMARKS_TAB)
    activate(qtbot, window)
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    shown = window.detail.toPlainText()
    assert "beta" in shown and "letters" in shown and "greek" in shown
    assert "no longer in the library" in shown
    assert "ask about the letter" in shown
    assert (
        window.action("bookmarks.toggle").isChecked()
        and window.action("bookmarks.toggle").isEnabled()
    )
    assert not window.action("edit.copy_definition").isEnabled()

    # the entry comes back: the same bookmark lives again, with its note
    glossary.write_text(GREEK, encoding="utf-8")
    window.library_controller.reload()
    assert model.data(model.index(0), MissingRole) is False
    assert window.bookmarks_controller.store.get(beta.id).note == "ask about the letter"
    assert marked_in_term_list(window, beta.id)

    # gone again: Ctrl+D on the notice removes the bookmark
    glossary.write_text(GREEK.replace("beta, letters\nBeta is the second letter.\n", ""), "utf-8")
    window.library_controller.reload()
    window.open_bookmark(beta.id)
    press_ctrl_d(qtbot, window)
    assert len(window.bookmarks_controller.store) == 0
    assert not window.action("bookmarks.toggle").isChecked()
    assert not window.action("bookmarks.toggle").isEnabled()


def test_term_row_context_menu_opens_and_bookmarks(window):
    row = window.model.row_of(entry(window, "musegan").id)
    menu = window.row_menu(window.list_view, row)
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        "Open",
        "Bookmark",
        "Copy Definition",
        "Copy as Markdown",
        "Copy as Plain Text",
        "Copy Term",
        "Export Selected…",
        "Print Selected…",
    ]
    menu_action(menu, "Open").trigger()
    assert window.current_entry().term == "musegan"
    menu_action(menu, "Bookmark").trigger()
    assert window.action("bookmarks.toggle").isChecked()
    menu = window.row_menu(window.list_view, row)
    menu_action(menu, "Remove Bookmark").trigger()
    assert window.bookmarked_ids() == set()


def test_bookmark_context_menu_edits_the_note(window, monkeypatch):
    target = entry(window, "museformer")
    window.bookmarks_controller.set_bookmarked(target.id, True)
    asked = []

    def answer(parent, title, label, text):
        asked.append(text)
        return "compare with MuseGAN\nsecond line", True

    monkeypatch.setattr(QInputDialog, "getMultiLineText", answer)
    menu = window.row_menu(window.bookmarks_view, 0)
    assert {"Edit Note…", "Export Bookmarks…", "Import Bookmarks…"} <= {
        a.text().replace("&", "") for a in menu.actions()
    }
    menu_action(menu, "Edit Note…").trigger()
    assert asked == [""]
    assert (
        window.bookmarks_controller.store.get(target.id).note == "compare with MuseGAN\nsecond line"
    )
    assert "compare with MuseGAN" in window.bookmarks_panel.model.rows()[0].snippet_html
    window.bookmarks_panel.set_filter("musegan")
    assert bookmark_titles(window) == [target.title]


def test_export_then_import_through_the_dialogs(window, monkeypatch, tmp_path):
    target = entry(window, "musegan")
    window.bookmarks_controller.set_bookmarked(target.id, True)
    window.bookmarks_controller.store.set_note(target.id, "kept note")
    saved = tmp_path / "mine"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), "JSON (*.json)")
    )
    window.action("bookmarks.export").trigger()
    exported = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    assert [(r["term"], r["note"]) for r in exported] == [("musegan", "kept note")]

    window.bookmarks_controller.set_bookmarked(target.id, False)
    assert window.bookmarked_ids() == set()
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "mine.json"), "")
    )
    window.action("bookmarks.import").trigger()
    assert window.bookmarked_ids() == {target.id}
    assert window.bookmarks_controller.store.get(target.id).note == "kept note"
    assert marked_in_term_list(window, target.id)
    box = window.bookmarks_controller.import_box
    assert box.isVisible() and "added 1" in box.text()
    box.accept()

    window.action("bookmarks.import").trigger()  # merging again adds nothing
    box = window.bookmarks_controller.import_box
    assert "added 0, skipped 1" in box.text()
    assert "Already bookmarked:\n  MuseGAN" in box.detailedText()
    box.accept()


def test_refreshes_when_another_instance_writes(qtbot, window):
    target = entry(window, "musegan")
    other = BookmarkStore(paths.data_dir() / DB_NAME)
    try:
        other.add(target)
        qtbot.waitUntil(lambda: target.id in window.bookmarked_ids(), timeout=6000)
    finally:
        other.close()
    assert bookmark_titles(window) == [target.title]
    assert marked_in_term_list(window, target.id)


def test_damaged_store_is_moved_aside_and_reported(qtbot, make_window):
    damaged = paths.data_dir() / DB_NAME
    damaged.parent.mkdir(parents=True, exist_ok=True)
    damaged.write_bytes(b"this is not a database" * 100)
    window = make_window()
    box = window.bookmarks_controller.recovery_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    kept = window.bookmarks_controller.store.recovered_from
    assert kept.exists() and str(kept) in box.informativeText()
    box.accept()
    window.bookmarks_controller.set_bookmarked(entry(window, "musegan").id, True)
    assert len(window.bookmarks_controller.store) == 1


def test_bookmarks_model_passes_qtmodeltester(window, qtmodeltester):
    for term in ("musegan", "museformer"):
        window.bookmarks_controller.set_bookmarked(entry(window, term).id, True)
    qtmodeltester.check(window.bookmarks_panel.model)


def test_ctrl_d_in_the_search_box_does_not_edit_the_query(qtbot, window):
    target = entry(window, "musegan")
    window.show_entry(target.id)
    activate(qtbot, window)
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "abc")
    window.search_box.setCursorPosition(0)
    qtbot.keyClick(window.search_box, Qt.Key.Key_D, CTRL)
    assert window.search_box.text() == "abc"
    assert window.bookmarks_controller.store.is_bookmarked(target.id)


def test_keyboard_inside_the_bookmark_list_opens_rows(qtbot, window):
    for term in ("musegan", "museformer"):
        window.bookmarks_controller.set_bookmarked(entry(window, term).id, True)
    window.sidebar_tabs.setCurrentIndex(BOOKMARKS_TAB)
    activate(qtbot, window)
    view = window.bookmarks_view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    assert window.current_entry().term == "museformer"
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert window.current_entry().term == "musegan"
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert window.current_entry().term == "museformer"


# offscreen Qt cannot raise a popup or grab the keyboard for it; the menu works regardless
@pytest.mark.qt_log_ignore(r"This plugin does not support (raise|grabbing)")
def test_right_click_shows_the_row_menu(qtbot, window):
    target = entry(window, "musegan")
    view = window.list_view
    rect = view.visualRect(view.model().index(window.model.row_of(target.id), 0))
    seen = []

    def read_and_close() -> None:
        menu = QApplication.activePopupWidget()
        seen.extend(a.text().replace("&", "") for a in menu.actions() if not a.isSeparator())
        menu_action(menu, "Bookmark").trigger()
        menu.close()

    QTimer.singleShot(50, read_and_close)
    view.customContextMenuRequested.emit(rect.center())
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[:2] == ["Open", "Bookmark"] and "Copy Definition" in seen
    assert window.bookmarked_ids() == {target.id}


def test_dragging_a_missing_bookmark_gives_its_title(make_window, tmp_path):
    glossary = tmp_path / "greek.txt"
    glossary.write_text(GREEK, encoding="utf-8")
    window = make_window([glossary])
    window.bookmarks_controller.set_bookmarked(entry(window, "gamma").id, True)
    glossary.write_text(GREEK.split("gamma, letters")[0], encoding="utf-8")
    window.library_controller.reload()
    model = window.bookmarks_panel.model
    mime = model.mimeData([model.index(0)])
    assert mime.text() == "gamma"
    assert not mime.hasHtml()


def test_bookmark_tags_are_edited_shown_and_found(window, monkeypatch):
    target = entry(window, "museformer")
    other = entry(window, "musegan")
    window.bookmarks_controller.set_bookmarked(target.id, True)
    window.bookmarks_controller.set_bookmarked(other.id, True)
    window.bookmarks_controller.store.set_note(target.id, "compare")
    asked = []

    def answer(parent, title, label, text=""):
        asked.append(text)
        return " music,  Talk , music ", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    window.bookmarks_controller.refresh()
    row = next(
        number
        for number, row in enumerate(window.bookmarks_panel.model.rows())
        if row.entry_id == target.id
    )
    menu = window.row_menu(window.bookmarks_view, row)
    menu_action(menu, "Edit Tags…").trigger()
    assert asked == [""]
    assert window.bookmarks_controller.store.get(target.id).tags == ("music", "Talk")
    shown = next(r for r in window.bookmarks_panel.model.rows() if r.entry_id == target.id)
    assert shown.snippet_html == "#music #Talk \u00b7 compare"
    window.bookmarks_panel.set_filter("talk")
    assert bookmark_titles(window) == [target.title]
    # asked again, the dialog starts from the tags kept
    window.bookmarks_controller.edit_tags(target.id)
    assert asked[-1] == "music, Talk"


# ---------------------------------------------------------------- the controller on its own


@pytest.fixture
def greek(tmp_path):
    from glossapp.glossary import library

    glossary = tmp_path / "greek.txt"
    glossary.write_text(GREEK, encoding="utf-8")
    return library.load([glossary])


@pytest.fixture
def controller(qtbot, greek, tmp_path):
    from PySide6.QtWidgets import QWidget

    from glossapp.ui.bookmarks_panel import BookmarksPanel
    from glossapp.ui.window.bookmarks import BookmarksController

    parent, panel = QWidget(), BookmarksPanel()
    qtbot.addWidget(parent)
    qtbot.addWidget(panel)
    made = BookmarksController(
        panel, greek, parent, open_store=lambda: (BookmarkStore(tmp_path / "b.sqlite3"), "")
    )
    yield made
    made.close()


def test_controller_does_nothing_until_opened_then_reads_the_store(qtbot, controller, greek):
    alpha = greek.with_term("alpha")[0]
    controller.set_bookmarked(alpha.id, True)
    assert controller.store is None and controller.ids() == set()
    with qtbot.waitSignal(controller.changed):
        controller.open()
    controller.set_bookmarked(alpha.id, True)
    assert controller.ids() == {alpha.id}
    assert controller.panel.model.rowCount() == 1


def test_controller_toggles_and_reports_each_edit(qtbot, controller, greek):
    controller.open()
    beta = greek.with_term("beta")[0]
    messages = []
    controller.message.connect(lambda text, _ms: messages.append(text))
    with qtbot.waitSignal(controller.changed):
        controller.toggle(beta.id)
    assert controller.store.is_bookmarked(beta.id)
    controller.toggle(beta.id)
    assert not controller.store.is_bookmarked(beta.id)
    assert messages == ["Bookmarked \u201cbeta\u201d", "Removed the bookmark for \u201cbeta\u201d"]


def test_controller_only_removes_a_bookmark_whose_entry_left(qtbot, controller, greek, tmp_path):
    from glossapp.glossary import library

    controller.open()
    gamma = greek.with_term("gamma")[0]
    controller.set_bookmarked(gamma.id, True)
    shorter = tmp_path / "greek.txt"
    shorter.write_text(GREEK.split("gamma, letters")[0], encoding="utf-8")
    controller.set_library(library.load([shorter]))
    assert controller.ids() == {gamma.id}
    assert controller.panel.entry(gamma.id) is None  # kept, and shown as missing
    controller.toggle(gamma.id)
    assert controller.ids() == set()


def test_controller_edits_notes_and_tags_through_its_dialogs(controller, greek, monkeypatch):
    controller.open()
    alpha = greek.with_term("alpha")[0]
    controller.set_bookmarked(alpha.id, True)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a: ("  a note \n", True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("x, y", True))
    controller.edit_note(alpha.id)
    controller.edit_tags(alpha.id)
    kept = controller.store.get(alpha.id)
    assert (kept.note, kept.tags) == ("a note", ("x", "y"))
    assert "#x #y" in controller.panel.model.rows()[0].snippet_html


def test_controller_rereads_what_another_instance_wrote(controller, greek, tmp_path):
    controller.open()
    other = BookmarkStore(tmp_path / "b.sqlite3")
    try:
        other.add(greek.with_term("beta")[0])
    finally:
        other.close()
    controller.refresh_if_changed()
    assert controller.ids() == {greek.with_term("beta")[0].id}
