"""The detail HTML as QTextBrowser actually lays it out: lists nest, tables are tables,
code is monospace, nothing scrolls sideways, and the dark theme's text is light."""

from __future__ import annotations

import re

import pytest

from glossapp.glossary import library
from glossapp.render.crosslinks import prose
from glossapp.render.renderer import Renderer, background_color, stylesheet
from tests.render.helpers import FIXTURES

pytestmark = pytest.mark.gui

WIDTH = 820


@pytest.fixture
def browser(qtbot):
    from PySide6.QtWidgets import QTextBrowser

    def make(theme: str = "light"):
        widget = QTextBrowser()
        widget.setOpenLinks(False)
        widget.resize(WIDTH, 900)
        widget.setStyleSheet(f"QTextBrowser {{ background-color: {background_color(theme)}; }}")
        widget.document().setDefaultStyleSheet(stylesheet(theme))
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
        return widget

    return make


def _blocks(document):
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def _tables(document) -> int:
    from PySide6.QtGui import QTextTable

    count, stack = 0, [document.rootFrame()]
    while stack:
        frame = stack.pop()
        count += isinstance(frame, QTextTable) and frame.format().border() > 0
        stack.extend(frame.childFrames())
    return count


def test_seed_entries_lay_out_as_lists_tables_and_code(browser, seed_library):
    renderer = Renderer(seed_library)
    widget = browser()
    for term, tables in (("multilingual nlp", 3), ("multimodal fusion", 4), ("multifc", 1)):
        entry = seed_library.with_term(term)[0]
        items = len(re.findall(r"^\s*(?:[-*+]|\d+\.) ", prose(entry.body), re.M))
        widget.setHtml(renderer.html(entry))
        document = widget.document()
        assert _tables(document) == tables, term
        listed = [block for block in _blocks(document) if block.textList() is not None]
        assert len(listed) == items, term
        assert widget.horizontalScrollBar().maximum() == 0, term


def test_no_seed_entry_scrolls_sideways(browser, seed_library):
    renderer = Renderer(seed_library)
    widget = browser()
    for entry in seed_library.entries:
        widget.setHtml(renderer.html(entry))
        assert widget.horizontalScrollBar().maximum() == 0, entry.term


def test_nested_lists_indent_deeper(browser):
    loaded = library.load([FIXTURES / "blank-lines-nested.md"])
    entry = loaded.with_term("photolithography")[0]
    widget = browser()
    widget.setHtml(Renderer(loaded).html(entry))
    indents = {
        block.text(): block.textList().format().indent()
        for block in _blocks(widget.document())
        if block.textList() is not None
    }
    top = indents["Coat: spin resist onto the wafer."]
    assert indents["Soft bake drives out solvent."] == top + 1
    assert indents["Deeper still: a third level."] == top + 2
    assert indents["Scanners move mask and wafer together."] == top + 1


def test_code_blocks_are_monospace_and_verbatim(browser, seed_library):
    from PySide6.QtGui import QFontInfo

    entry = seed_library.with_term("multimodal fusion")[0]
    widget = browser()
    widget.setHtml(Renderer(seed_library).html(entry))
    diagram = next(b for b in _blocks(widget.document()) if b.text().startswith("[Image patches]"))
    assert diagram.text() == "[Image patches] + [Text tokens] → [Concatenated sequence]"
    font = diagram.charFormat().font()
    assert QFontInfo(font).fixedPitch()


def test_dark_theme_text_is_light(browser, seed_library):
    entry = seed_library.with_term("multifc")[0]
    widget = browser("dark")
    widget.setHtml(Renderer(seed_library).html(entry))
    paragraph = next(b for b in _blocks(widget.document()) if b.text().startswith("The core"))
    colour = paragraph.begin().fragment().charFormat().foreground().color()
    assert colour.lightness() > 180
