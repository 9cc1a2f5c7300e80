"""Top documents for "every word in one field", scored like Whoosh but without its matchers.

Whoosh walks an AND of posting lists one document at a time in Python, and for each
match asks a column reader for the field length and a scorer for BM25F. Here each
posting list is decoded a block at a time, the lists are intersected as sets, and only
the documents in every list are scored, from the segment's length column read once and
kept. The scores are Whoosh's own (its scorer objects compute them), so rankings do not
change; ties keep Whoosh's order (lower document number first). What it saves: `make
bench`, "p50 two words" and "p50 typed".

Private Whoosh internals it relies on (whoosh-reloaded 2.7.5, pinned):

- `whoosh.codec.whoosh3`: `W3LeafMatcher` and its `_read_data`, `_data`,
  `_read_weights`, `_weights`, `_byteids` and `_next_block` (a block of postings at a
  time); `_lenfield` and `LENGTHS_COLUMN` with the reader's `_perdoc._cached_reader`,
  and the column's `_dbfile`, `_basepos` and `_count` (the field lengths as bytes);
- a scorer's `_score(weight, length)` (BM25F without a matcher);
- `FilterMatcher.child` (the matcher under Whoosh's deletion filter).

Anything it does not expect raises (`Unsupported` for a layout it knows it cannot
read); `full_text.IndexReader` then runs the same query through Whoosh and logs it once.
If these imports fail, every call raises `Unsupported`.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Iterable, Sequence, Set
from itertools import accumulate
from typing import Any

from whoosh.matching.mcore import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

try:
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
except ImportError as missing:  # another Whoosh: the caller ranks through Whoosh
    _IMPORT_ERROR: ImportError | None = missing
else:
    _IMPORT_ERROR = None

_LENGTHS = [byte_to_length(b) or 1 for b in range(256)]


class Unsupported(Exception):
    """The index is not laid out as this module expects."""


class FieldRanker:
    """Ranks over one open searcher; caches each segment's field lengths."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        self._lengths: dict[tuple[int, str], bytes] = {}

    def top(
        self,
        fieldname: str,
        clauses: Sequence[Sequence[str]],
        limit: int,
        deadline: float,
        allowed: set[int] | None = None,
    ) -> tuple[list[tuple[int, float]], bool]:
        """(global docnum, score) best first of documents with a term of every clause.

        Each clause is a list of alternative indexed terms (a word and its completions);
        a document's score is the sum of its terms' BM25F scores, as Whoosh's And of Or
        queries gives. `truncated` is True when the deadline stopped the ranking early.
        """
        if _IMPORT_ERROR is not None:
            raise Unsupported(str(_IMPORT_ERROR))
        best: list[tuple[float, int]] = []  # heap of (score, -docnum), as Whoosh keeps
        truncated = False
        if limit <= 0:
            return [], truncated
        for subsearcher, offset in self._searcher.leaf_searchers():
            if time.perf_counter() > deadline:
                truncated = True
                break
            for docnum, score in self._segment_scores(subsearcher, fieldname, clauses):
                item = (score, -(offset + docnum))
                if allowed is not None and offset + docnum not in allowed:
                    continue
                if len(best) < limit:
                    heapq.heappush(best, item)
                elif item > best[0]:
                    heapq.heapreplace(best, item)
        ranked = sorted(best, reverse=True)
        return [(-negated, score) for score, negated in ranked], truncated

    def _segment_scores(
        self, subsearcher: Any, fieldname: str, clauses: Sequence[Sequence[str]]
    ) -> Iterable[tuple[int, float]]:
        reader = subsearcher.reader()
        weighting = self._searcher.weighting
        per_clause: list[list[tuple[Any, dict[int, float]]]] = []
        for clause in clauses:
            lists = []
            for text in dict.fromkeys(clause):
                postings = _postings(reader, fieldname, text)
                if postings:
                    lists.append((weighting.scorer(subsearcher, fieldname, text), postings))
            if not lists:
                return []
            per_clause.append(lists)
        # Smallest first: the candidate set shrinks fastest.
        per_clause.sort(key=lambda lists: sum(len(postings) for _, postings in lists))
        candidates: set[int] | None = None
        for lists in per_clause:
            in_clause: Set[int]
            if len(lists) == 1:
                in_clause = lists[0][1].keys()
            else:
                in_clause = set().union(*(postings.keys() for _, postings in lists))
            candidates = set(in_clause) if candidates is None else candidates & in_clause
            if not candidates:
                return []
        assert candidates is not None
        if reader.has_deletions():
            candidates -= reader.deleted_docs_set
        lengths = self._field_lengths(reader, fieldname)
        totals = dict.fromkeys(candidates, 0.0)
        for lists in per_clause:
            # A one-term clause adds straight into the totals: the same sums, one pass less.
            clause_scores = totals if len(lists) == 1 else dict.fromkeys(candidates, 0.0)
            for scorer, postings in lists:
                memo: dict[tuple[float, int], float] = {}
                score_of = scorer._score
                get = postings.get
                for docnum in candidates:
                    weight = get(docnum)
                    if weight is None:
                        continue
                    key = (weight, lengths[docnum])
                    score = memo.get(key)
                    if score is None:
                        score = memo[key] = score_of(weight, _LENGTHS[key[1]])
                    clause_scores[docnum] += score
            if clause_scores is not totals:
                for docnum, score in clause_scores.items():
                    totals[docnum] += score
        return totals.items()

    def _field_lengths(self, reader: Any, fieldname: str) -> bytes:
        key = (id(reader), fieldname)
        lengths = self._lengths.get(key)
        if lengths is None:
            try:
                column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
                lengths = (
                    b"" if column is None else column._dbfile.get(column._basepos, column._count)
                )
            except AttributeError as error:
                raise Unsupported(str(error)) from error
            # Documents past the column's end have no length stored (Whoosh reads 0).
            lengths += bytes(max(0, reader.doc_count_all() - len(lengths)))
            self._lengths[key] = lengths
        return lengths


def _postings(reader: Any, fieldname: str, text: str) -> dict[int, float] | None:
    """Docnum to weight for one term in one segment, deleted documents included."""
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return None
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deletions are removed from the candidates instead
    postings: dict[int, float] = {}
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            # As `_read_ids`, with the deltas summed in C instead of a Python generator.
            matcher._read_data()
            ids = matcher._data[0]
            matcher._read_weights()
            if not matcher._byteids:
                ids = accumulate(ids)
            postings.update(zip(ids, matcher._weights, strict=True))
            matcher._next_block()
    elif isinstance(matcher, ListMatcher):  # a short list stored with the term
        while matcher.is_active():
            postings[matcher.id()] = matcher.weight()
            matcher.next()
    else:
        raise Unsupported(type(matcher).__name__)
    return postings
