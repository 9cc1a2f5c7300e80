"""Shared fixtures: every test gets its own data, cache and config folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from glossapp.util import paths  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = REPO_ROOT / "seeds" / "ai-semiconductor-glossary.txt"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory, monkeypatch):
    """Keep the user's real folders out of every test."""
    base = tmp_path_factory.mktemp("glossapp-home")
    monkeypatch.setenv(paths.ENV_BASE_DIR, str(base))
    paths.set_base_dir(None)
    yield base
    paths.set_base_dir(None)


@pytest.fixture
def seed_file() -> Path:
    return SEED_FILE


@pytest.fixture(scope="session")
def seed_library():
    from glossapp.glossary import library

    return library.load([SEED_FILE])


@pytest.fixture(scope="session", autouse=True)
def _clear_clipboard_at_exit():
    """A Python-made QMimeData left on the clipboard segfaults offscreen Qt at exit."""
    yield
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError:
        return
    app = QApplication.instance()
    if app is not None:
        app.clipboard().clear()
        app.processEvents()


# A plain fence that quotes a fenced example: the "```python" line inside is content, not a
# close, so "Target" after the fence is prose. Every reader of bodies must agree on it.
FENCE_IN_FENCE_BODY = (
    "A plain fence quoting a fenced example:\n"
    "```\n"
    "Write it as:\n"
    "```python\n"
    "print(1)\n"
    "```\n"
    "A real mention of Target Thing here."
)
