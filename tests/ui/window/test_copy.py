"""Copying definitions out: each action read back from the clipboard, and a dragged row's data."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from glossapp.ui.models import ENTRY_IDS_MIME

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
THREE_FORMATS = {"text/html", "text/plain", "text/markdown"}
RAW_MARKDOWN = (
    re.compile(r"\*\*"),
    re.compile(r"^\s*- ", re.MULTILINE),
    re.compile(r"\|\s*-{3,}"),
)


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitActive(window)


def rich_entry(window):
    """A seed entry with bold text, a list and a table: everything raw Markdown could leak."""
    for entry in window.library.entries:
        body = entry.body
        if "**" in body and "\n- " in body and re.search(r"\|\s*-{3,}", body):
            return entry
    pytest.fail("the seed has no entry with bold, a list and a table")


def clipboard_formats() -> dict[str, str]:
    mime = QApplication.clipboard().mimeData()
    return {
        fmt: bytes(mime.data(fmt).data()).decode("utf-8", errors="replace")
        for fmt in mime.formats()
    }


def assert_no_raw_markdown(text: str) -> None:
    for pattern in RAW_MARKDOWN:
        assert not pattern.search(text), f"raw Markdown {pattern.pattern!r} in:\n{text[:400]}"


def test_copy_definition_shortcut_puts_three_formats(qtbot, window):
    entry = rich_entry(window)
    window.show_entry(entry.id)
    activate(qtbot, window)
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_C, CTRL | SHIFT)

    data = clipboard_formats()
    assert set(data) >= THREE_FORMATS
    html, plain, markdown = data["text/html"], data["text/plain"], data["text/markdown"]
    assert html == window.renderer.clipboard_html(entry)
    assert plain == window.renderer.plain_text(entry)
    assert markdown == window.renderer.markdown(entry)
    assert "<table" in html and "<li" in html and ("<strong" in html or "<b" in html)
    assert 'style="' in html and "entry:" not in html
    assert_no_raw_markdown(html)
    assert_no_raw_markdown(plain)
    assert plain.startswith(entry.title)
    assert markdown.startswith(f"# {entry.title}") and "**" in markdown


def test_citation_follows_the_setting_and_is_remembered(qtbot, make_window):
    window = make_window()
    entry = window.library.with_term("musegan")[0]
    window.show_entry(entry.id)
    citation = window.renderer.citation(entry)

    window.action("edit.copy_definition").trigger()
    assert all(citation not in text for text in clipboard_formats().values())

    window.action("edit.copy_citation").trigger()
    assert window.action("edit.copy_citation").isChecked()
    window.action("edit.copy_definition").trigger()
    data = clipboard_formats()
    assert data["text/plain"].rstrip().endswith(citation)
    assert "ai-semiconductor-glossary" in data["text/markdown"].rstrip().splitlines()[-1]
    assert citation in data["text/html"]
    window.action("edit.copy_markdown").trigger()
    assert "ai-semiconductor-glossary" in QApplication.clipboard().text().rstrip().splitlines()[-1]
    window.close()

    again = make_window()
    assert again.action("edit.copy_citation").isChecked()
    assert again.action("edit.copy_citation") in again.menus["&Edit"].actions()


def test_copy_as_markdown_and_as_plain_text_are_text_only(window):
    entry = rich_entry(window)
    window.show_entry(entry.id)

    window.action("edit.copy_markdown").trigger()
    data = clipboard_formats()
    assert set(data) == {"text/plain"}
    assert data["text/plain"] == window.renderer.markdown(entry)
    assert "**" in data["text/plain"]

    window.action("edit.copy_plain").trigger()
    data = clipboard_formats()
    assert set(data) == {"text/plain"}
    assert data["text/plain"] == window.renderer.plain_text(entry)
    assert_no_raw_markdown(data["text/plain"])


def test_copy_term(window):
    entry = window.library.with_term("musegan")[0]
    window.show_entry(entry.id)
    window.action("edit.copy_term").trigger()
    assert QApplication.clipboard().text() == entry.term == "musegan" != entry.title


def test_edit_menu_and_toolbar_offer_the_copy_actions(window):
    edit = window.menus["&Edit"].actions()
    for action in (
        window.action("edit.copy"),
        window.action("edit.copy_definition"),
        window.action("edit.copy_markdown"),
        window.action("edit.copy_plain"),
        window.action("edit.copy_term"),
    ):
        assert action in edit
    assert window.action("edit.copy_definition") in window.toolbar.actions()
    assert window.action("edit.copy_definition").shortcut().toString() == "Ctrl+Shift+C"


def test_ctrl_c_copies_the_selection_in_the_detail_pane_with_formatting(qtbot, window):
    entry = rich_entry(window)
    window.show_entry(entry.id)
    activate(qtbot, window)
    window.detail.setFocus()
    window.detail.selectAll()
    QApplication.clipboard().clear()
    qtbot.keyClick(window.detail, Qt.Key.Key_C, CTRL)
    data = clipboard_formats()
    assert {"text/html", "text/plain"} <= set(data)
    # the selection, cleaned (render.clipboard_html), not our Copy Definition
    from glossapp.render.clipboard_html import selection_clipboard

    selection = window.detail.textCursor().selection().toHtml()
    assert (data["text/html"], data["text/plain"]) == selection_clipboard(selection)
    assert data["text/plain"] != window.renderer.plain_text(entry)
    assert "Copied the definition" not in window.statusBar().currentMessage()
    assert entry.title in data["text/plain"]
    assert "<table" in data["text/html"]


def test_row_menu_copies_that_row_not_the_entry_on_show(window):
    shown = window.library.with_term("musegan")[0]
    other = window.library.with_term("museformer")[0]
    window.show_entry(shown.id)
    menu = window.row_menu(window.list_view, window.model.row_of(other.id))
    actions = {a.text().replace("&", ""): a for a in menu.actions()}

    actions["Copy Definition"].trigger()
    data = clipboard_formats()
    assert set(data) >= THREE_FORMATS
    assert data["text/plain"] == window.renderer.plain_text(other)
    actions["Copy as Markdown"].trigger()
    assert QApplication.clipboard().text() == window.renderer.markdown(other)
    actions["Copy as Plain Text"].trigger()
    assert QApplication.clipboard().text() == window.renderer.plain_text(other)
    actions["Copy Term"].trigger()
    assert QApplication.clipboard().text() == other.term
    assert window.current_entry().id == shown.id


@pytest.mark.parametrize("which", ["terms", "bookmarks"])
def test_dragged_row_carries_the_definition(window, which):
    entry = rich_entry(window)
    if which == "bookmarks":
        window.bookmarks_controller.set_bookmarked(entry.id, True)
        model = window.bookmarks_panel.model
    else:
        model = window.model
    index = model.index(model.row_of(entry.id))
    assert model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
    mime = model.mimeData([index])
    formats = set(mime.formats())
    assert formats >= THREE_FORMATS and ENTRY_IDS_MIME in formats
    assert mime.html() == window.renderer.clipboard_html(entry)
    assert mime.text() == window.renderer.plain_text(entry)
    assert bytes(mime.data("text/markdown").data()).decode() == window.renderer.markdown(entry)
    assert bytes(mime.data(ENTRY_IDS_MIME).data()).decode() == entry.id
    assert_no_raw_markdown(mime.html())


# ---------------------------------------------------------------- the controller on its own


@pytest.fixture
def seed():
    from glossapp.glossary import library
    from tests.conftest import SEED_FILE

    return library.load([SEED_FILE])


def test_controller_copies_nothing_until_it_has_a_renderer(qtbot, seed):
    from glossapp.ui.window.copy import CopyController

    controller = CopyController(seed)
    entry = seed.with_term("musegan")[0]
    QApplication.clipboard().setText("before")
    controller.copy_definition(entry)
    controller.copy_markdown(entry)
    assert QApplication.clipboard().text() == "before"
    with qtbot.waitSignal(controller.copied) as copied:
        controller.copy_term("musegan")
    assert copied.args == ["Copied \u201cmusegan\u201d"]
    assert QApplication.clipboard().text() == "musegan"


def test_controller_copies_the_three_formats_with_the_citation_setting(qtbot, seed):
    from glossapp.render.renderer import Renderer
    from glossapp.ui.window.copy import CopyController

    controller = CopyController(seed)
    renderer = Renderer(seed)
    controller.set_renderer(renderer)
    entry = seed.with_term("musegan")[0]
    with qtbot.waitSignal(controller.copied):
        controller.copy_definition(entry)
    data = clipboard_formats()
    assert set(data) >= THREE_FORMATS
    assert data["text/plain"] == renderer.plain_text(entry)
    controller.set_citation(True)
    controller.copy_plain_text(entry)
    assert QApplication.clipboard().text() == renderer.plain_text(entry, citation=True)


def test_controller_drag_of_an_unknown_id_carries_its_fallback_title(seed):
    from glossapp.render.renderer import Renderer
    from glossapp.ui.window.copy import CopyController

    titles = {"gone": "A missing entry"}
    controller = CopyController(seed, fallback_title=titles.get)
    controller.set_renderer(Renderer(seed))
    mime = controller.definition_mime(["gone"])
    assert mime.text() == "A missing entry" and not mime.hasHtml()


def test_ctrl_c_on_a_selection_in_the_dark_theme_copies_clean_html(qtbot, window):
    """Select the definition's text in the dark theme, press Ctrl+C: the HTML carries the
    whole-entry copy's dark-on-no-background styles and no internal links."""
    window.set_theme("dark")
    entry = window.library.with_term("multimodal fusion")[0]
    window.show_entry(entry.id)
    qtbot.waitUntil(window.is_settled)
    window.detail.setFocus()
    window.detail.selectAll()
    qtbot.keyClick(window.detail, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    data = QApplication.clipboard().mimeData()
    html = data.html()
    assert html and data.text().strip()
    assert "entry:" not in html
    assert "#1f2328" in html  # dark text
    assert "#e6edf3" not in html.lower()  # the dark theme's light text colour
    assert "bgcolor" not in html.lower()
    window.set_theme("light")
