"""Every location the app reads or writes, in one place.

User data (bookmarks), cache (the search index) and config (library sources, settings)
come from platformdirs, unless a base directory is given with `--data-dir` or the
`GLOSSAPP_DATA_DIR` environment variable: then all three live under it, which is how
tests and portable installs keep the user's real folders out of reach.

Bundled files (`seeds/`, `resources/`) are found the same way in a checkout, an
installed wheel and a frozen PyInstaller app.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "glossapp"
ENV_BASE_DIR = "GLOSSAPP_DATA_DIR"

_base_dir: Path | None = None


def set_base_dir(path: str | os.PathLike | None) -> None:
    """Put data, cache and config under one folder (None returns to the platform's dirs)."""
    global _base_dir
    _base_dir = Path(path).expanduser().resolve() if path else None


def base_dir() -> Path | None:
    if _base_dir is not None:
        return _base_dir
    from_env = os.environ.get(ENV_BASE_DIR)
    return Path(from_env).expanduser().resolve() if from_env else None


def _location(kind: str) -> Path:
    base = base_dir()
    if base is not None:
        path = base / kind
    else:
        import platformdirs  # a slow import, not needed when a base dir is given

        finder = {
            "data": platformdirs.user_data_dir,
            "cache": platformdirs.user_cache_dir,
            "config": platformdirs.user_config_dir,
        }[kind]
        path = Path(finder(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    return _location("data")


def cache_dir() -> Path:
    return _location("cache")


def config_dir() -> Path:
    return _location("config")


def bundled(name: str) -> Path:
    """A folder shipped with the app (`seeds` or `resources`)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    package_dir = Path(__file__).resolve().parent.parent
    candidates = [
        Path(frozen_root) / name if frozen_root else None,
        package_dir / "_bundled" / name,  # installed wheel (see pyproject force-include)
        package_dir.parent / name,  # source checkout or editable install
    ]
    for candidate in candidates:
        if candidate is not None and candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder '{name}' not found (looked in {candidates})")


def bundled_seeds() -> Path:
    return bundled("seeds")


def resource(relative: str) -> Path:
    return bundled("resources") / relative
