"""Export and print sets of entries from the window: the dialog and its controller.

`ExportDialog` is a standalone widget: it is given the sets the user may export
(`ExportSource`: all bookmarks, the bookmarks with one tag, the current results, the
selected rows, the entry on show) and asks what, in which format (PDF, ODT, HTML,
Markdown), with which title, introduction, citation and page size, and where. It
remembers the last choices in QSettings under its own group (`export/`), shows progress
for large sets and stops on Cancel without writing anything.

`DocumentsController` is what the window's actions call (File ▸ Print, Bookmarks ▸ Print,
File ▸ Export…); it reads the window's state through the callables of `ExportInputs`, so
it is built and tested without a window.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glossapp.bookmarks.model import Bookmark
from glossapp.glossary.model import Entry
from glossapp.render.document import DocumentOptions, ExportCancelled, GlossaryDocument
from glossapp.render.renderer import Renderer
from glossapp.ui import documents
from glossapp.util import paths

SETTINGS_GROUP = "export"
FORMAT_LABELS = {
    "pdf": "PDF document (.pdf)",
    "odt": "OpenDocument text, for Word and LibreOffice (.odt)",
    "html": "Web page, one self-contained file (.html)",
    "md": "Markdown (.md)",
}
# Progress shows from this many entries on; smaller sets finish before it would matter.
PROGRESS_FROM = 20
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class ExportSource:
    """One set the user may export: `key` is remembered ("bookmarks", "tag:<name>",
    "results", "selection", "entry"), `label` shown, `entries` read when exporting."""

    key: str
    label: str
    entries: Sequence[Entry] = field(default=())

    def __len__(self) -> int:
        return len(self.entries)


def export_sources(
    bookmarks: Sequence[tuple[Bookmark, Entry | None]] = (),
    results: Sequence[Entry] = (),
    selected: Sequence[Entry] = (),
    current: Entry | None = None,
) -> list[ExportSource]:
    """The sets worth offering, empty ones left out: every bookmark, the bookmarks of
    each tag, the current results, the selected rows and the entry on show."""
    sources = []
    if selected and len(selected) > 1:
        sources.append(ExportSource("selection", _label("Selected rows", selected), selected))
    if current is not None:
        title = current.title or current.term
        sources.append(ExportSource("entry", f"This entry: {title}", (current,)))
    kept = [entry for _, entry in bookmarks if entry is not None]
    if kept:
        sources.append(ExportSource("bookmarks", _label("All bookmarks", kept), kept))
        tags: dict[str, str] = {}
        for bookmark, _ in bookmarks:
            for tag in bookmark.tags:
                tags.setdefault(tag.casefold(), tag)
        for key in sorted(tags):
            tagged = [
                entry
                for bookmark, entry in bookmarks
                if entry is not None and key in (t.casefold() for t in bookmark.tags)
            ]
            if tagged:
                sources.append(
                    ExportSource(
                        f"tag:{key}", _label(f"Bookmarks tagged “{tags[key]}”", tagged), tagged
                    )
                )
    if results:
        sources.append(ExportSource("results", _label("Current results", results), results))
    return sources


def _label(text: str, entries: Sequence[Entry]) -> str:
    count = len(entries)
    return f"{text} ({count} entr{'y' if count == 1 else 'ies'})"


def default_settings() -> QSettings:
    """The window's settings file (its own `export` group is this dialog's)."""
    return QSettings(str(paths.config_dir() / "settings.ini"), QSettings.Format.IniFormat)


def file_name_for(title: str, fmt: str) -> str:
    stem = _UNSAFE_FILE_CHARS.sub(" ", title).strip(" .") or "Glossary"
    return stem + documents.FORMATS[fmt][0]


class ExportDialog(QDialog):
    """Asks what and how to export, then writes the file with progress and Cancel.

    Signals: `exported(path)` once a file is written (the dialog then closes).
    """

    exported = Signal(str)

    def __init__(
        self,
        renderer: Renderer,
        sources: Sequence[ExportSource],
        parent: QWidget | None = None,
        settings: QSettings | None = None,
        preferred: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Entries")
        self.setObjectName("exportDialog")
        self.renderer = renderer
        self.sources = list(sources)
        self._settings = settings if settings is not None else default_settings()
        self._running = False
        self._cancel_requested = False
        self._build()
        self._restore(preferred)
        self._on_format_changed()

    # ------------------------------------------------------------------ widgets

    def _build(self) -> None:
        self.source_box = QComboBox()
        for source in self.sources:
            self.source_box.addItem(source.label, source.key)
        self.format_box = QComboBox()
        for fmt, label in FORMAT_LABELS.items():
            self.format_box.addItem(label, fmt)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Glossary")
        self.intro_edit = QPlainTextEdit()
        self.intro_edit.setPlaceholderText("An optional short introduction (Markdown)")
        self.intro_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.intro_edit.setTabChangesFocus(True)
        self.citation_box = QCheckBox("End each entry with a &citation line")
        self.page_box = QComboBox()
        self.page_box.addItems(list(documents.PAGE_SIZES))
        self.path_edit = QLineEdit()
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(self.browse_button)

        form = QFormLayout()
        form.addRow("&Export:", self.source_box)
        form.addRow("&Format:", self.format_box)
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Introduction:", self.intro_edit)
        form.addRow("", self.citation_box)
        form.addRow("&Page size:", self.page_box)
        form.addRow("&Save as:", where)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "E&xport", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._inputs: list[QWidget] = [
            self.source_box,
            self.format_box,
            self.title_edit,
            self.intro_edit,
            self.citation_box,
            self.page_box,
            self.path_edit,
            self.browse_button,
            self.export_button,
        ]
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        self.export_button.setEnabled(bool(self.sources))
        if not self.sources:
            self.status.setText("Nothing to export: no bookmarks, results or entry on show.")

    # ------------------------------------------------------------------ choices

    @property
    def source(self) -> ExportSource | None:
        index = self.source_box.currentIndex()
        return self.sources[index] if 0 <= index < len(self.sources) else None

    @property
    def format(self) -> str:
        return str(self.format_box.currentData())

    def options(self) -> DocumentOptions:
        return DocumentOptions(
            title=self.title_edit.text().strip() or "Glossary",
            intro=self.intro_edit.toPlainText().strip(),
            citation=self.citation_box.isChecked(),
        )

    def page_setup(self) -> documents.PageSetup:
        return documents.PageSetup(self.page_box.currentText())

    def _restore(self, preferred: str | None) -> None:
        store = self._settings
        store.beginGroup(SETTINGS_GROUP)
        try:
            wanted = preferred or str(store.value("source", ""))
            self._select(self.source_box, wanted)
            self._select(self.format_box, str(store.value("format", "pdf")))
            self.title_edit.setText(str(store.value("title", "")))
            self.intro_edit.setPlainText(str(store.value("intro", "")))
            self.citation_box.setChecked(store.value("citation", False) in (True, "true", "1"))
            page = str(store.value("page_size", "A4"))
            self.page_box.setCurrentText(page if page in documents.PAGE_SIZES else "A4")
            folder = str(store.value("folder", "")) or _documents_folder()
        finally:
            store.endGroup()
        self._folder = folder
        self.path_edit.setText(str(Path(folder) / file_name_for(self.options().title, self.format)))

    @staticmethod
    def _select(box: QComboBox, key: str) -> None:
        index = box.findData(key)
        if index >= 0:
            box.setCurrentIndex(index)

    def _remember(self, path: Path) -> None:
        store = self._settings
        store.beginGroup(SETTINGS_GROUP)
        source = self.source
        if source is not None:
            store.setValue("source", source.key)
        store.setValue("format", self.format)
        store.setValue("title", self.title_edit.text())
        store.setValue("intro", self.intro_edit.toPlainText())
        store.setValue("citation", self.citation_box.isChecked())
        store.setValue("page_size", self.page_box.currentText())
        store.setValue("folder", str(path.parent))
        store.endGroup()
        store.sync()

    def _on_format_changed(self) -> None:
        self.page_box.setEnabled(self.format == "pdf" and not self._running)
        text = self.path_edit.text().strip()
        if text:
            path = Path(text)
            self.path_edit.setText(str(path.with_suffix(documents.FORMATS[self.format][0])))

    def browse(self) -> None:
        suffix, label = documents.FORMATS[self.format]
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Export Entries", self.path_edit.text(), f"{label} (*{suffix})"
        )
        if chosen:
            self.path_edit.setText(chosen)

    # ------------------------------------------------------------------ export

    def export(self) -> bool:
        """Write the file; True when it was written. Errors show in the dialog."""
        source = self.source
        if self._running or source is None:
            return False
        text = self.path_edit.text().strip()
        if not text:
            self.status.setText("Choose where to save the file.")
            return False
        path = Path(text).expanduser()
        if not path.suffix:
            path = path.with_suffix(documents.FORMATS[self.format][0])
        if not path.parent.is_dir():
            self.status.setText(f"Cannot write {path}: the folder {path.parent} does not exist.")
            return False
        document = GlossaryDocument(self.renderer, source.entries, self.options())
        self._set_running(True, show_progress=len(document) >= PROGRESS_FROM)
        try:
            documents.ensure_gui_application()
            documents.export_document(
                document, self.format, path, self.page_setup(), self._progress, self._cancelled
            )
        except ExportCancelled:
            self.status.setText("Export cancelled; nothing was written.")
            return False
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.status.setText(f"Cannot write {path}: {reason}")
            return False
        finally:
            self._set_running(False)
        self._remember(path)
        self.status.setText(f"Exported {len(document)} entries to {path}.")
        self.exported.emit(str(path))
        self.accept()
        return True

    def _set_running(self, running: bool, show_progress: bool = False) -> None:
        self._running = running
        self._cancel_requested = False
        for widget in self._inputs:
            widget.setEnabled(not running)
        if not running:
            self.page_box.setEnabled(self.format == "pdf")
            self.export_button.setEnabled(bool(self.sources))
        self.progress.setVisible(running and show_progress)
        self.progress.setValue(0)
        if running:
            self.status.setText("Exporting…")

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)
        QApplication.processEvents()  # paints the bar and lets Cancel through

    def _cancelled(self) -> bool:
        return self._cancel_requested

    def reject(self) -> None:
        """Cancel stops a running export first; a second Cancel closes the dialog."""
        if self._running:
            self._cancel_requested = True
            self.status.setText("Cancelling…")
            return
        super().reject()


def _documents_folder() -> str:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return found or str(Path.home())


# ---------------------------------------------------------------------- the window's side


@dataclass
class ExportInputs:
    """What the window tells the controller, read at the moment of each action."""

    renderer: Callable[[], Renderer | None]
    current_entry: Callable[[], Entry | None]
    bookmarks: Callable[[], Sequence[tuple[Bookmark, Entry | None]]]
    results: Callable[[], Sequence[Entry]]
    selected: Callable[[], Sequence[Entry]] = lambda: ()


class DocumentsController(QObject):
    """File ▸ Print, Bookmarks ▸ Print and File ▸ Export… for a window (`parent`).

    `run_dialog` shows a dialog modally and is replaced in tests. `message(text)` reports
    to the window (its status bar), by default nowhere.
    """

    def __init__(
        self,
        inputs: ExportInputs,
        parent: QWidget,
        settings: QSettings | None = None,
        message: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.inputs = inputs
        self.parent_widget = parent
        self.settings = settings
        self.message = message or (lambda _text: None)
        self.run_dialog: Callable[[QDialog], object] = lambda dialog: dialog.exec()

    def _renderer(self) -> Renderer | None:
        renderer = self.inputs.renderer()
        if renderer is None:
            self.message("The library is still loading; try again in a moment.")
        return renderer

    def sources(self) -> list[ExportSource]:
        return export_sources(
            bookmarks=self.inputs.bookmarks(),
            results=self.inputs.results(),
            selected=self.inputs.selected(),
            current=self.inputs.current_entry(),
        )

    def export(self, preferred: str | None = None) -> ExportDialog | None:
        """File ▸ Export…: the dialog, on `preferred` ("selection", "bookmarks"…) if given."""
        renderer = self._renderer()
        if renderer is None:
            return None
        sources = self.sources()
        if preferred is None and any(source.key == "selection" for source in sources):
            preferred = "selection"
        dialog = ExportDialog(renderer, sources, self.parent_widget, self.settings, preferred)
        dialog.exported.connect(lambda path: self.message(f"Exported to {path}"))
        self.run_dialog(dialog)
        return dialog

    def export_bookmarks(self) -> ExportDialog | None:
        return self.export("bookmarks")

    def print_current(self) -> None:
        """File ▸ Print: the entry on show (or the selected rows), with a preview."""
        selected = list(self.inputs.selected())
        entry = self.inputs.current_entry()
        entries = selected if len(selected) > 1 else [entry] if entry is not None else []
        title = (entry.title or entry.term) if len(entries) == 1 and entry else "Glossary"
        self._print(entries, title, "No entry on show to print.")

    def print_bookmarks(self) -> None:
        """Bookmarks ▸ Print: every bookmarked entry, sorted by term, with a preview."""
        entries = [entry for _, entry in self.inputs.bookmarks() if entry is not None]
        self._print(entries, "Bookmarks", "No bookmarks to print.")

    def _print(self, entries: Sequence[Entry], title: str, empty: str) -> None:
        if not entries:
            self.message(empty)
            return
        renderer = self._renderer()
        if renderer is None:
            return
        document = GlossaryDocument(renderer, entries, DocumentOptions(title=title))
        dialog = documents.print_preview(document, self.parent_widget)
        self.run_dialog(dialog)
        dialog.deleteLater()
