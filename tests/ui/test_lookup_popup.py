"""The lookup popup: its content, keys and buttons; Look Up in any text view's menu and on a
double click; placing it on screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser

from glossapp.render.renderer import Renderer
from glossapp.search.engine import SearchEngine
from glossapp.ui import clipboard as clipboard_module
from glossapp.ui.lookup_popup import (
    LookupPopup,
    find_matches,
    lookup_menu,
    lookup_on_double_click,
    popup_position,
    word_at,
)
from glossapp.ui.window.copy import CopyController

pytestmark = [
    pytest.mark.gui,
    # offscreen cannot raise windows or grab the keyboard for a popup: it says so
    pytest.mark.qt_log_ignore("This plugin does not support"),
]


@pytest.fixture(scope="module")
def engine(seed_library, tmp_path_factory):
    made = SearchEngine(seed_library, tmp_path_factory.mktemp("index"))
    made.ensure_index()
    yield made
    made.close()


@pytest.fixture(scope="module")
def renderer(seed_library):
    return Renderer(seed_library)


class FakeBookmarks:
    def __init__(self) -> None:
        self.ids: set[str] = set()

    def is_bookmarked(self, entry_id: str) -> bool:
        return entry_id in self.ids

    def set_bookmarked(self, entry_id: str, wanted: bool) -> None:
        (self.ids.add if wanted else self.ids.discard)(entry_id)


@pytest.fixture
def popup(qtbot, engine, renderer, seed_library):
    copier = CopyController(seed_library)
    copier.set_renderer(renderer)
    made = LookupPopup(engine, renderer, copier, FakeBookmarks())
    qtbot.addWidget(made)
    yield made
    QApplication.clipboard().clear()  # a Python-made QMimeData must not outlive the test


def titles(popup) -> list[str]:
    return [popup.match_list.item(row).text() for row in range(popup.match_list.count())]


def entry_title(popup) -> str:
    entry = popup.current_entry()
    return entry.title if entry else ""


# ---------------------------------------------------------------------- matching


def test_a_name_finds_its_entries(engine):
    matches = find_matches(engine, "  MultiRC ")
    assert matches.text == "MultiRC" and matches.closest == []
    assert {hit.term for hit in matches.hits[:2]} == {"multirc"}
    assert matches.best is not None and matches.best.term == "multirc"


def test_punctuation_around_a_selected_word_and_plurals_are_dropped(engine):
    assert find_matches(engine, "\u201cMuseNet\u201d,").best.title == "MuseNet"
    assert find_matches(engine, "(MuseNet).").best.title == "MuseNet"
    assert find_matches(engine, "MuseNets").best.title == "MuseNet"


def test_an_exact_name_lists_a_few_related_entries_not_every_shared_word(engine):
    matches = find_matches(engine, "Murphy Yield Model")
    assert matches.best.title == "Murphy Yield Model"
    assert len(matches.hits) <= 1 + 3


def test_nothing_matching_gives_the_closest_names(engine):
    matches = find_matches(engine, "musenetz")
    assert matches.hits == [] and "MuseNet" in matches.closest
    nothing = find_matches(engine, "qqqzzzxxj")
    assert nothing.hits == [] and nothing.text == "qqqzzzxxj"
    assert find_matches(engine, "   ").text == ""


# ---------------------------------------------------------------------- content


def test_the_popup_shows_the_best_match_and_the_others(qtbot, popup):
    with qtbot.waitSignal(popup.firstFrame, timeout=10_000):
        popup.look_up("multirc", at=QPoint(200, 200))
    assert popup.isVisible()
    assert entry_title(popup).startswith("MultiRC")
    assert "MultiRC" in popup.view.toPlainText()
    assert popup.match_list.isVisible() and len(titles(popup)) >= 2
    assert all("evaluation" in title for title in titles(popup)[:2])
    assert popup.notice.isHidden()
    assert popup.open_button.isEnabled() and popup.copy_button.isEnabled()


def test_one_match_needs_no_list(qtbot, popup):
    popup.look_up("Museformer", at=QPoint(100, 100))
    assert entry_title(popup) == "Museformer"
    assert popup.match_list.isHidden() and popup.list_label.isHidden()


def test_no_entry_says_so_and_offers_the_closest_names(qtbot, popup):
    popup.look_up("musenetz", at=QPoint(100, 100))
    assert popup.notice.isVisible()
    assert popup.notice.text() == "No entry for \u2018musenetz\u2019"
    assert popup.view.isHidden() and popup.current_entry() is None
    assert popup.list_label.text() == "Closest names" and "MuseNet" in titles(popup)
    assert not popup.open_button.isEnabled() and not popup.copy_button.isEnabled()
    row = titles(popup).index("MuseNet")
    item = popup.match_list.item(row)
    with qtbot.waitSignal(popup.lookedUp, timeout=5000):
        qtbot.mouseClick(
            popup.match_list.viewport(),
            Qt.MouseButton.LeftButton,
            pos=popup.match_list.visualItemRect(item).center(),
        )
    assert entry_title(popup) == "MuseNet" and popup.notice.isHidden()


def test_a_link_in_the_definition_shows_that_entry_in_the_popup(qtbot, popup, seed_library):
    popup.look_up("MuseNet", at=QPoint(100, 100))
    other = next(e for e in seed_library.entries if e.title == "MuseGAN")
    with qtbot.waitSignal(popup.entryShown, timeout=5000):
        popup.view.entryLinkActivated.emit(other.id)
    assert entry_title(popup) == "MuseGAN"


def test_the_popup_stays_on_screen_near_the_pointer():
    screen = QRect(0, 0, 1000, 800)
    size = QSize(300, 200)
    assert popup_position(QPoint(100, 100), size, screen, gap=10) == QPoint(110, 110)
    # near the right and bottom edges it flips to the pointer's other side
    assert popup_position(QPoint(950, 780), size, screen, gap=10) == QPoint(640, 570)
    # never outside, even when nothing fits beside the pointer
    corner = popup_position(QPoint(5, 5), QSize(990, 790), screen, gap=10)
    assert screen.contains(QRect(corner, QSize(990, 790)))
    other = QRect(1000, 0, 800, 600)  # a second screen
    assert other.contains(QRect(popup_position(QPoint(1790, 590), size, other), size))


def test_the_popup_opens_beside_the_pointer(qtbot, popup):
    popup.look_up("MuseNet", at=QPoint(40, 50))
    assert popup.pos().x() > 40 and popup.pos().y() > 50


# ---------------------------------------------------------------------- keys


def test_keys_choose_a_match_and_esc_closes(qtbot, popup):
    popup.look_up("multirc", at=QPoint(200, 200))
    first = popup.current_entry_id
    assert popup.match_list.hasFocus() or popup.focusWidget() is popup.match_list
    qtbot.keyClick(popup.match_list, Qt.Key.Key_Down)
    with qtbot.waitSignal(popup.entryShown, timeout=5000) as shown:
        qtbot.keyClick(popup.match_list, Qt.Key.Key_Return)
    assert shown.args[0] != first and popup.current_entry_id == shown.args[0]
    with qtbot.waitSignal(popup.closed, timeout=5000):
        qtbot.keyClick(popup.match_list, Qt.Key.Key_Escape)
    assert not popup.isVisible()


def test_ctrl_enter_opens_in_the_window_and_ctrl_d_bookmarks(qtbot, popup):
    popup.look_up("MuseNet", at=QPoint(200, 200))
    entry_id = popup.current_entry_id
    qtbot.keyClick(popup.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert popup.bookmarks.is_bookmarked(entry_id) and popup.bookmark_button.isChecked()
    with qtbot.waitSignal(popup.openRequested, timeout=5000) as opened:
        qtbot.keyClick(popup.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert opened.args == [entry_id] and not popup.isVisible()


def test_a_click_outside_closes_it(qtbot, popup):
    popup.look_up("MuseNet", at=QPoint(200, 200))
    with qtbot.waitSignal(popup.closed, timeout=5000):
        qtbot.mousePress(popup, Qt.MouseButton.LeftButton, pos=QPoint(-20, -20))
    assert not popup.isVisible()


# ---------------------------------------------------------------------- buttons


def test_copy_puts_the_same_formats_as_copy_definition(qtbot, popup):
    popup.look_up("MuseNet", at=QPoint(200, 200))
    qtbot.mouseClick(popup.copy_button, Qt.MouseButton.LeftButton)
    mime = QApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.hasText()
    assert mime.hasFormat(clipboard_module.MARKDOWN_MIME)
    assert "MuseNet" in mime.text() and popup.status.text() == "Copied"


def test_the_bookmark_button_toggles(qtbot, popup):
    popup.look_up("MuseNet", at=QPoint(200, 200))
    entry_id = popup.current_entry_id
    qtbot.mouseClick(popup.bookmark_button, Qt.MouseButton.LeftButton)
    assert popup.bookmarks.is_bookmarked(entry_id)
    assert popup.bookmark_button.text() == "&Bookmarked"
    qtbot.mouseClick(popup.bookmark_button, Qt.MouseButton.LeftButton)
    assert not popup.bookmarks.is_bookmarked(entry_id)
    assert popup.bookmark_button.text() == "&Bookmark"


def test_open_in_window_asks_for_the_entry_and_closes(qtbot, popup):
    popup.look_up("multirc", at=QPoint(200, 200))
    with qtbot.waitSignal(popup.openRequested, timeout=5000) as opened:
        qtbot.mouseClick(popup.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [popup.current_entry_id] and not popup.isVisible()


def test_it_works_while_the_main_window_is_hidden_or_minimised(qtbot, popup):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    popup.look_up("MuseNet", at=QPoint(200, 200))
    assert popup.isVisible() and entry_title(popup) == "MuseNet"
    window.hide()
    popup.look_up("multirc", at=QPoint(200, 200))
    assert popup.isVisible()
    assert not popup.testAttribute(Qt.WidgetAttribute.WA_QuitOnClose)  # closing it never quits


def test_the_dark_theme_colours_the_definition(popup):
    popup.look_up("MuseNet", at=QPoint(200, 200))
    light = popup.view.palette().base().color().name()
    popup.set_theme("dark")
    assert popup.view.palette().base().color().name() != light
    assert "MuseNet" in popup.view.toPlainText()


# ---------------------------------------------------------------------- Look Up in a text view


@pytest.fixture
def text_view(qtbot):
    view = QTextBrowser()
    view.setHtml("<p>Read about MuseNet, C++ and cross-entropy today.</p>")
    view.resize(500, 200)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def point_of(view: QTextBrowser, word: str) -> QPoint:
    start = view.toPlainText().index(word)
    cursor = QTextCursor(view.document())
    cursor.setPosition(start + 1)
    return view.cursorRect(cursor).center()


def test_the_word_at_a_point_keeps_names_whole(text_view):
    assert word_at(text_view, point_of(text_view, "MuseNet")) == "MuseNet"
    assert word_at(text_view, point_of(text_view, "C++")) == "C++"
    assert word_at(text_view, point_of(text_view, "cross-entropy")) == "cross-entropy"


def test_double_clicking_a_word_looks_it_up(qtbot, text_view):
    asked: list[str] = []
    lookup_on_double_click(text_view, asked.append)
    qtbot.mouseDClick(
        text_view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(text_view, "MuseNet")
    )
    qtbot.waitUntil(lambda: asked == ["MuseNet"], timeout=5000)


def test_the_context_menu_looks_up_the_selected_words(qtbot, text_view):
    asked: list[str] = []
    cursor = text_view.textCursor()
    start = text_view.toPlainText().index("cross-entropy")
    cursor.setPosition(start)
    cursor.setPosition(start + len("cross-entropy today"), QTextCursor.MoveMode.KeepAnchor)
    text_view.setTextCursor(cursor)
    menu = lookup_menu(text_view, point_of(text_view, "MuseNet"), asked.append)
    first = menu.actions()[0]
    assert first.text() == "Look Up \u201ccross-entropy today\u201d"
    assert any("Copy" in action.text() for action in menu.actions())  # the view's own
    first.trigger()
    assert asked == ["cross-entropy today"]
    menu.deleteLater()


def test_without_a_selection_the_menu_looks_up_the_word_under_the_pointer(text_view):
    asked: list[str] = []
    menu = lookup_menu(text_view, point_of(text_view, "MuseNet"), asked.append)
    menu.actions()[0].trigger()
    assert asked == ["MuseNet"]
    menu.deleteLater()


def test_the_popups_own_text_looks_up_on_double_click(qtbot, popup):
    popup.look_up("MuseNet", at=QPoint(200, 200))
    text = popup.view.toPlainText()
    assert "MuseNet" in text
    with qtbot.waitSignal(popup.lookedUp, timeout=5000) as looked:
        qtbot.mouseDClick(
            popup.view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(popup.view, "MuseNet")
        )
    assert looked.args == ["MuseNet"]
