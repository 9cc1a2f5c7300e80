"""The type-ahead tier: exact and prefix lookup of entry names, in memory.

Every name of an entry (term, title, aliases) is kept twice in one sorted list: its
normalised form (`multi vt design`) and its compact form (`multivtdesign`). A query is
normalised the same way and found with `bisect`, so a lookup costs microseconds even
at 50,000 entries and needs no index on disk. Whoosh is only asked after this.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from glossapp.core.model import Entry
from glossapp.core.textnorm import normalize

# A prefix as short as one letter spans a large part of a big library; with a category
# filter we look at this many candidates at most rather than walk all of them.
MAX_SCANNED = 20_000


@dataclass(frozen=True, slots=True)
class NameMatch:
    entry: Entry
    exact: bool


class NameIndex:
    """Immutable once built; safe to share between threads."""

    __slots__ = ("_entries", "_keys", "_positions")

    def __init__(self, entries: Sequence[Entry]) -> None:
        pairs: list[tuple[str, int]] = []
        for position, entry in enumerate(entries):
            for name in entry.names:
                key = normalize(name)
                if key:
                    pairs.append((key, position))
                    if " " in key:
                        pairs.append((key.replace(" ", ""), position))
        ordered = sorted(set(pairs))
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
            start, exact_end, end = self._range(key)
            exact.update(dict.fromkeys(self._positions[start:exact_end]))
            # Exact keys sort first in a prefix range; after them come longer names, and
            # `limit` of those (times the keys an entry can have) is all we can show.
            stop = min(end, exact_end + (limit * 4 if category_key is None else MAX_SCANNED))
            prefixed.update(dict.fromkeys(self._positions[exact_end:stop]))
        entries = self._entries
        if category_key is not None:
            exact = {p: None for p in exact if normalize(entries[p].category) == category_key}
            prefixed = {p: None for p in prefixed if normalize(entries[p].category) == category_key}
        matches = [NameMatch(entries[p], True) for p in sorted(exact)[:limit]]
        for position in prefixed:
            if len(matches) >= limit:
                break
            if position not in exact:
                matches.append(NameMatch(entries[position], False))
        return matches

    def _range(self, prefix: str) -> tuple[int, int, int]:
        """Where keys equal to `prefix` start and end, and where keys starting with it end."""
        keys = self._keys
        start = bisect_left(keys, prefix)
        exact_end = bisect_right(keys, prefix, start)
        end = bisect_left(keys, prefix + "\U0010ffff", exact_end)
        return start, exact_end, end
