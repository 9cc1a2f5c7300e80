"""The search box and category filter: name matches on each keystroke, full text after a pause.

Once the engine runs, a query is cut where the engine cuts it (`query_plan.MAX_QUERY_CHARS`,
imported with the engine, after the first frame), so the answer to a long pasted text is
the answer to what the window asked, and the status bar says it was shortened.
Results come one row per term (`models.grouped`): the engine is asked for up to
`COUNT_LIMIT` hits, of which the first `RESULT_LIMIT` terms are listed, and `total`
says how many terms there were ("first 200 of 1,234").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QProgressBar

from glossapp.ui.models import Row, grouped

if TYPE_CHECKING:
    from glossapp.glossary.library import Library
    from glossapp.search.engine import SearchEngine, SearchHit, SearchResponse
    from glossapp.ui.workers import IndexBuilder, QueryRunner

FULL_TEXT_DELAY_MS = 120
RESULT_LIMIT = 200  # rows listed
COUNT_LIMIT = 1000  # hits asked for, to group by term and count ("first 200 of 1,234")
NO_CATEGORY = "\x00none"  # the category box's data for "(no category)"


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

    Signals: `results(rows, query)` with every new list (`total` and `total_capped` then
    say how many rows there were in all); `edited()` when the user changed the query or
    the category (not when the same query is answered again); `queryChanged(query,
    category)` on each edit or category change; `categoryChanged(category)`;
    `prepared(object)`, `indexReady()` and `indexFailed(message)` from the index build;
    `message(text, ms)` for the status bar.

    Lifetimes: the controller owns exactly one engine (`engine`, closed when replaced or
    on `close`) and at most one `IndexBuilder`, deleted once it has finished.
    """

    results = Signal(list, str)
    edited = Signal()
    queryChanged = Signal(str, object)
    categoryChanged = Signal(str)
    prepared = Signal(object)
    indexReady = Signal()
    indexFailed = Signal(str)
    message = Signal(str, int)
    indexDamaged = Signal(str)  # the engine found its index unreadable: a repair started
    # from the engine's threads to this one (queued: the controller lives on the UI thread)
    _damaged = Signal(object, str)
    _repair_progress = Signal(object, int, int)
    _repaired = Signal(object, object)

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
        self._repairing = False
        self._results_final = True
        self._damaged.connect(self._on_index_damaged)
        self._repair_progress.connect(self._on_repair_progress)
        self._repaired.connect(self._on_repaired)
        self._cut_noted = ""
        self.total = 0  # rows of the last result list before RESULT_LIMIT cut it
        self.total_capped = False  # the engine had more hits than COUNT_LIMIT
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
        """The box's text as the engine reads it: stripped, and cut at its limit."""
        text = self.search_box.text().strip()
        limit = self.max_query_chars()
        return text[:limit] if limit is not None else text

    @property
    def query_was_cut(self) -> bool:
        limit = self.max_query_chars()
        return limit is not None and len(self.search_box.text().strip()) > limit

    def max_query_chars(self) -> int | None:
        """The engine's query limit once there is an engine (None before: no cut)."""
        if self.engine is None:
            return None
        from glossapp.search.query_plan import MAX_QUERY_CHARS  # loaded with the engine

        return MAX_QUERY_CHARS

    @property
    def category(self) -> str | None:
        """The category filtered on; "" for "(no category)", None for all."""
        data = self.category_box.currentData()
        if data == NO_CATEGORY:
            return ""
        return data or None

    def _engine_category(self) -> str | None:
        # the engine filters on a named category; "(no category)" filters its answer here
        category = self.category
        return category or None

    @property
    def full_text_ready(self) -> bool:
        return self.engine is not None and self.engine.full_text_ready

    def set_library(self, library: Library) -> None:
        """List `library`'s entries A to Z, count its categories, and answer the query again.

        No `gc.freeze()` here: it would pin this library, and its engine, for good."""
        entries = sorted(library.entries, key=lambda e: (e.title.casefold(), e.category.casefold()))
        self._all_rows = [Row.from_entry(entry) for entry in entries]
        self._entry_count = len(library.entries)
        self._fill_categories(library)
        self.refresh()

    def _fill_categories(self, library: Library) -> None:
        box = self.category_box
        wanted = box.currentData() if box.count() else self._initial_category
        counts = Counter(entry.category for entry in library.entries)
        uncategorised = counts.pop("", 0)
        box.blockSignals(True)
        box.clear()
        box.addItem(f"All categories ({self._entry_count:,})", "")
        if uncategorised:
            box.addItem(f"(no category) ({uncategorised:,})", NO_CATEGORY)
        for category in sorted(counts, key=str.casefold):
            box.addItem(f"{category} ({counts[category]:,})", category)
        box.setCurrentIndex(max(box.findData(wanted or ""), 0))
        box.blockSignals(False)

    def refresh(self) -> None:
        """Answer the query in the box again (not an edit: `edited` is not emitted)."""
        self._answer()

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
        self._retire()
        self.engine = SearchEngine(library)
        engine = self.engine
        engine.on_index_damaged = lambda text: self._damaged.emit(engine, text)
        self.refresh()
        prepare = self._prepare
        builder = IndexBuilder(
            self.engine, self, prepare=(lambda: prepare(library)) if prepare else None
        )
        builder.prepared.connect(self.prepared)
        builder.progress.connect(self._on_index_progress)
        builder.ready.connect(self._on_index_ready)
        builder.failed.connect(self._on_index_failed)
        builder.finished.connect(lambda: self._on_builder_finished(builder))
        self._builder = builder
        # cleared by the ready/failed handlers, not by the thread ending: the thread can end
        # while its `ready` signal still waits in the event queue
        self._indexing = True
        self.progress.setRange(0, 0)
        self.progress.setFormat("Indexing…")
        self.progress.show()
        builder.start()

    def _retire(self) -> None:
        """Stop and free the builder and the engine: no thread may still use the engine
        when its index files are closed."""
        self._full_text_timer.stop()
        builder, self._builder = self._builder, None
        if builder is not None:
            builder.cancel()
            builder.wait()
            builder.deleteLater()
        if self._runner is not None:
            self._runner.supersede()
            self._runner.wait()
        engine, self.engine = self.engine, None
        if engine is not None:
            engine.close()

    def _on_index_damaged(self, engine: SearchEngine, text: str) -> None:
        """A query could not read the index: say so until the rebuild ends, and rebuild
        it in the background while the name tier answers alone."""
        if engine is not self.engine or self._repairing:
            return
        self._repairing = True
        self._indexing = True
        self.progress.setRange(0, 0)
        self.progress.setFormat("Rebuilding the index…")
        self.progress.show()
        self.message.emit(text, 0)
        self.indexDamaged.emit(text)
        engine.repair_index_in_background(
            progress=lambda done, total: self._repair_progress.emit(engine, done, total),
            done=lambda error: self._repaired.emit(engine, error),
        )

    def _on_repair_progress(self, engine: SearchEngine, done: int, total: int) -> None:
        if engine is self.engine:
            self._on_index_progress(done, total)

    def _on_repaired(self, engine: SearchEngine, error: BaseException | None) -> None:
        self._repairing = False
        if engine is not self.engine:
            return
        if error is None:
            self._on_index_ready()
        else:
            self._on_index_failed(f"the index could not be rebuilt ({error})")

    def _on_builder_finished(self, builder: IndexBuilder) -> None:
        if builder is self._builder:
            self._builder = None
            builder.deleteLater()

    def live_builder(self) -> IndexBuilder | None:
        """The index build not yet finished, if any (at most one)."""
        return self._builder

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
        """Stop the index build and the query in flight, waiting for both threads, and
        close the engine."""
        self._retire()

    # ------------------------------------------------------------------ queries

    def _on_category_changed(self) -> None:
        self.categoryChanged.emit(self.category or "")
        self.edited.emit()
        self._answer()

    def _on_query_edited(self, _text: str) -> None:
        self.edited.emit()
        self._answer()

    def _emit(self, rows: list[Row], query: str, capped: bool = False) -> None:
        """Group `rows` by term, keep the first RESULT_LIMIT for the list, and send them."""
        category = self.category
        if category == "":
            rows = [row for row in rows if not row.category]
        groups = grouped(rows)
        self.total, self.total_capped = len(groups), capped
        self.results.emit(groups[:RESULT_LIMIT] if query else groups, query)

    def _answer(self) -> None:
        query, category = self.query, self.category
        self.queryChanged.emit(query, category)
        self._full_text_timer.stop()
        self.suggestion_label.hide()
        self._note_cut()
        if not query:
            if self._runner is not None:
                self._runner.supersede()
            self._results_final = True
            rows = [r for r in self._all_rows if category is None or r.category == category]
            self._emit(rows, query)
            return
        if self.engine is None:
            folded = query.casefold()
            rows = [r for r in self._all_rows if folded in r.title.casefold()][:COUNT_LIMIT]
            capped = len(rows) >= COUNT_LIMIT
        else:
            hits = self.engine.lookup_names(
                query, limit=COUNT_LIMIT, category=self._engine_category()
            )
            rows = [_row_for_hit(hit) for hit in hits]
            capped = len(hits) >= COUNT_LIMIT
        self._results_final = not self.full_text_ready
        self._emit(rows, query, capped)
        if self.full_text_ready:
            self._full_text_timer.start()

    def _note_cut(self) -> None:
        """Say once per long text that only its start is searched."""
        if not self.query_was_cut:
            self._cut_noted = ""
            return
        if self._cut_noted != self.query:
            self._cut_noted = self.query
            self.message.emit(
                f"The query was shortened to its first {len(self.query):,} characters", 8000
            )

    def _run_full_text(self) -> None:
        query, category, engine = self.query, self._engine_category(), self.engine
        if not query or engine is None or self._runner is None:
            return
        self._results_final = False
        self._runner.submit(lambda: engine.search(query, limit=COUNT_LIMIT, category=category))

    def _on_full_text_answer(self, _generation: int, response: SearchResponse) -> None:
        from html import escape

        if response.query != self.query:
            return
        rows = [_row_for_hit(hit) for hit in response.hits]
        self._results_final = True
        self._emit(rows, response.query, len(response.hits) >= COUNT_LIMIT)
        query = escape(response.query)
        if not rows:
            message = f"No results for <b>{query}</b>."
        elif response.fuzzy:
            message = f"No exact matches for <b>{query}</b>; showing close spellings."
        elif response.suggestion:
            message = ""  # results, and a likelier spelling (as the CLI says)
        else:
            return
        if response.suggestion:
            suggestion = escape(response.suggestion)
            message += f' Did you mean <a href="{suggestion}">{suggestion}</a>?'
        self.suggestion_label.setText(message.strip())
        self.suggestion_label.show()

    def _on_full_text_failed(self, _generation: int, message: str) -> None:
        self._results_final = True
        self.message.emit(f"Search failed: {message}", 5000)


def _row_for_hit(hit: SearchHit) -> Row:
    # a name hit's snippet is the start of its definition: rows sharing a title differ there
    return Row(hit.entry_id, hit.title, hit.category, hit.source, hit.snippet_html, term=hit.term)
