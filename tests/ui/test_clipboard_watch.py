"""Clipboard watch: off by default; a short copied name shows the popup, rate-limited, never
for the app's own copies."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from glossapp.ui import clipboard_watch
from glossapp.ui.clipboard_watch import ClipboardWatch, names_entry_in, short_enough

pytestmark = pytest.mark.gui

NAMES = {"MuseNet", "multi-head attention", "GPU"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def watch(qtbot, monkeypatch):
    monkeypatch.setattr(clipboard_watch, "SETTLE_MS", 1)
    clock = Clock()
    made = ClipboardWatch(lambda text: text in NAMES, clock=clock)
    made._settle.setInterval(1)
    made.clock = clock  # type: ignore[attr-defined]
    yield made
    made.set_enabled(False)
    QApplication.clipboard().clear()


def settled(qtbot, watch) -> None:
    """The watch decides when its settle timer fires: wait for that, not for a time."""
    qtbot.waitUntil(lambda: not watch._settle.isActive(), timeout=5000)


def copy(qtbot, watch, text: str) -> list[str]:
    """Copy `text` as another app would, and give the watch time to settle and decide."""
    seen: list[str] = []
    watch.triggered.connect(seen.append)
    QApplication.clipboard().setText(text)
    settled(qtbot, watch)
    watch.triggered.disconnect(seen.append)
    return seen


def test_it_is_off_by_default(qtbot, watch):
    assert watch.enabled is False
    assert copy(qtbot, watch, "MuseNet") == []


def test_a_short_exact_name_triggers_a_lookup(qtbot, watch):
    watch.set_enabled(True)
    with qtbot.waitSignal(watch.triggered, timeout=5000) as fired:
        QApplication.clipboard().setText("  MuseNet\n")
    assert fired.args == ["MuseNet"]


def test_long_texts_and_non_names_are_ignored(qtbot, watch):
    watch.set_enabled(True)
    assert copy(qtbot, watch, "a sentence of more than five words here") == []
    assert copy(qtbot, watch, "not a name") == []
    assert short_enough("one two three four five") and not short_enough("1 2 3 4 5 6")
    assert not short_enough("x" * 200) and not short_enough("")


def test_it_is_rate_limited(qtbot, watch):
    watch.set_enabled(True)
    assert copy(qtbot, watch, "MuseNet") == ["MuseNet"]
    watch.clock.now += 0.5
    assert copy(qtbot, watch, "GPU") == []  # too soon after the last one
    watch.clock.now += 2
    assert copy(qtbot, watch, "GPU") == ["GPU"]
    watch.clock.now += 2
    assert copy(qtbot, watch, "GPU") == []  # the same text again, so soon
    watch.clock.now += 11
    assert copy(qtbot, watch, "GPU") == ["GPU"]


def test_the_apps_own_copies_never_trigger(qtbot, watch, seed_library):
    from glossapp.render.renderer import Renderer
    from glossapp.ui.window.copy import CopyController

    watch.set_enabled(True)
    watch.note_own_copy("MuseNet")
    assert copy(qtbot, watch, "MuseNet") == []
    copier = CopyController(seed_library)
    copier.set_renderer(Renderer(seed_library))
    watch.watch_copies(copier)
    seen: list[str] = []
    watch.triggered.connect(seen.append)
    copier.copy_term("GPU")  # the window's Copy Term
    settled(qtbot, watch)
    assert seen == []


def test_turning_it_off_stops_it(qtbot, watch):
    watch.set_enabled(True)
    watch.set_enabled(False)
    assert copy(qtbot, watch, "MuseNet") == []


def test_names_entry_asks_the_name_tier_for_an_exact_name(seed_library):
    from glossapp.search.engine import SearchEngine

    engine = SearchEngine(seed_library)
    names_entry = names_entry_in(engine)
    assert names_entry("musenet") and names_entry("MultiRC")
    assert not names_entry("musen")  # a prefix is not a name
    assert not names_entry_in(lambda: None)("MuseNet")  # no engine yet
