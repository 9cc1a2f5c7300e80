"""The main window: search box and term list on the left, the rendered definition on the right."""

from __future__ import annotations

import gc
from collections import Counter
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QFileSystemWatcher, QItemSelectionModel, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from glossapp.glossary.library import Library
from glossapp.glossary.model import Entry
from glossapp.ui import theme as theme_module
from glossapp.ui import wording
from glossapp.ui.bookmarks_panel import BookmarksPanel, entry_list_view, missing_notice_html
from glossapp.ui.detail import DetailView
from glossapp.ui.history import History
from glossapp.ui.models import EntryListModel, Row
from glossapp.ui.settings import THEME_CHOICES, Settings
from glossapp.ui.window.bookmarks import BOOKMARKS_TAB, TERMS_TAB, BookmarksMixin
from glossapp.ui.window.copy import CopyMixin
from glossapp.ui.window.library import LibraryMixin

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QMessageBox

    from glossapp.bookmarks.store import Bookmark, BookmarkStore
    from glossapp.ui.workers import IndexBuilder, QueryRunner

__all__ = ["BOOKMARKS_TAB", "TERMS_TAB", "MainWindow"]


class StandardKey(NamedTuple):
    """A platform standard shortcut, by its `QKeySequence.StandardKey` name."""

    name: str


FULL_TEXT_DELAY_MS = 120
RELOAD_DELAY_MS = 400
RESULT_LIMIT = 200
BOOKMARK_POLL_MS = 2000


class MainWindow(BookmarksMixin, CopyMixin, LibraryMixin, QMainWindow):
    """Owns the library, the renderer and the search engine, and keeps the widgets in step."""

    entryShown = Signal(str)
    resultsUpdated = Signal(str)
    indexReady = Signal()
    libraryReloaded = Signal()

    def __init__(
        self,
        library: Library,
        glossaries: list[str] | None = None,
        settings: Settings | None = None,
    ):
        super().__init__()
        self.library = library
        self._glossaries = list(glossaries) if glossaries else None
        self._settings = settings or Settings()
        self.state = self._settings.load()
        self.renderer = None
        self.engine = None
        self._index_builder: IndexBuilder | None = None
        self.history = History()
        self.current_entry_id: str | None = None
        self._all_rows: list[Row] = []
        self._startup_done = False
        self._icons_wanted = False
        self._unbound_shortcuts: list[tuple[QAction, list]] = []
        self._indexing = False
        self._pending_entry_id: str | None = None
        self._results_final = True
        self.shown_missing: Bookmark | None = None
        self.bookmarks: BookmarkStore | None = None  # opened by finish_startup
        self._bookmarks_problem = ""
        self.recovery_box: QMessageBox | None = None
        self._bookmarks_closed = False

        self.setWindowTitle("Glossapp")
        self._build_widgets()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._connect()
        self._restore_state()
        self._load_rows()
        self._watch_sources()

    # ------------------------------------------------------------------ construction

    def _build_widgets(self) -> None:
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Search terms and definitions  (Ctrl+L)")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Search")

        self.category_box = QComboBox()
        self.category_box.setAccessibleName("Category filter")
        self.category_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.category_box.setMinimumContentsLength(12)

        self.suggestion_label = QLabel()
        self.suggestion_label.setWordWrap(True)
        self.suggestion_label.setTextFormat(Qt.TextFormat.RichText)
        self.suggestion_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.suggestion_label.hide()

        self.model = EntryListModel(self)
        self.model.mime_provider = self.definition_mime
        self.list_view = entry_list_view(self.model, "Terms")

        self.bookmarks_panel = BookmarksPanel(self.state.bookmark_order)
        self.bookmarks_panel.model.mime_provider = self.definition_mime
        self.bookmarks_view = self.bookmarks_panel.view

        self.sidebar_tabs = QTabWidget()
        self.sidebar_tabs.setDocumentMode(True)
        self.sidebar_tabs.setTabBarAutoHide(True)
        self.sidebar_tabs.addTab(self.list_view, "Terms")
        self.sidebar_tabs.addTab(self.bookmarks_panel, "Bookmarks")

        sidebar = QWidget()
        layout = QVBoxLayout(sidebar)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.setSpacing(6)
        layout.addWidget(self.search_box)
        layout.addWidget(self.category_box)
        layout.addWidget(self.suggestion_label)
        layout.addWidget(self.sidebar_tabs, 1)

        self.detail = DetailView()
        self.detail.setAccessibleName("Definition")
        self.detail.setPlaceholderText("Pick a term on the left, or type to search.")

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(sidebar)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 700])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.entries_label = QLabel()
        self.results_label = QLabel()
        self.index_progress = QProgressBar()
        self.index_progress.setMaximumWidth(180)
        self.index_progress.setTextVisible(True)
        self.index_progress.hide()
        status = self.statusBar()
        for label in (self.results_label, self.entries_label):
            label.setContentsMargins(8, 0, 8, 0)
        status.addPermanentWidget(self.results_label)
        status.addPermanentWidget(self.index_progress)
        status.addPermanentWidget(self.entries_label)

        self._full_text_timer = QTimer(self)
        self._full_text_timer.setSingleShot(True)
        self._full_text_timer.setInterval(FULL_TEXT_DELAY_MS)
        self.query_runner: QueryRunner | None = None  # made with the engine, by finish_startup

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DELAY_MS)
        self._watcher = QFileSystemWatcher(self)
        self._bookmark_poll = QTimer(self)
        self._bookmark_poll.setInterval(BOOKMARK_POLL_MS)

        self.setTabOrder(self.search_box, self.category_box)
        self.setTabOrder(self.category_box, self.list_view)
        self.setTabOrder(self.list_view, self.bookmarks_panel.order_box)
        self.setTabOrder(self.bookmarks_panel.order_box, self.bookmarks_view)
        self.setTabOrder(self.bookmarks_view, self.detail)

    def _new_action(self, text: str) -> QAction:
        # not QAction(text, parent): matching that call against QAction(icon, text, parent)
        # makes PySide build QIcon's enum types, which the first frame does not need
        action = QAction(self)
        action.setText(text)
        return action

    def _action(self, text: str, slot, shortcuts=(), tip: str = "") -> QAction:
        """A window action; its `shortcuts` (key strings, or `StandardKey(name)`) are bound
        by `_bind_shortcuts` once the window is up: QKeySequence's enum types are ~2 ms
        the first frame does not need, and no key can be pressed before it."""
        action = self._new_action(text)
        if shortcuts:
            self._unbound_shortcuts.append((action, shortcuts))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _bind_shortcuts(self) -> None:
        from PySide6.QtGui import QKeySequence

        for action, shortcuts in self._unbound_shortcuts:
            sequences = [
                QKeySequence(getattr(QKeySequence.StandardKey, key.name))
                if isinstance(key, StandardKey)
                else QKeySequence(key)
                for key in shortcuts
            ]
            # platform standard keys often repeat ours (Back is Alt+Left on Linux); a repeated
            # sequence makes Qt call the shortcut ambiguous and fire nothing
            unique = {sequence.toString(): sequence for sequence in sequences}
            action.setShortcuts(list(unique.values()))
        self._unbound_shortcuts = []

    def _build_actions(self) -> None:
        key = StandardKey
        self.focus_search_action = self._action(
            "&Find", self.focus_search, ["Ctrl+L", key("Find")], "Focus the search box"
        )
        self.back_action = self._action("&Back", self.go_back, ["Alt+Left", key("Back")])
        self.forward_action = self._action(
            "&Forward", self.go_forward, ["Alt+Right", key("Forward")]
        )
        self.zoom_in_action = self._action(
            "Zoom &In",
            lambda: self.set_zoom(self.detail.zoom_steps + 1),
            [key("ZoomIn"), "Ctrl+="],
        )
        self.zoom_out_action = self._action(
            "Zoom &Out", lambda: self.set_zoom(self.detail.zoom_steps - 1), [key("ZoomOut")]
        )
        self.zoom_reset_action = self._action("&Actual Size", lambda: self.set_zoom(0), ["Ctrl+0"])
        self.quit_action = self._action("&Quit", self.close, ["Ctrl+Q"])
        self.add_file_action = self._action(
            "Add Glossary &File…", self.add_glossary_file, [key("Open")]
        )
        self.add_folder_action = self._action("Add Glossary F&older…", self.add_glossary_folder)
        self.remove_source_action = self._action("&Remove Glossary…", self.remove_glossary)
        self.reload_action = self._action(
            "Re&load Glossaries", self.reload_library, [key("Refresh")]
        )
        self.problems_action = self._action("Glossary &Problems…", self.show_problems)
        self.about_action = self._action("&About Glossapp", self.show_about)
        self.copy_selection_action = self._action("&Copy", self.detail.copy, [key("Copy")])
        self.copy_selection_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.detail.addAction(self.copy_selection_action)

        self._build_bookmark_and_copy_actions()

        self.theme_actions = QActionGroup(self)
        for name in THEME_CHOICES:
            action = self._new_action(name.capitalize() if name != "system" else "Follow &System")
            action.setCheckable(True)
            action.setData(name)
            action.triggered.connect(lambda _checked=False, n=name: self.set_theme(n))
            self.theme_actions.addAction(action)
        self.back_action.setEnabled(False)
        self.forward_action.setEnabled(False)

    def _build_menus_and_toolbar(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        for action in (self.add_file_action, self.add_folder_action, self.remove_source_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.reload_action)
        file_menu.addAction(self.problems_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        self.edit_menu = menus.addMenu("&Edit")
        self.edit_menu.addAction(self.copy_selection_action)
        self.edit_menu.addSeparator()
        for action in self.copy_actions:
            self.edit_menu.addAction(action)
        self.edit_menu.addAction(self.copy_citation_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.focus_search_action)

        view_menu = menus.addMenu("&View")
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            view_menu.addAction(action)
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("&Theme")
        for action in self.theme_actions.actions():
            theme_menu.addAction(action)

        go_menu = menus.addMenu("&Go")
        go_menu.addAction(self.back_action)
        go_menu.addAction(self.forward_action)

        self.bookmarks_menu = menus.addMenu("&Bookmarks")
        for action in (
            self.bookmark_action,
            self.show_bookmarks_action,
            self.edit_note_action,
            self.edit_tags_action,
        ):
            self.bookmarks_menu.addAction(action)
        self.bookmarks_menu.addSeparator()
        self.bookmarks_menu.addAction(self.export_bookmarks_action)
        self.bookmarks_menu.addAction(self.import_bookmarks_action)

        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self.about_action)

        self.toolbar = QToolBar("Navigation")
        self.toolbar.setObjectName("navigation")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # icons exactly as tall as a line of the label, so the buttons keep their height
        # when the icons, painted just after the first frame, arrive
        line = QFontMetrics(self.toolbar.font()).height()
        self.toolbar.setIconSize(QSize(line, line))
        self.toolbar.addAction(self.back_action)
        self.toolbar.addAction(self.forward_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.zoom_out_action)
        self.toolbar.addAction(self.zoom_in_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.bookmark_action)
        self.toolbar.addAction(self.copy_definition_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _connect(self) -> None:
        self.search_box.textChanged.connect(self._on_query_edited)
        self.search_box.returnPressed.connect(self.open_selected)
        self.category_box.currentIndexChanged.connect(self._on_category_changed)
        self.list_view.selectionModel().currentChanged.connect(self._on_current_row_changed)
        self.list_view.activated.connect(
            lambda index: self.show_entry(self.model.entry_id_at(index.row()))
        )
        self.detail.entryLinkActivated.connect(self.show_entry)
        self.detail.backRequested.connect(self.go_back)
        self.detail.forwardRequested.connect(self.go_forward)
        self.bookmarks_view.selectionModel().currentChanged.connect(
            self._on_current_bookmark_changed
        )
        self.bookmarks_view.activated.connect(
            lambda index: self.open_bookmark(self.bookmarks_panel.model.entry_id_at(index.row()))
        )
        for view in (self.list_view, self.bookmarks_view):
            view.customContextMenuRequested.connect(lambda pos, v=view: self._show_row_menu(v, pos))
        self.sidebar_tabs.currentChanged.connect(self._on_sidebar_tab_changed)
        self.bookmarks_panel.orderChanged.connect(self._on_bookmark_order_changed)
        self._bookmark_poll.timeout.connect(self.refresh_bookmarks_if_changed)
        self.suggestion_label.linkActivated.connect(self.search_box.setText)
        self._full_text_timer.timeout.connect(self._run_full_text)
        self._reload_timer.timeout.connect(self.reload_library)
        self._watcher.fileChanged.connect(lambda _path: self._reload_timer.start())
        self._watcher.directoryChanged.connect(lambda _path: self._reload_timer.start())

    # ------------------------------------------------------------------ start-up

    def finish_startup(self) -> None:
        """The slower half of start-up, run once the window is on screen.

        The first frame is kept to what it shows: anything that makes PySide build more
        enum types or import more modules waits for here (see `window_input`).
        """
        from glossapp.search.engine import SearchEngine
        from glossapp.ui.window.input import WindowInput
        from glossapp.ui.workers import QueryRunner

        self._bind_shortcuts()
        self.input = WindowInput(self)
        self._icons_wanted = True
        self._paint_icons()
        self.open_bookmarks()
        self.query_runner = QueryRunner(self)
        self.query_runner.answered.connect(self._on_full_text_answer)
        self.query_runner.failed.connect(self._on_full_text_failed)
        self.engine = SearchEngine(self.library)
        self._startup_done = True
        if self.search_box.text().strip():
            self._on_query_edited(self.search_box.text())
        last = self.state.last_entry
        if last and self.library.get(last):
            self.show_entry(last)
        self._start_indexing()
        self._report_library_problems()
        self._bookmark_poll.start()

    def _start_indexing(self) -> None:
        from glossapp.ui.workers import IndexBuilder

        if self._index_builder is not None:
            self._index_builder.cancel()
            self._index_builder.wait()
        builder = IndexBuilder(self.engine, self, prepare=partial(_prepared_renderer, self.library))
        builder.prepared.connect(self._on_renderer_ready)
        builder.progress.connect(self._on_index_progress)
        builder.ready.connect(self._on_index_ready)
        builder.failed.connect(self._on_index_failed)
        self._index_builder = builder
        # cleared by the ready/failed handlers, not by the thread ending: the thread can end
        # while its `ready` signal still waits in the event queue
        self._indexing = True
        self.index_progress.setRange(0, 0)
        self.index_progress.setFormat("Indexing…")
        self.index_progress.show()
        builder.start()

    def _on_renderer_ready(self, renderer) -> None:
        if renderer.library is not self.library:
            return  # built for a library that has been reloaded since
        self.renderer = renderer
        self._apply_detail_style()
        pending, self._pending_entry_id = self._pending_entry_id, None
        if pending and self.library.get(pending):
            self.show_entry(pending)

    def _on_index_progress(self, done: int, total: int) -> None:
        self.index_progress.setRange(0, max(total, 1))
        self.index_progress.setValue(done)
        self.index_progress.setFormat(f"Indexing {done}/{total}")

    def _on_index_ready(self) -> None:
        self._indexing = False
        self.index_progress.hide()
        self.statusBar().showMessage("Full-text search is ready", 4000)
        if self.search_box.text().strip():
            self._full_text_timer.start(0)
        self.indexReady.emit()

    def _on_index_failed(self, message: str) -> None:
        self._indexing = False
        if self.renderer is None:
            self._on_renderer_ready(_prepared_renderer(self.library))
        self.index_progress.hide()
        self.statusBar().showMessage(f"Full-text search unavailable: {message}")

    @property
    def full_text_ready(self) -> bool:
        return self.engine is not None and self.engine.full_text_ready

    def is_settled(self) -> bool:
        """No start-up step, index build or search left to run: what a screenshot waits for."""
        return (
            self._startup_done
            and self.renderer is not None
            and not self._indexing
            and self._results_final
            and not self._full_text_timer.isActive()
            and not (self.query_runner and self.query_runner.busy())
        )

    # ------------------------------------------------------------------ list and search

    def _load_rows(self) -> None:
        # the library's objects live as long as it does: keep the cyclic collector from
        # walking them all again and again (it made first keystrokes stutter at 50k)
        gc.freeze()
        entries = sorted(
            self.library.entries, key=lambda e: (e.title.casefold(), e.category.casefold())
        )
        self._all_rows = [Row.from_entry(entry) for entry in entries]
        self._fill_categories()
        self.bookmarks_panel.refresh(self.library)
        count = len(self.library.entries)
        self.entries_label.setText(
            f"{wording.count(count, 'entry', 'entries')} in "
            f"{wording.count(len(self.library.files), 'glossary', 'glossaries')}"
        )
        self._on_query_edited(self.search_box.text())

    def _fill_categories(self) -> None:
        wanted = (
            self.category_box.currentData() if self.category_box.count() else self.state.category
        )
        counts = Counter(entry.category for entry in self.library.entries if entry.category)
        self.category_box.blockSignals(True)
        self.category_box.clear()
        self.category_box.addItem(f"All categories ({len(self.library.entries):,})", "")
        for category in sorted(counts, key=str.casefold):
            self.category_box.addItem(f"{category} ({counts[category]:,})", category)
        found = self.category_box.findData(wanted or "")
        self.category_box.setCurrentIndex(max(found, 0))
        self.category_box.blockSignals(False)

    @property
    def category(self) -> str | None:
        return self.category_box.currentData() or None

    def _on_category_changed(self) -> None:
        self.state.category = self.category or ""
        self._on_query_edited(self.search_box.text())

    def _on_query_edited(self, text: str) -> None:
        query = text.strip()
        self.bookmarks_panel.set_filter(query, self.category)
        self._full_text_timer.stop()
        self.suggestion_label.hide()
        if not query:
            if self.query_runner is not None:
                self.query_runner.supersede()
            category = self.category
            rows = [r for r in self._all_rows if category is None or r.category == category]
            self._results_final = True
            self._show_rows(rows, query)
            return
        if self.engine is None:
            folded = query.casefold()
            rows = [r for r in self._all_rows if folded in r.title.casefold()][:RESULT_LIMIT]
        else:
            hits = self.engine.lookup_names(query, limit=RESULT_LIMIT, category=self.category)
            rows = [self._row_for_hit(hit) for hit in hits]
        self._results_final = not self.full_text_ready
        self._show_rows(rows, query)
        if self.full_text_ready:
            self._full_text_timer.start()

    def _run_full_text(self) -> None:
        query, category, engine = self.search_box.text().strip(), self.category, self.engine
        if not query or engine is None:
            return
        self._results_final = False
        self.query_runner.submit(
            lambda: engine.search(query, limit=RESULT_LIMIT, category=category)
        )

    def _on_full_text_answer(self, _generation: int, response) -> None:
        from html import escape  # with the first answer: see delegate.snippet_segments

        if response.query != self.search_box.text().strip():
            return
        rows = [self._row_for_hit(hit) for hit in response.hits]
        self._results_final = True
        self._show_rows(rows, response.query)
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
        self.statusBar().showMessage(f"Search failed: {message}", 5000)

    def _row_for_hit(self, hit) -> Row:
        return Row(
            hit.entry_id,
            hit.title,
            hit.category,
            hit.source,
            hit.snippet_html if hit.match == "text" else "",
        )

    def _show_rows(self, rows: list[Row], query: str) -> None:
        self.model.set_rows(rows)
        self.model.mark_bookmarked(self.bookmarked_ids())
        if self.current_entry_id:
            row = self.model.row_of(self.current_entry_id)
            if row >= 0:
                self._select_row(row, show=False)
        if query:
            self.results_label.setText(wording.count(len(rows), "result"))
        else:
            self.results_label.setText("")
        self.resultsUpdated.emit(query)

    def bookmarked_ids(self) -> set[str]:
        return self.bookmarks_panel.ids()

    def _select_row(self, row: int, show: bool = True, view: QListView | None = None) -> None:
        view = view or self.list_view
        index = view.model().index(row, 0)
        selection = view.selectionModel()
        if not show:
            selection.blockSignals(True)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if not show:
            selection.blockSignals(False)
            view.viewport().update()
        view.scrollTo(index)

    def active_view(self) -> QListView:
        """The list the search box's Up, Down and Enter keys drive: the tab on show."""
        if self.sidebar_tabs.currentIndex() == BOOKMARKS_TAB:
            return self.bookmarks_view
        return self.list_view

    def _on_current_row_changed(self, current, _previous) -> None:
        entry_id = self.model.entry_id_at(current.row()) if current.isValid() else None
        if entry_id:
            self.show_entry(entry_id)

    def move_selection(self, step: int) -> None:
        view = self.active_view()
        count = view.model().rowCount()
        if not count:
            return
        current = view.currentIndex()
        row = current.row() + step if current.isValid() else (0 if step > 0 else count - 1)
        self._select_row(max(0, min(row, count - 1)), view=view)

    def open_selected(self) -> None:
        view = self.active_view()
        model = view.model()
        current = view.currentIndex()
        if current.isValid():
            entry_id = model.entry_id_at(current.row())
            if view is self.bookmarks_view:
                self.open_bookmark(entry_id)
            else:
                self.show_entry(entry_id)
        elif model.rowCount():
            self._select_row(0, view=view)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.focus_search()
            return
        super().keyPressEvent(event)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    # ------------------------------------------------------------------ detail pane and history

    def current_entry(self) -> Entry | None:
        return self.library.get(self.current_entry_id) if self.current_entry_id else None

    def show_entry(self, entry_id: str | None, record: bool = True) -> bool:
        entry = self.library.get(entry_id) if entry_id else None
        if entry is None:
            return False
        if self.renderer is None:
            # start-up or a reload is still preparing the renderer: show it once ready
            self._pending_entry_id = entry_id
            return False
        if entry_id != self.current_entry_id:
            scroll = self.detail.verticalScrollBar()
            self.detail.setHtml(self.renderer.html(entry))
            scroll.setValue(0)
            self.current_entry_id = entry_id
            self.state.last_entry = entry_id
            self.setWindowTitle(f"{entry.title} \u2014 Glossapp")
        if record:
            self.history.visit(entry_id)
        self._update_history_actions()
        row = self.model.row_of(entry_id)
        if row >= 0 and self.list_view.currentIndex().row() != row:
            self._select_row(row, show=False)
        self.shown_missing = None
        self.bookmarks_panel.select(entry_id)
        self._update_entry_actions()
        self.entryShown.emit(entry_id)
        return True

    def go_back(self) -> None:
        entry_id = self.history.back()
        if entry_id:
            self.show_entry(entry_id, record=False)

    def go_forward(self) -> None:
        entry_id = self.history.forward()
        if entry_id:
            self.show_entry(entry_id, record=False)

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.history.can_go_back())
        self.forward_action.setEnabled(self.history.can_go_forward())

    def set_zoom(self, steps: int) -> None:
        self.detail.set_zoom(steps)
        self.state.zoom = self.detail.zoom_steps

    def set_theme(self, name: str) -> None:
        self.state.theme = name
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == name)
        app = QApplication.instance()
        self.resolved_theme = theme_module.apply(name, app)
        self._apply_detail_style()
        self._paint_icons()

    def _paint_icons(self) -> None:
        # drawn from the palette, so redrawn when the theme changes it; painted only once
        # the first frame is up (finish_startup), at the height the toolbar already has
        if not self._icons_wanted:
            return
        from glossapp.ui import icons

        size = self.toolbar.iconSize().height()
        self.back_action.setIcon(icons.arrow_icon(forward=False, size=size))
        self.forward_action.setIcon(icons.arrow_icon(forward=True, size=size))
        self.bookmark_action.setIcon(icons.star_icon(size))
        self.copy_definition_action.setIcon(icons.copy_icon(size))

    def _apply_detail_style(self) -> None:
        if self.renderer is None:
            return
        from glossapp.render.renderer import background_color, stylesheet

        theme = getattr(self, "resolved_theme", "light")
        self.detail.document().setDefaultStyleSheet(stylesheet(theme))
        # QTextBrowser ignores a page background in CSS: the viewport must paint it
        palette = self.detail.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(background_color(theme)))
        self.detail.setPalette(palette)
        entry = self.current_entry()
        if entry is not None:
            self.detail.setHtml(self.renderer.html(entry))
        elif self.shown_missing is not None:
            self.detail.setHtml(missing_notice_html(self.shown_missing))

    # ------------------------------------------------------------------ state

    def _restore_state(self) -> None:
        state = self.state
        if state.geometry is not None:
            self.restoreGeometry(state.geometry)
        else:
            self.resize(1100, 720)
        if state.window_state is not None:
            self.restoreState(state.window_state)
        if state.splitter is not None:
            self.splitter.restoreState(state.splitter)
        self.set_zoom(state.zoom)
        self.set_theme(state.theme)
        self.sidebar_tabs.setCurrentIndex(
            state.sidebar_tab if 0 <= state.sidebar_tab < self.sidebar_tabs.count() else 0
        )

    def save_state(self) -> None:
        self.state.geometry = self.saveGeometry()
        self.state.window_state = self.saveState()
        self.state.splitter = self.splitter.saveState()
        self.state.last_entry = self.current_entry_id or self.state.last_entry
        self._settings.save(self.state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self._bookmark_poll.stop()
        self._bookmarks_closed = True
        if self.bookmarks is not None:
            self.bookmarks.close()
        if self._index_builder is not None:
            self._index_builder.cancel()
            self._index_builder.wait(10000)
        if self.query_runner is not None:
            self.query_runner.supersede()
            self.query_runner.wait(5000)
        super().closeEvent(event)


def _prepared_renderer(library: Library):
    """A renderer with its whole-library tables built: seconds at 50k entries, so off the UI thread."""
    from glossapp.render.renderer import Renderer

    renderer = Renderer(library)
    if library.entries:
        renderer.backlinks(library.entries[0])  # builds the mention index for every entry
    return renderer
