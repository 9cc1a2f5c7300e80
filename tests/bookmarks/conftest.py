"""Fixtures shared by the bookmark tests."""

from __future__ import annotations

import pytest

from glossapp.bookmarks.store import BookmarkStore


@pytest.fixture
def store(tmp_path):
    """An empty bookmark store of the test's own."""
    opened = BookmarkStore(tmp_path / "bookmarks.sqlite3")
    yield opened
    opened.close()
