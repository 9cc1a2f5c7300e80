"""Import Whoosh without the modules it loads at import time but never uses here.

Whoosh's imports were 135 of the 210 ms that importing the search core took, most of
it for modules never used here: `whoosh.compat` imports `urllib.request` (http, email,
ssl: 45 ms) only to re-export `urlretrieve`; `whoosh.reading` imports the
`cached_property` package, which imports asyncio (35 ms), for one property;
`whoosh.query.terms` imports the English morphology tables (13 ms) for the `Variations`
query, which we never build.

Importing this module first imports those three Whoosh modules with light stand-ins in
`sys.modules`, then takes the stand-ins out again, so whoever imports the real modules
later gets them. Each stand-in does what the original does when called: `urlretrieve`
and `variations` import the real function on first use; `cached_property` is the
standard library's (same contract: computed once, stored in the instance's `__dict__`).
Import it before the first `whoosh` import (`search` and `index` do).

It also stops Whoosh copying each file it opens from the index: `BufferFile` wrapped
every memory-mapped part of a segment (postings, terms, stored texts: 8 MB a segment at
10,000 entries) in a `BytesIO`, which copies it all, to read a few bytes here and there.
A `ViewStream` reads them from the mapping in place: about 25 ms less for opening a
10,000-entry index and running its first search.
"""

from __future__ import annotations

import functools
import sys
import types


def _urlretrieve(*args, **kwargs):
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _variations(word):
    from whoosh.lang.morph_en import variations

    return variations(word)


def _stand_ins() -> dict[str, types.ModuleType]:
    request = types.ModuleType("urllib.request")
    request.urlretrieve = _urlretrieve
    cached = types.ModuleType("cached_property")
    cached.cached_property = functools.cached_property
    morph = types.ModuleType("whoosh.lang.morph_en")
    morph.variations = _variations
    return {"urllib.request": request, "cached_property": cached, "whoosh.lang.morph_en": morph}


def _import_lean() -> None:
    if "whoosh.reading" in sys.modules:
        return  # Whoosh came in first, the ordinary way: nothing left to save
    placed = {name: module for name, module in _stand_ins().items() if name not in sys.modules}
    sys.modules.update(placed)
    try:
        import whoosh.compat
        import whoosh.query.terms
        import whoosh.reading  # noqa: F401
    finally:
        for name, module in placed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


class ViewStream:
    """The reading half of a `BytesIO` over a buffer, reading the buffer in place.

    `read`, `readinto`, `readline`, `seek` and `tell` are all Whoosh's readers (and
    `pickle.load`) call on an open index file; any other file method first copies the
    buffer into a real `BytesIO`, which from then on answers every call, at the same
    position.
    """

    __slots__ = ("_buffer", "_position", "_copy")

    def __init__(self, buffer) -> None:
        self._buffer = buffer
        self._position = 0
        self._copy = None

    def read(self, size: int | None = -1) -> bytes:
        if self._copy is not None:
            return self._copy.read(size)
        start = self._position
        end = len(self._buffer) if size is None or size < 0 else start + size
        data = bytes(self._buffer[start:end])
        self._position = start + len(data)
        return data

    def readinto(self, target) -> int:
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

    def __iter__(self):
        return iter(self._copied())

    def __getattr__(self, name: str):
        if name == "peek":
            # `pickle.load` reads through `read`/`readinto`/`readline` and only prefers
            # `peek` when the stream has one: no reason to copy.
            raise AttributeError(name)
        return getattr(self._copied(), name)

    def _copied(self, empty: bool = False):
        if self._copy is None:
            from io import BytesIO

            self._copy = BytesIO(b"" if empty else self._buffer)
            self._copy.seek(self._position)
        return self._copy


def _buffer_files_read_in_place() -> None:
    from whoosh.filedb.structfile import BufferFile

    original_init = BufferFile.__init__

    def __init__(self, buf, name=None, onclose=None):
        original_init(self, b"", name, onclose)  # an empty BytesIO costs nothing
        self._buf = buf
        self.file = ViewStream(buf)

    BufferFile.__init__ = __init__


_import_lean()
_buffer_files_read_in_place()
