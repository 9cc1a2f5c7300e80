"""The main window's actions, menus, toolbar and shortcuts, declared once as data.

Each `ActionSpec` names what the user sees (text, keys, menu, icon) and what runs
(`handler`, an attribute path on the window such as ``"library_controller.reload"``, called with
`argument` when one is given). `build_actions`, `build_menus` and `build_toolbar` make
the Qt objects from the table; `apply_enabled` keeps each action's `enabled_when`
condition true to the window's state. Nothing else creates a window action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from glossapp.ui.settings import THEME_CHOICES

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

StandardKey = QKeySequence.StandardKey
Key = StandardKey | str


@dataclass(frozen=True)
class ActionSpec:
    """One action. `menu` is a path of menu titles ("&View/&Theme"); within a menu a new
    `section` starts after a separator. `group` makes checkable actions exclusive;
    `widget` names the window attribute whose focus the shortcut needs (else the window);
    `enabled_when` names a condition given to `apply_enabled` (else always enabled).
    The handler is called with `argument` if there is one, else with the new checked
    state if `sends_checked`, else with nothing; only the user's trigger calls it, not
    `setChecked`."""

    id: str
    text: str
    handler: str
    shortcuts: tuple[Key, ...] = ()
    menu: str = ""
    section: str = ""
    tip: str = ""
    icon: str = ""
    icon_text: str = ""
    checkable: bool = False
    sends_checked: bool = False
    group: str = ""
    argument: str | None = None
    widget: str = ""
    enabled_when: str = ""


def _theme_text(name: str) -> str:
    return "Follow &System" if name == "system" else name.capitalize()


ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec(
        "file.add_file",
        "Add Glossary &File…",
        "library_controller.add_file",
        (StandardKey.Open,),
        menu="&File",
        section="sources",
    ),
    ActionSpec(
        "file.add_folder",
        "Add Glossary F&older…",
        "library_controller.add_folder",
        menu="&File",
        section="sources",
    ),
    ActionSpec(
        "file.remove",
        "&Remove Glossary…",
        "library_controller.remove",
        menu="&File",
        section="sources",
    ),
    ActionSpec(
        "file.reload",
        "Re&load Glossaries",
        "library_controller.reload",
        (StandardKey.Refresh,),
        menu="&File",
        section="library",
    ),
    ActionSpec(
        "file.problems",
        "Glossary &Problems…",
        "library_controller.show_problems",
        menu="&File",
        section="library",
    ),
    ActionSpec(
        "file.print",
        "&Print…",
        "print_shown",
        (StandardKey.Print,),
        menu="&File",
        section="documents",
        tip="Print the definition on show (or the selected rows), with a preview",
        enabled_when="entry_shown",
    ),
    ActionSpec(
        "file.export",
        "&Export…",
        "export_entries",
        ("Ctrl+E",),
        menu="&File",
        section="documents",
        tip="Export entries as a PDF, ODT, HTML or Markdown document",
    ),
    ActionSpec("file.quit", "&Quit", "close", ("Ctrl+Q",), menu="&File", section="quit"),
    # Edit
    ActionSpec(
        "edit.copy",
        "&Copy",
        "detail.copy",
        (StandardKey.Copy,),
        menu="&Edit",
        section="selection",
        widget="detail",
    ),
    ActionSpec(
        "edit.copy_definition",
        "Copy &Definition",
        "copy_shown_definition",
        ("Ctrl+Shift+C",),
        menu="&Edit",
        section="copy",
        tip="Copy the definition with its formatting (HTML, plain text and Markdown)",
        icon="copy",
        icon_text="Copy Definition",
        enabled_when="entry_shown",
    ),
    ActionSpec(
        "edit.copy_markdown",
        "Copy as &Markdown",
        "copy_shown_markdown",
        menu="&Edit",
        section="copy",
        enabled_when="entry_shown",
    ),
    ActionSpec(
        "edit.copy_plain",
        "Copy as &Plain Text",
        "copy_shown_plain_text",
        menu="&Edit",
        section="copy",
        enabled_when="entry_shown",
    ),
    ActionSpec(
        "edit.copy_term",
        "Copy &Term",
        "copy_shown_term",
        menu="&Edit",
        section="copy",
        enabled_when="title_in_view",
    ),
    ActionSpec(
        "edit.copy_citation",
        "Include &Citation When Copying",
        "set_copy_citation",
        menu="&Edit",
        section="copy",
        tip="End copied definitions with a line naming the entry and its glossary",
        checkable=True,
        sends_checked=True,
    ),
    ActionSpec(
        "edit.find",
        "&Search Terms",
        "focus_search",
        ("Ctrl+L",),
        menu="&Edit",
        section="find",
        tip="Focus the search box",
    ),
    ActionSpec(
        "edit.find_in_page",
        "&Find in Definition…",
        "show_find_bar",
        (StandardKey.Find, "Ctrl+F"),
        menu="&Edit",
        section="find",
        tip="Find text in the definition on show",
    ),
    ActionSpec(
        "edit.prefs.watch_clipboard",
        "&Look Up Copied Terms",
        "set_watch_clipboard",
        menu="&Edit/&Preferences",
        section="preferences",
        tip="Show the lookup popup when you copy a short text that names an entry",
        checkable=True,
        sends_checked=True,
    ),
    ActionSpec(
        "edit.prefs.keep_in_tray",
        "&Keep in Tray When Closed",
        "set_keep_in_tray",
        menu="&Edit/&Preferences",
        section="preferences",
        tip="Closing the window leaves the app running in the tray",
        checkable=True,
        sends_checked=True,
        enabled_when="has_tray",
    ),
    # View
    ActionSpec(
        "view.zoom_in",
        "Zoom &In",
        "zoom_in",
        (StandardKey.ZoomIn, "Ctrl+="),
        menu="&View",
        section="zoom",
    ),
    ActionSpec(
        "view.zoom_out",
        "Zoom &Out",
        "zoom_out",
        (StandardKey.ZoomOut,),
        menu="&View",
        section="zoom",
    ),
    ActionSpec(
        "view.zoom_reset", "&Actual Size", "zoom_reset", ("Ctrl+0",), menu="&View", section="zoom"
    ),
    *(
        ActionSpec(
            f"view.theme.{name}",
            _theme_text(name),
            "set_theme",
            menu="&View/&Theme",
            section="theme",
            checkable=True,
            group="theme",
            argument=name,
        )
        for name in THEME_CHOICES
    ),
    # Go
    ActionSpec(
        "go.back",
        "&Back",
        "go_back",
        ("Alt+Left", StandardKey.Back),
        menu="&Go",
        icon="back",
        enabled_when="can_go_back",
    ),
    ActionSpec(
        "go.forward",
        "&Forward",
        "go_forward",
        ("Alt+Right", StandardKey.Forward),
        menu="&Go",
        icon="forward",
        enabled_when="can_go_forward",
    ),
    # Bookmarks
    ActionSpec(
        "bookmarks.toggle",
        "&Bookmark This Entry",
        "toggle_bookmark",
        ("Ctrl+D",),
        menu="&Bookmarks",
        section="entry",
        tip="Add or remove a bookmark for the definition on show",
        icon="star",
        icon_text="Bookmark",
        checkable=True,
        enabled_when="can_toggle_bookmark",
    ),
    ActionSpec(
        "bookmarks.show",
        "Show &Bookmarks",
        "show_bookmarks_tab",
        ("Ctrl+B",),
        menu="&Bookmarks",
        section="entry",
    ),
    ActionSpec(
        "bookmarks.edit_note",
        "Edit &Note…",
        "edit_note_in_focus",
        menu="&Bookmarks",
        section="entry",
        enabled_when="has_bookmarks",
    ),
    ActionSpec(
        "bookmarks.edit_tags",
        "Edit &Tags…",
        "edit_tags_in_focus",
        menu="&Bookmarks",
        section="entry",
        enabled_when="has_bookmarks",
    ),
    ActionSpec(
        "bookmarks.export",
        "&Export Bookmarks…",
        "bookmarks_controller.export",
        menu="&Bookmarks",
        section="files",
        enabled_when="has_bookmarks",
    ),
    ActionSpec(
        "bookmarks.print",
        "&Print Bookmarks…",
        "print_bookmarks",
        menu="&Bookmarks",
        section="files",
        tip="Print every bookmarked entry, sorted by term, with a preview",
        enabled_when="has_bookmarks",
    ),
    ActionSpec(
        "bookmarks.import",
        "&Import Bookmarks…",
        "bookmarks_controller.import_",
        menu="&Bookmarks",
        section="files",
    ),
    # Help
    ActionSpec("help.about", "&About Glossapp", "library_controller.show_about", menu="&Help"),
)

# The toolbar, left to right; None is a separator.
TOOLBAR: tuple[str | None, ...] = (
    "go.back",
    "go.forward",
    None,
    "view.zoom_out",
    "view.zoom_in",
    None,
    "bookmarks.toggle",
    "edit.copy_definition",
)

SPECS: dict[str, ActionSpec] = {spec.id: spec for spec in ACTIONS}


def key_sequences(spec: ActionSpec) -> list[QKeySequence]:
    """The spec's keys as sequences, each once: a platform's standard key often repeats
    ours (Back is Alt+Left on Linux), and Qt treats a sequence an action holds twice as
    ambiguous and fires nothing."""
    unique: dict[str, QKeySequence] = {}
    for key in spec.shortcuts:
        sequence = QKeySequence(key)  # a standard key: its platform's first binding
        if not sequence.isEmpty():
            unique.setdefault(sequence.toString(), sequence)
    return list(unique.values())


def build_actions(window: QWidget, specs: Iterable[ActionSpec] = ACTIONS) -> dict[str, QAction]:
    """One QAction per spec, owned by and added to `window` (or its `widget`), its
    handler resolved on `window` now: a missing handler fails here, not on a click."""
    actions: dict[str, QAction] = {}
    groups: dict[str, QActionGroup] = {}
    for spec in specs:
        action = QAction(spec.text, window)
        action.setObjectName(spec.id)
        action.setShortcuts(key_sequences(spec))
        if spec.tip:
            action.setStatusTip(spec.tip)
        if spec.icon_text:
            action.setIconText(spec.icon_text)
        action.setCheckable(spec.checkable)
        if spec.argument is not None:
            action.setData(spec.argument)
        if spec.group:
            if spec.group not in groups:
                groups[spec.group] = QActionGroup(window)
            groups[spec.group].addAction(action)
        _connect(action, spec, attrgetter(spec.handler)(window))
        owner: QWidget = getattr(window, spec.widget) if spec.widget else window
        if spec.widget:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        owner.addAction(action)
        actions[spec.id] = action
    return actions


def _connect(action: QAction, spec: ActionSpec, handler: Callable[..., object]) -> None:
    argument = spec.argument
    if argument is not None:
        action.triggered.connect(lambda _checked=False: handler(argument))
    elif spec.sends_checked:
        action.triggered.connect(lambda checked=False: handler(checked))
    else:
        action.triggered.connect(lambda _checked=False: handler())


def build_menus(
    menu_bar: QMenuBar, actions: Mapping[str, QAction], specs: Iterable[ActionSpec] = ACTIONS
) -> dict[str, QMenu]:
    """The menus in order of first mention, each path's actions in table order; returns
    every menu by its path ("&View/&Theme")."""
    menus: dict[str, QMenu] = {}
    last_section: dict[str, str] = {}

    def menu_at(path: str, section: str) -> QMenu:
        if path in menus:
            return menus[path]
        parent_path, _, title = path.rpartition("/")
        if parent_path:
            parent = menu_at(parent_path, section)
            _separate(parent, parent_path, section, last_section)
            menus[path] = parent.addMenu(title)
        else:
            menus[path] = menu_bar.addMenu(title)
        return menus[path]

    for spec in specs:
        if not spec.menu:
            continue
        menu = menu_at(spec.menu, spec.section)
        _separate(menu, spec.menu, spec.section, last_section)
        menu.addAction(actions[spec.id])
    return menus


def _separate(menu: QMenu, path: str, section: str, last_section: dict[str, str]) -> None:
    if path in last_section and last_section[path] != section:
        menu.addSeparator()
    last_section[path] = section


def build_toolbar(
    toolbar: QToolBar, actions: Mapping[str, QAction], layout: Iterable[str | None] = TOOLBAR
) -> None:
    for action_id in layout:
        if action_id is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(actions[action_id])


def apply_enabled(
    actions: Mapping[str, QAction],
    conditions: Mapping[str, bool],
    specs: Iterable[ActionSpec] = ACTIONS,
) -> None:
    """Enable each action whose `enabled_when` holds; an unknown condition is an error."""
    for spec in specs:
        if spec.enabled_when:
            actions[spec.id].setEnabled(conditions[spec.enabled_when])
