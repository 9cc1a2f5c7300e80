"""Writing a file so that readers see the old contents or the new, never half of either.

The one way the app replaces a file: a temporary file in the same folder, then a rename.
The temporary file is created with the user's umask (not `mkstemp`'s 0600), so an
exported file has the permissions any other file the user makes would have.
"""

from __future__ import annotations

import errno
import itertools
import os
from pathlib import Path

_COUNTER = itertools.count()


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace `path` with `data`. `durable` waits for the disk (user files); caches and
    indexes that can be rebuilt pass False. Raises `OSError` and leaves nothing behind;
    `path` being a folder is `IsADirectoryError` naming it."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{next(_COUNTER)}.tmp")
    try:
        fd = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666
        )
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str, *, durable: bool = True) -> None:
    """`atomic_write_bytes` of `text` in UTF-8, newlines as given."""
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)
