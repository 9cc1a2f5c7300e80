"""Start-up: what the window's first frame leaves for later, and the collector's pause."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys

import pytest

from glossapp.ui import startup
from tests.conftest import REPO_ROOT

FIRST_FRAME_PROBE = """
import json, sys
from glossapp.ui import startup
startup.pause_collector()  # as the command line does for start-up
from glossapp.app import application, open_window

app = application()

def report(window):
    print(json.dumps({
        "loaded": [name for name in startup.DEFERRED_MODULES if name in sys.modules],
        "rows": window.model.rowCount(),
        "collector": __import__("gc").isenabled(),
    }))
    app.exit(0)
    return False

window = open_window(None, on_first_frame=report)
app.exec()
"""


def _first_frame_report(data_dir) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GLOSSAPP_DATA_DIR=str(data_dir))
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME_PROBE],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.gui
def test_first_frame_shows_the_glossary_without_the_heavy_modules(tmp_path):
    report = _first_frame_report(tmp_path)
    # the first frame does show the bundled glossary: its 50 entries, one row per name
    assert report["rows"] == 46
    assert report["loaded"] == []  # whoosh, sqlite3, markdown, pygments, the workers
    assert report["collector"] is True  # paused for start-up only


def test_collector_pause_is_ended_by_resume():
    was_enabled = gc.isenabled()
    try:
        startup.pause_collector()
        assert not gc.isenabled()
        startup.resume_collector()
        assert gc.isenabled()
    finally:
        (gc.enable if was_enabled else gc.disable)()
