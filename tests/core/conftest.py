"""Fixtures shared by the core tests."""

from __future__ import annotations

import pytest

from glossapp.core.bookmarks import BookmarkStore
from glossapp.core.search import SearchEngine


@pytest.fixture(scope="session")
def seed_engine(seed_library, tmp_path_factory):
    """The seed's search engine with its index built once for the whole run (read-only use)."""
    engine = SearchEngine(seed_library, tmp_path_factory.mktemp("seed-index"))
    engine.ensure_index()
    yield engine
    engine.close()


@pytest.fixture
def store(tmp_path):
    """An empty bookmark store of the test's own."""
    opened = BookmarkStore(tmp_path / "bookmarks.sqlite3")
    yield opened
    opened.close()
