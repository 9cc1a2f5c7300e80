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

from glossapp.glossary.model import Entry
from glossapp.glossary.name_keys import NameKeys, name_keys
from glossapp.util.textnorm import normalize

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

    def __init__(self, entries: Sequence[Entry], keys: NameKeys | None = None) -> None:
        """`keys`, when given, must be `name_keys(entries)`."""
        self._entries = list(entries)
        self._keys, self._positions = keys if keys is not None else name_keys(self._entries)

    @classmethod
    def joined(cls, parts: Sequence[tuple[Sequence[Entry], NameKeys | None]]) -> NameIndex:
        """One index over the parts' entries in order, reusing each part's keys when known.

        Equal to `NameIndex(all the entries)`, and much cheaper than computing every key
        again (`make bench`, "core open, fresh process").
        """
        entries: list[Entry] = []
        keys: list[str] = []
        positions: list[int] = []
        for part_entries, part_keys in parts:
            own_keys, own_positions = part_keys or name_keys(part_entries)
            offset = len(entries)
            entries.extend(part_entries)
            keys.extend(own_keys)
            positions.extend([p + offset for p in own_positions] if offset else own_positions)
        # Sorted by key alone, stably: equal keys keep their part order, then their
        # position order within the part, so (key, position) order overall. Sorting the
        # concatenated sorted runs mostly merges them.
        order = sorted(range(len(keys)), key=keys.__getitem__)
        return cls(entries, ([keys[i] for i in order], [positions[i] for i in order]))

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def keys(self) -> NameKeys:
        """What `name_keys(entries)` gives; `NameIndex(entries, index.keys)` rebuilds it."""
        return self._keys, self._positions

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
