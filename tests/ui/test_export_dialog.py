"""The export dialog and the controller the window's actions call, without a window."""

from __future__ import annotations

import zipfile
from dataclasses import replace

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from glossapp.bookmarks.model import Bookmark
from glossapp.render.renderer import Renderer
from glossapp.ui import export_dialog
from glossapp.ui.export_dialog import (
    DocumentsController,
    ExportDialog,
    ExportInputs,
    ExportSource,
    export_sources,
)
from tests.render.test_document import sample_library

pytestmark = pytest.mark.gui


@pytest.fixture
def loaded(tmp_path):
    return sample_library(tmp_path)


@pytest.fixture
def renderer(loaded):
    return Renderer(loaded)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def named(loaded, *terms):
    return [loaded.with_term(term)[0] for term in terms]


def bookmarked(loaded, tags_by_term):
    """(bookmark, entry) pairs as the store resolves them, with these tags."""
    pairs = []
    for term, tags in tags_by_term.items():
        entry = loaded.with_term(term)[0]
        pairs.append((_with_tags(Bookmark.for_entry(entry), tags), entry))
    return pairs


def _with_tags(bookmark, tags):
    return replace(bookmark, tags=tuple(tags))


def make_dialog(qtbot, renderer, sources, settings, tmp_path, **kwargs):
    dialog = ExportDialog(renderer, sources, settings=settings, **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def test_sources_offer_every_non_empty_set(loaded):
    pairs = bookmarked(loaded, {"alpha": ["Exam"], "beta": ["exam", "ch2"], "zeta function": []})
    missing = (_with_tags(Bookmark.for_entry(loaded.entries[0]), ["gone"]), None)
    sources = export_sources(
        bookmarks=[*pairs, missing],
        results=named(loaded, "beta"),
        selected=named(loaded, "alpha", "beta"),
        current=named(loaded, "zeta function")[0],
    )
    assert [(s.key, len(s)) for s in sources] == [
        ("selection", 2),
        ("entry", 1),
        ("bookmarks", 3),
        ("tag:ch2", 1),
        ("tag:exam", 2),
        ("results", 1),
    ]
    assert sources[4].label == "Bookmarks tagged “Exam” (2 entries)"
    assert export_sources() == []


def test_export_writes_the_chosen_set_and_remembers_the_choices(
    qtbot, renderer, loaded, settings, tmp_path
):
    sources = [
        ExportSource("results", "Results", named(loaded, "beta")),
        ExportSource("bookmarks", "Bookmarks", named(loaded, "zeta function", "alpha")),
    ]
    dialog = make_dialog(qtbot, renderer, sources, settings, tmp_path)
    dialog.source_box.setCurrentIndex(1)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("odt"))
    dialog.title_edit.setText("Exam terms")
    dialog.intro_edit.setPlainText("For chapter 2.")
    dialog.citation_box.setChecked(True)
    target = tmp_path / "exam.odt"
    dialog.path_edit.setText(str(target))
    assert not dialog.page_box.isEnabled()  # paper is for PDF only
    with qtbot.waitSignal(dialog.exported) as signal:
        assert dialog.export()
    assert signal.args == [str(target)]
    content = zipfile.ZipFile(target).read("content.xml").decode("utf-8")
    assert content.index("Exam terms") < content.index("Alpha") < content.index("Zeta function")
    assert "Beta is the second letter" not in content and "For chapter 2." in content

    again = make_dialog(qtbot, renderer, sources, settings, tmp_path)
    assert again.source.key == "bookmarks"
    assert again.format == "odt"
    assert again.title_edit.text() == "Exam terms"
    assert again.intro_edit.toPlainText() == "For chapter 2."
    assert again.citation_box.isChecked()
    assert again.path_edit.text() == str(tmp_path / "Exam terms.odt")
    # the group is the dialog's own
    assert settings.childGroups() == ["export"]


def test_changing_format_changes_the_extension(qtbot, renderer, loaded, settings, tmp_path):
    sources = [ExportSource("entry", "Alpha", named(loaded, "alpha"))]
    dialog = make_dialog(qtbot, renderer, sources, settings, tmp_path)
    dialog.path_edit.setText(str(tmp_path / "alpha.pdf"))
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("md"))
    assert dialog.path_edit.text() == str(tmp_path / "alpha.md")
    assert dialog.export()
    assert (tmp_path / "alpha.md").read_text(encoding="utf-8").startswith("# Glossary")


def test_an_unwritable_path_is_reported_and_writes_nothing(
    qtbot, renderer, loaded, settings, tmp_path
):
    sources = [ExportSource("entry", "Alpha", named(loaded, "alpha"))]
    dialog = make_dialog(qtbot, renderer, sources, settings, tmp_path)
    dialog.path_edit.setText(str(tmp_path / "missing" / "alpha.pdf"))
    assert not dialog.export()
    assert "does not exist" in dialog.status.text()
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    dialog.path_edit.setText(str(blocker / "alpha.pdf"))
    assert not dialog.export()
    assert dialog.status.text().startswith("Cannot write")
    assert dialog.isEnabled() and dialog.export_button.isEnabled()
    assert not settings.childGroups()  # nothing remembered from a failed export


def test_large_sets_show_progress_and_cancel_writes_nothing(
    qtbot, renderer, loaded, settings, tmp_path, monkeypatch
):
    many = list(loaded.entries)  # four entries: the threshold lowered to count as large
    monkeypatch.setattr(export_dialog, "PROGRESS_FROM", 2)
    dialog = make_dialog(
        qtbot, renderer, [ExportSource("results", "All", many)], settings, tmp_path
    )
    target = tmp_path / "all.pdf"
    dialog.path_edit.setText(str(target))
    seen = []

    def progress(done, total):
        seen.append(
            (done, total, dialog.progress.isVisible() or dialog.progress.isVisibleTo(dialog))
        )
        if len(seen) == 2:
            dialog.reject()  # Cancel while running: stop, do not close

    monkeypatch.setattr(dialog, "_progress", progress)
    dialog.show()
    assert not dialog.export()
    assert seen and all(visible for *_, visible in seen)
    assert dialog.status.text() == "Export cancelled; nothing was written."
    assert dialog.isVisible() and not target.exists()
    assert list(tmp_path.glob(".all.pdf*")) == []
    dialog.reject()
    assert not dialog.isVisible()


def test_no_sources_disables_export(qtbot, renderer, settings, tmp_path):
    dialog = make_dialog(qtbot, renderer, [], settings, tmp_path)
    assert not dialog.export_button.isEnabled()
    assert dialog.status.text().startswith("Nothing to export")


def controller(qtbot, renderer, loaded, settings, **overrides):
    parent = QWidget()
    qtbot.addWidget(parent)
    inputs = ExportInputs(
        renderer=lambda: renderer,
        current_entry=lambda: overrides.get("current"),
        bookmarks=lambda: overrides.get("bookmarks", []),
        results=lambda: overrides.get("results", []),
        selected=lambda: overrides.get("selected", []),
    )
    messages = []
    made = DocumentsController(inputs, parent, settings, message=messages.append)
    shown = []
    made.run_dialog = shown.append
    return made, shown, messages


def test_print_current_previews_the_entry_on_show(qtbot, renderer, loaded, settings):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    alpha = named(loaded, "alpha")[0]
    made, shown, messages = controller(qtbot, renderer, loaded, settings, current=alpha)
    made.print_current()
    assert len(shown) == 1 and isinstance(shown[0], QPrintPreviewDialog)
    assert shown[0].windowTitle() == "Print Preview — Alpha"


def test_print_bookmarks_and_nothing_to_print(qtbot, renderer, loaded, settings):
    made, shown, messages = controller(qtbot, renderer, loaded, settings)
    made.print_bookmarks()
    made.print_current()
    assert shown == [] and messages == ["No bookmarks to print.", "No entry on show to print."]
    pairs = bookmarked(loaded, {"beta": [], "alpha": []})
    made, shown, _ = controller(qtbot, renderer, loaded, settings, bookmarks=pairs)
    made.print_bookmarks()
    assert shown[0].windowTitle() == "Print Preview — Bookmarks"


def test_export_opens_on_the_selection_when_rows_are_selected(qtbot, renderer, loaded, settings):
    rows = named(loaded, "beta", "alpha")
    made, shown, _ = controller(
        qtbot, renderer, loaded, settings, selected=rows, results=list(loaded.entries)
    )
    dialog = made.export()
    assert shown == [dialog] and dialog.source.key == "selection"
    dialog = made.export_bookmarks()  # no bookmarks: the first set offered instead
    assert dialog.source.key == "selection"


def test_no_renderer_yet_is_a_message(qtbot, loaded, settings):
    made, shown, messages = controller(qtbot, None, loaded, settings, current=loaded.entries[0])
    made.inputs.renderer = lambda: None
    assert made.export() is None
    made.print_current()
    assert shown == [] and messages[0].startswith("The library is still loading")
