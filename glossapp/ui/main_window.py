"""The main window: search box and term list on the left, the rendered definition on the right."""

from __future__ import annotations

import gc
import sqlite3
from collections import Counter
from functools import partial
from html import escape
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QFileSystemWatcher,
    QItemSelectionModel,
    QMimeData,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QSplitter,
    QStyle,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from glossapp import __version__
from glossapp.core import library as library_module
from glossapp.core.bookmarks import Bookmark, BookmarkStore
from glossapp.core.library import Library, SourceList
from glossapp.core.model import Entry
from glossapp.ui import clipboard, wording
from glossapp.ui import theme as theme_module
from glossapp.ui.bookmarks_panel import BookmarksPanel, entry_list_view, missing_notice_html
from glossapp.ui.detail import DetailView
from glossapp.ui.history import History
from glossapp.ui.icons import copy_icon, star_icon
from glossapp.ui.models import EntryListModel, Row
from glossapp.ui.settings import THEMES, Settings
from glossapp.ui.workers import IndexBuilder, QueryRunner

FULL_TEXT_DELAY_MS = 120
RELOAD_DELAY_MS = 400
RESULT_LIMIT = 200
BOOKMARK_POLL_MS = 2000
TERMS_TAB, BOOKMARKS_TAB = 0, 1
EXPORT_FILTERS = {
    "Markdown (*.md)": "md",
    "CSV (*.csv)": "csv",
    "JSON (*.json)": "json",
}


class MainWindow(QMainWindow):
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
        self._indexing = False
        self._pending_entry_id: str | None = None
        self._results_final = True
        self.shown_missing: Bookmark | None = None
        self.bookmarks, self._bookmarks_problem = _open_bookmark_store()
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

        self.bookmarks_panel = BookmarksPanel(self.bookmarks, self.state.bookmark_order)
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
        self.query_runner = QueryRunner(self)

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

    def _action(self, text: str, slot, shortcuts=(), tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcuts:
            # platform standard keys often repeat ours (Back is Alt+Left on Linux); a repeated
            # sequence makes Qt call the shortcut ambiguous and fire nothing
            unique = {QKeySequence(s).toString(): QKeySequence(s) for s in shortcuts}
            action.setShortcuts(list(unique.values()))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.focus_search_action = self._action(
            "&Find",
            self.focus_search,
            [QKeySequence("Ctrl+L"), QKeySequence(key.Find)],
            "Focus the search box",
        )
        self.back_action = self._action(
            "&Back", self.go_back, [QKeySequence("Alt+Left"), QKeySequence(key.Back)]
        )
        self.forward_action = self._action(
            "&Forward", self.go_forward, [QKeySequence("Alt+Right"), QKeySequence(key.Forward)]
        )
        self.zoom_in_action = self._action(
            "Zoom &In",
            lambda: self.set_zoom(self.detail.zoom_steps + 1),
            [QKeySequence(key.ZoomIn), "Ctrl+="],
        )
        self.zoom_out_action = self._action(
            "Zoom &Out",
            lambda: self.set_zoom(self.detail.zoom_steps - 1),
            [QKeySequence(key.ZoomOut)],
        )
        self.zoom_reset_action = self._action("&Actual Size", lambda: self.set_zoom(0), ["Ctrl+0"])
        self.quit_action = self._action("&Quit", self.close, [QKeySequence("Ctrl+Q")])
        self.add_file_action = self._action(
            "Add Glossary &File…", self.add_glossary_file, [QKeySequence(key.Open)]
        )
        self.add_folder_action = self._action("Add Glossary F&older…", self.add_glossary_folder)
        self.remove_source_action = self._action("&Remove Glossary…", self.remove_glossary)
        self.reload_action = self._action(
            "Re&load Glossaries", self.reload_library, [QKeySequence(key.Refresh)]
        )
        self.problems_action = self._action("Glossary &Problems…", self.show_problems)
        self.about_action = self._action("&About Glossapp", self.show_about)
        self.copy_selection_action = self._action(
            "&Copy", self.detail.copy, [QKeySequence(key.Copy)]
        )
        self.copy_selection_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.detail.addAction(self.copy_selection_action)

        self._build_bookmark_and_copy_actions()

        self.theme_actions = QActionGroup(self)
        for name in THEMES:
            action = QAction(f"{name.capitalize()}" if name != "system" else "Follow &System", self)
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
        for action in (self.bookmark_action, self.show_bookmarks_action, self.edit_note_action):
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
        style = self.style()
        self.back_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.forward_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
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
        self.search_box.installEventFilter(self)
        self.category_box.currentIndexChanged.connect(self._on_category_changed)
        self.list_view.selectionModel().currentChanged.connect(self._on_current_row_changed)
        self.list_view.activated.connect(
            lambda index: self.show_entry(self.model.entry_id_at(index.row()))
        )
        self.detail.entryLinkActivated.connect(self.show_entry)
        self.detail.backRequested.connect(self.go_back)
        self.detail.forwardRequested.connect(self.go_forward)
        self.list_view.viewport().installEventFilter(self)
        self.bookmarks_view.viewport().installEventFilter(self)
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
        self.query_runner.answered.connect(self._on_full_text_answer)
        self.query_runner.failed.connect(self._on_full_text_failed)
        self._reload_timer.timeout.connect(self.reload_library)
        self._watcher.fileChanged.connect(lambda _path: self._reload_timer.start())
        self._watcher.directoryChanged.connect(lambda _path: self._reload_timer.start())

    # ------------------------------------------------------------------ start-up

    def finish_startup(self) -> None:
        """The slower half of start-up, run once the window is on screen."""
        from glossapp.core.search import SearchEngine

        self.engine = SearchEngine(self.library)
        self._startup_done = True
        if self.search_box.text().strip():
            self._on_query_edited(self.search_box.text())
        last = self.state.last_entry
        if last and self.library.get(last):
            self.show_entry(last)
        self._start_indexing()
        self._report_library_problems()
        self._report_bookmark_store_problems()
        self._bookmark_poll.start()

    def _start_indexing(self) -> None:
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
            and not self.query_runner.busy()
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
        if response.query != self.search_box.text().strip():
            return
        rows = [self._row_for_hit(hit) for hit in response.hits]
        self._results_final = True
        self._show_rows(rows, response.query)
        if not rows:
            message = f"No results for <b>{escape(response.query)}</b>."
            if response.suggestion:
                message += f' Did you mean <a href="{escape(response.suggestion)}">{escape(response.suggestion)}</a>?'
            self.suggestion_label.setText(message)
            self.suggestion_label.show()
        elif response.fuzzy:
            note = f"No exact matches for <b>{escape(response.query)}</b>; showing close spellings."
            if response.suggestion:
                note += f' Did you mean <a href="{escape(response.suggestion)}">{escape(response.suggestion)}</a>?'
            self.suggestion_label.setText(note)
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
        self._mark_rows(rows)
        if self.current_entry_id:
            row = self.model.row_of(self.current_entry_id)
            if row >= 0:
                self._select_row(row, show=False)
        if query:
            self.results_label.setText(wording.count(len(rows), "result"))
        else:
            self.results_label.setText("")
        self.resultsUpdated.emit(query)

    def _mark_rows(self, rows: list[Row]) -> None:
        """Star the bookmarked rows in place (no reset, so selection and scroll stay)."""
        self.model.mark_bookmarked(self.bookmarked_ids())

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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            steps = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: 10,
                Qt.Key.Key_PageUp: -10,
            }
            if key in steps:
                self.move_selection(steps[key])
                return True
            if key == Qt.Key.Key_Escape:
                self.search_box.clear()
                return True
        # X11 key bindings make Ctrl+D "delete" in a line edit, which would swallow the star
        if (
            watched is self.search_box
            and event.type() == QEvent.Type.ShortcutOverride
            and self._is_bookmark_key(event)
        ):
            event.ignore()
            return True
        viewports = (self.list_view.viewport(), self.bookmarks_view.viewport())
        mouse_events = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease)
        if event.type() in mouse_events and watched in viewports:
            navigation = {
                Qt.MouseButton.BackButton: self.go_back,
                Qt.MouseButton.ForwardButton: self.go_forward,
            }
            go = navigation.get(event.button())
            if go is not None:
                # the press is swallowed too, or the list would select the row under the mouse
                if event.type() == QEvent.Type.MouseButtonRelease:
                    go()
                return True
        return super().eventFilter(watched, event)

    def _is_bookmark_key(self, event) -> bool:
        pressed = QKeySequence(event.keyCombination())
        return any(
            pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch
            for key in self.bookmark_action.shortcuts()
        )

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
        # drawn from the palette, so redrawn when the theme changes it
        self.bookmark_action.setIcon(star_icon())
        self.copy_definition_action.setIcon(copy_icon())

    def _apply_detail_style(self) -> None:
        if self.renderer is None:
            return
        from glossapp.core.render import background_color, stylesheet

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

    # ------------------------------------------------------------------ bookmarks

    def _build_bookmark_and_copy_actions(self) -> None:
        self.bookmark_action = self._action(
            "&Bookmark This Entry",
            self.toggle_bookmark,
            ["Ctrl+D"],
            "Add or remove a bookmark for the definition on show",
        )
        self.bookmark_action.setCheckable(True)
        self.bookmark_action.setIconText("Bookmark")
        self.show_bookmarks_action = self._action(
            "Show &Bookmarks", self.show_bookmarks_tab, ["Ctrl+B"]
        )
        self.edit_note_action = self._action(
            "Edit &Note…", lambda: self.edit_note(self._bookmark_in_focus())
        )
        self.export_bookmarks_action = self._action("&Export Bookmarks…", self.export_bookmarks)
        self.import_bookmarks_action = self._action("&Import Bookmarks…", self.import_bookmarks)

        self.copy_definition_action = self._action(
            "Copy &Definition",
            lambda: self.copy_definition(self.current_entry()),
            ["Ctrl+Shift+C"],
            "Copy the definition with its formatting (HTML, plain text and Markdown)",
        )
        self.copy_definition_action.setIconText("Copy Definition")
        self.copy_markdown_action = self._action(
            "Copy as &Markdown", lambda: self.copy_markdown(self.current_entry())
        )
        self.copy_plain_action = self._action(
            "Copy as &Plain Text", lambda: self.copy_plain_text(self.current_entry())
        )
        self.copy_term_action = self._action(
            "Copy &Term", lambda: self.copy_term(self._title_in_view())
        )
        self.copy_actions = (
            self.copy_definition_action,
            self.copy_markdown_action,
            self.copy_plain_action,
            self.copy_term_action,
        )
        self.copy_citation_action = QAction("Include &Citation When Copying", self)
        self.copy_citation_action.setCheckable(True)
        self.copy_citation_action.setChecked(self.state.copy_citation)
        self.copy_citation_action.setStatusTip(
            "End copied definitions with a line naming the entry and its glossary"
        )
        self.copy_citation_action.toggled.connect(self._on_copy_citation_toggled)
        self._update_entry_actions()

    def _on_copy_citation_toggled(self, checked: bool) -> None:
        self.state.copy_citation = checked

    def _bookmark_target(self) -> str | None:
        """What the star acts on: the entry on show, or the missing bookmark on show."""
        if self.current_entry_id and self.library.get(self.current_entry_id):
            return self.current_entry_id
        return self.shown_missing.entry_id if self.shown_missing else None

    def _bookmark_in_focus(self) -> str | None:
        if self.sidebar_tabs.currentIndex() == BOOKMARKS_TAB and self.bookmarks_panel.current_id():
            return self.bookmarks_panel.current_id()
        return self._bookmark_target()

    def _title_in_view(self) -> str:
        entry = self.current_entry()
        if entry is not None:
            return entry.title or entry.term
        return self.shown_missing.title if self.shown_missing else ""

    def _update_entry_actions(self) -> None:
        if not hasattr(self, "copy_actions"):
            return
        entry = self.current_entry()
        target = self._bookmark_target()
        ids = self.bookmarks_panel.ids()
        marked = target in ids if target else False
        # a missing entry can lose its bookmark, but cannot be bookmarked again until it returns
        self.bookmark_action.setEnabled(entry is not None or marked)
        self.bookmark_action.setChecked(marked)
        self.bookmark_action.setIconText("Bookmarked" if marked else "Bookmark")
        self.bookmark_action.setToolTip(
            "Remove the bookmark (Ctrl+D)" if marked else "Bookmark this entry (Ctrl+D)"
        )
        for action in self.copy_actions:
            action.setEnabled(entry is not None)
        self.copy_term_action.setEnabled(bool(self._title_in_view()))
        self.edit_note_action.setEnabled(bool(ids))
        self.export_bookmarks_action.setEnabled(bool(ids))
        self.sidebar_tabs.setTabText(
            BOOKMARKS_TAB, f"Bookmarks ({len(ids):,})" if ids else "Bookmarks"
        )

    def toggle_bookmark(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.set_bookmarked(entry.id, not self.bookmarks.is_bookmarked(entry.id))
        elif self.shown_missing is not None:
            self.set_bookmarked(self.shown_missing.entry_id, False)
        else:
            self._update_entry_actions()

    def set_bookmarked(self, entry_id: str, wanted: bool) -> None:
        entry = self.library.get(entry_id)
        if wanted and entry is not None:
            self.bookmarks.add(entry)
            self.statusBar().showMessage(f"Bookmarked \u201c{entry.title}\u201d", 4000)
        elif not wanted:
            kept = self.bookmarks_panel.bookmark(entry_id)
            self.bookmarks.remove(entry_id)
            title = entry.title if entry else (kept.title if kept else "")
            self.statusBar().showMessage(f"Removed the bookmark for \u201c{title}\u201d", 4000)
        self.bookmarks_changed()

    def bookmarks_changed(self) -> None:
        """Re-read the store and bring the tab, the ★ markers and the star up to date."""
        if self._bookmarks_closed:
            return
        self.bookmarks_panel.refresh(self.library)
        self.bookmarks_panel.select(self._bookmark_target())
        self.model.mark_bookmarked(self.bookmarked_ids())
        self._update_entry_actions()

    def refresh_bookmarks_if_changed(self) -> None:
        """Another app instance may have written: cheap to ask SQLite, so asked every 2 s."""
        if not self._bookmarks_closed and self.bookmarks_panel.changed_elsewhere():
            self.bookmarks_changed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh_bookmarks_if_changed()
        super().changeEvent(event)

    def show_bookmarks_tab(self) -> None:
        self.sidebar_tabs.setCurrentIndex(BOOKMARKS_TAB)
        self.focus_search()

    def _on_sidebar_tab_changed(self, index: int) -> None:
        self.state.sidebar_tab = index

    def _on_bookmark_order_changed(self, order: str) -> None:
        self.state.bookmark_order = order

    def _on_current_bookmark_changed(self, current, _previous) -> None:
        if current.isValid():
            self.open_bookmark(self.bookmarks_panel.model.entry_id_at(current.row()))

    def open_bookmark(self, entry_id: str | None) -> None:
        """The entry if the library has it; otherwise a notice with what the bookmark kept."""
        if not entry_id:
            return
        entry = self.bookmarks_panel.entry(entry_id)
        if entry is not None:
            self.show_entry(entry.id)
            return
        bookmark = self.bookmarks_panel.bookmark(entry_id)
        if bookmark is not None:
            self.show_missing(bookmark)

    def show_missing(self, bookmark: Bookmark) -> None:
        self.shown_missing = bookmark
        self.current_entry_id = None
        self.detail.setHtml(missing_notice_html(bookmark))
        self.setWindowTitle(f"{bookmark.title} (missing) \u2014 Glossapp")
        self.list_view.selectionModel().clear()
        self.bookmarks_panel.select(bookmark.entry_id)
        self._update_entry_actions()

    def edit_note(self, entry_id: str | None) -> None:
        bookmark = self.bookmarks_panel.bookmark(entry_id) if entry_id else None
        if bookmark is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self, "Edit Note", f"Note for \u201c{bookmark.title}\u201d:", bookmark.note
        )
        if ok:
            self.bookmarks.set_note(bookmark.entry_id, text.strip())
            self.bookmarks_changed()

    def export_bookmarks(self) -> None:
        if not len(self.bookmarks):
            QMessageBox.information(self, "Export Bookmarks", "There are no bookmarks to export.")
            return
        path, chosen = QFileDialog.getSaveFileName(
            self,
            "Export Bookmarks",
            str(Path.home() / "glossapp-bookmarks.md"),
            ";;".join(EXPORT_FILTERS),
        )
        if not path:
            return
        from glossapp.core import bookmark_exchange  # with the renderer: not needed at start-up

        fmt = bookmark_exchange.format_for_path(path)
        if fmt is None:
            fmt = EXPORT_FILTERS.get(chosen, "md")
            path = f"{path}.{fmt}"
        try:
            library_module.atomic_write_text(Path(path), self.bookmarks.export(fmt, self.library))
        except OSError as error:
            QMessageBox.warning(self, "Export Bookmarks", f"Could not write {path}:\n{error}")
            return
        count = len(self.bookmarks)
        self.statusBar().showMessage(f"Exported {wording.count(count, 'bookmark')} to {path}", 8000)

    def import_bookmarks(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import Bookmarks",
            str(Path.home()),
            "Bookmarks (*.md *.markdown *.csv *.json);;All files (*)",
        )
        if not path:
            return
        from glossapp.core import bookmark_exchange  # with the renderer: not needed at start-up

        fmt = bookmark_exchange.format_for_path(path)
        if fmt is None:
            QMessageBox.warning(
                self, "Import Bookmarks", "Bookmarks are read from .md, .csv or .json files."
            )
            return
        try:
            report = self.bookmarks.import_(Path(path).read_text(encoding="utf-8-sig"), fmt)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            QMessageBox.warning(self, "Import Bookmarks", f"Could not read {path}:\n{error}")
            return
        self.bookmarks_changed()
        message = f"From {Path(path).name}: {report.summary()}."
        if report.problems:
            message += "\n\n" + "\n".join(report.problems[:5])
            if len(report.problems) > 5:
                message += f"\n… and {len(report.problems) - 5} more"
        QMessageBox.information(self, "Import Bookmarks", message)

    def _report_bookmark_store_problems(self) -> None:
        if self._bookmarks_problem:
            self.statusBar().showMessage(self._bookmarks_problem)
        recovered = self.bookmarks.recovered_from
        if recovered is None or self.recovery_box is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Bookmarks Recovered",
            "The bookmarks file could not be read, so a new, empty one was started.",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setInformativeText(f"The unreadable file was kept, not deleted:\n{recovered}")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recovery_box = box
        box.open()  # not exec(): start-up goes on while the user reads it

    # ------------------------------------------------------------------ row menu

    def row_menu(self, view: QListView, row: int) -> QMenu:
        """Open, bookmark and copy the row's entry; on the Bookmarks tab also its note."""
        in_bookmarks = view is self.bookmarks_view
        entry_id = view.model().entry_id_at(row)
        bookmark = self.bookmarks_panel.bookmark(entry_id) if entry_id else None
        entry = self.library.get(entry_id) if entry_id else None
        menu = QMenu(self)
        opener = self.open_bookmark if in_bookmarks else self.show_entry
        open_action = menu.addAction("&Open", lambda: opener(entry_id))
        menu.setDefaultAction(open_action)
        if bookmark is not None:
            menu.addAction("&Remove Bookmark", lambda: self.set_bookmarked(entry_id, False))
        else:
            add = menu.addAction("&Bookmark", lambda: self.set_bookmarked(entry_id, True))
            add.setEnabled(entry is not None)
        menu.addSeparator()
        for text, copier in (
            ("Copy &Definition", self.copy_definition),
            ("Copy as &Markdown", self.copy_markdown),
            ("Copy as &Plain Text", self.copy_plain_text),
        ):
            action = menu.addAction(text, lambda c=copier: c(entry))
            action.setEnabled(entry is not None)
        title = entry.title if entry else (bookmark.title if bookmark else "")
        menu.addAction("Copy &Term", lambda: self.copy_term(title))
        if in_bookmarks:
            menu.addSeparator()
            menu.addAction("Edit &Note…", lambda: self.edit_note(entry_id))
            menu.addSeparator()
            menu.addAction(self.export_bookmarks_action)
            menu.addAction(self.import_bookmarks_action)
        return menu

    def _show_row_menu(self, view: QListView, pos) -> None:
        index = view.indexAt(pos)
        if index.isValid():
            menu = self.row_menu(view, index.row())
        elif view is self.bookmarks_view:
            menu = QMenu(self)
            menu.addAction(self.export_bookmarks_action)
            menu.addAction(self.import_bookmarks_action)
        else:
            return
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # ------------------------------------------------------------------ copying out

    def definition_mime(self, entry_ids: list[str]) -> QMimeData:
        """A dragged row's data: the same three formats as Copy Definition."""
        entries = [e for e in (self.library.get(i) for i in entry_ids) if e is not None]
        if self.renderer is None or not entries:
            mime = QMimeData()
            titles = [b.title for b in map(self.bookmarks_panel.bookmark, entry_ids) if b]
            if titles:
                mime.setText("\n".join(titles))
            return mime
        return clipboard.definition_mime(
            self.renderer, entries, citation=self.copy_citation_action.isChecked()
        )

    def _copy_ready(self, entry: Entry | None) -> bool:
        return entry is not None and self.renderer is not None

    def copy_definition(self, entry: Entry | None) -> None:
        if self._copy_ready(entry):
            clipboard.put_mime(self.definition_mime([entry.id]))
            self.statusBar().showMessage(
                f"Copied the definition of \u201c{entry.title}\u201d", 4000
            )

    def copy_markdown(self, entry: Entry | None) -> None:
        if self._copy_ready(entry):
            citation = self.copy_citation_action.isChecked()
            clipboard.put_text(self.renderer.markdown(entry, citation=citation))
            self.statusBar().showMessage(f"Copied \u201c{entry.title}\u201d as Markdown", 4000)

    def copy_plain_text(self, entry: Entry | None) -> None:
        if self._copy_ready(entry):
            citation = self.copy_citation_action.isChecked()
            clipboard.put_text(self.renderer.plain_text(entry, citation=citation))
            self.statusBar().showMessage(f"Copied \u201c{entry.title}\u201d as plain text", 4000)

    def copy_term(self, title: str) -> None:
        if title:
            clipboard.put_text(title)
            self.statusBar().showMessage(f"Copied \u201c{title}\u201d", 4000)

    # ------------------------------------------------------------------ library

    def _watch_sources(self) -> None:
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        files = [str(source.path) for source in self.library.files if source.path.exists()]
        folders = {str(source.path.parent) for source in self.library.files if source.path.exists()}
        if files:
            self._watcher.addPaths(files)
        if folders:
            self._watcher.addPaths(sorted(folders))

    def reload_library(self) -> None:
        """Re-read every glossary (after an edit on disk or a change of sources) and re-index."""
        self.library = library_module.load_default(self._glossaries)
        self._load_rows()
        self._watch_sources()
        if self._startup_done:
            from glossapp.core.search import SearchEngine

            self.renderer = None
            self.engine = SearchEngine(self.library)
            shown = self.current_entry_id
            self.current_entry_id = None
            if shown and self.library.get(shown):
                self._pending_entry_id = shown
            elif shown:
                self.detail.setHtml("<p><i>This entry is no longer in the library.</i></p>")
                self._update_entry_actions()
            self._start_indexing()
        self._report_library_problems()
        self.libraryReloaded.emit()

    def _add_source(self, path: str) -> None:
        SourceList().add(path)
        if self._glossaries is not None and path not in self._glossaries:
            self._glossaries.append(path)
        self.reload_library()
        self.statusBar().showMessage(f"Added {path}", 5000)

    def add_glossary_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Add Glossary File",
            str(Path.home()),
            "Glossaries (*.txt *.md *.glossary);;All files (*)",
        )
        if path:
            self._add_source(path)

    def add_glossary_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Add Glossary Folder", str(Path.home()))
        if path:
            self._add_source(path)

    def remove_glossary(self) -> None:
        sources = [str(p) for p in SourceList().user_sources()]
        if not sources:
            QMessageBox.information(
                self,
                "Remove Glossary",
                "Only the bundled glossary is open; there is nothing to remove.",
            )
            return
        path, ok = QInputDialog.getItem(
            self,
            "Remove Glossary",
            "Stop using this glossary (the file is not deleted):",
            sources,
            0,
            False,
        )
        if ok and path:
            SourceList().remove(path)
            if self._glossaries is not None and path in self._glossaries:
                self._glossaries.remove(path)
            self.reload_library()

    def _report_library_problems(self) -> None:
        problems = self.library.diagnostics
        if problems:
            files = len({d.path for d in problems})
            self.statusBar().showMessage(
                f"{wording.count(len(problems), 'problem')} in "
                f"{wording.count(files, 'glossary file')} (File \u25b8 Glossary Problems)",
                15000,
            )

    def show_problems(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle("Glossary Problems")
        layout = QVBoxLayout(dialog)
        text = QPlainTextEdit()
        text.setReadOnly(True)
        problems = self.library.diagnostics
        text.setPlainText(
            "\n".join(str(d) for d in problems) or "No problems found in the open glossaries."
        )
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(720, 360)
        dialog.exec()

    def about_html(self) -> str:
        rows = "".join(
            f"<tr><td>{escape(source.name)}</td><td align='right'>&nbsp;{len(source.entries):,}</td>"
            f"<td>&nbsp;<small>{escape(str(source.path))}</small></td></tr>"
            for source in self.library.files
        )
        return (
            f"<h3>Glossapp {escape(__version__)}</h3>"
            "<p>An offline reference for technical glossaries.</p>"
            f"<p><b>Loaded glossaries</b></p><table>{rows}</table>"
        )

    def show_about(self) -> None:
        QMessageBox.about(self, "About Glossapp", self.about_html())

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
        self.bookmarks.close()
        if self._index_builder is not None:
            self._index_builder.cancel()
            self._index_builder.wait(10000)
        self.query_runner.supersede()
        self.query_runner.wait(5000)
        super().closeEvent(event)


def _open_bookmark_store() -> tuple[BookmarkStore, str]:
    """The store in the data dir; if that cannot be opened at all, one in memory for now."""
    try:
        return BookmarkStore(), ""
    except (sqlite3.Error, OSError) as error:
        return (
            BookmarkStore(Path(":memory:")),
            f"Bookmarks cannot be saved this session ({error})",
        )


def _prepared_renderer(library: Library):
    """A renderer with its whole-library tables built: seconds at 50k entries, so off the UI thread."""
    from glossapp.core.render import Renderer

    renderer = Renderer(library)
    if library.entries:
        renderer.backlinks(library.entries[0])  # builds the mention index for every entry
    return renderer
