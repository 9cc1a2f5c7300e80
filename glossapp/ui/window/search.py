"""The search box and category filter: name matches on each keystroke, full text after a pause."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QProgressBar

from glossapp.ui.models import Row

if TYPE_CHECKING:
    from glossapp.glossary.library import Library
    from glossapp.search.engine import SearchEngine, SearchHit, SearchResponse
    from glossapp.ui.workers import IndexBuilder, QueryRunner

FULL_TEXT_DELAY_MS = 120
RESULT_LIMIT = 200


class SearchController(QObject):
    """Turns the search box and category box into result rows.

    Inputs: the `search_box`, the `category_box` (filled from the library, starting at
    `category`), the `suggestion_label` for "no results" and "did you mean", and the
    `progress` bar shown while the index builds. `prepare(library)`, when given, runs on
    the index thread before the build and its result is delivered by `prepared`.

    Until `start` makes the search engine, a query filters titles by substring. Then
    each edit answers from the name tier at once (`results`), and after a short pause
    the full-text answer replaces it: the newest query supersedes any older one still
    running, whose answer is dropped.

    Signals: `results(rows, query)` with every new list; `queryChanged(query, category)`
    on each edit or category change; `categoryChanged(category)`; `prepared(object)`,
    `indexReady()` and `indexFailed(message)` from the index build; `message(text, ms)`
    for the status bar.
    """

    results = Signal(list, str)
    queryChanged = Signal(str, object)
    categoryChanged = Signal(str)
    prepared = Signal(object)
    indexReady = Signal()
    indexFailed = Signal(str)
    message = Signal(str, int)

    def __init__(
        self,
        search_box: QLineEdit,
        category_box: QComboBox,
        suggestion_label: QLabel,
        progress: QProgressBar,
        category: str = "",
        prepare: Callable[[Library], object] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.search_box = search_box
        self.category_box = category_box
        self.suggestion_label = suggestion_label
        self.progress = progress
        self._initial_category = category
        self._prepare = prepare
        self._all_rows: list[Row] = []
        self._entry_count = 0
        self.engine: SearchEngine | None = None
        self._runner: QueryRunner | None = None
        self._builder: IndexBuilder | None = None
        self._indexing = False
        self._results_final = True
        self._full_text_timer = QTimer(self)
        self._full_text_timer.setSingleShot(True)
        self._full_text_timer.setInterval(FULL_TEXT_DELAY_MS)
        self._full_text_timer.timeout.connect(self._run_full_text)
        search_box.textChanged.connect(self._on_query_edited)
        category_box.currentIndexChanged.connect(self._on_category_changed)
        suggestion_label.linkActivated.connect(search_box.setText)

    # ------------------------------------------------------------------ inputs

    @property
    def query(self) -> str:
        return self.search_box.text().strip()

    @property
    def category(self) -> str | None:
        return self.category_box.currentData() or None

    @property
    def full_text_ready(self) -> bool:
        return self.engine is not None and self.engine.full_text_ready

    def set_library(self, library: Library) -> None:
        """List `library`'s entries A to Z, count its categories, and answer the query again."""
        # the library's objects live as long as it does: keep the cyclic collector from
        # walking them all again on every pass (first keystrokes stuttered at 50k entries)
        gc.freeze()
        entries = sorted(library.entries, key=lambda e: (e.title.casefold(), e.category.casefold()))
        self._all_rows = [Row.from_entry(entry) for entry in entries]
        self._entry_count = len(library.entries)
        self._fill_categories(library)
        self.refresh()

    def _fill_categories(self, library: Library) -> None:
        box = self.category_box
        wanted = box.currentData() if box.count() else self._initial_category
        counts = Counter(entry.category for entry in library.entries if entry.category)
        box.blockSignals(True)
        box.clear()
        box.addItem(f"All categories ({self._entry_count:,})", "")
        for category in sorted(counts, key=str.casefold):
            box.addItem(f"{category} ({counts[category]:,})", category)
        box.setCurrentIndex(max(box.findData(wanted or ""), 0))
        box.blockSignals(False)

    def refresh(self) -> None:
        """Answer the query in the box again, as if it had just been typed."""
        self._on_query_edited(self.search_box.text())

    # ------------------------------------------------------------------ engine and index

    def start(self, library: Library) -> None:
        """Search `library` with a new engine, and build its full-text index in the background.

        Any build still running for an older library is cancelled first.
        """
        from glossapp.search.engine import SearchEngine
        from glossapp.ui.workers import IndexBuilder, QueryRunner

        if self._runner is None:
            self._runner = QueryRunner(self)
            self._runner.answered.connect(self._on_full_text_answer)
            self._runner.failed.connect(self._on_full_text_failed)
        self.engine = SearchEngine(library)
        self.refresh()
        if self._builder is not None:
            self._builder.cancel()
            self._builder.wait()
        prepare = self._prepare
        builder = IndexBuilder(
            self.engine, self, prepare=(lambda: prepare(library)) if prepare else None
        )
        builder.prepared.connect(self.prepared)
        builder.progress.connect(self._on_index_progress)
        builder.ready.connect(self._on_index_ready)
        builder.failed.connect(self._on_index_failed)
        self._builder = builder
        # cleared by the ready/failed handlers, not by the thread ending: the thread can end
        # while its `ready` signal still waits in the event queue
        self._indexing = True
        self.progress.setRange(0, 0)
        self.progress.setFormat("Indexing…")
        self.progress.show()
        builder.start()

    def _on_index_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"Indexing {done}/{total}")

    def _on_index_ready(self) -> None:
        self._indexing = False
        self.progress.hide()
        self.message.emit("Full-text search is ready", 4000)
        if self.query:
            self._full_text_timer.start(0)
        self.indexReady.emit()

    def _on_index_failed(self, message: str) -> None:
        self._indexing = False
        self.progress.hide()
        self.message.emit(f"Full-text search unavailable: {message}", 0)
        self.indexFailed.emit(message)

    def is_idle(self) -> bool:
        """No index build, debounce or full-text query left to finish."""
        return (
            not self._indexing
            and self._results_final
            and not self._full_text_timer.isActive()
            and not (self._runner is not None and self._runner.busy())
        )

    def close(self) -> None:
        """Stop the index build and forget the query in flight, waiting for both threads."""
        self._full_text_timer.stop()
        if self._builder is not None:
            self._builder.cancel()
            self._builder.wait(10000)
        if self._runner is not None:
            self._runner.supersede()
            self._runner.wait(5000)

    # ------------------------------------------------------------------ queries

    def _on_category_changed(self) -> None:
        self.categoryChanged.emit(self.category or "")
        self.refresh()

    def _on_query_edited(self, text: str) -> None:
        query, category = text.strip(), self.category
        self.queryChanged.emit(query, category)
        self._full_text_timer.stop()
        self.suggestion_label.hide()
        if not query:
            if self._runner is not None:
                self._runner.supersede()
            rows = [r for r in self._all_rows if category is None or r.category == category]
            self._results_final = True
            self.results.emit(rows, query)
            return
        if self.engine is None:
            folded = query.casefold()
            rows = [r for r in self._all_rows if folded in r.title.casefold()][:RESULT_LIMIT]
        else:
            hits = self.engine.lookup_names(query, limit=RESULT_LIMIT, category=category)
            rows = [_row_for_hit(hit) for hit in hits]
        self._results_final = not self.full_text_ready
        self.results.emit(rows, query)
        if self.full_text_ready:
            self._full_text_timer.start()

    def _run_full_text(self) -> None:
        query, category, engine = self.query, self.category, self.engine
        if not query or engine is None or self._runner is None:
            return
        self._results_final = False
        self._runner.submit(lambda: engine.search(query, limit=RESULT_LIMIT, category=category))

    def _on_full_text_answer(self, _generation: int, response: SearchResponse) -> None:
        from html import escape

        if response.query != self.query:
            return
        rows = [_row_for_hit(hit) for hit in response.hits]
        self._results_final = True
        self.results.emit(rows, response.query)
        query = escape(response.query)
        if not rows:
            message = f"No results for <b>{query}</b>."
        elif response.fuzzy:
            message = f"No exact matches for <b>{query}</b>; showing close spellings."
        else:
            return
        if response.suggestion:
            suggestion = escape(response.suggestion)
            message += f' Did you mean <a href="{suggestion}">{suggestion}</a>?'
        self.suggestion_label.setText(message)
        self.suggestion_label.show()

    def _on_full_text_failed(self, _generation: int, message: str) -> None:
        self._results_final = True
        self.message.emit(f"Search failed: {message}", 5000)


def _row_for_hit(hit: SearchHit) -> Row:
    return Row(
        hit.entry_id,
        hit.title,
        hit.category,
        hit.source,
        hit.snippet_html if hit.match == "text" else "",
    )
