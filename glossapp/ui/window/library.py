"""The open glossaries: watching their files, reloading, adding and removing sources, About."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from glossapp import __version__
from glossapp.glossary import library as library_module
from glossapp.glossary.library import Library, SourceList
from glossapp.ui import wording
from glossapp.ui.models import plain_tooltip

RELOAD_DELAY_MS = 400
# the keys of the controller's lasting notices (see `ui.notices`)
CONFIG_NOTICE = "library.config"  # library.json is damaged
SOURCES_NOTICE = "library.sources"  # adding or removing a glossary failed


def open_in_editor(path: str, line: int) -> bool:
    """Open `path` at `line` in $VISUAL or $EDITOR (as `editor +line path`), else with the
    desktop's handler for the file (no line); False if nothing could be started."""
    import os
    import shlex

    from PySide6.QtCore import QProcess, QUrl
    from PySide6.QtGui import QDesktopServices

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if editor:
        command = shlex.split(editor)
        arguments = [*command[1:], *([f"+{line}"] if line else []), path]
        started, _pid = QProcess.startDetached(command[0], arguments)
        if started:
            return True
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


class LibraryController(QObject):
    """Owns the `library` the window shows and keeps it in step with the files on disk.

    Inputs: the `library` already loaded, the `glossaries` it was loaded from (None: the
    configured sources, see `SourceList`), `load`, which reads such a list (by default
    `library.load_default`), and `dialog_parent`, the widget its dialogs belong to.

    A change to a watched file, or a file of the library disappearing or coming back in
    its folder (see `watch`), reloads after a short quiet spell, as do
    `reload`, `add_source` and `remove_source`. Each reload emits `reloaded(library)`
    with the new library, then `message(text, ms)` if it has problems to report.

    `notice(key, text)` is a lasting notice for the window (`noticeCleared(key)` ends
    it): a source that could not be added or removed (a damaged `library.json`, a file
    that cannot be written). `reset_sources` and `open_config_file` are the buttons of
    the damaged-`library.json` banner the window shows from `library.config_problem`.
    """

    reloaded = Signal(object)
    message = Signal(str, int)
    notice = Signal(str, str)
    noticeCleared = Signal(str)

    def __init__(
        self,
        library: Library,
        glossaries: list[str] | None,
        dialog_parent: QWidget,
        load: Callable[[list[str] | None], Library] = library_module.load_default,
    ) -> None:
        super().__init__(dialog_parent)
        self.library = library
        self.glossaries = list(glossaries) if glossaries else None
        self._load = load
        self._parent = dialog_parent
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._reload_soon)
        self._watcher.directoryChanged.connect(self._on_folder_changed)
        self._present: dict[str, bool] = {}
        self._source_folders: set[str] = set()
        self.watch()

    def watch(self) -> None:
        """Watch the library's files themselves, and their folders only to see a file
        that disappeared come back (moved away and back, or replaced by an editor's
        save) or a new file appear in a folder that is itself a source."""
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        files = [source.path for source in self.library.files]
        self._present = {str(path): path.exists() for path in files}
        present = [path for path, exists in self._present.items() if exists]
        if present:
            self._watcher.addPaths(present)
        self._source_folders = {
            str(Path(p).expanduser().resolve()) for p in self._sources() if Path(p).is_dir()
        }
        folders = {str(path.parent) for path in files} | self._source_folders
        existing = sorted(f for f in folders if Path(f).is_dir())
        if existing:
            self._watcher.addPaths(existing)

    def close(self) -> None:
        """Stop watching: a closed window reloads nothing."""
        self._reload_timer.stop()
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        self._watcher.blockSignals(True)

    def _sources(self) -> list[str]:
        if self.glossaries is not None:
            return list(self.glossaries)
        return [str(path) for path in SourceList().all_sources()]

    def _on_folder_changed(self, folder: str) -> None:
        """A folder changed: reload only if one of our files came or went, or the
        folder is a source whose glossary files may have changed."""
        if folder in self._source_folders or any(
            Path(path).exists() != existed for path, existed in self._present.items()
        ):
            self._reload_timer.start()

    def _reload_soon(self, _path: str) -> None:
        self._reload_timer.start()

    def reload(self) -> None:
        """Re-read every glossary, then emit `reloaded` and report its problems."""
        # an empty list is every source removed (`load_default` would read it as "none given")
        self.library = self._load(self.glossaries) if self.glossaries != [] else Library()
        self.watch()
        self.reloaded.emit(self.library)
        self.report_problems()

    def report_problems(self) -> None:
        """The count of errors and warnings in the status bar (`info` notes only show in
        Glossary Problems)."""
        problems = [d for d in self.library.diagnostics if str(d.severity) != "info"]
        if problems:
            files = len({d.path for d in problems})
            self.message.emit(
                f"{wording.count(len(problems), 'problem')} in "
                f"{wording.count(files, 'glossary file')} (File \u25b8 Glossary Problems)",
                15000,
            )

    def _change_sources(self, change: Callable[[], object], doing: str) -> bool:
        """Add or remove a source in `library.json`; False (and a notice) if it failed."""
        from glossapp.glossary.library import DamagedSourceList

        try:
            change()
        except DamagedSourceList as error:
            self.notice.emit(
                SOURCES_NOTICE,
                f"Could not {doing}: {error.problem.path} is damaged "
                f"({error.problem.message}). Open it to repair it, or Reset the list.",
            )
            return False
        except OSError as error:
            where = f" {error.filename}" if error.filename else ""
            reason = error.strerror or str(error)
            self.notice.emit(SOURCES_NOTICE, f"Could not {doing}: cannot write{where} ({reason})")
            return False
        self.noticeCleared.emit(SOURCES_NOTICE)
        return True

    def add_source(self, path: str) -> None:
        """Remember `path` as a source (see `SourceList`) and reload with it."""
        if not self._change_sources(lambda: SourceList().add(path), f"add {path}"):
            return
        if self.glossaries is not None and path not in self.glossaries:
            self.glossaries.append(path)
        self.reload()
        self.message.emit(f"Added {path}", 5000)

    # ------------------------------------------------------------------ dialogs

    def add_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self._parent,
            "Add Glossary File",
            str(Path.home()),
            "Glossaries (*.txt *.md *.glossary);;All files (*)",
        )
        if path:
            self.add_source(path)

    def add_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path = QFileDialog.getExistingDirectory(
            self._parent, "Add Glossary Folder", str(Path.home())
        )
        if path:
            self.add_source(path)

    def open_sources(self) -> list[tuple[str, str]]:
        """Every source open now, as (label, path): the bundled glossary, the user's
        sources and `--glossary` ones, each once."""
        from glossapp.util import paths

        sources: dict[str, str] = {}
        bundled = str(paths.bundled_seeds())
        chosen = (
            self.glossaries
            if self.glossaries is not None
            else [str(p) for p in SourceList().all_sources()]
        )
        for path in chosen:
            label = f"{path}  (bundled; can be hidden)" if str(path) == bundled else str(path)
            sources.setdefault(str(path), label)
        return [(label, path) for path, label in sources.items()]

    def remove(self) -> None:
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        sources = self.open_sources()
        if not sources:
            QMessageBox.information(
                self._parent, "Remove Glossary", "No glossary is open; there is nothing to remove."
            )
            return
        labels = [label for label, _path in sources]
        label, ok = QInputDialog.getItem(
            self._parent,
            "Remove Glossary",
            "Stop using this glossary (the file is not deleted):",
            labels,
            0,
            False,
        )
        if ok and label:
            self.remove_source(dict(sources)[label])

    def remove_source(self, path: str) -> None:
        """Stop using `path` (the file stays) and reload without it. A `--glossary` source
        or the bundled glossary is left out for this session."""
        if not self._change_sources(lambda: SourceList().remove(path), f"remove {path}"):
            return
        if self.glossaries is None:
            self.glossaries = [str(p) for p in SourceList().all_sources() if str(p) != path]
        elif path in self.glossaries:
            self.glossaries.remove(path)
        self.reload()

    def reset_sources(self) -> None:
        """The damaged-`library.json` banner's Reset: an empty list (the damaged file is
        kept beside it), then reload."""
        try:
            kept = SourceList().reset()
        except OSError as error:
            self.notice.emit(SOURCES_NOTICE, f"Could not reset the list of glossaries: {error}")
            return
        self.noticeCleared.emit(SOURCES_NOTICE)
        self.reload()
        if kept is not None:
            self.message.emit(f"The damaged list was kept as {kept}", 15000)

    def open_config_file(self, opener: Callable[[str, int], bool] | None = None) -> bool:
        """The banner's Open: `library.json` in the user's editor."""
        problem = self.library.config_problem
        if problem is None:
            return False
        return (opener or open_in_editor)(str(problem.path), 0)

    def show_problems(self, opener: Callable[[str, int], bool] | None = None) -> None:
        """Problems grouped by file, errors first; a double-click (or Enter) opens the file
        at that line in the user's editor, or copies `file:line` when none opens."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import (
            QDialog,
            QDialogButtonBox,
            QTreeWidget,
            QTreeWidgetItem,
            QVBoxLayout,
        )

        dialog = QDialog(self._parent)
        dialog.setWindowTitle("Glossary Problems")
        layout = QVBoxLayout(dialog)
        tree = QTreeWidget()
        tree.setHeaderLabels(["Line", "Severity", "Problem"])
        tree.setAccessibleName("Glossary problems")
        problems = self.library.diagnostics
        by_file: dict[str, list] = {}
        for problem in problems:
            by_file.setdefault(problem.path, []).append(problem)
        order = {"error": 0, "warning": 1, "info": 2}
        for path, found in by_file.items():
            top = QTreeWidgetItem([path, "", wording.count(len(found), "problem")])
            top.setData(0, Qt.ItemDataRole.UserRole, (path, 0))
            for problem in sorted(found, key=lambda d: (order.get(str(d.severity), 3), d.line)):
                item = QTreeWidgetItem(
                    [f"{problem.line:,}", str(problem.severity), problem.message]
                )
                item.setData(0, Qt.ItemDataRole.UserRole, (path, problem.line))
                item.setToolTip(2, plain_tooltip(problem.message))
                top.addChild(item)
            tree.addTopLevelItem(top)
            top.setExpanded(True)
        if not problems:
            tree.addTopLevelItem(QTreeWidgetItem(["No problems found in the open glossaries."]))
        tree.resizeColumnToContents(1)
        open_at = opener or open_in_editor

        def activated(item: QTreeWidgetItem, _column: int) -> None:
            where = item.data(0, Qt.ItemDataRole.UserRole)
            if where:
                path, line = where
                if not open_at(path, line):
                    from glossapp.ui import clipboard

                    clipboard.put_text(f"{path}:{line}" if line else path)
                    self.message.emit(f"Copied {path}:{line}", 5000)

        tree.itemActivated.connect(activated)
        self.problems_tree = tree
        layout.addWidget(tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(820, 420)
        self.problems_dialog = dialog
        dialog.open()

    def about_html(self) -> str:
        """The About box: the version and every loaded glossary with its entry count."""
        from html import escape

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
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self._parent, "About Glossapp", self.about_html())
