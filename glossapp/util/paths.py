"""Every location the app reads or writes, in one place.

User data (bookmarks), cache (the search index) and config (library sources, settings)
come from platformdirs, unless a base directory is given with `--data-dir` or the
`GLOSSAPP_DATA_DIR` environment variable: then all three live under it, which is how
tests and portable installs keep the user's real folders out of reach.

Bundled files (`seeds/`, `resources/`) are found the same way in a checkout, an
installed wheel and a frozen PyInstaller app.

A read-only profile never stops the app: a folder that cannot be created is still
returned (whatever writes into it fails there, with its path), and the failure is kept
as a `LocationProblem` in `problems()`. `profile_problems()` also checks that each folder
can be written, for the window's banner; `check_base_dir()` is the command line's check
of `--data-dir`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "glossapp"
ENV_BASE_DIR = "GLOSSAPP_DATA_DIR"

KINDS = ("data", "cache", "config")
_KIND_NAMES = {"data": "data", "cache": "cache", "config": "settings"}

_base_dir: Path | None = None


@dataclass(frozen=True, slots=True)
class LocationProblem:
    """A folder of the profile that cannot be created or written."""

    kind: str  # one of KINDS
    path: Path
    reason: str  # the operating system's words, e.g. "Read-only file system"

    def __str__(self) -> str:
        return f"the {_KIND_NAMES[self.kind]} folder {self.path} cannot be written ({self.reason})"


_problems: dict[str, LocationProblem] = {}


def set_base_dir(path: str | os.PathLike | None) -> None:
    """Put data, cache and config under one folder (None returns to the platform's dirs)."""
    global _base_dir
    _base_dir = Path(path).expanduser().resolve() if path else None
    _problems.clear()


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
    make_folder(kind, path)
    return path


def make_folder(kind: str, path: Path) -> LocationProblem | None:
    """Create `path` if missing; a failure is kept in `problems()` and returned, not raised."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        problem = LocationProblem(kind, path, error.strerror or str(error))
        _problems[kind] = problem
        return problem
    _problems.pop(kind, None)
    return None


def problems() -> list[LocationProblem]:
    """The folders that could not be created so far (each kind once, the latest)."""
    return list(_problems.values())


def writable_problem(kind: str, path: Path) -> LocationProblem | None:
    """Why a file cannot be created in `path` (a folder), or None when it can."""
    probe = path / f".{APP_NAME}-probe-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        probe.unlink()
    except OSError as error:
        return LocationProblem(kind, path, error.strerror or str(error))
    return None


def profile_problems() -> list[LocationProblem]:
    """Every folder of the profile (data, cache, config) that cannot be created or
    written, checked now: what the window tells the user once, in a banner."""
    found = []
    for kind in KINDS:
        path = _location(kind)
        problem = _problems.get(kind) or writable_problem(kind, path)
        if problem is not None:
            found.append(problem)
    return found


def check_base_dir() -> str | None:
    """Why the base folder (`--data-dir`, `GLOSSAPP_DATA_DIR`) cannot be used, or None."""
    base = base_dir()
    if base is None:
        return None
    if base.exists() and not base.is_dir():
        return f"{base}: not a folder"
    return None


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
