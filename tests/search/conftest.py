"""Fixtures shared by the search tests."""

from __future__ import annotations

import pytest

from glossapp.search.engine import SearchEngine


@pytest.fixture(scope="session")
def seed_engine(seed_library, tmp_path_factory):
    """The seed's search engine with its index built once for the whole run (read-only use)."""
    engine = SearchEngine(seed_library, tmp_path_factory.mktemp("seed-index"))
    engine.ensure_index()
    yield engine
    engine.close()
