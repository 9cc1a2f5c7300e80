"""Issue 14, the lookup loop, driven with real key presses in the order a user presses them.

The top-result rule (see `MainWindow._show_rows`): every new result list is scrolled to
the top with its top row selected, whatever entry is open, so Enter opens the top result
and Down moves to the second; only if the user moved the selection (or opened a row)
since the last keystroke does that row stay selected.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from glossapp.search.query_plan import MAX_QUERY_CHARS
from glossapp.ui.models import RowRole
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.gui


def rows(window):
    model = window.model
    return [model.data(model.index(i), RowRole) for i in range(model.rowCount())]


def selected_row(window) -> int:
    return window.list_view.currentIndex().row()


def type_query(qtbot, window, text: str) -> None:
    """Focus the box with Ctrl+L, type, and wait for the full-text answer."""
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Backspace)
    with qtbot.waitSignal(
        window.resultsUpdated, timeout=10_000, check_params_cb=lambda q: q == text.strip()
    ):
        qtbot.keyClicks(window.search_box, text)
    qtbot.waitUntil(window.is_settled, timeout=10_000)


def enter(qtbot, window) -> None:
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)


def test_enter_opens_the_top_result_even_when_the_open_entry_is_listed(qtbot, window):
    type_query(qtbot, window, "musenet")
    enter(qtbot, window)
    assert window.current_entry().term == "musenet"
    type_query(qtbot, window, "music")
    top = rows(window)[0]
    assert any(r.term == "musenet" for r in rows(window))  # the open entry is among them
    assert selected_row(window) == 0
    enter(qtbot, window)
    assert window.current_entry_id == top.entry_id
    assert window.current_entry().term != "musenet"


def test_down_moves_to_the_second_result_not_past_the_open_one(qtbot, window):
    type_query(qtbot, window, "musegan")
    enter(qtbot, window)
    type_query(qtbot, window, "audio")
    second = rows(window)[1]
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert selected_row(window) == 1
    assert window.current_entry_id == second.entry_id


def test_new_results_are_scrolled_to_the_top(qtbot, window):
    window.resize(900, 300)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    for _ in range(30):  # browse down the whole list
        qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert window.list_view.verticalScrollBar().value() > 0
    type_query(qtbot, window, "multimodal")
    assert window.list_view.verticalScrollBar().value() == 0
    assert selected_row(window) == 0


def test_a_selection_moved_since_the_last_keystroke_is_kept(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search_box, "multi")  # the name tier answers at once
    assert not window.is_settled()  # the full-text answer is still to come
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    moved_to = window.current_entry_id
    with qtbot.waitSignal(window.resultsUpdated, timeout=10_000):
        pass  # the full-text answer replaces the name matches
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    assert moved_to in rows(window)[selected_row(window)].ids
    qtbot.keyClicks(window.search_box, "l")  # a keystroke: the rule applies again
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    assert selected_row(window) == 0


def test_a_long_query_is_cut_where_the_engine_cuts_it_and_said_so(qtbot, window):
    long_text = "leakage " + "x" * (MAX_QUERY_CHARS + 20)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    QApplication.clipboard().setText(long_text)
    with qtbot.waitSignal(window.resultsUpdated, timeout=10_000):
        qtbot.keyClick(window.search_box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    assert window.search.query == long_text[:MAX_QUERY_CHARS]
    assert "shortened" in window.statusBar().currentMessage()
    assert str(MAX_QUERY_CHARS)[:1] in window.statusBar().currentMessage()
    QApplication.clipboard().clear()


def test_a_term_defined_three_times_is_one_row_and_a_stack(qtbot, window):
    type_query(qtbot, window, "multimodal large language model")
    top = rows(window)[0]
    assert top.definitions == 3
    assert len([r for r in rows(window) if r.term == top.term]) == 1
    enter(qtbot, window)
    text = window.detail.toPlainText()
    assert "3 definitions of" in text
    assert text.count("ai-semiconductor-glossary") >= 3
    for line in (445, 465, 494):
        assert f"line {line}" in text
    assert window.shown_ids == top.ids
    # the star and copying address one definition: the first of the stack
    assert window.current_entry_id == top.ids[0]
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.bookmarked_ids() == {top.ids[0]}, timeout=5000)


def test_find_in_page_counts_highlights_steps_and_closes(qtbot, window):
    type_query(qtbot, window, "musegan")
    enter(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar is not None and bar.isVisible() and bar.box.hasFocus()
    qtbot.keyClicks(bar.box, "music")
    total = window.detail.toPlainText().lower().count("music")
    assert total > 1
    assert bar.count_label.text() == f"1 of {total}"
    assert len(window.detail.extraSelections()) == total
    qtbot.keyClick(bar.box, Qt.Key.Key_Return)
    assert bar.count_label.text() == f"2 of {total}"
    qtbot.keyClick(bar.box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == f"{total} of {total}"  # wraps
    qtbot.keyClick(bar.box, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.detail.extraSelections() == []
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()


HUGE = {
    "huge text": "\n\n".join(["Lorem ipsum dolor sit amet, consectetur adipiscing. " * 12] * 8000),
    "deep list": "\n".join("    " * i + f"- level {i}" for i in range(1000)),
    "deep quotes": "> " * 10_000 + "deep",
    "wide table": "| "
    + " | ".join(f"c{j}" for j in range(50))
    + " |\n|"
    + "---|" * 50
    + "\n"
    + "\n".join("| " + " | ".join(f"r{i}c{j}" for j in range(50)) + " |" for i in range(1000)),
}


@pytest.fixture
def huge_file(tmp_path) -> Path:
    path = tmp_path / "huge.txt"
    path.write_text("".join(f"{term}, huge\n{body}\n\n" for term, body in HUGE.items()))
    return path


def test_huge_entries_open_in_parts_and_the_rest_arrives_turn_by_turn(
    qtbot, make_window, huge_file
):
    """Enter on a huge entry shows its first part at once; "Show the rest" appends the
    others one event-loop turn each, so the window keeps answering between them. How long
    a part takes is measured by `make bench` ("show entry" rows), not asserted here."""
    window = make_window([huge_file])
    split = set()
    for term in HUGE:
        type_query(qtbot, window, term)
        enter(qtbot, window)
        assert window.current_entry().term == term
        if window.rest_pending():
            split.add(term)
            window.show_rest()
            turns = 0
            while window.rest_pending():
                QApplication.processEvents()
                turns += 1
            assert turns >= 1
            assert "Show the rest" not in window.detail.toPlainText()[-2000:]
    assert {"huge text", "wide table"} <= split
    assert "r999c49" in window.detail.toPlainText()


def _open_index_files(window) -> int:
    folder = str(window.search.engine.index_folder) if window.search.engine else None
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if folder and target.startswith(folder):
            count += 1
    return count


def _engines() -> list:
    from glossapp.search.engine import SearchEngine

    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, SearchEngine)]


def _live_engines(foreign: frozenset[int] = frozenset()) -> int:
    """Search engines alive, leaving out `foreign` ones (by id): other tests' fixtures,
    such as the search tests' session-wide engine, when the whole suite runs."""
    return sum(id(o) not in foreign for o in _engines())


def test_ten_reloads_keep_one_engine_at_most_one_builder_and_no_more_files(qtbot, window):
    from glossapp.ui.workers import IndexBuilder

    type_query(qtbot, window, "leakage")
    first = _open_index_files(window)
    foreign = frozenset(id(o) for o in _engines() if o is not window.search.engine)
    for _ in range(10):
        with qtbot.waitSignal(window.indexReady, timeout=60_000):
            window.library_controller.reload()
        qtbot.waitUntil(window.is_settled, timeout=10_000)
        type_query(qtbot, window, "leakage")
        QApplication.processEvents()
        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert _live_engines(foreign) == 1
        assert len(window.findChildren(IndexBuilder)) <= 1
    assert _open_index_files(window) <= max(first, 1)
    assert window.search.live_builder() is None


def test_the_window_never_freezes_the_collector(monkeypatch, qtbot, window):
    calls = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(1))
    with qtbot.waitSignal(window.indexReady, timeout=60_000):
        window.library_controller.reload()
    assert calls == []


def test_a_glossary_moved_away_and_back_reloads_by_itself(qtbot, make_window, tmp_path):
    glossary = tmp_path / "mine.txt"
    glossary.write_text("alpha, cat\nFirst body\nbeta, cat\nSecond\n", encoding="utf-8")
    window = make_window([glossary])
    assert len(window.library.entries) == 2
    away = tmp_path / "away.txt"
    with qtbot.waitSignal(window.libraryReloaded, timeout=10_000):
        glossary.rename(away)
    qtbot.waitUntil(lambda: len(window.library.entries) == 0, timeout=10_000)
    with qtbot.waitSignal(window.libraryReloaded, timeout=10_000):
        away.rename(glossary)
    qtbot.waitUntil(lambda: len(window.library.entries) == 2, timeout=10_000)
    # and a save by replacement (write a new file, rename it over the old one)
    fresh = tmp_path / ".mine.txt.new"
    fresh.write_text("alpha, cat\nFirst body\ngamma, cat\nThird\nbeta, cat\nx\n", encoding="utf-8")
    with qtbot.waitSignal(window.libraryReloaded, timeout=10_000):
        fresh.replace(glossary)
    qtbot.waitUntil(lambda: len(window.library.entries) == 3, timeout=10_000)


def test_no_category_is_a_filter_and_its_rows_show_no_file_name(qtbot, window):
    box = window.category_box
    index = box.findText("(no category)", Qt.MatchFlag.MatchStartsWith)
    assert index > 0
    uncategorised = sum(1 for e in window.library.entries if not e.category)
    assert box.itemText(index) == f"(no category) ({uncategorised})"
    box.setFocus()
    box.setCurrentIndex(index)
    listed = rows(window)
    assert listed and all(not r.category for r in listed)
    assert sum(r.definitions for r in listed) == uncategorised


def test_cut_results_say_first_200_of_how_many(qtbot, make_window, tmp_path):
    glossary = tmp_path / "many.txt"
    glossary.write_text(
        "".join(f"widget {i}, parts\nA widget numbered {i}.\n" for i in range(450)),
        encoding="utf-8",
    )
    window = make_window([glossary])
    type_query(qtbot, window, "widget")
    assert len(rows(window)) == 200
    assert window.results_label.text() == "first 200 of 450 results"


SEED = SEED_FILE


def test_remove_glossary_lists_glossary_sources_and_the_bundled_one(parent_window_files):
    controller, files = parent_window_files
    assert all(label for label, _path in controller.open_sources())
    assert [path for _label, path in controller.open_sources()] == [str(f) for f in files]
    controller.remove_source(str(files[0]))
    assert [e.source for e in controller.library.entries] == [str(files[1])] * 1


@pytest.fixture
def parent_window_files(qtbot, tmp_path):
    from PySide6.QtWidgets import QWidget

    from glossapp.glossary import library
    from glossapp.ui.window.library import LibraryController

    parent = QWidget()
    qtbot.addWidget(parent)
    files = [tmp_path / "vera.txt", tmp_path / "mine.txt"]
    files[0].write_text("alpha, cat\nFirst\n", encoding="utf-8")
    files[1].write_text("beta, cat\nSecond\n", encoding="utf-8")
    glossaries = [str(f) for f in files]
    return LibraryController(library.load(glossaries), glossaries, parent, load=library.load), files


def test_the_bundled_glossary_is_listed_and_can_be_hidden(qtbot):
    from PySide6.QtWidgets import QWidget

    from glossapp.glossary import library
    from glossapp.ui.window.library import LibraryController
    from glossapp.util import paths

    parent = QWidget()
    qtbot.addWidget(parent)
    controller = LibraryController(library.load_default(None), None, parent)
    sources = controller.open_sources()
    bundled = str(paths.bundled_seeds())
    assert any(path == bundled and "bundled" in label for label, path in sources)
    controller.remove_source(bundled)
    assert controller.library.entries == []


def test_problems_are_grouped_by_file_and_open_at_their_line(qtbot, parent_window_files):
    from PySide6.QtCore import Qt

    controller, files = parent_window_files
    files[0].write_bytes(b"alpha, cat\nbad \xff byte\n")
    controller.reload()
    opened = []
    controller.show_problems(opener=lambda path, line: opened.append((path, line)) or True)
    tree = controller.problems_tree
    top = tree.topLevelItem(0)
    assert top.text(0) == str(files[0]) and top.childCount() >= 1
    child = top.child(0)
    tree.setFocus()
    tree.setCurrentItem(child)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened == [(str(files[0]), child.data(0, Qt.ItemDataRole.UserRole)[1])]
    controller.problems_dialog.close()


ODD = [
    "<script>alert(1)</script>",
    "**bold term** [x](javascript:alert(2))",
    '<img src="file:///etc/passwd">',
]


def test_odd_titles_stay_literal_text(qtbot, make_window, tmp_path):
    from glossapp.ui.models import literal, plain_tooltip

    glossary = tmp_path / "odd.txt"
    glossary.write_text(
        "".join(f"odd {i}, cat\n**{title}**\nA body.\n" for i, title in enumerate(ODD)),
        encoding="utf-8",
    )
    window = make_window([glossary])
    for title in ODD:
        tip = plain_tooltip(title)
        assert "<img" not in tip and "&lt;" in tip or "<" not in title
        assert "<script" not in literal(title)
    for row in rows(window):
        tip = window.model.data(
            window.model.index(rows(window).index(row)), Qt.ItemDataRole.ToolTipRole
        )
        assert "<img" not in tip and "<script" not in tip
        window.open_row(rows(window).index(row))
        assert window.windowTitle() == f"{row.title} \u2014 Glossapp"
