"""The type-ahead tier: exact and prefix lookup of entry names, in memory.

Every name of an entry (term, title, aliases) is kept twice in one sorted list: its
normalised form (`multi vt design`) and its compact form (`multivtdesign`). A query is
normalised the same way and found with `bisect`, so a lookup costs microseconds even
at 50,000 entries and needs no index on disk. Whoosh is only asked after this.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from glossapp.core.model import Entry
from glossapp.core.textnorm import normalize

# A prefix as short as one letter spans a large part of a big library; with a category
# filter we stop looking after this many candidates rather than walk all of them.
MAX_SCANNED = 20_000


@dataclass(frozen=True, slots=True)
class NameMatch:
    entry: Entry
    exact: bool


class NameIndex:
    """Immutable once built; safe to share between threads."""

    __slots__ = ("_entries", "_keys", "_positions")

    def __init__(self, entries: Sequence[Entry]) -> None:
        pairs: set[tuple[str, int]] = set()
        for position, entry in enumerate(entries):
            for name in entry.names:
                key = normalize(name)
                if key:
                    pairs.add((key, position))
                    pairs.add((key.replace(" ", ""), position))
        ordered = sorted(pairs)
        self._entries = list(entries)
        self._keys = [key for key, _ in ordered]
        self._positions = [position for _, position in ordered]

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, query: str, limit: int = 200, category: str | None = None) -> list[NameMatch]:
        """Entries named exactly `query` first (in library order), then names starting with it."""
        wanted = normalize(query)
        if not wanted or limit <= 0:
            return []
        wanted_compact = wanted.replace(" ", "")
        category_key = normalize(category) if category else None
        keys = (wanted,) if wanted_compact == wanted else (wanted, wanted_compact)
        exact: dict[int, None] = {}
        prefixed: dict[int, None] = {}
        for key in keys:
            found_here = 0
            for position, is_exact in self._scan(key):
                entry = self._entries[position]
                if category_key is not None and normalize(entry.category) != category_key:
                    continue
                if is_exact:
                    exact[position] = None
                    prefixed.pop(position, None)
                elif position not in exact and position not in prefixed:
                    # Exact keys sort first in a prefix range, so once `limit` longer
                    # names are in hand nothing better follows for this key.
                    prefixed[position] = None
                    found_here += 1
                    if found_here >= limit:
                        break
        matches = [NameMatch(self._entries[p], True) for p in sorted(exact)[:limit]]
        for position in prefixed:
            if len(matches) >= limit:
                break
            matches.append(NameMatch(self._entries[position], False))
        return matches

    def _scan(self, prefix: str) -> Iterator[tuple[int, bool]]:
        keys = self._keys
        start = bisect_left(keys, prefix)
        stop = min(len(keys), start + MAX_SCANNED)
        for index in range(start, stop):
            key = keys[index]
            if not key.startswith(prefix):
                return
            yield self._positions[index], key == prefix
