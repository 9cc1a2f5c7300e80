"""How entries relate: what a body mentions, what mentions an entry, what is related.

Everything is computed on demand for the entry being shown and cached, so opening a
large library costs nothing up front and showing an entry reads only the bodies that
can possibly mention it (found with one substring search over all bodies at C speed).
"""

from __future__ import annotations

import math
import re
import threading
from bisect import bisect_right
from collections.abc import Sequence

from glossapp.glossary.model import Entry
from glossapp.render.crosslinks import NameMatcher, link_target, mentioned_keys, name_key

# Backlinks are collected up to this many per entry; the view shows fewer.
BACKLINK_CAP = 50
_WORD = re.compile(r"\w[\w-]{2,}")
_NAME_STOP_WORDS = frozenset(
    {"and", "the", "for", "with", "from", "into", "via", "model", "models"}
)
_SHARED_CATEGORY = 2.0
_MENTION = 2.0


class Relations:
    def __init__(self, entries: Sequence[Entry], matcher: NameMatcher) -> None:
        self.matcher = matcher
        self._entries = list(entries)
        self._order = {entry.id: index for index, entry in enumerate(self._entries)}
        self._by_term: dict[str, list[Entry]] = {}
        for entry in self._entries:
            self._by_term.setdefault(name_key(entry.term), []).append(entry)
        self._mentioned: dict[str, list[Entry]] = {}
        self._backlinks: dict[str, list[Entry]] = {}
        self._haystack: str | None = None
        self._starts: list[int] = []
        self._words: dict[str, frozenset[str]] | None = None
        self._postings: dict[str, list[int]] = {}
        self._weights: dict[str, float] = {}
        self._by_category: dict[str, list[int]] = {}
        self._lock = threading.Lock()

    def duplicates(self, entry: Entry) -> list[Entry]:
        """Every entry with the same term, this one included, in library order."""
        same = list(self._by_term.get(name_key(entry.term), ()))
        if all(other.id != entry.id for other in same):
            same.append(entry)  # an entry from outside this library (a stale view)
        return same

    def mentions(self, entry: Entry) -> list[Entry]:
        """Entries whose names this entry's body mentions outside code; cached per entry."""
        found = self._mentioned.get(entry.id)
        if found is None:
            targets: dict[str, Entry] = {}
            for key in mentioned_keys(self.matcher, entry.body):
                if link_target(self.matcher, entry, key) is None:
                    continue
                # A name shared by duplicates mentions all of them.
                for target in self.matcher.targets[key]:
                    targets.setdefault(target.id, target)
            found = self._mentioned[entry.id] = list(targets.values())
        return found

    def backlinks(self, entry: Entry, limit: int | None = None) -> list[Entry]:
        """Entries whose bodies mention `entry`, in library order (at most BACKLINK_CAP)."""
        found = self._backlinks.get(entry.id)
        if found is None:
            found = self._backlinks[entry.id] = self._find_backlinks(entry)
        return found[:limit] if limit is not None else list(found)

    def _find_backlinks(self, entry: Entry) -> list[Entry]:
        targets = self.matcher.targets
        keys = [
            key
            for key in dict.fromkeys(name_key(name) for name in entry.names)
            if any(target.id == entry.id for target in targets.get(key, ()))
        ]
        candidates: set[int] = set()
        for key in keys:
            candidates.update(self._bodies_containing(key))
        found = []
        for index in sorted(candidates):
            other = self._entries[index]
            if other.id != entry.id and any(t.id == entry.id for t in self.mentions(other)):
                found.append(other)
                if len(found) >= BACKLINK_CAP:
                    break
        return found

    def _bodies_containing(self, key: str) -> list[int]:
        """Indices of bodies containing `key` as text: a necessary condition for a mention."""
        haystack, starts = self._index()
        found = []
        position = haystack.find(key)
        while position != -1:
            index = bisect_right(starts, position) - 1
            found.append(index)
            if index + 1 >= len(starts):
                break
            position = haystack.find(key, starts[index + 1])  # one hit per body is enough
        return found

    def _index(self) -> tuple[str, list[int]]:
        """All bodies in lower case with single spaces, joined by NUL, and their offsets."""
        with self._lock:
            if self._haystack is None:
                flattened = [" ".join(entry.body.lower().split()) for entry in self._entries]
                starts, position = [], 0
                for body in flattened:
                    starts.append(position)
                    position += len(body) + 1
                self._haystack, self._starts = "\x00".join(flattened), starts
            return self._haystack, self._starts

    # ------------------------------------------------------------------ see also

    def see_also(self, entry: Entry, limit: int = 5) -> list[Entry]:
        """Related entries: shared name words (rarer words count more), category, mentions."""
        words = self._name_words()
        mine = words.get(entry.id) or _significant_words(entry)
        linked = {other.id for other in self.mentions(entry)}
        linked.update(other.id for other in self.backlinks(entry))
        candidates: set[int] = {self._order[i] for i in linked if i in self._order}
        for word in mine:
            candidates.update(self._postings.get(word, ()))
        if entry.category:
            candidates.update(self._by_category.get(entry.category, ()))
        own_key = name_key(entry.term)
        scored: list[tuple[float, int, Entry]] = []
        for index in candidates:
            other = self._entries[index]
            if other.id == entry.id or name_key(other.term) == own_key:
                continue
            score = sum(self._weights.get(word, 0.0) for word in mine & words[other.id])
            if entry.category and other.category == entry.category:
                score += _SHARED_CATEGORY
            if other.id in linked:
                score += _MENTION
            if score > 0:
                scored.append((-score, index, other))
        scored.sort(key=lambda item: item[:2])
        return [other for _, _, other in scored[:limit]]

    def _name_words(self) -> dict[str, frozenset[str]]:
        with self._lock:
            if self._words is None:
                words: dict[str, frozenset[str]] = {}
                postings: dict[str, list[int]] = {}
                by_category: dict[str, list[int]] = {}
                for index, entry in enumerate(self._entries):
                    found = words[entry.id] = _significant_words(entry)
                    for word in found:
                        postings.setdefault(word, []).append(index)
                    if entry.category:
                        by_category.setdefault(entry.category, []).append(index)
                total = max(len(self._entries), 1)
                self._weights = {w: math.log(1 + total / len(p)) for w, p in postings.items()}
                self._postings, self._by_category = postings, by_category
                self._words = words
            return self._words


def _significant_words(entry: Entry) -> frozenset[str]:
    text = f"{entry.term} {entry.title}".lower()
    return frozenset(word for word in _WORD.findall(text) if word not in _NAME_STOP_WORDS)
