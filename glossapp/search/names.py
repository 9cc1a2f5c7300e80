"""The type-ahead tier: names looked up in memory, ranked in tiers.

Every name of an entry (term, title, aliases) is kept in one sorted list in its
normalised form (`multi vt design`) and its compact form (`multivtdesign`): the base keys,
which the parse cache keeps. Beside them, `NameTables` (also kept by the engine's cache):

- *whole* keys: a name as written when it holds symbols (`c++`, `/dev/null`, `un*x`), and
  the acronyms the entry's definition gives (`glossary.acronyms`: `nat`, `dram`);
- *word* keys: each name from its second word on (`sort` of `bubble sort`).

A query is normalised the same way and found with `bisect`, so a lookup costs
microseconds even at 50,000 entries and needs no index on disk.

The ranking (`NameMatch.tier`, lower first), one rule for every caller:

1. exact: the query is a whole name (or an acronym); within the tier the stronger field
   wins (term, title, alias, acronym), then library order. A query with symbols
   (`c++`, `.net`) first finds the names written with the same symbols: equal (C++ for
   `c++`), then starting with it (`.NET framework` for `.net`), and only then the names
   equal once symbols are dropped (C for `c++`);
2. prefix of a name (whole or compact, normalised, or of an acronym): the closer length
   first, then the stronger field; a prefix of a letter or two, which starts more names
   than are shown, lists them in name order;
3. prefix of a word in a name (`sort` of `bubble sort`): the closer length first.

Ties keep library order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from glossapp.glossary.model import Entry
from glossapp.glossary.name_keys import NameKeys, name_keys
from glossapp.util.textnorm import fold, normalize

_PLAIN_RE = re.compile(r"[\w\s'-]*")
# A prefix as short as one letter spans a large part of a big library; with a category
# filter we look at this many candidates at most rather than walk all of them.
MAX_SCANNED = 20_000
TIER_EXACT = 0
TIER_PREFIX_AS_WRITTEN = 1  # only for queries with symbols: `.net` starts `.NET framework`
TIER_EXACT_WITHOUT_SYMBOLS = 2
TIER_PREFIX = 3
TIER_WORD_PREFIX = 4
FIELD_TERM, FIELD_TITLE, FIELD_ALIAS, FIELD_ACRONYM = 0, 1, 2, 3
# What an extra key is: its form times 4 plus its field.
FORM_ACRONYM, FORM_AS_WRITTEN, FORM_WORD = 0, 1, 2
# A sorted list of keys, beside each its entry's position and its kind (one byte).
NameTable = tuple[list[str], list[int], bytes]
NameTables = tuple[NameTable, NameTable]  # (whole keys, word keys)


class NameMatch(NamedTuple):
    """One entry a lookup found (a named tuple: a keystroke makes hundreds of them)."""

    entry: Entry
    exact: bool
    tier: int = TIER_EXACT


def _rank(tier: int, first: int, second: int) -> int:
    """(tier, first, second) as one int that sorts the same: ints, unlike tuples, are not
    tracked by the cyclic collector, which a keystroke's hundreds of tuples woke up."""
    return (tier << 32) | (min(first, 0xFFFF) << 16) | min(second, 0xFFFF)


def as_written(text: str) -> str:
    """A name as written, folded, its runs of spaces one: the key of a name with symbols."""
    return " ".join(fold(text).split())


def has_symbols(text: str) -> bool:
    """Whether `text` holds a character that is not a letter, digit, space, hyphen,
    underscore or apostrophe: such names are also looked up as written."""
    return not _PLAIN_RE.fullmatch(text)


def name_tables(
    entries: Sequence[Entry], acronyms: Sequence[Sequence[str]] | None = None
) -> NameTables:
    """The whole and word keys of `entries`; `acronyms[i]` are entry i's acronyms."""
    whole: set[tuple[str, int, int]] = set()
    words: set[tuple[str, int, int]] = set()
    for position, entry in enumerate(entries):
        for field, name in _fields(entry):
            key = normalize(name)
            if has_symbols(name):
                whole.add((as_written(name), position, FORM_AS_WRITTEN * 4 + field))
            parts = key.split(" ")
            for start in range(1, len(parts)):
                words.add((" ".join(parts[start:]), position, FORM_WORD * 4 + field))
        for acronym in acronyms[position] if acronyms is not None else ():
            key = normalize(acronym)
            if key:
                whole.add((key, position, FORM_ACRONYM * 4 + FIELD_ACRONYM))
    return _table(whole), _table(words)


def _fields(entry: Entry) -> list[tuple[int, str]]:
    fields = [(FIELD_TERM, entry.term), (FIELD_TITLE, entry.title)]
    fields += [(FIELD_ALIAS, alias) for alias in entry.aliases]
    return [(field, name) for field, name in fields if name]


def _table(rows: set[tuple[str, int, int]]) -> NameTable:
    ordered = sorted(rows)
    return [r[0] for r in ordered], [r[1] for r in ordered], bytes(r[2] for r in ordered)


class NameIndex:
    """Immutable once built; safe to share between threads."""

    __slots__ = ("_entries", "_keys", "_positions", "_whole", "_words")

    def __init__(
        self,
        entries: Sequence[Entry],
        keys: NameKeys | None = None,
        tables: NameTables | None = None,
    ) -> None:
        """`keys`, when given, must be `name_keys(entries)`, `tables` `name_tables(entries,
        their acronyms)` (without them, no acronyms)."""
        self._entries = list(entries)
        self._keys, self._positions = keys if keys is not None else name_keys(self._entries)
        self._whole, self._words = tables if tables is not None else name_tables(self._entries)

    @classmethod
    def joined(
        cls,
        parts: Sequence[tuple[Sequence[Entry], NameKeys | None]],
        tables: NameTables | None = None,
    ) -> NameIndex:
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
        return cls(entries, ([keys[i] for i in order], [positions[i] for i in order]), tables)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def keys(self) -> NameKeys:
        """What `name_keys(entries)` gives; `NameIndex(entries, index.keys)` rebuilds it."""
        return self._keys, self._positions

    @property
    def tables(self) -> NameTables:
        """The whole and word keys (see `name_tables`)."""
        return self._whole, self._words

    def entry(self, position: int) -> Entry:
        return self._entries[position]

    def lookup(self, query: str, limit: int = 200, category: str | None = None) -> list[NameMatch]:
        """Entries whose names match `query`, best first, each once (the module's ranking)."""
        exact = (TIER_EXACT, TIER_EXACT_WITHOUT_SYMBOLS)
        entries = self._entries
        return [
            NameMatch(entries[p], tier in exact, tier)
            for p, tier in self.ranked(query, limit, category)
        ]

    def ranked(
        self, query: str, limit: int = 200, category: str | None = None
    ) -> list[tuple[int, int]]:
        """`lookup` as (entry position, tier) pairs: what a keystroke needs, made faster."""
        wanted = normalize(query)
        if not wanted or limit <= 0:
            return []
        symbols = has_symbols(query.strip())
        wanted_compact = wanted.replace(" ", "")
        category_key = normalize(category) if category else None
        scan = limit * 4 if category_key is None else MAX_SCANNED
        entries = self._entries
        best: dict[int, int] = {}
        bulk: list[int] = []  # prefix matches in name order (see below)

        def offer(position: int, rank: int) -> None:
            known = best.get(position)
            if known is None or rank < known:
                best[position] = rank

        exact_tier = TIER_EXACT_WITHOUT_SYMBOLS if symbols else TIER_EXACT
        written = as_written(query) if symbols else ""
        # Whole names as written (symbols kept) and acronyms.
        whole_keys, whole_positions, whole_kinds = self._whole
        for key, written_form in ((written, True), (wanted, False), (wanted_compact, False)):
            if not key or (not written_form and key == written):
                continue
            start, exact_end, end = _range(whole_keys, key)
            for i in range(start, min(end, exact_end + scan)):
                kind = whole_kinds[i]
                if (kind >> 2 == FORM_AS_WRITTEN) != written_form:
                    continue
                apart = len(whole_keys[i]) - len(key)
                if i < exact_end:
                    tier = TIER_EXACT if written_form else exact_tier
                    offer(whole_positions[i], _rank(tier, kind & 3, 0))
                else:
                    tier = TIER_PREFIX_AS_WRITTEN if written_form else TIER_PREFIX
                    offer(whole_positions[i], _rank(tier, apart, kind & 3))
            if key == wanted_compact:
                break
        # Whole names, normalised and compact.
        keys, positions = self._keys, self._positions
        for key in dict.fromkeys((wanted, wanted_compact)):
            start, exact_end, end = _range(keys, key)
            for i in range(start, exact_end):
                position = positions[i]
                offer(position, _rank(exact_tier, _field(entries[position], key), 0))
            stop = min(end, exact_end + scan)
            if category_key is None and end - exact_end > scan:
                # A prefix of a letter or two: more names than are shown. Ranking a slice
                # of them by length would be arbitrary anyway; they follow in name order.
                bulk.extend(positions[exact_end:stop])
            else:
                _offer_prefixes(best, TIER_PREFIX, key, keys, positions, exact_end, stop)
        # Words of names, when the tiers above leave room.
        if not bulk and (len(best) < limit or category_key is not None):
            word_keys, word_positions, word_kinds = self._words
            start, _, end = _range(word_keys, wanted)
            stop = min(end, start + limit * 2)
            _offer_prefixes(best, TIER_WORD_PREFIX, wanted, word_keys, word_positions, start, stop)
        if category_key is not None:
            best = {p: r for p, r in best.items() if normalize(entries[p].category) == category_key}
        # rank then position, as one int each (see `_rank`)
        ranked = sorted([(r << 32) | p for p, r in best.items()])[:limit]
        mask = 0xFFFFFFFF
        found = [(v & mask, v >> 64) for v in ranked]
        for position in dict.fromkeys(bulk) if len(found) < limit else ():
            if position not in best:
                found.append((position, TIER_PREFIX))
                if len(found) >= limit:
                    break
        return found


def _offer_prefixes(
    best: dict[int, int],
    tier: int,
    key: str,
    keys: list[str],
    positions: list[int],
    start: int,
    stop: int,
) -> None:
    """`lookup`'s `offer` for keys[start:stop], which start with `key`: the hot loop of
    a short prefix, without a call per key."""
    base = tier << 32
    length = len(key)
    get = best.get
    for position, size in zip(positions[start:stop], map(len, keys[start:stop]), strict=True):
        rank = base | (min(size - length, 0xFFFF) << 16)
        known = get(position)
        if known is None or rank < known:
            best[position] = rank


def _field(entry: Entry, key: str) -> int:
    """Which of an entry's names a normalised or compact key is (exact matches only)."""
    for field, name in _fields(entry):
        normal = normalize(name)
        if key == normal or key == normal.replace(" ", ""):
            return field
    return FIELD_ALIAS


def _range(keys: list[str], prefix: str) -> tuple[int, int, int]:
    """Where keys equal to `prefix` start and end, and where keys starting with it end."""
    start = bisect_left(keys, prefix)
    exact_end = bisect_right(keys, prefix, start)
    end = bisect_left(keys, prefix + "\U0010ffff", exact_end)
    return start, exact_end, end
