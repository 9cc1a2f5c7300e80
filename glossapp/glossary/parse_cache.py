"""Parsed glossary files kept in the cache dir, so a second start skips parsing.

Loading parsed entries back is much faster than parsing them again (`make bench` has
both figures). One cache file per glossary path holds that file's size, modification and change times
(nanoseconds), inode and device when it was parsed, its digest, entries (as columns, the bodies as one
UTF-8 blob decoded per entry on first read: see `model.packed_entries`), diagnostics and
whatever the caller keeps alongside; any change to the file, to the app version or to
the code that made the values makes it a miss. `keep`/`recall` hold one more value per
name, keyed by the caller (the search engine keeps its whole-library name keys). Files
changed in the last two seconds are not cached at all (as git does with "racily clean"
files). A damaged or unreadable cache file is simply a miss: the cache is never the only
copy of anything.

Values are stored with `marshal`, not `pickle`: everything kept is plain strings, bytes,
numbers, tuples and lists (diagnostics as tuples), and `pickle` would be one more import
for every start of the window. Marshal's format belongs to the Python version, which
is part of the stamp.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import time
from pathlib import Path

from glossapp import __version__
from glossapp.glossary import model
from glossapp.util import paths
from glossapp.util.atomic import atomic_write_bytes
from glossapp.util.digest import hex_digest

FORMAT = 5  # 3: entries packed, name keys kept too; 4: marshal; 5: ctime, inode in the key
RACY_NS = 2_000_000_000


# What the cached values are made by: every module of this package (the parser, the
# entry model, the name keys), globbed so a module added or moved here cannot be left out,
# and what they use from other packages: text normalisation, digests (the entry ids) and
# the fence rule. Named by path: a cache hit never imports the parser, so it need not
# import them. tests/glossary/test_parse_cache.py checks that every glossapp module the
# parser imports is stamped.
_USED_FROM_OTHER_PACKAGES = ("util/textnorm.py", "util/digest.py", "markdown/blocks.py")


def _stamped_sources() -> list[Path]:
    package = Path(__file__).parent
    others = [package.parent / name for name in _USED_FROM_OTHER_PACKAGES]
    return [*sorted(package.glob("*.py")), *others]


def _code_stamp() -> str:
    """Changes whenever one of the stamped sources changes (in a checkout too)."""
    stamps = [__version__, str(FORMAT), sys.version, str(marshal.version)]
    # the files' times, not the modules: a cache hit never imports the parser
    for source in _stamped_sources():
        # in a frozen app the sources may be absent: the version stands for the code
        with contextlib.suppress(OSError):
            stamps.append(f"{source.name}:{source.stat().st_mtime_ns}")
    return "/".join(stamps)


# What one glossary file gave: its digest, entries, diagnostics, and whatever else the
# caller derives from them and wants kept alongside (the library keeps name keys).
CachedFile = tuple[str, list[model.Entry], list[model.Diagnostic], object]


class ParseCache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or paths.cache_dir() / "parsed"
        self._stamp = _code_stamp()

    def _file_for(self, path: Path) -> Path:
        name = hex_digest(str(path.resolve()).encode(), 12)
        return self.folder / f"{name}.marshal"

    def _key(self, path: Path, stat: os.stat_result) -> tuple:
        # ctime and the inode too: a rewrite that keeps size and mtime (`touch -r`, a
        # restore, an editor that saves by rename) still changes one of them
        return (
            self._stamp,
            str(path),
            stat.st_size,
            stat.st_mtime_ns,
            stat.st_ctime_ns,
            stat.st_ino,
            stat.st_dev,
        )

    def get(self, path: Path, stat: os.stat_result) -> CachedFile | None:
        """What was parsed from this very file, or None."""
        try:
            # loads(read()), not load(file): that reads object by object, far slower
            key, (digest, packed, diagnostics, extra) = marshal.loads(
                self._file_for(path).read_bytes()
            )
            if key != self._key(path, stat):
                return None
            return digest, model.unpacked_entries(packed), _diagnostics(diagnostics), extra
        except Exception:  # noqa: BLE001 - missing, damaged or foreign: all just a miss
            return None

    def put(self, path: Path, stat: os.stat_result, parsed: CachedFile) -> None:
        if time.time_ns() - stat.st_mtime_ns < RACY_NS:
            # written moments ago: a second write within the clock's granularity could
            # keep size and time, so such a file is parsed again next time
            return
        digest, entries, diagnostics, extra = parsed
        value = (digest, model.packed_entries(entries), _plain(diagnostics), extra)
        self._write(self._file_for(path), (self._key(path, stat), value))

    def recall(self, name: str, key) -> object | None:
        """The value `keep(name, key, value)` saved, if `key` and the code are the same."""
        try:
            stamp, saved_key, value = marshal.loads((self.folder / f"{name}.marshal").read_bytes())
        except Exception:  # noqa: BLE001 - missing, damaged or foreign: all just a miss
            return None
        return value if (stamp, saved_key) == (self._stamp, key) else None

    def keep(self, name: str, key, value) -> None:
        """Save `value` under `name` (one value a name): what the caller derived from the
        files whose contents `key` identifies."""
        self._write(self.folder / f"{name}.marshal", (self._stamp, key, value))

    def _write(self, target: Path, payload) -> None:
        # ValueError: a value marshal cannot store; a read-only cache only costs speed
        with contextlib.suppress(OSError, ValueError):
            atomic_write_bytes(target, marshal.dumps(payload), durable=False)


def _plain(diagnostics: list[model.Diagnostic]) -> list[tuple]:
    return [(d.path, d.line, str(d.severity), d.message, d.end_line) for d in diagnostics]


def _diagnostics(plain: list[tuple]) -> list[model.Diagnostic]:
    return [
        model.Diagnostic(path, line, model.Severity(severity), message, end_line)
        for path, line, severity, message, end_line in plain
    ]
