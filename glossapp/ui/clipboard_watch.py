"""Clipboard watch: copying a short text that names an entry shows the lookup popup.

Off by default (a Preferences item turns it on). When on, each change of the clipboard
is read once it has settled (`SETTLE_MS`: apps often set it several times in a row); the
text triggers a lookup only if it is short (at most `MAX_WORDS` words and `MAX_CHARS`
characters), names an entry exactly (`names_entry`), and is not the app's own copy. The
app's own copies are told apart two ways: Qt knows when this process owns the clipboard
(`QClipboard.ownsClipboard`, on X11, Windows and macOS), and the texts the app copied are
remembered (`note_own_copy`, or `watch_copies(copy_controller)`), for platforms where
ownership is not reported. Lookups are rate-limited: at most one per `MIN_INTERVAL_MS`,
and never the same text twice within `REPEAT_MS`.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication

from glossapp.ui import selection

if TYPE_CHECKING:
    from glossapp.ui.window.copy import CopyController

MAX_WORDS = 5
MAX_CHARS = 80
SETTLE_MS = 150
MIN_INTERVAL_MS = 1500
REPEAT_MS = 10_000
OWN_COPIES_KEPT = 8


def short_enough(text: str) -> bool:
    return 0 < len(text) <= MAX_CHARS and len(text.split()) <= MAX_WORDS


class ClipboardWatch(QObject):
    """Emits `triggered(text)` when a copied text names an entry (see the module).

    `names_entry(text)` says whether `text` is exactly an entry's name; `clock()` gives
    seconds (monotonic), replaceable in tests.
    """

    triggered = Signal(str)

    def __init__(
        self,
        names_entry: Callable[[str], bool],
        clipboard: QClipboard | None = None,
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._names_entry = names_entry
        self._clipboard = clipboard or QGuiApplication.clipboard()
        self._clock = clock
        self._enabled = False
        self._own: deque[str] = deque(maxlen=OWN_COPIES_KEPT)
        self._last_text = ""
        self._last_at = float("-inf")
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._check)

    @property
    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, on: bool) -> None:
        if on == self._enabled:
            return
        self._enabled = on
        if on:
            self._clipboard.dataChanged.connect(self._changed)
        else:
            self._clipboard.dataChanged.disconnect(self._changed)
            self._settle.stop()

    def note_own_copy(self, text: str) -> None:
        """Remember a text the app itself put on the clipboard: it never triggers."""
        text = selection.trimmed(text)
        if text:
            self._own.append(text)

    def watch_copies(self, copier: CopyController) -> None:
        """Remember every copy `copier` makes (its `copied` signal follows the copy)."""
        copier.copied.connect(
            lambda _message: self.note_own_copy(self._clipboard.text(QClipboard.Mode.Clipboard))
        )

    def _changed(self) -> None:
        self._settle.start()

    def _check(self) -> None:
        if not self._enabled or self._clipboard.ownsClipboard():
            return
        text = selection.trimmed(self._clipboard.text(QClipboard.Mode.Clipboard))
        if not short_enough(text) or text in self._own:
            return
        now = self._clock()
        if (now - self._last_at) * 1000 < MIN_INTERVAL_MS:
            return
        if text == self._last_text and (now - self._last_at) * 1000 < REPEAT_MS:
            return
        if not self._names_entry(text):
            return
        self._last_text, self._last_at = text, now
        self.triggered.emit(text)


def names_entry_in(engine) -> Callable[[str], bool]:
    """`names_entry` for a search engine (or a callable giving the current one): the text
    is exactly a term, title or alias, as the name tier normalises names."""
    from glossapp.search.engine import EXACT_NAME_SCORE

    def names_entry(text: str) -> bool:
        current = engine() if callable(engine) else engine
        if current is None:
            return False
        hits = current.lookup_names(text, 1)
        return bool(hits) and hits[0].match == "name" and hits[0].score >= EXACT_NAME_SCORE

    return names_entry
