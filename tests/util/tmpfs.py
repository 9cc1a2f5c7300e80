"""Small file systems for tests of read-only and full folders (root ignores permissions).

`tmpfs(path, size)` mounts a tmpfs there for the `with` block and always unmounts it;
`read_only(path)` remounts it read-only for a nested block. Without root, or where mount
fails (a container without the capability), the test is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, check=False)


@contextmanager
def tmpfs(path: Path, size: str = "1m") -> Iterator[Path]:
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("needs root to mount a tmpfs (root ignores permissions, so chmod cannot)")
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    path.mkdir(parents=True, exist_ok=True)
    done = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        _run("umount", "-l", str(path))


@contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """`path`, a tmpfs mounted by `tmpfs`, read-only for the block."""
    done = _run("mount", "-o", "remount,ro", str(path))
    if done.returncode != 0:
        pytest.skip(f"cannot remount read-only: {done.stderr.strip()}")
    try:
        yield path
    finally:
        _run("mount", "-o", "remount,rw", str(path))


def fill(folder: Path) -> Path:
    """Fill the file system holding `folder` to the last byte; the filler file is returned."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while os.write(fd, b"\0" * size) == size:
                    pass
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler
