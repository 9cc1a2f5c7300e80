"""The records every other module passes around: entries and diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from itertools import accumulate, chain, repeat
from pathlib import Path
from types import MemberDescriptorType
from typing import overload

from glossapp.util.digest import hex_digest


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    line: int
    severity: Severity
    message: str
    end_line: int = 0  # last line of a multi-line span, 0 for a single line

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"

    def as_json(self) -> dict:
        return {"line": self.line, "severity": str(self.severity), "message": self.message}


@dataclass(frozen=True, slots=True)
class Entry:
    """One definition. `id` is stable across re-parsing so bookmarks can point at it."""

    id: str
    term: str
    title: str
    category: str
    aliases: tuple[str, ...]
    body: str
    source: str
    line: int
    names: tuple[str, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # first spelling of each name, case-insensitively: one set, linear in the names
        names: list[str] = []
        folded: set[str] = set()
        for name in (self.term, self.title, *self.aliases):
            key = name.casefold()
            if name and key not in folded:
                folded.add(key)
                names.append(name)
        object.__setattr__(self, "names", tuple(names))

    @property
    def source_name(self) -> str:
        """The glossary's display name: its file name without the extension."""
        return glossary_name(self.source)

    def __reduce__(self) -> tuple[Callable[..., Entry], tuple[object, ...]]:
        # Pickled as its values, `names` included, the body as UTF-8 bytes (see
        # `_BodyOnDemand`): restoring many entries this way is much faster than the
        # dataclass default, whose `__setstate__` calls `fields()` for every instance.
        values = [getter(self) for getter in _GETTERS]
        values[_BODY] = _body_bytes(values[_BODY])
        return _restored_entry, tuple(values)


class _BodyOnDemand:
    """`Entry.body`: always a str, but a restored entry keeps it encoded until read.

    Decoding every body would be a large part of loading a library from the parse cache,
    and a session reads few of them: search snippets come from the index. An unpickled
    entry holds UTF-8 bytes, one from `unpacked_entries` a span of its file's shared
    UTF-8 blob (blob, start, end); either is decoded on first read and the text kept in
    its place.
    """

    __slots__ = ("_slot",)

    def __init__(self, slot: MemberDescriptorType) -> None:
        self._slot = slot  # the slot's own descriptor, which this one stands in for

    @overload
    def __get__(self, entry: None, owner: type | None = None) -> _BodyOnDemand: ...
    @overload
    def __get__(self, entry: Entry, owner: type | None = None) -> str: ...
    def __get__(self, entry: Entry | None, owner: type | None = None) -> str | _BodyOnDemand:
        if entry is None:
            return self
        body = self._slot.__get__(entry, owner)
        if body.__class__ is not str:
            body = _body_bytes(body).decode("utf-8", "surrogatepass")
            self._slot.__set__(entry, body)
        return body

    def __set__(self, entry: Entry, body: StoredBody) -> None:
        self._slot.__set__(entry, body)


_FIELD_NAMES = ("id", "term", "title", "category", "aliases", "body", "source", "line", "names")
_BODY = _FIELD_NAMES.index("body")
# The slots' own descriptors: the body's returns what is stored, bytes or str.
_GETTERS = tuple(getattr(Entry, name).__get__ for name in _FIELD_NAMES)
_SETTERS = tuple(getattr(Entry, name).__set__ for name in _FIELD_NAMES)
# A descriptor of the class replaces the slot's: mypy knows `body` only as a str field.
Entry.body = _BodyOnDemand(vars(Entry)["body"])  # type: ignore[misc, assignment]


# What the body's slot holds: the text, its UTF-8 bytes, or (blob, start, end).
StoredBody = str | bytes | tuple[bytes, int, int]


def _body_bytes(stored: StoredBody) -> bytes:
    """UTF-8 bytes of a body as its slot holds it: text, bytes or a span of a blob."""
    if isinstance(stored, str):
        return stored.encode("utf-8", "surrogatepass")
    if isinstance(stored, tuple):
        blob, start, end = stored
        return blob[start:end]
    return stored


# Columns of entries' values, the body column holding where each body ends in the blob.
PackedEntries = tuple[tuple[list, ...], bytes]


def packed_entries(entries: Sequence[Entry]) -> PackedEntries:
    """Entries as one list per field and their bodies as one UTF-8 blob.

    What the parse cache keeps: `unpacked_entries` restores them faster than unpickling
    them one by one, since no body is read or decoded until used.
    """
    columns = [[get(entry) for entry in entries] for get in _GETTERS]
    bodies = [_body_bytes(stored) for stored in columns[_BODY]]
    columns[_BODY] = list(accumulate(map(len, bodies)))
    return tuple(columns), b"".join(bodies)


def unpacked_entries(packed: PackedEntries) -> list[Entry]:
    columns, blob = packed
    ends = columns[_BODY]
    spans = zip(repeat(blob), chain((0,), ends), ends)
    return list(map(_restored_entry, *columns[:_BODY], spans, *columns[_BODY + 1 :]))


def _restored_entry(*values) -> Entry:
    """The entry of these field values, `names` included, without `__post_init__`."""
    entry = object.__new__(Entry)
    # Unrolled: faster than a loop over (setter, value) pairs.
    id_, term, title, category, aliases, body, source, line, names = values
    (
        set_id,
        set_term,
        set_title,
        set_category,
        set_aliases,
        set_body,
        set_source,
        set_line,
        set_names,
    ) = _SETTERS
    set_id(entry, id_)
    set_term(entry, term)
    set_title(entry, title)
    set_category(entry, category)
    set_aliases(entry, aliases)
    set_body(entry, body)
    set_source(entry, source)
    set_line(entry, line)
    set_names(entry, names)
    return entry


# Entries of one file share its path: resolve it once, not once per entry and call.
@lru_cache(maxsize=256)
def _file_key(source: str) -> str:
    """The file's absolute path (symlinks resolved): what tells two files apart."""
    try:
        return str(Path(source).resolve())
    except (OSError, RuntimeError):  # a symlink loop: the path as given
        return str(Path(source).absolute())


@lru_cache(maxsize=1024)
def glossary_name(source: str) -> str:
    """A glossary's display name: its file name without the extension."""
    return Path(source).stem


def stable_entry_id(
    source: str, term: str, category: str, aliases: tuple[str, ...], nth: int
) -> str:
    """An id that depends on the file's path and the header, not on the body or the file
    order: unique per file (two `glossary.txt` in different folders never share one) and
    stable while the file stays where it is. A bookmark whose file moved is found again by
    term, category and glossary name (`bookmarks.store`).

    `nth` tells apart entries whose headers are identical within one file (the seed has
    `multirc, evaluation` twice), so both stay reachable and bookmarkable.
    """
    key = "\x1f".join((_file_key(source), term, category, "|".join(aliases), str(nth)))
    return hex_digest(key.encode("utf-8", "surrogatepass"), 8)
