"""The import-time patches Whoosh gets, each with its reason and its way back.

`search.whoosh` calls `apply()` before anything imports Whoosh. Each patch is wrapped:
if applying or checking it fails (Whoosh changed, an attribute is missing), what it
touched is put back, the failure is logged once (`fail_soft`), and Whoosh behaves as
shipped. Nothing here can make importing the search package fail.

1. `lean import` (`_import_without_unused_modules`)
   Reason: Whoosh imports modules at import time that are never used here.
   `whoosh.compat` imports `urllib.request` (http, email, ssl) only to re-export
   `urlretrieve`; `whoosh.reading` imports the `cached_property` package, which imports
   asyncio, for one property; `whoosh.query.terms` imports the English morphology
   tables for the `Variations` query, which is never built. The three Whoosh modules
   are imported with light stand-ins in `sys.modules`, which are then taken out again,
   so whoever imports the real modules later gets them. Each stand-in does what the
   original does when called: `urlretrieve` and `variations` import the real function
   on first use; `cached_property` is the standard library's (same contract: computed
   once, stored in the instance's `__dict__`).
   Saves: `make bench`, "core open, fresh process" (the import of the search core).
   When Whoosh changes: check which of the three modules still import those names
   (`grep -nE "urllib|cached_property|morph_en" whoosh/compat.py whoosh/reading.py
   whoosh/query/terms.py`); drop the stand-ins no longer needed, and the patch when
   none is. `tests/search/whoosh/test_patches.py` checks the modules stay out.

2. `buffer files read in place` (`_read_buffer_files_in_place`)
   Reason: `whoosh.filedb.structfile.BufferFile` wraps every memory-mapped part of a
   segment (postings, terms, stored texts) in a `BytesIO`, which copies it all, to read
   a few bytes here and there. `ViewStream` reads them from the mapping in place.
   Saves: `make bench`, "core open, fresh process" and "peak RSS, core loaded".
   When Whoosh changes: the patch replaces `BufferFile.__init__(buf, name, onclose)`
   and sets `_buf` and `file` as the original does; if the class or those attributes
   change, compare the new `__init__` with the replacement below. `apply()` checks a
   patched `BufferFile` against the bytes it wraps and restores the original if they
   differ.
"""

from __future__ import annotations

import functools
import sys
import types
from collections.abc import Callable, Iterator
from io import BytesIO
from typing import Any

from glossapp.search.whoosh.fail_soft import fell_back

Buffer = bytes | bytearray | memoryview

_applied = False


def apply() -> None:
    """Apply every patch once; each one that fails leaves Whoosh as shipped."""
    global _applied
    if _applied:
        return
    _applied = True
    patches: list[tuple[str, Callable[[], None]]] = [
        ("lean import", _import_without_unused_modules),
        ("buffer files read in place", _read_buffer_files_in_place),
    ]
    for name, patch in patches:
        try:
            patch()
        except Exception as error:  # noqa: BLE001 - a patch must never break the import
            fell_back(f"patch {name!r}", error)


# -- 1. lean import ----------------------------------------------------------------------


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _variations(word: str) -> Any:
    from whoosh.lang.morph_en import variations

    return variations(word)


def _stand_ins() -> dict[str, types.ModuleType]:
    request = types.ModuleType("urllib.request")
    request.urlretrieve = _urlretrieve  # type: ignore[attr-defined]  # a stand-in module
    cached = types.ModuleType("cached_property")
    cached.cached_property = functools.cached_property  # type: ignore[attr-defined]
    morph = types.ModuleType("whoosh.lang.morph_en")
    morph.variations = _variations  # type: ignore[attr-defined]
    return {"urllib.request": request, "cached_property": cached, "whoosh.lang.morph_en": morph}


def _import_without_unused_modules() -> None:
    if "whoosh.reading" in sys.modules:
        return  # Whoosh came in first, the ordinary way: nothing left to save
    before = set(sys.modules)
    placed = {name: module for name, module in _stand_ins().items() if name not in sys.modules}
    sys.modules.update(placed)
    try:
        import whoosh.compat
        import whoosh.query.terms
        import whoosh.reading  # noqa: F401
    except BaseException:
        # Forget what was imported half-way next to the stand-ins: the next import of
        # Whoosh starts over, the ordinary way.
        for name in set(sys.modules) - before:
            if name == "whoosh" or name.startswith("whoosh."):
                del sys.modules[name]
        raise
    finally:
        for name, module in placed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


# -- 2. buffer files read in place -------------------------------------------------------


class ViewStream:
    """The reading half of a `BytesIO` over a buffer, reading the buffer in place.

    `read`, `readinto`, `readline`, `seek` and `tell` are all Whoosh's readers (and
    `pickle.load`) call on an open index file; any other file method first copies the
    buffer into a real `BytesIO`, which from then on answers every call, at the same
    position.
    """

    __slots__ = ("_buffer", "_position", "_copy")

    def __init__(self, buffer: Buffer) -> None:
        self._buffer: Buffer = buffer
        self._position = 0
        self._copy: BytesIO | None = None

    def read(self, size: int | None = -1) -> bytes:
        if self._copy is not None:
            return self._copy.read(size)
        start = self._position
        end = len(self._buffer) if size is None or size < 0 else start + size
        data = bytes(self._buffer[start:end])
        self._position = start + len(data)
        return data

    def readinto(self, target: Buffer) -> int:
        if self._copy is not None:
            return self._copy.readinto(target)
        start = self._position
        count = max(0, min(len(target), len(self._buffer) - start))
        memoryview(target).cast("B")[:count] = self._buffer[start : start + count]
        self._position = start + count
        return count

    def readline(self, size: int | None = -1) -> bytes:
        if self._copy is not None:
            return self._copy.readline(size)
        start = self._position
        limit = (
            len(self._buffer) if size is None or size < 0 else min(len(self._buffer), start + size)
        )
        end = limit
        for chunk_start in range(start, limit, 256):
            found = bytes(self._buffer[chunk_start : min(chunk_start + 256, limit)]).find(b"\n")
            if found >= 0:
                end = chunk_start + found + 1
                break
        return self.read(max(0, end - start))

    def seek(self, offset: int, whence: int = 0) -> int:
        if self._copy is not None:
            return self._copy.seek(offset, whence)
        if whence == 1:
            offset += self._position
        elif whence == 2:
            offset += len(self._buffer)
        elif whence != 0:
            raise ValueError(f"invalid whence ({whence}, should be 0, 1 or 2)")
        if offset < 0:
            raise ValueError(f"negative seek value {offset}")
        self._position = offset
        return offset

    def tell(self) -> int:
        return self._copy.tell() if self._copy is not None else self._position

    @property
    def closed(self) -> bool:
        return self._copy is not None and self._copy.closed

    def close(self) -> None:
        # From now on a closed, empty copy answers: every call fails as a closed BytesIO's.
        self._copied(empty=True).close()
        self._buffer = b""

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._copied())

    def __getattr__(self, name: str) -> Any:
        if name == "peek":
            # `pickle.load` reads through `read`/`readinto`/`readline` and only prefers
            # `peek` when the stream has one: no reason to copy.
            raise AttributeError(name)
        return getattr(self._copied(), name)

    def _copied(self, empty: bool = False) -> BytesIO:
        if self._copy is None:
            self._copy = BytesIO(b"" if empty else self._buffer)
            self._copy.seek(self._position)
        return self._copy


def _read_buffer_files_in_place() -> None:
    from whoosh.filedb.structfile import BufferFile

    original_init = BufferFile.__init__

    def __init__(self: Any, buf: Buffer, name: str | None = None, onclose: Any = None) -> None:
        original_init(self, b"", name, onclose)  # an empty BytesIO costs nothing
        self._buf = buf
        self.file = ViewStream(buf)

    BufferFile.__init__ = __init__
    try:
        _check_buffer_file(BufferFile)
    except BaseException:
        BufferFile.__init__ = original_init
        raise


def _check_buffer_file(buffer_file: Any) -> None:
    """A patched `BufferFile` reads what a `BytesIO` over the same bytes reads."""
    data = bytes(range(32))
    opened = buffer_file(memoryview(data), name="check")
    model = BytesIO(data)
    checks = [
        (opened.get(3, 4), data[3:7]),
        (opened.seek(5), model.seek(5)),
        (opened.read(6), model.read(6)),
        (opened.tell(), model.tell()),
        (type(opened.file), ViewStream),
    ]
    opened.close()
    for got, expected in checks:
        if got != expected:
            raise RuntimeError(f"patched BufferFile read {got!r}, expected {expected!r}")
