from __future__ import annotations

import pytest

from glossapp.glossary import library
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.gui

INDEX_TIMEOUT_MS = 120_000


@pytest.fixture
def make_window(qtbot):
    """Open a main window on the seed (or given files) with its index ready."""
    from glossapp.ui.window.main_window import MainWindow

    windows = []

    def make(paths=None, wait_for_index: bool = True):
        glossaries = [str(p) for p in (paths or [SEED_FILE])]
        window = MainWindow(library.load(glossaries), glossaries=glossaries)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        if wait_for_index:
            with qtbot.waitSignal(window.indexReady, timeout=INDEX_TIMEOUT_MS):
                window.finish_startup()
        else:
            window.finish_startup()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(make_window):
    return make_window()
