"""Where a lookup's text comes from: the primary selection, else the clipboard.

X11 and Wayland keep a primary selection (the text last selected with the mouse, in any
app); Windows and macOS have none (`QClipboard.supportsSelection()` is false), so the
clipboard stands in. Either way the text is trimmed and capped (`trimmed`): a lookup
names a term, and a whole page selected by mistake must not become a query.

On Wayland only a window with keyboard focus may read the selection, so a lookup from a
key binding there may find it empty and falls back to the clipboard.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from PySide6.QtGui import QClipboard

MAX_CHARS = 200  # longer text is cut at a word boundary
SELECTION, CLIPBOARD = "selection", "clipboard"

_SPACES = re.compile(r"\s+")
# U+2029 is how QTextCursor.selectedText() separates paragraphs; U+2028 a line break
_SEPARATORS = str.maketrans({"\u2029": " ", "\u2028": " ", "\x00": " "})


class Picked(NamedTuple):
    text: str  # trimmed and capped; "" when the source held no text
    source: str  # SELECTION or CLIPBOARD


def trimmed(text: str | None, max_chars: int = MAX_CHARS) -> str:
    """`text` on one line, its runs of white space made single spaces, at most `max_chars`
    long (cut at the last space before the cap, if there is one)."""
    if not text:
        return ""
    one_line = _SPACES.sub(" ", text.translate(_SEPARATORS)).strip()
    if len(one_line) <= max_chars:
        return one_line
    cut = one_line[:max_chars]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut).rstrip()


def _clipboard(clipboard: QClipboard | None) -> QClipboard:
    if clipboard is not None:
        return clipboard
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.clipboard()


def clipboard_text(clipboard: QClipboard | None = None) -> str:
    """The clipboard's text, trimmed and capped."""
    from PySide6.QtGui import QClipboard

    return trimmed(_clipboard(clipboard).text(QClipboard.Mode.Clipboard))


def selection_text(clipboard: QClipboard | None = None) -> str:
    """The primary selection's text, trimmed and capped; "" where the platform has none."""
    from PySide6.QtGui import QClipboard

    board = _clipboard(clipboard)
    if not board.supportsSelection():
        return ""
    return trimmed(board.text(QClipboard.Mode.Selection))


def pick(clipboard: QClipboard | None = None) -> Picked:
    """The text to look up when none is given: the primary selection where the platform
    has one and it holds text, otherwise the clipboard."""
    board = _clipboard(clipboard)
    selected = selection_text(board)
    if selected:
        return Picked(selected, SELECTION)
    return Picked(clipboard_text(board), CLIPBOARD)
