"""LibraryController on its own: a library, the list it came from, and a parent for dialogs."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from glossapp.glossary import library
from glossapp.glossary.library import SourceList
from glossapp.ui.window.library import LibraryController

pytestmark = pytest.mark.gui


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def controller_for(parent, *files) -> LibraryController:
    glossaries = [str(path) for path in files]
    return LibraryController(library.load(glossaries), glossaries, parent, load=library.load)


def test_a_changed_file_reloads_and_the_new_library_is_sent(qtbot, parent, tmp_path):
    glossary = tmp_path / "mine.txt"
    glossary.write_text("alpha, cat\nFirst body\n", encoding="utf-8")
    controller = controller_for(parent, glossary)
    assert [e.term for e in controller.library.entries] == ["alpha"]
    with qtbot.waitSignal(controller.reloaded, timeout=10_000) as reloaded:
        glossary.write_text("alpha, cat\nFirst body\nbeta, cat\nSecond body\n", encoding="utf-8")
    assert reloaded.args[0] is controller.library
    assert sorted(e.term for e in controller.library.entries) == ["alpha", "beta"]


def test_sources_are_added_remembered_and_removed(qtbot, parent, tmp_path):
    first, extra = tmp_path / "first.txt", tmp_path / "extra.txt"
    first.write_text("alpha, cat\nFirst body\n", encoding="utf-8")
    extra.write_text("zeta function, math\nA special function.\n", encoding="utf-8")
    controller = controller_for(parent, first)
    messages = []
    controller.message.connect(lambda text, _ms: messages.append(text))
    with qtbot.waitSignal(controller.reloaded):
        controller.add_source(str(extra))
    assert "zeta function" in {e.term for e in controller.library.entries}
    assert extra.resolve() in SourceList().user_sources()
    assert messages[-1] == f"Added {extra}"
    with qtbot.waitSignal(controller.reloaded):
        controller.remove_source(str(extra))
    assert "zeta function" not in {e.term for e in controller.library.entries}
    assert extra.resolve() not in SourceList().user_sources()


def test_problems_are_reported_after_each_reload(parent, tmp_path):
    glossary = tmp_path / "odd.txt"
    glossary.write_bytes(b"alpha, cat\nbad \xff byte\n")
    controller = controller_for(parent, glossary)
    messages = []
    controller.message.connect(lambda text, _ms: messages.append(text))
    controller.reload()
    assert messages == ["1 problem in 1 glossary file (File \u25b8 Glossary Problems)"]


def test_about_names_every_glossary_with_its_count(parent, tmp_path):
    glossary = tmp_path / "mine.txt"
    glossary.write_text("alpha, cat\nFirst body\nbeta, cat\nSecond\n", encoding="utf-8")
    html = controller_for(parent, glossary).about_html()
    assert "mine" in html and ">&nbsp;2<" in html
