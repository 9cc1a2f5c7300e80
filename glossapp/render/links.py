"""The one scheme of the app's own links (`entry:<id>`), kept apart from the renderer so
the window can route links without importing Markdown."""

from __future__ import annotations

ENTRY_SCHEME = "entry"


def entry_href(entry_id: str) -> str:
    return f"{ENTRY_SCHEME}:{entry_id}"
