"""What copying puts on the clipboard: a selection of the detail pane (from the HTML Qt
gives for it) and a whole entry, in the dark theme too: dark text on no background,
fonts on the cells, no `entry:` links, aligned table text."""

from __future__ import annotations

import re

import pytest

from glossapp.glossary.library import Library
from glossapp.glossary.model import Entry
from glossapp.render.clipboard_html import selection_body_html, selection_clipboard
from glossapp.render.renderer import Renderer, background_color, stylesheet

BODY = (
    "**Wafer dicing** cuts a wafer into dies; see [the guide](https://example.com/dicing).\n"
    "| Method | Kerf | Notes |\n|---|---|---|\n| Blade | 30 µm | cheap |\n"
    "| Laser stealth | 0 µm | no debris |\n"
    "- first step\n- second step with `code`\n"
    "```\nsaw --speed 3\n```\n"
    "After the wafer is cut."
)


def _entry(term: str, body: str, aliases=(), title: str = "") -> Entry:
    return Entry(
        id=f"id-{term}",
        term=term,
        title=title or term,
        category="fab",
        aliases=tuple(aliases),
        body=body,
        source="/tmp/fab.txt",
        line=1,
    )


DICING = _entry("wafer dicing", BODY, aliases=("dicing", "singulation"), title="Wafer dicing")
WAFER = _entry("wafer", "A thin slice of silicon.", title="Wafer")
RENDERER = Renderer(Library(entries=[DICING, WAFER], _by_id={e.id: e for e in (DICING, WAFER)}))

_COLOUR = re.compile(r"(?<![-\w])(background-color|color)\s*:\s*(#[0-9a-fA-F]{3,6})")


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _assert_pastes_on_white(html: str) -> None:
    """Every text colour dark, every background light: readable on a white page."""
    for match in _COLOUR.finditer(html):
        kind, colour = match.groups()
        if kind == "color":
            assert _luminance(colour) < 0.5, f"light text {colour}"
        else:
            assert _luminance(colour) > 0.8, f"dark background {colour}"
    assert "bgcolor" not in html and "entry:" not in html and "class=" not in html


@pytest.fixture
def selected_html(qtbot):
    """The HTML Qt gives for a selection in the detail pane, as QTextBrowser renders it."""
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QTextBrowser

    def select(theme: str, start_text: str, end_text: str) -> str:
        browser = QTextBrowser()
        browser.setStyleSheet(f"QTextBrowser {{ background-color: {background_color(theme)}; }}")
        browser.document().setDefaultStyleSheet(stylesheet(theme))
        browser.setHtml(RENDERER.html(DICING))
        qtbot.addWidget(browser)
        plain = browser.toPlainText()
        cursor = browser.textCursor()
        cursor.setPosition(plain.index(start_text))
        cursor.setPosition(plain.index(end_text) + len(end_text), QTextCursor.MoveMode.KeepAnchor)
        browser.setTextCursor(cursor)
        return browser.textCursor().selection().toHtml()

    return select


@pytest.mark.gui
@pytest.mark.parametrize("theme", ["dark", "light"])
def test_a_selection_copies_clean_in_either_theme(selected_html, theme):
    qt_html = selected_html(theme, "Wafer dicing", "After the wafer is cut.")
    assert "entry:" in qt_html  # what the pane holds: internal links
    if theme == "dark":
        assert "#e6edf3" in qt_html  # and the theme's almost white text
    html, plain = selection_clipboard(qt_html)
    _assert_pastes_on_white(html)
    assert "color: #1f2328" in html  # dark text, set on the copy itself
    assert "wafer</a>" not in html and "After the wafer is cut." in html
    assert '<a href="https://example.com/dicing"' in html  # external links stay
    # fonts on the cells themselves, header cells as th
    cells = re.findall(r"<t[hd] style=\"([^\"]*)\"", html)
    assert len(cells) == 9 and all("font-family: Calibri" in style for style in cells)
    assert html.count("<th ") == 3
    assert "<li" in html and "<code" in html and "<pre" in html and "<strong>" in html
    lines = plain.splitlines()
    header = next(line for line in lines if line.startswith("Method"))
    blade = next(line for line in lines if line.startswith("Blade"))
    laser = next(line for line in lines if line.startswith("Laser stealth"))
    assert header.index("Kerf") == blade.index("30 µm") == laser.index("0 µm")
    assert "• first step" in plain and "saw --speed 3" in plain


@pytest.mark.gui
def test_a_selection_inside_one_paragraph(selected_html):
    html, plain = selection_clipboard(selected_html("dark", "cuts a", "into dies"))
    _assert_pastes_on_white(html)
    assert plain == "cuts a wafer into dies"
    assert "<table" not in html


def test_selection_structure_from_qt_markup():
    qt_html = (
        '<html><head><style type="text/css">p { color: red }</style></head><body>'
        "<!--StartFragment-->"
        '<p style="color:#e6edf3; background-color:#0d1117;"><span style=" font-weight:600;'
        ' color:#e6edf3;">Bold</span> and <a href="entry:abc"><span style=" color:#58a6ff;">'
        'wafer</span></a> and <span style=" font-style:italic;">it</span> '
        '<a href="javascript:alert(1)">x</a></p>'
        '<table border="0" width="100%"><tr><td bgcolor="#161b22"><h1>Boxed title</h1>'
        "</td></tr></table><!--EndFragment--></body></html>"
    )
    assert selection_body_html(qt_html) == (
        "<p><strong>Bold</strong> and wafer and <em>it</em> x</p><h1>Boxed title</h1>"
    )


def test_whole_entry_copy_in_every_format():
    html = RENDERER.clipboard_html(DICING, citation=True)
    _assert_pastes_on_white(html)
    cells = re.findall(r"<t[hd] style=\"([^\"]*)\"", html)
    assert cells and all("font-family: Calibri" in style for style in cells)
    for output in (html, RENDERER.markdown(DICING), RENDERER.plain_text(DICING)):
        assert "Also known as: dicing, singulation" in output
