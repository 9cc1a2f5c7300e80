"""The main window: search box and term list on the left, the rendered definition on the right.

The window builds the widgets, makes one controller per concern and wires their signals:

- `SearchController` (`window.search`): the search box, category box, engine and index;
- `LibraryController` (`window.library_controller`): the glossaries and their files;
- `BookmarksController` (`window.bookmarks_controller`): the store and the Bookmarks tab;
- `CopyController` (`window.copy_controller`): the clipboard and dragged rows.

What it keeps for itself is what ties them together: the entry on show, history, zoom,
theme and the actions (built from the table in `actions`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
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
from glossapp.ui.settings import Settings
from glossapp.ui.window import actions as action_table
from glossapp.ui.window.bookmarks import BookmarksController
from glossapp.ui.window.copy import CopyController
from glossapp.ui.window.library import LibraryController
from glossapp.ui.window.search import SearchController

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QKeyEvent

    from glossapp.bookmarks.store import Bookmark
    from glossapp.render.renderer import Renderer
    from glossapp.ui.clipboard_watch import ClipboardWatch
    from glossapp.ui.export_dialog import DocumentsController
    from glossapp.ui.find_bar import FindBar
    from glossapp.ui.lookup import WindowLookup
    from glossapp.ui.notices import NoticeArea
    from glossapp.ui.pages import Page
    from glossapp.ui.tray import KeepInTray, Tray
    from glossapp.ui.workers import QueryRunner

__all__ = ["BOOKMARKS_TAB", "TERMS_TAB", "MainWindow"]

TERMS_TAB, BOOKMARKS_TAB = 0, 1


class MainWindow(QMainWindow):
    """Shows a library: find an entry, read it, follow its links, bookmark and copy it.

    `library` is shown at once; `glossaries` is what it was loaded from (None: the
    configured sources), so a reload reads the same. `settings` keeps the window's state
    between runs. Call `finish_startup` once the window is on screen: it opens the
    bookmark store and starts the search engine, the index build and the renderer.

    Signals: `entryShown(entry_id)`, `resultsUpdated(query)` with every new result list,
    `indexReady()` when full-text search can answer, `libraryReloaded()` after a reload.
    """

    entryShown = Signal(str)
    resultsUpdated = Signal(str)
    indexReady = Signal()
    libraryReloaded = Signal()

    def __init__(
        self,
        library: Library,
        glossaries: list[str] | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self._settings = settings or Settings()
        self.state = self._settings.load()
        self.renderer: Renderer | None = None
        self.history = History()
        self.current_entry_id: str | None = None
        self.shown_missing: Bookmark | None = None
        self.resolved_theme = "light"
        self._pending_entry_id: str | None = None
        # the definitions on show: one, or every definition of a term, stacked
        self.shown_ids: tuple[str, ...] = ()
        self._pending_ids: tuple[str, ...] = ()
        self._rest: list[tuple[Entry, str]] = []  # parts of a huge body not yet shown
        self._rest_timer: QTimer | None = None
        self._related_runner: QueryRunner | None = None
        self._related_waiting = False  # asked for, not yet appended
        # the top-result rule (see `_show_rows`): whether the user moved the list's
        # selection (or opened a row) since the query was last edited
        self._moved_since_edit = False
        self._startup_done = False
        self._icons_wanted = False  # painted by finish_startup
        self._documents: DocumentsController | None = None  # made on first print or export
        # made by finish_startup (the lookup imports the search engine) and `set_tray`
        self.lookup: WindowLookup | None = None
        self.clipboard_watch: ClipboardWatch | None = None
        self.tray: Tray | None = None
        self.keep_in_tray: KeepInTray | None = None

        self.setWindowTitle("Glossapp")
        self._build_widgets()
        self._build_controllers(library, glossaries)
        self.actions_by_id = action_table.build_actions(self)
        self.menus = action_table.build_menus(self.menuBar(), self.actions_by_id)
        self._build_toolbar()
        self._connect()
        self.action("edit.copy_citation").setChecked(self.state.copy_citation)
        self.action("edit.prefs.watch_clipboard").setChecked(self.state.watch_clipboard)
        self.action("edit.prefs.keep_in_tray").setChecked(self.state.keep_in_tray)
        self._restore_state()
        self._show_library(library)
        self._update_actions()

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
        self.list_view = entry_list_view(self.model, "Terms")

        self.bookmarks_panel = BookmarksPanel(self.state.bookmark_order)
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
        self.find_bar: FindBar | None = None  # made on first Ctrl+F
        self.detail_pane = QWidget()
        self._detail_layout = QVBoxLayout(self.detail_pane)
        self._detail_layout.setContentsMargins(0, 0, 0, 0)
        self._detail_layout.setSpacing(0)
        self._detail_layout.addWidget(self.detail, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(sidebar)
        self.splitter.addWidget(self.detail_pane)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 700])
        self.splitter.setChildrenCollapsible(False)
        # lasting notices (`ui.notices`) go above the content, made with the first one
        self.notice_area: NoticeArea | None = None
        central = QWidget()
        self._central_layout = QVBoxLayout(central)
        self._central_layout.setContentsMargins(0, 0, 0, 0)
        self._central_layout.setSpacing(0)
        self._central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

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

        self.setTabOrder(self.search_box, self.category_box)
        self.setTabOrder(self.category_box, self.list_view)
        self.setTabOrder(self.list_view, self.bookmarks_panel.order_box)
        self.setTabOrder(self.bookmarks_panel.order_box, self.bookmarks_view)
        self.setTabOrder(self.bookmarks_view, self.detail)

    def _build_controllers(self, library: Library, glossaries: list[str] | None) -> None:
        self.search = SearchController(
            self.search_box,
            self.category_box,
            self.suggestion_label,
            self.index_progress,
            category=self.state.category,
            prepare=prepared_renderer,
            parent=self,
        )
        self.library_controller = LibraryController(library, glossaries, self)
        self.bookmarks_controller = BookmarksController(self.bookmarks_panel, library, self)
        self.copy_controller = CopyController(
            library,
            citation=self.state.copy_citation,
            fallback_title=self._bookmark_title,
            parent=self,
        )
        self.model.mime_provider = self.copy_controller.definition_mime
        self.bookmarks_panel.model.mime_provider = self.copy_controller.definition_mime

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar("Navigation")
        self.toolbar.setObjectName("navigation")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # icons exactly as tall as a line of the label, so the buttons keep their height
        # when the icons arrive (finish_startup)
        line = QFontMetrics(self.toolbar.font()).height()
        self.toolbar.setIconSize(QSize(line, line))
        action_table.build_toolbar(self.toolbar, self.actions_by_id)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _connect(self) -> None:
        search = self.search
        search.results.connect(self._show_rows)
        search.queryChanged.connect(self.bookmarks_panel.set_filter)
        search.categoryChanged.connect(self._remember_category)
        search.prepared.connect(self._on_renderer_ready)
        search.indexReady.connect(self.indexReady)
        search.indexFailed.connect(self._on_index_failed)
        search.message.connect(self.show_message)
        search.edited.connect(self._on_query_edited)
        self.search_box.returnPressed.connect(self.open_selected)

        self.library_controller.reloaded.connect(self._on_library_reloaded)
        self.library_controller.message.connect(self.show_message)
        self.library_controller.notice.connect(self.show_notice)
        self.library_controller.noticeCleared.connect(self.dismiss_notice)
        self.bookmarks_controller.changed.connect(self._on_bookmarks_changed)
        self.bookmarks_controller.message.connect(self.show_message)
        self.bookmarks_controller.notice.connect(self.show_notice)
        self.bookmarks_controller.noticeCleared.connect(self.dismiss_notice)
        self.copy_controller.copied.connect(lambda text: self.show_message(text, 4000))

        self.list_view.selectionModel().currentChanged.connect(self._on_current_row_changed)
        self.list_view.activated.connect(lambda index: self.open_row(index.row()))
        self.bookmarks_view.selectionModel().currentChanged.connect(
            self._on_current_bookmark_changed
        )
        self.bookmarks_view.activated.connect(
            lambda index: self.open_bookmark(self.bookmarks_panel.model.entry_id_at(index.row()))
        )
        for view in (self.list_view, self.bookmarks_view):
            view.customContextMenuRequested.connect(lambda pos, v=view: self._show_row_menu(v, pos))
        self.detail.entryLinkActivated.connect(self.show_entry)
        self.detail.actionLinkActivated.connect(self._on_action_link)
        self.detail.backRequested.connect(self.go_back)
        self.detail.forwardRequested.connect(self.go_forward)
        self.sidebar_tabs.currentChanged.connect(self._remember_sidebar_tab)
        self.bookmarks_panel.orderChanged.connect(self._remember_bookmark_order)

    def action(self, action_id: str) -> QAction:
        """The window's action with this id in `actions.ACTIONS`."""
        return self.actions_by_id[action_id]

    # ------------------------------------------------------------------ start-up

    def finish_startup(self) -> None:
        """The second half of start-up, run once the window is on screen: open the
        bookmark store, start the search engine and the index build (which prepares the
        renderer too), and show the entry on show when the window last closed.

        From here on the window watches its own keys and mouse buttons (`WindowInput`),
        none of which can reach it before it is on screen, and its toolbar has icons.
        Both wait so that the first frame builds only what it shows (see `ui.startup`).
        """
        from glossapp.ui.window.input import WindowInput

        self._icons_wanted = True
        self._paint_icons()
        self.input = WindowInput(
            self,
            self.search_box,
            (self.list_view.viewport(), self.bookmarks_view.viewport()),
            keep_shortcuts=self.action("bookmarks.toggle"),
        )
        self.input.stepRequested.connect(self.move_selection)
        self.input.backRequested.connect(self.go_back)
        self.input.forwardRequested.connect(self.go_forward)
        self.input.activated.connect(self.bookmarks_controller.refresh_if_changed)
        self.bookmarks_controller.open()
        self._start_lookup()
        self._startup_done = True
        self.search.start(self.library)
        last = self.state.last_entry
        if last and self.library.get(last):
            self.show_entry(last)
        self.library_controller.report_problems()
        self._show_config_problem()
        self._show_profile_problems()

    def _start_lookup(self) -> None:
        """The lookup popup's owner, Look Up in the detail pane (its context menu and a
        double-click) and the clipboard watch (off unless Preferences turned it on)."""
        from glossapp.ui.clipboard_watch import ClipboardWatch, names_entry_in
        from glossapp.ui.lookup import WindowLookup
        from glossapp.ui.lookup_popup import add_lookup_to_context_menu, lookup_on_double_click

        self.lookup = lookup = WindowLookup(self)
        add_lookup_to_context_menu(self.detail, lookup.look_up)
        lookup_on_double_click(self.detail, lookup.look_up)
        watch = ClipboardWatch(names_entry_in(lambda: self.search.engine), parent=self)
        watch.watch_copies(self.copy_controller)
        watch.triggered.connect(lookup.look_up)
        watch.set_enabled(self.state.watch_clipboard)
        self.clipboard_watch = watch

    def set_tray(self, tray: Tray | None, keep: KeepInTray) -> None:
        """The tray icon (None: the desktop has no tray) and the keep-in-tray setting,
        made by `app.open_window` after the first frame (see `tray.install_tray`)."""
        self.tray, self.keep_in_tray = tray, keep
        self._update_actions()

    def set_watch_clipboard(self, on: bool) -> None:
        """Edit ▸ Preferences ▸ Look Up Copied Terms."""
        self.state.watch_clipboard = on
        if self.clipboard_watch is not None:
            self.clipboard_watch.set_enabled(on)

    def set_keep_in_tray(self, on: bool) -> None:
        """Edit ▸ Preferences ▸ Keep in Tray When Closed."""
        self.state.keep_in_tray = on
        if self.keep_in_tray is not None:
            self.keep_in_tray.set_enabled(on)

    def is_settled(self) -> bool:
        """No start-up step, index build or search left to run: what a screenshot waits for."""
        return (
            self._startup_done
            and self.renderer is not None
            and self.search.is_idle()
            and not self.related_pending()
        )

    @property
    def library(self) -> Library:
        return self.library_controller.library

    @property
    def full_text_ready(self) -> bool:
        return self.search.full_text_ready

    def _on_renderer_ready(self, renderer: Renderer) -> None:
        if renderer.library is not self.library:
            return  # built for a library that has been reloaded since
        self.renderer = renderer
        self.copy_controller.set_renderer(renderer)
        self._apply_detail_style()
        pending, self._pending_entry_id = self._pending_entry_id, None
        stack, self._pending_ids = self._pending_ids, ()
        if pending and self.library.get(pending):
            self.show_stack(stack if pending in stack else (pending,))

    def _on_index_failed(self, _message: str) -> None:
        if self.renderer is None:
            self._on_renderer_ready(prepared_renderer(self.library))

    def show_message(self, text: str, ms: int = 0) -> None:
        self.statusBar().showMessage(text, ms)

    # ------------------------------------------------------------------ lasting notices

    def show_notice(
        self, key: str, text: str, buttons: Sequence[tuple[str, Callable[[], object]]] = ()
    ) -> None:
        """A banner above the content that stays until dismissed or solved (`ui.notices`)."""
        if self.notice_area is None:
            from glossapp.ui.notices import NoticeArea

            self.notice_area = NoticeArea()
            self._central_layout.insertWidget(0, self.notice_area)
        self.notice_area.show_notice(key, text, buttons)

    def dismiss_notice(self, key: str) -> None:
        if self.notice_area is not None:
            self.notice_area.dismiss(key)

    def notice_text(self, key: str) -> str | None:
        """The text of the notice `key` on show, else None."""
        return self.notice_area.text(key) if self.notice_area is not None else None

    def _show_config_problem(self) -> None:
        """A damaged `library.json`: a banner to open it or reset the list."""
        from glossapp.ui.window.library import CONFIG_NOTICE

        problem = self.library.config_problem
        if problem is None:
            self.dismiss_notice(CONFIG_NOTICE)
            return
        library = self.library_controller
        self.show_notice(
            CONFIG_NOTICE,
            f"Your list of glossaries could not be read: {problem}.",
            (("&Open", library.open_config_file), ("&Reset", library.reset_sources)),
        )

    def _show_profile_problems(self) -> None:
        """A folder of the profile that cannot be written: what will not be saved."""
        from glossapp.util import paths

        lost = {
            "config": "settings and the glossaries you add will not be remembered",
            "data": "bookmarks cannot be saved",
            "cache": "the search index is not kept, so each start reads the glossaries again",
        }
        for problem in paths.profile_problems():
            what = lost.get(problem.kind, "changes will not be saved")
            self.show_notice(f"profile.{problem.kind}", f"Glossapp cannot save: {problem}; {what}.")

    # ------------------------------------------------------------------ library

    def _show_library(self, library: Library) -> None:
        self.copy_controller.set_library(library)
        self.bookmarks_controller.set_library(library)
        self.search.set_library(library)
        self.entries_label.setText(
            f"{wording.count(len(library.entries), 'entry', 'entries')} in "
            f"{wording.count(len(library.files), 'glossary', 'glossaries')}"
        )

    def _on_library_reloaded(self, library: Library) -> None:
        self._show_library(library)
        if self._startup_done:
            self.renderer = None
            self.copy_controller.set_renderer(None)
            shown, self.current_entry_id = self.current_entry_id, None
            stack, self.shown_ids = self.shown_ids, ()
            self._stop_rest()
            if shown and library.get(shown):
                self._pending_entry_id = shown
                self._pending_ids = tuple(i for i in stack if library.get(i))
            elif shown:
                self._set_page_html("<p><i>This entry is no longer in the library.</i></p>")
                self._update_actions()
            self.search.start(library)
            self._show_config_problem()
        self.libraryReloaded.emit()

    # ------------------------------------------------------------------ lists

    def _show_rows(self, rows: list[Row], query: str) -> None:
        """Show a new result list by the top-result rule.

        The rule: every new list (each edit of the query or the category, and the
        full-text answer that follows the name matches) is scrolled to the top with its
        top row selected, but not opened, whatever entry is on show, so Enter opens the
        top result and Down moves to the second. The one exception: if the user moved
        the selection (Up, Down, a click) or opened a row since the query was last
        edited, that row stays selected when the new list still has it.
        """
        kept = None
        if self._moved_since_edit:
            current = self.model.row_at(self.list_view.currentIndex().row())
            kept = current.entry_id if current is not None else None
        self.model.set_rows(rows)
        self.model.mark_bookmarked(self.bookmarked_ids())
        row = self.model.row_of(kept) if kept else -1
        if row >= 0:
            self._select_row(row, show=False)
        elif rows:
            self._select_row(0, show=False)
            self.list_view.scrollToTop()
        if not query:
            self.results_label.setText("")
        elif self.search.total > len(rows) or self.search.total_capped:
            total = f"{self.search.total:,}{'+' if self.search.total_capped else ''}"
            self.results_label.setText(f"first {len(rows):,} of {total} results")
        else:
            self.results_label.setText(wording.count(len(rows), "result"))
        self.resultsUpdated.emit(query)

    def _on_query_edited(self) -> None:
        self._moved_since_edit = False

    @property
    def category(self) -> str | None:
        return self.search.category

    def bookmarked_ids(self) -> set[str]:
        return self.bookmarks_controller.ids()

    def _model_of(self, view: QListView) -> EntryListModel:
        return self.bookmarks_panel.model if view is self.bookmarks_view else self.model

    def _select_row(self, row: int, show: bool = True, view: QListView | None = None) -> None:
        view = view or self.list_view
        index = self._model_of(view).index(row, 0)
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

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # the window's own selections block this signal: here the user moved it
        if current.isValid():
            self._moved_since_edit = True
            self.open_row(current.row())

    def open_row(self, row: int) -> None:
        """Open a term row: its one definition, or all of them stacked."""
        found = self.model.row_at(row)
        if found is None:
            return
        if found.definitions > 1:
            self.show_stack(found.ids)
        else:
            self.show_entry(found.entry_id)

    def _on_current_bookmark_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.open_bookmark(self.bookmarks_panel.model.entry_id_at(current.row()))

    def move_selection(self, step: int) -> None:
        view = self.active_view()
        count = self._model_of(view).rowCount()
        if not count:
            return
        current = view.currentIndex()
        row = current.row() + step if current.isValid() else (0 if step > 0 else count - 1)
        self._select_row(max(0, min(row, count - 1)), view=view)

    def open_selected(self) -> None:
        view = self.active_view()
        model = self._model_of(view)
        current = view.currentIndex()
        if current.isValid():
            if view is self.bookmarks_view:
                self.open_bookmark(model.entry_id_at(current.row()))
            else:
                self._moved_since_edit = True
                self.open_row(current.row())
        elif model.rowCount():
            self._select_row(0, view=view)

    def keyPressEvent(self, event: QKeyEvent) -> None:
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
        """Show the entry (False if the library lacks it); before the renderer is ready,
        remember it and show it once it is."""
        return self.show_stack((entry_id,) if entry_id else (), record)

    def show_stack(self, entry_ids: tuple[str, ...], record: bool = True) -> bool:
        """Show these definitions, stacked (one: just it). The first is the entry on
        show, which the star, copying and history address."""
        entries = [e for e in (self.library.get(i) for i in entry_ids) if e is not None]
        if not entries:
            return False
        entry = entries[0]
        ids = tuple(e.id for e in entries)
        if self.renderer is None:
            self._pending_entry_id, self._pending_ids = entry.id, ids
            return False
        if entry.id != self.current_entry_id or ids != self.shown_ids:
            from glossapp.ui.pages import page

            self._set_page(page(self.renderer, entries))
            self.current_entry_id = entry.id
            self.shown_ids = ids
            self.state.last_entry = entry.id
            self.setWindowTitle(f"{entry.title or entry.term} \u2014 Glossapp")
        if record:
            self.history.visit(entry.id)
        row = self.model.row_of(entry.id)
        if row >= 0 and self.list_view.currentIndex().row() != row:
            self._select_row(row, show=False)
        self.shown_missing = None
        self.bookmarks_panel.select(entry.id)
        self._update_actions()
        self.entryShown.emit(entry.id)
        return True

    def _set_page(self, shown: Page) -> None:
        self._stop_rest()
        self._rest = list(shown.rest)
        self.detail.setHtml(shown.html)
        self.detail.verticalScrollBar().setValue(0)
        if shown.related:
            self._find_related(shown.related)
        elif self._related_runner is not None:
            self._related_waiting = False
            self._related_runner.supersede()
        if self.find_bar is not None:
            self.find_bar.refresh()

    def _find_related(self, entries: list[Entry]) -> None:
        """ "Mentioned in" and "See also" of a huge page, found off the UI thread (the
        renderer reads the whole body for them) and appended when they arrive."""
        from glossapp.ui.pages import related_html
        from glossapp.ui.workers import QueryRunner

        renderer = self.renderer
        if renderer is None:
            return
        if self._related_runner is None:
            self._related_runner = QueryRunner(self)
            self._related_runner.answered.connect(self._append_related)
            self._related_runner.failed.connect(lambda _g, _m: self._append_related(_g, ""))
        self._related_waiting = True
        if len(entries) == 1:
            entry = entries[0]
            self._related_runner.submit(lambda: renderer.related_html(entry))
        else:
            self._related_runner.submit(lambda: related_html(renderer, entries))

    def _append_related(self, _generation: int, html: object) -> None:
        from PySide6.QtGui import QTextCursor

        self._related_waiting = False
        if not isinstance(html, str) or not html:
            return
        scroll = self.detail.verticalScrollBar()
        offset = scroll.value()
        cursor = QTextCursor(self.detail.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertBlock()  # or the heading would join the body's last paragraph
        cursor.insertHtml(html)
        scroll.setValue(offset)
        if self.find_bar is not None:
            self.find_bar.refresh()

    def related_pending(self) -> bool:
        """A huge page's "Mentioned in" and "See also" are still being found."""
        return self._related_waiting

    def _set_page_html(self, html: str) -> None:
        self._stop_rest()
        self._rest = []
        if self._related_runner is not None:
            self._related_waiting = False
            self._related_runner.supersede()
        self.detail.setHtml(html)

    # ------------------------------------------------------------------ huge definitions

    def _on_action_link(self, action: str) -> None:
        if action == "rest":
            self.show_rest()

    def show_rest(self) -> None:
        """Append the parts of a huge definition not yet shown, one per event-loop turn,
        in place of its "Show the rest" line; the window stays responsive meanwhile."""
        if not self._rest or self._rest_timer is not None:
            return
        self._rest_timer = QTimer(self)
        self._rest_timer.setInterval(0)
        self._rest_timer.timeout.connect(self._append_part)
        self._rest_timer.start()

    def rest_pending(self) -> bool:
        """Parts of the definition on show still to come (shown or asked for)."""
        return bool(self._rest)

    def _append_part(self) -> None:
        from PySide6.QtGui import QTextCursor

        from glossapp.ui.pages import REST_TEXT, part_html

        if not self._rest or self.renderer is None:
            self._stop_rest()
            return
        cursor = self.detail.document().find(REST_TEXT)
        if cursor.isNull():
            self._stop_rest()
            return
        entry, part = self._rest.pop(0)
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        scroll = self.detail.verticalScrollBar()
        offset = scroll.value()
        cursor.insertHtml(part_html(self.renderer, entry, part))
        if not self._rest:
            cursor = self.detail.document().find(REST_TEXT)
            if not cursor.isNull():
                cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
                cursor.movePosition(
                    QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
                )
                cursor.removeSelectedText()
            self._stop_rest()
            if self.find_bar is not None:
                self.find_bar.refresh()
        scroll.setValue(offset)

    def _stop_rest(self) -> None:
        timer, self._rest_timer = self._rest_timer, None
        if timer is not None:
            timer.stop()
            timer.deleteLater()

    # ------------------------------------------------------------------ find in page

    def show_find_bar(self) -> None:
        """Ctrl+F: the find bar over the definition (made on first use)."""
        if self.find_bar is None:
            from glossapp.ui.find_bar import FindBar

            self.find_bar = FindBar(self.detail, self.detail_pane)
            self._detail_layout.insertWidget(0, self.find_bar)
        self.find_bar.open_bar()

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
        self.shown_ids = ()
        self._set_page_html(missing_notice_html(bookmark))
        self.setWindowTitle(f"{bookmark.title} (missing) \u2014 Glossapp")
        self.list_view.selectionModel().clear()
        self.bookmarks_panel.select(bookmark.entry_id)
        self._update_actions()

    def go_back(self) -> None:
        entry_id = self.history.back()
        if entry_id:
            self.show_entry(entry_id, record=False)

    def go_forward(self) -> None:
        entry_id = self.history.forward()
        if entry_id:
            self.show_entry(entry_id, record=False)

    def set_zoom(self, steps: int) -> None:
        self.detail.set_zoom(steps)
        self.state.zoom = self.detail.zoom_steps

    def zoom_in(self) -> None:
        self.set_zoom(self.detail.zoom_steps + 1)

    def zoom_out(self) -> None:
        self.set_zoom(self.detail.zoom_steps - 1)

    def zoom_reset(self) -> None:
        self.set_zoom(0)

    def set_theme(self, name: str) -> None:
        self.state.theme = name
        for spec in action_table.ACTIONS:
            if spec.group == "theme":
                self.action(spec.id).setChecked(spec.argument == name)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.resolved_theme = theme_module.apply(name, app)
        self._apply_detail_style()
        self._paint_icons()

    def _paint_icons(self) -> None:
        # the drawn ones follow the palette, so they are drawn again when the theme changes
        if not self._icons_wanted:
            return
        from glossapp.ui import icons

        size = self.toolbar.iconSize().height()
        for spec in action_table.ACTIONS:
            if spec.icon:
                self.action(spec.id).setIcon(icons.action_icon(spec.icon, size))

    def _apply_detail_style(self) -> None:
        if self.renderer is None:
            return
        from glossapp.render.renderer import background_color, stylesheet

        theme = self.resolved_theme
        self.detail.document().setDefaultStyleSheet(stylesheet(theme))
        # QTextBrowser ignores a page background in CSS: the viewport must paint it
        palette = self.detail.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(background_color(theme)))
        self.detail.setPalette(palette)
        entry = self.current_entry()
        if entry is not None:
            from glossapp.ui.pages import page

            shown = [e for e in (self.library.get(i) for i in self.shown_ids) if e is not None]
            self._set_page(page(self.renderer, shown or [entry]))
        elif self.shown_missing is not None:
            self._set_page_html(missing_notice_html(self.shown_missing))

    # ------------------------------------------------------------------ bookmarks and copying

    def _bookmark_target(self) -> str | None:
        """What the star acts on: the entry on show, or the missing bookmark on show."""
        if self.current_entry_id and self.library.get(self.current_entry_id):
            return self.current_entry_id
        return self.shown_missing.entry_id if self.shown_missing else None

    def _bookmark_in_focus(self) -> str | None:
        """The bookmark Edit Note and Edit Tags act on: the Bookmarks tab's current row if
        the tab is on show, else the star's target."""
        current = self.bookmarks_panel.current_id()
        if self.sidebar_tabs.currentIndex() == BOOKMARKS_TAB and current:
            return current
        return self._bookmark_target()

    def _bookmark_title(self, entry_id: str) -> str | None:
        bookmark = self.bookmarks_panel.bookmark(entry_id)
        return bookmark.title if bookmark else None

    def _title_in_view(self) -> str:
        entry = self.current_entry()
        if entry is not None:
            return entry.title or entry.term
        return self.shown_missing.title if self.shown_missing else ""

    def _on_bookmarks_changed(self) -> None:
        self.bookmarks_panel.select(self._bookmark_target())
        self.model.mark_bookmarked(self.bookmarked_ids())
        self._update_actions()

    def _update_actions(self) -> None:
        entry = self.current_entry()
        target = self._bookmark_target()
        ids = self.bookmarked_ids()
        marked = target in ids if target else False
        action_table.apply_enabled(
            self.actions_by_id,
            {
                "entry_shown": entry is not None,
                "title_in_view": bool(self._title_in_view()),
                "has_bookmarks": bool(ids),
                # a missing entry can lose its bookmark, but not be bookmarked again
                "can_toggle_bookmark": entry is not None or marked,
                "can_go_back": self.history.can_go_back(),
                "can_go_forward": self.history.can_go_forward(),
                "has_tray": self.tray is not None,
            },
        )
        star = self.action("bookmarks.toggle")
        star.setChecked(marked)
        star.setIconText("Bookmarked" if marked else "Bookmark")
        star.setToolTip(
            "Remove the bookmark (Ctrl+D)" if marked else "Bookmark this entry (Ctrl+D)"
        )
        self.sidebar_tabs.setTabText(
            BOOKMARKS_TAB, f"Bookmarks ({len(ids):,})" if ids else "Bookmarks"
        )

    def toggle_bookmark(self) -> None:
        self.bookmarks_controller.toggle(self._bookmark_target())

    def show_bookmarks_tab(self) -> None:
        self.sidebar_tabs.setCurrentIndex(BOOKMARKS_TAB)
        self.focus_search()

    def edit_note_in_focus(self) -> None:
        self.bookmarks_controller.edit_note(self._bookmark_in_focus())

    def edit_tags_in_focus(self) -> None:
        self.bookmarks_controller.edit_tags(self._bookmark_in_focus())

    def copy_shown_definition(self) -> None:
        self.copy_controller.copy_definition(self.current_entry())

    def copy_shown_markdown(self) -> None:
        self.copy_controller.copy_markdown(self.current_entry())

    def copy_shown_plain_text(self) -> None:
        self.copy_controller.copy_plain_text(self.current_entry())

    def copy_shown_term(self) -> None:
        """The term as the glossary writes it (its header's first item), not the title."""
        entry = self.current_entry()
        if entry is not None:
            self.copy_controller.copy_term(entry.term)
        elif self.shown_missing is not None:
            self.copy_controller.copy_term(self.shown_missing.term)

    def set_copy_citation(self, on: bool) -> None:
        self.state.copy_citation = on
        self.copy_controller.set_citation(on)

    # ------------------------------------------------------------------ print and export

    @property
    def documents(self) -> DocumentsController:
        """Print and export, made on first use (it imports the renderer, so never before
        the first frame)."""
        if self._documents is None:
            from glossapp.ui.export_dialog import DocumentsController, ExportInputs

            inputs = ExportInputs(
                renderer=lambda: self.renderer,
                current_entry=self.current_entry,
                bookmarks=self.bookmarks_panel.resolved,
                results=self.result_entries,
                selected=self.selected_entries,
            )
            self._documents = DocumentsController(
                inputs, self, message=lambda text: self.show_message(text, 8000)
            )
        return self._documents

    def result_entries(self) -> list[Entry]:
        """The entries of the term list's rows, when they answer a query."""
        if not self.search.query:
            return []
        return self._entries_of(self.model.rows())

    def selected_entries(self) -> list[Entry]:
        """The entries of the rows selected in the list on show, in list order."""
        view = self.active_view()
        model = self._model_of(view)
        rows = sorted(index.row() for index in view.selectionModel().selectedRows())
        found = [model.row_at(row) for row in rows]
        return self._entries_of([row for row in found if row is not None])

    def _entries_of(self, rows: list[Row]) -> list[Entry]:
        entries: dict[str, Entry] = {}
        for row in rows:
            for entry_id in row.ids:
                entry = self.library.get(entry_id)
                if entry is not None:
                    entries.setdefault(entry.id, entry)
        return list(entries.values())

    def print_shown(self) -> None:
        """File ▸ Print: the entry on show, or the selected rows."""
        self.documents.print_current()

    def export_entries(self) -> None:
        """File ▸ Export…"""
        self.documents.export()

    def print_bookmarks(self) -> None:
        """Bookmarks ▸ Print Bookmarks…"""
        self.documents.print_bookmarks()

    def export_selected(self) -> None:
        """The row menu's Export Selected…: the dialog on the selected rows."""
        self.documents.export("selection")

    # ------------------------------------------------------------------ row menu

    def row_menu(self, view: QListView, row: int) -> QMenu:
        """Open, bookmark and copy the row's entry; on the Bookmarks tab also its note."""
        in_bookmarks = view is self.bookmarks_view
        entry_id = self._model_of(view).entry_id_at(row) or ""
        bookmark = self.bookmarks_panel.bookmark(entry_id)
        entry = self.library.get(entry_id)
        bookmarks, copier = self.bookmarks_controller, self.copy_controller
        menu = QMenu(self)
        if in_bookmarks:
            open_action = menu.addAction("&Open", lambda: self.open_bookmark(entry_id))
        else:
            open_action = menu.addAction("&Open", lambda: self.show_entry(entry_id))
        menu.setDefaultAction(open_action)
        if bookmark is not None:
            menu.addAction("&Remove Bookmark", lambda: bookmarks.set_bookmarked(entry_id, False))
        else:
            add = menu.addAction("&Bookmark", lambda: bookmarks.set_bookmarked(entry_id, True))
            add.setEnabled(entry is not None)
        menu.addSeparator()
        copiers: tuple[tuple[str, Callable[[Entry | None], None]], ...] = (
            ("Copy &Definition", copier.copy_definition),
            ("Copy as &Markdown", copier.copy_markdown),
            ("Copy as &Plain Text", copier.copy_plain_text),
        )
        for text, copy in copiers:
            action = menu.addAction(text, partial(copy, entry))
            action.setEnabled(entry is not None)
        term = entry.term if entry else (bookmark.term if bookmark else "")
        menu.addAction("Copy &Term", lambda: copier.copy_term(term))
        menu.addSeparator()
        menu.addAction("E&xport Selected…", self.export_selected)
        menu.addAction("Pr&int Selected…", self.print_shown)
        if in_bookmarks:
            menu.addSeparator()
            menu.addAction("Edit &Note…", lambda: bookmarks.edit_note(entry_id))
            menu.addAction("Edit &Tags…", lambda: bookmarks.edit_tags(entry_id))
            menu.addSeparator()
            menu.addAction(self.action("bookmarks.export"))
            menu.addAction(self.action("bookmarks.import"))
        return menu

    def _show_row_menu(self, view: QListView, pos: QPoint) -> None:
        index = view.indexAt(pos)
        if index.isValid():
            menu = self.row_menu(view, index.row())
        elif view is self.bookmarks_view:
            menu = QMenu(self)
            menu.addAction(self.action("bookmarks.export"))
            menu.addAction(self.action("bookmarks.import"))
        else:
            return
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # ------------------------------------------------------------------ state

    def _remember_category(self, category: str) -> None:
        self.state.category = category

    def _remember_sidebar_tab(self, index: int) -> None:
        self.state.sidebar_tab = index

    def _remember_bookmark_order(self, order: str) -> None:
        self.state.bookmark_order = order

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
        if self.clipboard_watch is not None:
            self.clipboard_watch.set_enabled(False)
        if self.lookup is not None:
            self.lookup.close()
        self.library_controller.close()
        self.bookmarks_controller.close()
        self.search.close()
        if self._related_runner is not None:
            self._related_runner.supersede()
            self._related_runner.wait()
        super().closeEvent(event)


def prepared_renderer(library: Library) -> Renderer:
    """A renderer with its whole-library tables built (the cross-link mention index):
    slow for a large library, so the window runs it on the index thread."""
    from glossapp.render.renderer import Renderer

    renderer = Renderer(library)
    if library.entries:
        renderer.backlinks(library.entries[0])  # builds the mention index for every entry
    return renderer
