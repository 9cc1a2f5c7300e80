"""The engine's one door to Whoosh: an index folder, and readers of the index open in it.

`FullTextIndex` owns the folder's lifecycle (`index.IndexFolder`: open, update, copy the
bundled index, or build) and the one open searcher. A query reads through an
`IndexReader`, taken with `FullTextIndex.reading()`, which holds the index's lock for
the whole query so that `close()` or a new `ensure()` never pulls the searcher from
under it.

Failure contract:

- A fast path (`field_rank`, the budget collector) that raises falls back, for that
  call, to Whoosh's own public search with Whoosh's own scoring; the first such
  fallback of each path is logged (`fail_soft`). Full text stays on.
- When the plain Whoosh call fails too, the index itself cannot be read (files damaged
  or gone): `IndexReadError`. The engine then closes the index for the session; the
  name tier still answers, and the next `ensure()` repairs it.
- A parsed syntax query Whoosh cannot run raises `UnrunnableQuery`: the caller searches
  the words instead.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import query as wq

from glossapp.glossary.library import Library
from glossapp.search.queries import FieldWords, Query
from glossapp.search.vocabulary import Vocabulary
from glossapp.search.whoosh import spelling
from glossapp.search.whoosh.collect import BudgetCollector
from glossapp.search.whoosh.fail_soft import fell_back
from glossapp.search.whoosh.field_rank import FieldRanker
from glossapp.search.whoosh.index import IndexFolder, OpenIndex, category_key, stored_plain_text
from glossapp.search.whoosh.syntax import ParsedQuery, parse_syntax
from glossapp.search.whoosh.translate import to_whoosh

# Documents whose id and plain text stay decoded between keystrokes: the next keystroke
# mostly shows and checks the same documents again.
STORED_CACHE = 2_048


class IndexReadError(Exception):
    """The open index could not be read, even through Whoosh's plain API."""


class UnrunnableQuery(Exception):
    """Whoosh could not run a parsed syntax query."""


@dataclass(frozen=True, slots=True)
class Ranked:
    documents: list[tuple[int, float]]  # (document number, score), best first
    truncated: bool  # the deadline stopped the ranking before every match was scored


class IndexReader:
    """One open searcher and what was saved with it. Not thread-safe: use it inside
    `FullTextIndex.reading()`. Document numbers are valid for this reader only."""

    def __init__(self, opened: OpenIndex) -> None:
        self._searcher = opened.searcher
        self._vocabulary = opened.vocabulary
        self._ranker = FieldRanker(opened.searcher)
        self._stored: OrderedDict[int, tuple[str, str]] = OrderedDict()

    @property
    def vocabulary(self) -> Vocabulary:
        return self._vocabulary

    def corrections(self, word: str, maxdist: int, prefix: int, limit: int) -> list[str]:
        """Known words within `maxdist` edits of `word` sharing its first `prefix`
        letters: nearest, then commonest, at most `limit`."""
        return spelling.corrections(self._vocabulary, word, maxdist, prefix, limit)

    def parse(self, text: str, prefix_words: Callable[[str], list[str]]) -> ParsedQuery | None:
        """Query syntax parsed against the schema (see `syntax`); None if it does not parse."""
        return parse_syntax(text, self._searcher.schema, prefix_words)

    def in_category(self, category: str) -> set[int]:
        """The documents of one category (for `rank`'s `allowed`)."""
        try:
            return set(self._searcher.docs_for_query(wq.Term("cat", category_key(category))))
        except Exception as error:  # noqa: BLE001 - plain Whoosh failed: the index is unreadable
            raise IndexReadError(str(error)) from error

    def rank(
        self,
        query: Query | ParsedQuery,
        limit: int,
        deadline: float,
        allowed: set[int] | None = None,
    ) -> Ranked:
        """The best `limit` documents for `query`, among `allowed` when given.

        Ranking stops at `deadline` (a `time.perf_counter()` value) with the best
        documents scored so far (`truncated`). Scores are Whoosh's BM25F.
        """
        if isinstance(query, ParsedQuery):
            try:
                return self._collect(query.query, limit, deadline, allowed)
            except IndexReadError as error:
                raise UnrunnableQuery(str(error)) from error
        if isinstance(query, FieldWords):
            try:
                ranked, cut = self._ranker.top(query.field, query.clauses, limit, deadline, allowed)
            except Exception as error:  # noqa: BLE001 - any failure: Whoosh's own way
                result = self._collect(to_whoosh(query), limit, deadline, allowed)
                fell_back("field_rank", error)  # logged only once the fallback worked
                return result
            return Ranked(ranked, cut)
        return self._collect(to_whoosh(query), limit, deadline, allowed)

    def _collect(self, query: Any, limit: int, deadline: float, allowed: set[int] | None) -> Ranked:
        try:
            collector = BudgetCollector(limit, deadline, allowed)
            self._searcher.search_with_collector(query, collector)
            found = [(hit.docnum, hit.score) for hit in collector.results()]
            return Ranked(found, collector.truncated)
        except Exception as error:  # noqa: BLE001 - any failure: Whoosh's own way
            fast_failure = error
        result = self._plain_search(query, limit, allowed)
        fell_back("budget collector", fast_failure)
        return result

    def _plain_search(self, query: Any, limit: int, allowed: set[int] | None) -> Ranked:
        """Whoosh's public `Searcher.search`, no time budget."""
        if allowed is not None and not allowed:
            return Ranked([], False)  # Whoosh reads an empty filter as "no filter"
        try:
            results = self._searcher.search(query, limit=limit, filter=allowed)
            return Ranked([(hit.docnum, hit.score) for hit in results], False)
        except Exception as error:  # noqa: BLE001 - plain Whoosh failed: the index is unreadable
            raise IndexReadError(str(error)) from error

    def stored(self, docnum: int) -> tuple[str, str]:
        """(entry id, plain text) of one document."""
        cached = self._stored.get(docnum)
        if cached is not None:
            self._stored.move_to_end(docnum)
            return cached
        try:
            fields = self._searcher.stored_fields(docnum)
            cached = (fields["id"], stored_plain_text(fields["plain"]))
        except Exception as error:  # noqa: BLE001 - plain Whoosh failed: the index is unreadable
            raise IndexReadError(str(error)) from error
        self._stored[docnum] = cached
        if len(self._stored) > STORED_CACHE:
            self._stored.popitem(last=False)
        return cached

    def stored_plain_texts(self) -> dict[str, str]:
        """Entry id to the plain text the index holds, for every document."""
        return {
            fields["id"]: stored_plain_text(fields["plain"])
            for fields in self._searcher.all_stored_fields()
        }

    def close(self) -> None:
        self._stored.clear()
        with contextlib.suppress(Exception):  # already closed, or its files gone
            self._searcher.close()


class FullTextIndex:
    """One index folder and, once `ensure()` has returned, the index open in it.

    Thread-safe: `ensure()` may run on a worker while other threads query through
    `reading()`; they see no reader (names only) until the index is open.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = IndexFolder(folder)
        self._lock = threading.Lock()
        self._reader: IndexReader | None = None

    @property
    def folder(self) -> Path:
        return self._folder.folder

    @property
    def ready(self) -> bool:
        return self._reader is not None

    def ensure(
        self,
        library: Library,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        rebuild: bool = False,
        resume: bool = True,
    ) -> None:
        """Open the folder's index, updated or built for `library` (see `index`).

        The open index, if any, is closed first. Raises `IndexCancelled` when `cancel()`
        turned true (the previous index on disk is left as it was) and
        `IndexUnavailable` when no index can be made (disk full, permissions).
        """
        self.close()
        opened = self._folder.ensure(library, progress, cancel, rebuild=rebuild, resume=resume)
        with self._lock:
            replaced, self._reader = self._reader, IndexReader(opened)
        if replaced is not None:
            replaced.close()

    @contextlib.contextmanager
    def reading(self) -> Iterator[IndexReader | None]:
        """The open index's reader (None before `ensure()`), locked while in use."""
        with self._lock:
            yield self._reader

    def close(self) -> None:
        with self._lock:
            reader, self._reader = self._reader, None
            if reader is not None:
                reader.close()

    def mark_damaged(self) -> None:
        """Close the index and make the next `ensure()` rebuild it (a query could not
        read it)."""
        self.close()
        self._folder.mark_damaged()

    def verify(self) -> None:
        """Read every segment of the index on disk (`index.verify_index`); raises
        `IndexDamaged` saying what could not be read."""
        self._folder.verify()
