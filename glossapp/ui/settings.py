"""The window's remembered state as one typed object over an INI file in the config dir."""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import QByteArray, QSettings

from glossapp.render.themes import THEMES
from glossapp.util import paths

THEME_CHOICES = ("system", *THEMES)
SETTINGS_VERSION = 1


@dataclass
class WindowState:
    geometry: QByteArray | None = None
    window_state: QByteArray | None = None
    splitter: QByteArray | None = None
    last_entry: str = ""
    zoom: int = 0
    theme: str = "system"
    category: str = ""
    copy_citation: bool = False
    sidebar_tab: int = 0
    bookmark_order: str = "newest"
    keep_in_tray: bool = False
    watch_clipboard: bool = False


class Settings:
    """Load, save and migrate `WindowState`; unknown or damaged values fall back to defaults."""

    def __init__(self, path=None) -> None:
        self.path = path or paths.config_dir() / "settings.ini"
        self._qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def load(self) -> WindowState:
        state = WindowState()
        store = self._qsettings
        for field in fields(WindowState):
            if not store.contains(field.name):
                continue
            value = store.value(field.name)
            default = getattr(state, field.name)
            try:
                if isinstance(default, bool):
                    value = value in (True, "true", "1", 1)
                elif isinstance(default, int):
                    value = int(value)
                elif isinstance(default, str):
                    value = str(value)
                elif not isinstance(value, QByteArray):
                    continue
            except (TypeError, ValueError):
                continue
            setattr(state, field.name, value)
        if state.theme not in THEME_CHOICES:
            state.theme = "system"
        state.zoom = max(-8, min(state.zoom, 20))
        return state

    def save(self, state: WindowState) -> None:
        store = self._qsettings
        store.setValue("version", SETTINGS_VERSION)
        for field in fields(WindowState):
            value = getattr(state, field.name)
            if value is None:
                store.remove(field.name)
            else:
                store.setValue(field.name, value)
        store.sync()
