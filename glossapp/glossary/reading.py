"""Opening glossary files: the one function that reads one, and what it refuses.

Every glossary file is read through `read_glossary`, so tests can make it fail in one
place. It never blocks and never reads without bound:

- only a regular file is read: a folder, FIFO, socket or device (`/dev/zero`) is refused
  after `os.stat`, before any open, and the file is opened with `O_NONBLOCK` where the
  platform has it (a FIFO swapped in after the stat cannot hang the open) and checked
  again with `fstat` once open;
- a file over `MAX_FILE_BYTES` is refused, and no more than that is ever read (a file
  that grows while being read is refused too).

Every refusal is a `GlossaryReadError` with a reason fit to show the user; any other
`OSError` (permissions, a vanished file) is passed on as it is.
"""

from __future__ import annotations

import os
import stat as stat_module
from pathlib import Path

MAX_FILE_BYTES = 256 * 1024 * 1024
_CHUNK = 1024 * 1024
_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOCTTY", 0)
)


class GlossaryReadError(OSError):
    """A file that is not read as a glossary: `reason` says why, in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def _kind(mode: int) -> str:
    if stat_module.S_ISDIR(mode):
        return "a folder"
    if stat_module.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat_module.S_ISCHR(mode) or stat_module.S_ISBLK(mode):
        return "a device"
    if stat_module.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_readable(status: os.stat_result) -> None:
    """Raise `GlossaryReadError` unless `status` is a regular file within the size limit."""
    if not stat_module.S_ISREG(status.st_mode):
        raise GlossaryReadError(f"not a regular file ({_kind(status.st_mode)}): not read")
    if status.st_size > MAX_FILE_BYTES:
        raise GlossaryReadError(
            f"file is {status.st_size / 2**20:,.0f} MB, over the limit of "
            f"{MAX_FILE_BYTES / 2**20:,.0f} MB for a glossary: not read"
        )


def read_glossary(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of a glossary file and its status (as `fstat` saw it once open).

    Raises `GlossaryReadError` for what is refused, `OSError` when it cannot be read.
    """
    check_readable(os.stat(path))
    fd = os.open(path, _FLAGS)
    try:
        status = os.fstat(fd)
        check_readable(status)  # swapped for something else between stat and open
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise GlossaryReadError(
                    f"file grew past the limit of {MAX_FILE_BYTES / 2**20:,.0f} MB "
                    "while being read: not read"
                )
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks), status
