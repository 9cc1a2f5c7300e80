"""Light and dark themes for the whole window; 'system' follows the platform's scheme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


def resolve(theme: str, app: QApplication) -> str:
    """'system' becomes 'light' or 'dark' according to the platform."""
    if theme in ("light", "dark"):
        return theme
    return "dark" if app.styleHints().colorScheme() == Qt.ColorScheme.Dark else "light"


def _dark_palette() -> QPalette:
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#23262b",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1b1d21",
        QPalette.ColorRole.AlternateBase: "#272a30",
        QPalette.ColorRole.ToolTipBase: "#2c3036",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8b929c",
        QPalette.ColorRole.Button: "#2c3036",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Highlight: "#3d6fb6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7fb0ff",
        QPalette.ColorRole.LinkVisited: "#b48ef0",
        QPalette.ColorRole.Mid: "#3a3f46",
        QPalette.ColorRole.Dark: "#15171a",
        QPalette.ColorRole.Light: "#3a3f46",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7078"))
    return palette


def apply(theme: str, app: QApplication) -> str:
    """Apply the palette for `theme` and return the resolved 'light' or 'dark'.

    An empty palette gives back the style's own. The style itself (Fusion, which suits
    both palettes) is chosen when the application is made: changing it here would hand
    Python a `QStyle`, whose enum types the first frame does not otherwise build.
    """
    resolved = resolve(theme, app)
    app.setPalette(_dark_palette() if resolved == "dark" else QPalette())
    return resolved
