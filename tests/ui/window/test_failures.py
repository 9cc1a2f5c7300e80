"""Issue 16 in the window: what the user sees when files, folders and the bookmark store
fail. Every failure is a lasting notice (`ui.notices`), never a status message that the
next one replaces, and the window always starts."""

from __future__ import annotations

import json
import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from glossapp.bookmarks.store import BookmarksBusy, BookmarksUnavailable
from glossapp.glossary import library
from glossapp.glossary.library import CONFIG_FILE
from glossapp.ui.window.bookmarks import STORE_NOTICE, WRITE_NOTICE
from glossapp.ui.window.library import CONFIG_NOTICE, SOURCES_NOTICE
from glossapp.util import paths
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
INDEX_TIMEOUT_MS = 120_000

GREEK = "alpha, letters\nAlpha is the first letter.\nbeta, letters\nBeta is the second.\n"


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitActive(window)


def press_ctrl_d(qtbot, window) -> None:
    activate(qtbot, window)
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_D, CTRL)


@pytest.fixture
def open_window(qtbot):
    """A window on `glossaries` (None: the configured sources, as the app starts)."""
    from glossapp.ui.window.main_window import MainWindow

    made = []

    def make(glossaries=None):
        window = MainWindow(library.load_default(glossaries), glossaries=glossaries)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.finish_startup()
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


def can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and Path("/proc/mounts").exists()


@contextmanager
def read_only_folder(folder: Path):
    """`folder` (made empty) as a read-only tmpfs, unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a read-only tmpfs: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


needs_root = pytest.mark.skipif(not can_mount(), reason="mounting a read-only tmpfs needs root")


# ---------------------------------------------------------------------- bookmarks


def test_a_bookmark_that_cannot_be_saved_leaves_the_star_unset_and_says_so(
    qtbot, window, monkeypatch
):
    store = window.bookmarks_controller.store
    target = window.library.with_term("musegan")[0]
    window.show_entry(target.id)

    def full(*_args, **_kwargs):
        raise BookmarksUnavailable("database or disk is full", store.db_path)

    monkeypatch.setattr(store, "add", full)
    press_ctrl_d(qtbot, window)
    star = window.action("bookmarks.toggle")
    assert not star.isChecked()
    assert window.bookmarked_ids() == set()
    text = window.notice_text(WRITE_NOTICE)
    assert text is not None and "database or disk is full" in text
    # the status bar's next messages come and go; the notice stays
    window.show_message("something else", 1)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "", timeout=5000)
    assert window.notice_text(WRITE_NOTICE) == text
    assert window.notice_area.isVisible()

    monkeypatch.undo()
    press_ctrl_d(qtbot, window)  # saved now: the notice goes
    assert star.isChecked() and window.bookmarked_ids() == {target.id}
    assert window.notice_text(WRITE_NOTICE) is None


def test_a_busy_store_on_a_note_says_so_and_dismiss_hides_it(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    target = window.library.with_term("musegan")[0]
    window.bookmarks_controller.set_bookmarked(target.id, True)
    store = window.bookmarks_controller.store

    def busy(*_args, **_kwargs):
        raise BookmarksBusy(store.db_path)

    monkeypatch.setattr(store, "set_note", busy)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("new note", True))
    window.bookmarks_controller.edit_note(target.id)
    assert "in use by another Glossapp" in window.notice_text(WRITE_NOTICE)
    assert store.get(target.id).note == ""
    notice = window.notice_area.notices[WRITE_NOTICE]
    qtbot.mouseClick(notice.buttons["Dismiss"], Qt.MouseButton.LeftButton)
    assert window.notice_text(WRITE_NOTICE) is None
    assert not window.notice_area.isVisible()


@needs_root
def test_a_read_only_data_folder_shows_bookmarks_read_only_and_why(
    qtbot, open_window, isolated_dirs
):
    with read_only_folder(isolated_dirs / "data"):
        window = open_window([str(SEED_FILE)])
        assert window.bookmarks_controller.store.read_only
        text = window.notice_text(STORE_NOTICE)
        assert text is not None and text.startswith("Bookmarks are read-only")
        assert "profile.data" in window.notice_area.notices
        assert "bookmarks cannot be saved" in window.notice_text("profile.data")
        qtbot.waitUntil(lambda: window.renderer is not None, timeout=INDEX_TIMEOUT_MS)
        window.show_entry(window.library.with_term("musegan")[0].id)
        assert window.action("bookmarks.toggle").isEnabled()
        press_ctrl_d(qtbot, window)
        assert not window.action("bookmarks.toggle").isChecked()
        assert window.notice_text(WRITE_NOTICE) is not None
        window.close()


def test_an_import_shows_its_report_with_every_problem_line(window, tmp_path, monkeypatch):
    records = [
        {"term": "musegan", "title": "MuseGAN", "tags": ["music"]},
        {"term": "museformer", "title": "Museformer", "tags": 3},
        {"term": "musenet", "title": "MuseNet", "added": "0001-01-01T00:00:00+14:00"},
    ]
    source = tmp_path / "incoming.json"
    source.write_text(json.dumps(records), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    window.action("bookmarks.import").trigger()
    box = window.bookmarks_controller.import_box
    assert box is not None and box.isVisible()
    report_lines = box.informativeText().splitlines()
    assert box.text().startswith("From incoming.json: added ")
    assert "unreadable" in box.text()
    assert report_lines and all(line in box.detailedText() for line in report_lines)
    assert "Added:" in box.detailedText()
    box.accept()


def test_an_import_that_cannot_be_saved_is_a_box_not_a_traceback(window, tmp_path, monkeypatch):
    store = window.bookmarks_controller.store
    source = tmp_path / "incoming.json"
    source.write_text(json.dumps([{"term": "musegan", "title": "MuseGAN"}]), encoding="utf-8")

    def full(*_args, **_kwargs):
        raise BookmarksUnavailable("database or disk is full", store.db_path)

    monkeypatch.setattr(store, "import_", full)
    window.bookmarks_controller.import_file(str(source))
    box = window.bookmarks_controller.import_box
    assert box.text().startswith("Nothing was imported")
    assert "database or disk is full" in box.informativeText()
    box.accept()


# ---------------------------------------------------------------------- library.json


def damaged_config() -> Path:
    config = paths.config_dir() / CONFIG_FILE
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('{"sources": "/"}', encoding="utf-8")
    return config


def test_a_damaged_library_json_gives_a_banner_with_open_and_reset(
    qtbot, open_window, monkeypatch, tmp_path
):
    from glossapp.ui.window import library as library_controller

    config = damaged_config()
    window = open_window()
    text = window.notice_text(CONFIG_NOTICE)
    assert text is not None and str(config) in text and '"sources" must be a list' in text
    notice = window.notice_area.notices[CONFIG_NOTICE]
    opened = []
    monkeypatch.setattr(
        library_controller, "open_in_editor", lambda path, line: opened.append(path) or True
    )
    qtbot.mouseClick(notice.buttons["Open"], Qt.MouseButton.LeftButton)
    assert opened == [str(config)]

    # while it is damaged, Add Glossary says why instead of overwriting it
    glossary = tmp_path / "greek.txt"
    glossary.write_text(GREEK, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(glossary), ""))
    window.action("file.add_file").trigger()
    assert "is damaged" in window.notice_text(SOURCES_NOTICE)
    assert config.read_text(encoding="utf-8") == '{"sources": "/"}'

    with qtbot.waitSignal(window.libraryReloaded, timeout=10_000):
        qtbot.mouseClick(notice.buttons["Reset"], Qt.MouseButton.LeftButton)
    assert window.notice_text(CONFIG_NOTICE) is None
    assert window.notice_text(SOURCES_NOTICE) is None
    assert json.loads(config.read_text(encoding="utf-8")) == {"sources": []}
    assert config.with_name(CONFIG_FILE + ".damaged").read_text(encoding="utf-8") == (
        '{"sources": "/"}'
    )
    window.action("file.add_file").trigger()  # works again
    assert window.library.with_term("alpha")


def test_add_and_remove_that_cannot_write_say_why(open_window, monkeypatch, tmp_path):
    from glossapp.util import atomic

    window = open_window()
    glossary = tmp_path / "greek.txt"
    glossary.write_text(GREEK, encoding="utf-8")
    config = paths.config_dir() / CONFIG_FILE

    def read_only(path, *_args, **_kwargs):
        raise OSError(30, "Read-only file system", str(path))

    monkeypatch.setattr(library, "atomic_write_text", read_only)
    window.library_controller.add_source(str(glossary))
    text = window.notice_text(SOURCES_NOTICE)
    assert text is not None and "Read-only file system" in text and str(config) in text
    assert not window.library.with_term("alpha")
    monkeypatch.setattr(library, "atomic_write_text", atomic.atomic_write_text)
    window.library_controller.add_source(str(glossary))
    assert window.notice_text(SOURCES_NOTICE) is None
    assert window.library.with_term("alpha")
    monkeypatch.setattr(library, "atomic_write_text", read_only)
    window.library_controller.remove_source(str(glossary))
    assert "Could not remove" in window.notice_text(SOURCES_NOTICE)
    assert window.library.with_term("alpha")


# ---------------------------------------------------------------------- the profile


@needs_root
def test_a_read_only_config_folder_gives_a_banner_and_the_window_starts(
    qtbot, open_window, isolated_dirs
):
    with read_only_folder(isolated_dirs / "config"):
        window = open_window([str(SEED_FILE)])
        text = window.notice_text("profile.config")
        assert text is not None and "Read-only file system" in text
        assert "settings and the glossaries you add will not be remembered" in text
        window.close()  # saving the settings fails quietly


@needs_root
def test_a_profile_on_a_read_only_file_system_still_starts(qtbot, open_window, isolated_dirs):
    with read_only_folder(isolated_dirs):
        window = open_window([str(SEED_FILE)])
        qtbot.waitUntil(window.is_settled, timeout=INDEX_TIMEOUT_MS)
        assert {"profile.config", "profile.data", "profile.cache"} <= set(
            window.notice_area.notices
        )
        window.search_box.setText("musegan")
        qtbot.waitUntil(lambda: bool(window.model.rows()), timeout=10_000)
        window.close()


def test_an_unwritable_profile_is_found_through_the_one_file_opener(
    open_window, monkeypatch, isolated_dirs
):
    real_open = os.open
    config = str(paths.config_dir())

    def refuse(path, flags, *args, **kwargs):
        if str(path).startswith(config) and flags & os.O_CREAT:
            raise OSError(30, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(paths.os, "open", refuse)
    window = open_window([str(SEED_FILE)])
    assert "Read-only file system" in window.notice_text("profile.config")
    assert window.notice_text("profile.data") is None


# ---------------------------------------------------------------------- problem count


def test_the_problem_count_leaves_out_info_notes(qtbot, make_window, tmp_path):
    utf16 = tmp_path / "wide.txt"
    utf16.write_bytes(GREEK.encode("utf-16"))  # a byte order mark: one `info` note
    window = make_window([utf16])
    assert [str(d.severity) for d in window.library.diagnostics] == ["info"]
    window.show_message("")
    window.library_controller.report_problems()
    assert "problem" not in window.statusBar().currentMessage()
    broken = tmp_path / "broken.txt"
    broken.write_text("no header here\n", encoding="utf-8")
    window.library_controller.glossaries = [str(utf16), str(broken)]
    window.library_controller.reload()
    severities = sorted(str(d.severity) for d in window.library.diagnostics)
    assert severities == ["error", "info", "warning"]
    # the two, not three, and the Problems tree still lists all three
    assert window.statusBar().currentMessage().startswith("2 problems in 1 glossary file")
    window.library_controller.show_problems()
    tree = window.library_controller.problems_tree
    listed = [tree.topLevelItem(i).childCount() for i in range(tree.topLevelItemCount())]
    assert sorted(listed) == [1, 2]
    window.library_controller.problems_dialog.close()
