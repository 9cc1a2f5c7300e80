"""Import Whoosh without the modules it loads at import time but never uses here.

Whoosh's own imports cost more than half of opening the app core (measured 135 ms of
210 ms at start-up): `whoosh.compat` imports `urllib.request` (http, email, ssl: 45 ms)
only to re-export `urlretrieve`; `whoosh.reading` imports the `cached_property` package,
which imports asyncio (35 ms), for one property; `whoosh.query.terms` imports the English
morphology tables (13 ms) for the `Variations` query, which we never build.

Importing this module first imports those three Whoosh modules with light stand-ins in
`sys.modules`, then takes the stand-ins out again, so whoever imports the real modules
later gets them. Each stand-in does what the original does when called: `urlretrieve`
and `variations` import the real function on first use; `cached_property` is the
standard library's (same contract: computed once, stored in the instance's `__dict__`).
Import it before the first `whoosh` import (`search` and `index` do).

It also stops Whoosh copying each file it opens from the index: `BufferFile` wrapped
every memory-mapped part of a segment (postings, terms, stored texts: 8 MB a segment at
10,000 entries) in a `BytesIO`, which copies it all, though most reads go through `get()`
on the mapping itself. The copy is now made on the first stream-style read, if any:
26 ms less for opening a 10,000-entry index and running its first search.
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


def _buffer_files_copy_on_demand() -> None:
    from io import BytesIO

    from whoosh.filedb.structfile import BufferFile, StructFile

    def __init__(self, buf, name=None, onclose=None):
        self._buf = buf
        self._name = name
        self._stream = None
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    def stream(self):
        if self._stream is None:
            self._stream = BytesIO(self._buf)
        return self._stream

    def set_stream(self, stream):
        self._stream = stream

    def close(self):
        if self._stream is None:
            self._stream = BytesIO()  # never read as a stream: nothing to copy
        StructFile.close(self)

    BufferFile.__init__ = __init__
    BufferFile.file = property(stream, set_stream)
    BufferFile.close = close


_import_lean()
_buffer_files_copy_on_demand()
