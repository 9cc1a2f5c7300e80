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
from glossapp.render.common_words import COMMON_WORDS
from glossapp.render.crosslinks import NameMatcher, link_target, mentioned_keys, name_key, prose

# Backlinks are collected up to this many per entry; the view shows fewer.
BACKLINK_CAP = 50
# See also: words of letters (digits, +, #, - and ' inside), 3 or more characters.
_WORD = re.compile(r"[^\W\d_][\w+#'-]{2,}")
_IDF_SAMPLE = 3000  # bodies read for word frequencies
_TOP_WORDS = 5  # the entry's most distinctive words, looked up in every body
_CAP_SHARE = 0.02  # a word in more than this share of bodies finds no candidates
_POSTING_MIN = 50  # (but a word in 50 bodies or fewer always does)
_REREAD = 60  # bodies sharing the most of those words, read and compared in full
_VECTOR_CACHE = 20_000
_MENTION = 0.15  # a mention either way, on a cosine scale of 0 to 1
_SAME_CATEGORY = 1e-6  # only breaks ties


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
        self._haystack: bytes | None = None
        self._starts: list[int] = []
        self._by_id = {entry.id: entry for entry in self._entries}
        self._see_also: dict[tuple[str, int], list[Entry]] = {}
        self._vectors: dict[str, dict[str, float]] = {}
        self._sample_df: dict[str, int] | None = None
        self._sample_size = 1
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

    def _bodies_containing(self, key: str, cap: int | None = None) -> list[int]:
        """Indices of bodies containing `key` as text: a necessary condition for a mention
        (at most `cap` of them)."""
        haystack, starts = self._index()
        needle = key.encode("utf-8", "surrogatepass")
        found: list[int] = []
        position = haystack.find(needle)
        while position != -1:
            index = bisect_right(starts, position) - 1
            found.append(index)
            if index + 1 >= len(starts) or (cap is not None and len(found) >= cap):
                break
            position = haystack.find(needle, starts[index + 1])  # one hit per body is enough
        return found

    def _index(self) -> tuple[bytes, list[int]]:
        """All bodies in lower case with single spaces, joined by NUL, as UTF-8 (one byte
        a character for most text, where a str with one emoji would take four), and
        their offsets."""
        with self._lock:
            if self._haystack is None:
                flattened = [
                    " ".join(entry.body.lower().split()).encode("utf-8", "surrogatepass")
                    for entry in self._entries
                ]
                starts, position = [], 0
                for body in flattened:
                    starts.append(position)
                    position += len(body) + 1
                self._haystack, self._starts = b"\x00".join(flattened), starts
            return self._haystack, self._starts

    # ------------------------------------------------------------------ see also

    def see_also(self, entry: Entry, limit: int = 5) -> list[Entry]:
        """Related entries, best first: shared distinctive vocabulary (tf-idf over bodies
        and names), plus mentions either way; the same category only breaks ties. One
        definition per term, never the entry's own term. Computed for this entry alone
        (cached): its most distinctive words are looked up in all bodies at C speed, and
        only the few bodies sharing most of them are read."""
        key = (entry.id, limit)
        found = self._see_also.get(key)
        if found is None:
            found = self._see_also[key] = self._rank_related(entry, limit)
        return list(found)

    def _rank_related(self, entry: Entry, limit: int) -> list[Entry]:
        idf = self._idf()
        mine = _weights(_vocabulary(entry), idf)
        # the words the sample puts in more bodies than `cap` are not looked up at all
        cap = max(_POSTING_MIN, int(_CAP_SHARE * len(self._entries)))
        top = sorted(
            (word for word in mine if self._estimated_bodies(word) <= cap),
            key=lambda word: -mine[word],
        )[:_TOP_WORDS]
        shared: dict[int, float] = {}
        for word in top:
            bodies = self._bodies_containing(word, cap + 1)
            if not bodies or len(bodies) > cap:
                continue  # in too many bodies to tell entries apart
            for index in bodies:
                shared[index] = shared.get(index, 0.0) + mine[word] * idf(word)
        linked = {other.id for other in self.mentions(entry)}
        linked.update(other.id for other in self.backlinks(entry))
        pool = sorted(shared, key=lambda index: -shared[index])[:_REREAD]
        pool_ids = {self._entries[index].id for index in pool}
        candidates = [self._entries[index] for index in pool]
        candidates += [self._by_id[i] for i in linked if i in self._by_id and i not in pool_ids]
        own_key = name_key(entry.term)
        norm = math.sqrt(sum(weight * weight for weight in mine.values())) or 1.0
        scored: list[tuple[float, int, Entry]] = []
        for other in candidates:
            if other.id == entry.id or name_key(other.term) == own_key:
                continue
            theirs = self._weights_of(other, idf)
            dot = sum(weight * theirs.get(word, 0.0) for word, weight in mine.items())
            other_norm = math.sqrt(sum(w * w for w in theirs.values())) or 1.0
            score = dot / (norm * other_norm)
            if other.id in linked:
                score += _MENTION
            if score <= 0:
                continue
            if entry.category and other.category == entry.category:
                score += _SAME_CATEGORY
            scored.append((-score, self._order.get(other.id, len(self._order)), other))
        scored.sort(key=lambda item: item[:2])
        related: list[Entry] = []
        terms: set[str] = set()
        for _, _, other in scored:
            term = name_key(other.term)
            if term not in terms:  # one definition per term
                terms.add(term)
                related.append(other)
                if len(related) >= limit:
                    break
        return related

    def _weights_of(self, entry: Entry, idf) -> dict[str, float]:
        found = self._vectors.get(entry.id)
        if found is None:
            found = _weights(_vocabulary(entry), idf)
            if len(self._vectors) > _VECTOR_CACHE:
                self._vectors.clear()
            self._vectors[entry.id] = found
        return found

    def _estimated_bodies(self, word: str) -> float:
        assert self._sample_df is not None
        return self._sample_df.get(word, 0) * len(self._entries) / self._sample_size

    def _idf(self):
        """Inverse document frequency of a word, from an evenly spread sample of bodies
        (read once, on first use): rare words weigh more."""
        with self._lock:
            if self._sample_df is None:
                step = max(1, len(self._entries) // _IDF_SAMPLE)
                sample = self._entries[::step]
                counts: dict[str, int] = {}
                for other in sample:
                    for word in set(_vocabulary(other)):
                        counts[word] = counts.get(word, 0) + 1
                self._sample_df, self._sample_size = counts, max(1, len(sample))
        counts, size = self._sample_df, self._sample_size

        def idf(word: str) -> float:
            return math.log((size + 0.5) / (counts.get(word, 0) + 0.5))

        return idf


def _vocabulary(entry: Entry) -> list[str]:
    """The words that can tell an entry's subject: prose words of 3 letters or more that
    are not common English words, its names' words counted twice."""
    names = " ".join(entry.names).lower()
    text = prose(entry.body).lower()
    words = _WORD.findall(names) * 2 + _WORD.findall(text)
    return [word.strip("-'") for word in words if word.strip("-'") not in COMMON_WORDS]


def _weights(words: list[str], idf) -> dict[str, float]:
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    weights = {}
    for word, count in counts.items():
        weight = (1 + math.log(count)) * idf(word)
        if weight > 0:
            weights[word] = weight
    return weights
