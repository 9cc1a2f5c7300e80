"""Drive the main window as a user would: type, pick with the keyboard, read, follow, go back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtWidgets import QApplication

from glossapp.bookmarks.store import DB_NAME, BookmarkStore
from glossapp.ui.models import EntryIdRole
from glossapp.util import paths

pytestmark = pytest.mark.gui


def titles(window) -> list[str]:
    model = window.model
    return [model.data(model.index(row)) for row in range(model.rowCount())]


def type_query(qtbot, window, text: str) -> None:
    """Type like a user and wait for the full-text answer to replace the name matches."""
    window.search_box.clear()
    with qtbot.waitSignal(
        window.resultsUpdated, timeout=10_000, check_params_cb=lambda q: q == text.strip()
    ):
        qtbot.keyClicks(window.search_box, text)
    qtbot.waitUntil(window.is_settled, timeout=10_000)


def test_empty_query_lists_every_term_a_to_z(window):
    shown = titles(window)
    assert len(shown) == 46  # 50 entries, one row per name
    assert shown == sorted(shown, key=str.casefold)
    assert "50 entries" in window.entries_label.text()


def test_model_passes_qtmodeltester(window, qtmodeltester):
    qtmodeltester.check(window.model)


def test_typing_filters_then_full_text_joins(qtbot, window):
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "multir")
    # the name tier answers synchronously, on the keystroke itself
    assert titles(window)[0].lower().startswith("multirc")
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    assert all("multirc" in t.lower() for t in titles(window)[:2])
    type_query(qtbot, window, "leakage threshold voltage")
    assert titles(window), "full-text search found nothing"
    assert any("vt" in t.lower() for t in titles(window)[:3])
    assert window.results_label.text().endswith("results") or window.results_label.text().endswith(
        "result"
    )


def test_keyboard_pick_and_read_detail(qtbot, window):
    type_query(qtbot, window, "musegan")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # the top result, selected
    assert window.current_entry().term == "musegan"
    assert "MuseGAN" in window.detail.toPlainText()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Up)
    assert window.current_entry().term == "musegan"
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == ""
    assert len(titles(window)) == 46


def test_enter_opens_first_result(qtbot, window):
    type_query(qtbot, window, "museformer")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.current_entry().term == "museformer"


def _first_internal_link(window) -> str | None:
    document = window.detail.document()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            href = fragment.charFormat().anchorHref()
            if href.startswith("entry:"):
                return href
            iterator += 1
        block = block.next()
    return None


def test_follow_cross_link_and_go_back_and_forward(qtbot, window):
    start = None
    for entry in window.library.entries:
        window.show_entry(entry.id)
        if _first_internal_link(window):
            start = entry
            break
    assert start is not None, "no seed entry links to another"
    href = _first_internal_link(window)
    window.detail.anchorClicked.emit(QUrl(href))
    target = window.current_entry()
    assert target.id != start.id
    assert target.id == href.split(":", 1)[1]
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_entry().id == start.id
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.current_entry().id == target.id


def test_external_links_open_only_http_https_mailto(window):
    opened = []
    window.detail.open_external = opened.append
    for url in (
        "https://example.com",
        "mailto:a@b.c",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://x",
    ):
        window.detail.anchorClicked.emit(QUrl(url))
    assert [u.toString() for u in opened] == ["https://example.com", "mailto:a@b.c"]


def test_category_filter(qtbot, window):
    box = window.category_box
    index = next(i for i in range(box.count()) if box.itemData(i) == "audio & speech")
    assert "(3)" in box.itemText(index) or "(" in box.itemText(index)
    box.setCurrentIndex(index)
    model = window.model
    categories = {
        window.library.get(model.data(model.index(r), EntryIdRole)).category
        for r in range(model.rowCount())
    }
    assert categories == {"audio & speech"}
    type_query(qtbot, window, "music")
    for row in range(model.rowCount()):
        assert (
            window.library.get(model.data(model.index(row), EntryIdRole)).category
            == "audio & speech"
        )


def test_did_you_mean_is_clickable(qtbot, window):
    type_query(qtbot, window, "calibraton xyzzyq")
    if window.model.rowCount() == 0:
        assert "No results" in window.suggestion_label.text()
    type_query(qtbot, window, "multimodel")
    label = window.suggestion_label
    assert label.isVisible()
    assert "Did you mean" in label.text()
    suggestion = label.text().split('href="')[1].split('"')[0]
    label.linkActivated.emit(suggestion)
    assert window.search_box.text() == suggestion


def test_zoom_shortcuts(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.detail.zoom_steps == 1
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.detail.zoom_steps == -1
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.detail.zoom_steps == 0


def test_ctrl_l_focuses_search(qtbot, window):
    window.activateWindow()
    qtbot.waitActive(window)
    window.list_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()


def test_state_restored_after_restart(qtbot, make_window):
    first = make_window()
    entry = first.library.with_term("multinli")[0]
    first.show_entry(entry.id)
    first.set_zoom(3)
    first.set_theme("dark")
    first.splitter.setSizes([420, 600])
    box = first.category_box
    first.category_box.setCurrentIndex(box.findData("evaluation"))
    first.close()

    second = make_window()
    assert second.current_entry().id == entry.id
    assert second.detail.zoom_steps == 3
    assert second.state.theme == "dark"
    assert second.category == "evaluation"
    assert abs(second.splitter.sizes()[0] - 420) < 40
    second.set_theme("light")


def test_about_lists_sources_with_counts(window):
    html = window.library_controller.about_html()
    assert "ai-semiconductor-glossary" in html and "50" in html


def test_duplicate_terms_are_distinguishable(window):
    ids = [e.id for e in window.library.with_term("multivariate analysis")]
    texts = []
    for entry_id in ids:
        window.show_entry(entry_id)
        texts.append(window.detail.toPlainText())
    assert "data analysis" in texts[0] and "manufacturing operations" in texts[1]


def test_changed_file_on_disk_is_reloaded(qtbot, make_window, tmp_path):
    glossary = tmp_path / "mine.txt"
    glossary.write_text("alpha, cat\nFirst body\n", encoding="utf-8")
    window = make_window([glossary])
    assert titles(window) == ["alpha"]
    with qtbot.waitSignal(window.libraryReloaded, timeout=10_000):
        glossary.write_text("alpha, cat\nFirst body\nbeta, cat\nSecond body\n", encoding="utf-8")
    assert titles(window) == ["alpha", "beta"]
    qtbot.waitUntil(window.is_settled, timeout=30_000)
    type_query(qtbot, window, "second")
    assert "beta" in titles(window)


def test_entry_opened_during_start_up_shows_once_the_renderer_is_ready(qtbot, make_window):
    window = make_window(wait_for_index=False)
    entry = window.library.with_term("musenet")[0]
    window.show_entry(entry.id)
    qtbot.waitUntil(window.is_settled, timeout=60_000)
    assert window.current_entry().id == entry.id
    assert "MuseNet" in window.detail.toPlainText()


def test_mouse_back_and_forward_buttons(qtbot, window):
    first, second = window.library.entries[:2]
    window.show_entry(first.id)
    window.show_entry(second.id)
    qtbot.mouseClick(window.detail.viewport(), Qt.MouseButton.BackButton)
    assert window.current_entry().id == first.id
    qtbot.mouseClick(window.list_view.viewport(), Qt.MouseButton.ForwardButton)
    assert window.current_entry().id == second.id


def test_added_glossary_is_loaded_remembered_and_removable(qtbot, window, tmp_path):
    from glossapp.glossary.library import SourceList

    extra = tmp_path / "extra.txt"
    extra.write_text("zeta function, math\nA **special** function.\n", encoding="utf-8")
    with qtbot.waitSignal(window.libraryReloaded, timeout=10_000):
        window.library_controller.add_source(str(extra))
    assert "zeta function" in titles(window)
    assert "extra" in window.library_controller.about_html()
    assert extra.resolve() in SourceList().user_sources()
    with qtbot.waitSignal(window.libraryReloaded, timeout=10_000):
        window.library_controller.remove_source(str(extra))
    assert extra.resolve() not in SourceList().user_sources()
    assert "zeta function" not in titles(window)


def test_toolbar_icons_are_painted(window):
    for action in window.toolbar.actions():
        if not action.isSeparator() and action not in (
            window.action("view.zoom_in"),
            window.action("view.zoom_out"),
        ):
            assert not action.icon().isNull(), action.text()


def test_activating_the_window_rereads_bookmarks(qtbot, window):
    window.bookmarks_controller.stop_polling()  # only the activation may bring the change in
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
    window.bookmarks_controller.set_bookmarked(first, True)
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
