"""The index's own words, unstemmed: prefix expansion, typo correction, "did you mean".

The index's body field holds stems (`calibr`), which are useless for suggesting a word
or for finding `calibration` one edit away from `calibraton`. Indexing every body a
second time unstemmed doubled the build cost, so the words are counted here instead
(document frequency per word) and kept as a sorted list in memory: prefixes come from
`bisect`, corrections from a Levenshtein automaton walked over the same list
(`search.whoosh.spelling`, through `first_at_or_after`).

Counts are saved per source next to the index, so an incremental update can subtract a
removed source's words without re-reading its text.
"""

from __future__ import annotations

import marshal
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from glossapp.util.atomic import atomic_write_bytes

TOTALS_FILE = "glossapp-words.marshal"
SOURCES_FILE = "glossapp-words-by-source.marshal"


class Vocabulary:
    """Words and their document frequencies; immutable once built, safe across threads."""

    __slots__ = ("_frequency", "_sorted")

    def __init__(
        self, frequency: Mapping[str, int], already_sorted: list[str] | None = None
    ) -> None:
        self._frequency = dict(frequency)
        self._sorted = already_sorted if already_sorted is not None else sorted(self._frequency)

    def __len__(self) -> int:
        return len(self._sorted)

    def frequency(self, word: str) -> int:
        return self._frequency.get(word, 0)

    def expand(self, prefix: str, scan: int = 200, keep: int = 12) -> list[str]:
        """The `keep` most frequent words starting with `prefix`, among the first `scan`."""
        words = self._sorted
        start = bisect_left(words, prefix)
        found = []
        for word in words[start : start + scan]:
            if not word.startswith(prefix):
                break
            found.append(word)
        found.sort(key=lambda w: (-self._frequency[w], w))
        return found[:keep]

    def first_at_or_after(self, text: str) -> str | None:
        """The first word in sorted order that is not before `text`, or None."""
        position = bisect_left(self._sorted, text)
        return self._sorted[position] if position < len(self._sorted) else None


class VocabularyStore:
    """Per-source word counts in an index folder, and their total."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load_totals(self) -> Vocabulary | None:
        data = _read(self.folder / TOTALS_FILE)
        if not (isinstance(data, tuple) and len(data) == 2 and len(data[0]) == len(data[1])):
            return None
        words, counts = data
        return Vocabulary(dict(zip(words, counts, strict=True)), list(words))

    def load_sources(self) -> dict[str, dict[str, int]] | None:
        data = _read(self.folder / SOURCES_FILE)
        return data if isinstance(data, dict) else None

    def save(self, sources: Mapping[str, Mapping[str, int]]) -> None:
        totals: Counter[str] = Counter()
        for counts in sources.values():
            totals.update(counts)
        _write(self.folder / SOURCES_FILE, {k: dict(v) for k, v in sources.items()})
        words = sorted(totals)
        # Saved as two sorted columns: loading them needs no sort and no per-item tuples.
        _write(self.folder / TOTALS_FILE, (words, [totals[w] for w in words]))


def _read(path: Path) -> object:
    try:
        # Not marshal.load(handle): that reads the file a few bytes per object, through
        # Python-level calls, many times slower.
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def _write(path: Path, data: tuple[list[str], list[int]] | dict[str, dict[str, int]]) -> None:
    atomic_write_bytes(path, marshal.dumps(data), durable=False)
