"""What the window's first frame may cost, and what arrives just after it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from glossapp.bookmarks.store import DB_NAME, BookmarkStore
from glossapp.util import paths
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.gui

# Types whose first use builds many Python enum classes (QStyle ~13 ms, QEvent ~6 ms),
# QWizard as the sign that PySide resolved every QtWidgets class (a QWidget* handed to
# Python, ~9 ms), and modules the first frame has no use for.
COSTLY_TYPES = {
    "PySide6.QtCore": ["QEvent"],
    "PySide6.QtGui": ["QIcon", "QKeySequence", "QMouseEvent", "QKeyEvent"],
    "PySide6.QtWidgets": ["QStyle", "QFileDialog", "QMessageBox", "QInputDialog", "QWizard"],
}
DEFERRED_MODULES = [
    "hashlib",
    "pickle",
    "json",
    "glossapp.glossary.parser",
    "glossapp.search.names",
    "html",
    "sqlite3",
    "glossapp.bookmarks.store",
    "glossapp.ui.workers",
    "glossapp.search.engine",
    "whoosh",
]

FIRST_FRAME_PROBE = """
import ast, gc, sys
gc.disable()  # as `glossapp` (cli.main) does for start-up
from glossapp.app import application, open_window

costly, deferred = ast.literal_eval(sys.argv[1]), ast.literal_eval(sys.argv[2])
app = application()

def report(window):
    built = [
        f"{module}.{name}"
        for module, names in costly.items()
        for name in names
        if name in vars(sys.modules[module])
    ]
    loaded = [name for name in deferred if name in sys.modules]
    rows = window.model.rowCount()
    collector = gc.isenabled()
    import json  # only now: json is one of the modules looked for
    print(json.dumps({"built": built, "loaded": loaded, "rows": rows, "collector": collector}))
    app.exit(0)
    return False

window = open_window(None, on_first_frame=report)
app.exec()
"""


def _first_frame_report(data_dir) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GLOSSAPP_DATA_DIR=str(data_dir))
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            FIRST_FRAME_PROBE,
            repr(COSTLY_TYPES),
            repr(DEFERRED_MODULES),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_first_frame_costs_no_costly_types_no_deferred_modules_and_no_collector(tmp_path):
    _first_frame_report(tmp_path)  # the very first start parses the glossary and caches it
    report = _first_frame_report(tmp_path)
    assert report["rows"] == 50  # the first frame does show the bundled glossary
    assert report["built"] == []
    assert report["loaded"] == []
    assert report["collector"] is True  # paused for start-up only


def test_toolbar_icons_are_painted_once_started(window):
    for action in window.toolbar.actions():
        if not action.isSeparator() and action not in (
            window.zoom_in_action,
            window.zoom_out_action,
        ):
            assert not action.icon().isNull(), action.text()


def test_activating_the_window_rereads_bookmarks(qtbot, window):
    window._bookmark_poll.stop()  # only the activation may bring the change in
    target = window.library.with_term("musegan")[0]
    other = BookmarkStore(paths.data_dir() / DB_NAME)
    try:
        other.add(target)
    finally:
        other.close()
    window.activateWindow()
    qtbot.waitActive(window)
    QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
    assert target.id in window.bookmarked_ids()


def test_rows_paint_selection_and_bookmark_star(qtbot, window):
    first = window.model.entry_id_at(0)
    window.set_bookmarked(first, True)
    window.show_entry(first)
    window.activateWindow()
    qtbot.waitActive(window)
    view = window.list_view
    image = view.viewport().grab().toImage()
    row = view.visualRect(window.model.index(0))
    highlight = view.palette().color(view.palette().ColorRole.Highlight)
    colours = {
        image.pixelColor(x, y).name()
        for x in range(row.left(), row.right(), 2)
        for y in range(row.top(), row.bottom(), 2)
    }
    assert highlight.name() in colours  # Qt painted the selection under our text
    # the ★ is drawn in the text colour when selected: select another row to see the gold
    window.show_entry(window.model.entry_id_at(1))
    image = view.viewport().grab().toImage()
    star_area = [
        image.pixelColor(x, y)
        for x in range(row.left(), row.left() + 24)
        for y in range(row.top(), row.top() + row.height() // 2)
    ]
    assert any(c.red() > 180 and c.green() > 120 and c.blue() < 90 for c in star_area)
