"""Where a lookup's text comes from: the primary selection where there is one, else the clipboard."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QClipboard

from glossapp.ui import selection

pytestmark = pytest.mark.gui


class FakeClipboard:
    """A clipboard with a primary selection, as on X11 and Wayland (offscreen has none)."""

    def __init__(self, clipboard: str = "", selected: str | None = "") -> None:
        self.texts = {QClipboard.Mode.Clipboard: clipboard, QClipboard.Mode.Selection: selected}

    def supportsSelection(self) -> bool:
        return self.texts[QClipboard.Mode.Selection] is not None

    def text(self, mode=QClipboard.Mode.Clipboard) -> str:
        return self.texts[mode] or ""


def test_trimmed_makes_one_line_of_single_spaces():
    assert selection.trimmed("  multi\u2029head\n\tattention  ") == "multi head attention"
    assert selection.trimmed(None) == "" and selection.trimmed(" \n ") == ""


def test_trimmed_caps_long_text_at_a_word_boundary():
    text = "word " * 100
    capped = selection.trimmed(text, max_chars=22)
    assert capped == "word word word word" and len(capped) <= 22
    assert selection.trimmed("x" * 300, max_chars=10) == "x" * 10  # no space: a hard cut
    assert len(selection.trimmed("a " * 500)) <= selection.MAX_CHARS


def test_the_primary_selection_comes_first_where_the_platform_has_one():
    board = FakeClipboard(clipboard="Clipboard Term", selected="  Selected\nTerm ")
    assert selection.pick(board) == selection.Picked("Selected Term", selection.SELECTION)
    assert selection.selection_text(board) == "Selected Term"
    assert selection.clipboard_text(board) == "Clipboard Term"


def test_an_empty_selection_falls_back_to_the_clipboard():
    board = FakeClipboard(clipboard=" GPU ", selected="   ")
    assert selection.pick(board) == selection.Picked("GPU", selection.CLIPBOARD)


def test_without_a_selection_the_clipboard_is_used():
    board = FakeClipboard(clipboard="TPU", selected=None)  # Windows, macOS
    assert selection.selection_text(board) == ""
    assert selection.pick(board) == selection.Picked("TPU", selection.CLIPBOARD)


def test_the_real_clipboard_offscreen(qapp):
    board = qapp.clipboard()
    board.setText("  cross-entropy \n loss ")
    try:
        picked = selection.pick()
        assert picked.source == (
            selection.SELECTION if board.supportsSelection() else selection.CLIPBOARD
        )
        if not board.supportsSelection():
            assert picked.text == "cross-entropy loss"
    finally:
        board.clear()
