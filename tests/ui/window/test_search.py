"""SearchController on its own: a search box, a category box, a label and a progress bar."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QProgressBar

from glossapp.glossary import library
from glossapp.ui.window.search import SearchController
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.gui

INDEX_TIMEOUT_MS = 120_000


@pytest.fixture
def seed():
    return library.load([SEED_FILE])


@pytest.fixture
def search(qtbot, seed):
    box, categories, label, progress = QLineEdit(), QComboBox(), QLabel(), QProgressBar()
    for widget in (box, categories, label, progress):
        qtbot.addWidget(widget)
    controller = SearchController(box, categories, label, progress, category="")
    answers: list[tuple[list, str]] = []
    controller.results.connect(lambda rows, query: answers.append((rows, query)))
    controller.answers = answers  # type: ignore[attr-defined]  # the test's own record
    controller.set_library(seed)
    yield controller
    controller.close()


def started(qtbot, search, seed) -> SearchController:
    with qtbot.waitSignal(search.indexReady, timeout=INDEX_TIMEOUT_MS):
        search.start(seed)
    return search


def test_library_lists_every_entry_and_counts_categories(search, seed):
    rows, query = search.answers[-1]
    names = {" ".join(e.title.lower().split()) for e in seed.entries}
    assert query == "" and len(seed.entries) == 50
    assert len(rows) == len(names) == 46  # one row per name
    assert sum(row.definitions for row in rows) == 50
    titles = [row.title for row in rows]
    assert titles == sorted(titles, key=str.casefold)
    assert search.category_box.itemText(0) == "All categories (50)"
    assert search.category_box.count() > 2


def test_before_the_engine_a_query_filters_titles(search):
    search.search_box.setText("muse")
    rows, query = search.answers[-1]
    assert query == "muse"
    assert rows and all("muse" in row.title.casefold() for row in rows)
    assert search.is_idle()  # nothing more to come without an engine


def test_category_change_is_announced_and_filters(qtbot, search, seed):
    box = search.category_box
    with qtbot.waitSignal(search.categoryChanged) as changed:
        box.setCurrentIndex(box.findData("audio & speech"))
    assert changed.args == ["audio & speech"]
    rows, _query = search.answers[-1]
    assert rows and {row.category for row in rows} == {"audio & speech"}


def test_query_changes_are_announced_with_the_category(qtbot, search):
    with qtbot.waitSignal(search.queryChanged) as changed:
        search.search_box.setText("  leakage ")
    assert changed.args == ["leakage", None]


def test_full_text_answer_follows_the_name_matches(qtbot, search, seed):
    started(qtbot, search, seed)
    assert search.full_text_ready
    search.search_box.setText("leakage threshold voltage")
    qtbot.waitUntil(search.is_idle, timeout=10_000)
    rows, query = search.answers[-1]
    assert query == "leakage threshold voltage"
    assert rows and any(row.snippet_html for row in rows)


def test_the_newest_query_supersedes_older_ones(qtbot, search, seed):
    started(qtbot, search, seed)
    search.search_box.setText("leakage")
    search.search_box.setText("musegan")
    qtbot.waitUntil(search.is_idle, timeout=10_000)
    assert search.answers[-1][1] == "musegan"
    after = search.answers[[q for _rows, q in search.answers].index("musegan") :]
    assert {query for _rows, query in after} == {"musegan"}


def test_no_results_offers_the_suggestion_as_a_link(qtbot, search, seed):
    started(qtbot, search, seed)
    search.search_box.setText("multimodel")
    qtbot.waitUntil(search.is_idle, timeout=10_000)
    assert "Did you mean" in search.suggestion_label.text()
    suggestion = search.suggestion_label.text().split('href="')[1].split('"')[0]
    search.suggestion_label.linkActivated.emit(suggestion)
    assert search.search_box.text() == suggestion


def test_prepare_runs_on_the_index_thread_and_is_delivered(qtbot, seed):
    box, categories, label, progress = QLineEdit(), QComboBox(), QLabel(), QProgressBar()
    for widget in (box, categories, label, progress):
        qtbot.addWidget(widget)
    controller = SearchController(
        box, categories, label, progress, prepare=lambda lib: len(lib.entries)
    )
    with qtbot.waitSignal(controller.prepared, timeout=INDEX_TIMEOUT_MS) as prepared:
        controller.start(seed)
    assert prepared.args == [50]
    qtbot.waitUntil(controller.is_idle, timeout=INDEX_TIMEOUT_MS)
    controller.close()


def test_a_suggestion_shows_even_when_there_are_results(qtbot, search, seed):
    """Issue 13: "Did you mean" whenever the engine suggests, as the CLI does."""
    from glossapp.search.engine import SearchResponse

    started(qtbot, search, seed)
    search.search_box.setText("musegan")
    qtbot.waitUntil(search.is_idle, timeout=10_000)
    hits = search.engine.lookup_names("musegan", 5)
    assert hits
    search._on_full_text_answer(0, SearchResponse("musegan", hits, "linkage", False, False))
    assert search.answers[-1][0]  # rows on show
    assert not search.suggestion_label.isHidden()
    assert 'Did you mean <a href="linkage">linkage</a>?' in search.suggestion_label.text()


def test_a_damaged_index_is_said_and_rebuilt_in_the_background(qtbot, window, monkeypatch):
    """A query that cannot read the index: the window says so, keeps answering names,
    rebuilds the index off the UI thread, and full text comes back."""
    controller = window.search
    qtbot.waitUntil(lambda: controller.full_text_ready, timeout=60_000)
    engine = controller.engine
    with qtbot.waitSignal(controller.indexDamaged, timeout=10_000) as damaged:
        engine._index_is_damaged()  # what a query does when a read fails
    assert "damaged" in damaged.args[0].lower()
    assert "damaged" in window.statusBar().currentMessage().lower()
    qtbot.waitUntil(lambda: controller.full_text_ready and not engine.index_damaged, timeout=60_000)
    qtbot.waitUntil(controller.is_idle, timeout=10_000)
    assert controller.engine is engine
