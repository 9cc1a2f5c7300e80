"""The themes the renderer has a stylesheet for, named once for the renderer and the window."""

from __future__ import annotations

THEMES = ("light", "dark")
