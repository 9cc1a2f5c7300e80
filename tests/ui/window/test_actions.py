"""The action table: every action reachable from its menu, keys as before and each bound once."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from glossapp.glossary import library
from glossapp.ui.window import actions as table
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.gui

# The menus as the window had them before the table: titles, texts and separators ("-").
MENUS = {
    "&File": [
        "Add Glossary &File…",
        "Add Glossary F&older…",
        "&Remove Glossary…",
        "-",
        "Re&load Glossaries",
        "Glossary &Problems…",
        "-",
        "&Print…",
        "&Export…",
        "-",
        "&Quit",
    ],
    "&Edit": [
        "&Copy",
        "-",
        "Copy &Definition",
        "Copy as &Markdown",
        "Copy as &Plain Text",
        "Copy &Term",
        "Include &Citation When Copying",
        "-",
        "&Search Terms",
        "&Find in Definition…",
        "-",
        "&Preferences",
    ],
    "&Edit/&Preferences": ["&Look Up Copied Terms", "&Keep in Tray When Closed"],
    "&View": ["Zoom &In", "Zoom &Out", "&Actual Size", "-", "&Theme"],
    "&View/&Theme": ["Follow &System", "Light", "Dark"],
    "&Go": ["&Back", "&Forward"],
    "&Bookmarks": [
        "&Bookmark This Entry",
        "Show &Bookmarks",
        "Edit &Note…",
        "Edit &Tags…",
        "-",
        "&Export Bookmarks…",
        "&Print Bookmarks…",
        "&Import Bookmarks…",
    ],
    "&Help": ["&About Glossapp"],
}
TOOLBAR = [
    "&Back",
    "&Forward",
    "-",
    "Zoom &Out",
    "Zoom &In",
    "-",
    "&Bookmark This Entry",
    "Copy &Definition",
]
# Keys as the window bound them before the table, standard keys by name.
SHORTCUTS = {
    "edit.find": ["Ctrl+L"],  # the search box; Ctrl+F is find in page, as in a browser
    "edit.find_in_page": [QKeySequence.StandardKey.Find, "Ctrl+F"],
    "go.back": ["Alt+Left", QKeySequence.StandardKey.Back],
    "go.forward": ["Alt+Right", QKeySequence.StandardKey.Forward],
    "view.zoom_in": [QKeySequence.StandardKey.ZoomIn, "Ctrl+="],
    "view.zoom_out": [QKeySequence.StandardKey.ZoomOut],
    "view.zoom_reset": ["Ctrl+0"],
    "file.quit": ["Ctrl+Q"],
    "file.add_file": [QKeySequence.StandardKey.Open],
    "file.reload": [QKeySequence.StandardKey.Refresh],
    "edit.copy": [QKeySequence.StandardKey.Copy],
    "bookmarks.toggle": ["Ctrl+D"],
    "bookmarks.show": ["Ctrl+B"],
    "edit.copy_definition": ["Ctrl+Shift+C"],
    "file.print": [QKeySequence.StandardKey.Print],
    "file.export": ["Ctrl+E"],
}


@pytest.fixture
def bare_window(qtbot):
    """A window as constructed, before `finish_startup`: the table is built by then."""
    from glossapp.ui.window.main_window import MainWindow

    window = MainWindow(library.load([SEED_FILE]), glossaries=[str(SEED_FILE)])
    qtbot.addWidget(window)
    return window


def texts(menu: QMenu) -> list[str]:
    return ["-" if a.isSeparator() else a.text() for a in menu.actions()]


def test_ids_are_unique():
    ids = [spec.id for spec in table.ACTIONS]
    assert len(ids) == len(set(ids))


def test_menus_and_toolbar_are_as_before(bare_window):
    assert [a.text() for a in bare_window.menuBar().actions()] == [
        path for path in MENUS if "/" not in path
    ]
    assert {path: texts(menu) for path, menu in bare_window.menus.items()} == MENUS
    assert ["-" if a.isSeparator() else a.text() for a in bare_window.toolbar.actions()] == TOOLBAR


def test_every_action_is_reachable_from_its_menu(bare_window):
    for spec in table.ACTIONS:
        action = bare_window.action(spec.id)
        assert spec.menu, f"{spec.id} is in no menu"
        assert action in bare_window.menus[spec.menu].actions(), spec.id
        assert action.text() == spec.text


def test_every_menu_item_comes_from_the_table(bare_window):
    from_table = set(bare_window.actions_by_id.values())
    for menu in bare_window.menus.values():
        for action in menu.actions():
            if not action.isSeparator() and action.menu() is None:
                assert action in from_table, action.text()


def test_keys_are_as_before(bare_window):
    bound = {
        spec.id: [s.toString() for s in bare_window.action(spec.id).shortcuts()]
        for spec in table.ACTIONS
        if spec.shortcuts
    }
    expected = {}
    for action_id, keys in SHORTCUTS.items():
        sequences = [QKeySequence(key).toString() for key in keys]
        expected[action_id] = [s for i, s in enumerate(sequences) if s and s not in sequences[:i]]
    assert bound == expected


def test_no_key_is_bound_twice(bare_window):
    seen: dict[str, str] = {}
    for spec in table.ACTIONS:
        for sequence in bare_window.action(spec.id).shortcuts():
            key = sequence.toString()
            assert key not in seen, f"{key} is bound to both {seen[key]} and {spec.id}"
            seen[key] = spec.id


def test_shortcuts_belong_to_the_window_or_the_named_widget(bare_window):
    for spec in table.ACTIONS:
        action = bare_window.action(spec.id)
        owner = getattr(bare_window, spec.widget) if spec.widget else bare_window
        assert action in owner.actions(), spec.id
        if spec.widget:
            assert action not in bare_window.actions(), spec.id


def test_enabled_when_follows_the_conditions(bare_window):
    conditions = {spec.enabled_when for spec in table.ACTIONS if spec.enabled_when}
    table.apply_enabled(bare_window.actions_by_id, dict.fromkeys(conditions, False))
    for spec in table.ACTIONS:
        assert bare_window.action(spec.id).isEnabled() is not bool(spec.enabled_when), spec.id
    table.apply_enabled(bare_window.actions_by_id, dict.fromkeys(conditions, True))
    assert all(action.isEnabled() for action in bare_window.actions_by_id.values())
    with pytest.raises(KeyError):
        table.apply_enabled(bare_window.actions_by_id, {})


def test_theme_actions_are_exclusive_and_checked_by_the_theme(bare_window):
    bare_window.action("view.theme.dark").trigger()
    assert bare_window.state.theme == "dark"
    checked = [
        spec.id
        for spec in table.ACTIONS
        if spec.group == "theme" and bare_window.action(spec.id).isChecked()
    ]
    assert checked == ["view.theme.dark"]
    bare_window.action("view.theme.light").trigger()
    assert not bare_window.action("view.theme.dark").isChecked()


def test_a_handler_the_window_lacks_fails_when_built(qtbot):
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    with pytest.raises(AttributeError):
        table.build_actions(widget, [table.ActionSpec("x.y", "&X", "no_such_handler")])
