"""The search engine the window and the CLI ask: names first, then full text.

Two tiers answer a query. The name tier (`names.NameIndex`, in memory) gives exact and
prefix matches on terms, titles and aliases in microseconds and works before any index
exists. The full-text tier (Whoosh, see `index` and `query`) ranks names, categories and
bodies with BM25F once `ensure_index()` has returned. `search()` merges them: exact name
matches first, then full-text hits, then the remaining name prefix matches, each entry
once.

Threads: `lookup_names` reads only immutable data. `search` and `ensure_index` may run
on other threads at the same time; the Whoosh searcher is shared under a lock.
"""

from __future__ import annotations

import contextlib
import html
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import glossapp.search.whoosh._patches  # noqa: F401 - before any whoosh import: see there

# isort: split
from whoosh import query as wq

from glossapp.glossary.library import Library
from glossapp.glossary.model import Entry, glossary_name
from glossapp.glossary.name_keys import packed, unpacked
from glossapp.glossary.parse_cache import ParseCache
from glossapp.search import query_plan as q
from glossapp.search.names import NameIndex, NameMatch
from glossapp.search.snippets import lead, match_pattern, window
from glossapp.search.whoosh.collect import BudgetCollector
from glossapp.search.whoosh.field_rank import FieldRanker, Unsupported
from glossapp.search.whoosh.index import (
    FullTextIndex,
    IndexCancelled,
    category_key,
    stored_plain_text,
)

__all__ = ["IndexCancelled", "SearchEngine", "SearchHit", "SearchResponse"]

EXACT_NAME_SCORE = 1_000.0
PREFIX_NAME_SCORE = 100.0
# Below this many hits for all the words, also rank entries that have only some of them.
FEW_HITS = 3
# Seconds of Whoosh scoring one search may take (all its fallbacks together); past it the
# best documents scored so far are returned. Typical queries take a fraction of this.
FULL_TEXT_BUDGET = 0.25
# Documents whose id and plain text stay decoded between keystrokes (about 5 MB): the
# next keystroke mostly shows and checks the same documents again.
STORED_CACHE = 2_048
LIBRARY_NAME_KEYS = "library-name-keys"  # its file in the parse cache


@dataclass(frozen=True, slots=True)
class SearchHit:
    entry_id: str
    term: str
    title: str
    category: str
    source: str  # glossary name (file stem)
    score: float
    snippet: str  # plain text around the match
    snippet_html: str  # the same, HTML-escaped, matches wrapped in <b>...</b>
    match: str  # "name" (type-ahead tier) or "text" (full text)


@dataclass(frozen=True, slots=True)
class SearchResponse:
    query: str
    hits: list[SearchHit]
    suggestion: str | None  # "did you mean"
    fuzzy: bool  # True when the typo fallback produced the hits
    truncated: bool = False  # True when the time budget stopped full-text ranking early


class SearchEngine:
    def __init__(self, library: Library, index_dir: Path | None = None) -> None:
        self.library = library
        self._names = _name_index(library)
        self._store = FullTextIndex(index_dir)
        self._lock = threading.Lock()
        self._vocabulary = None
        self._searcher = None
        self._ranker: FieldRanker | None = None
        self._stored: OrderedDict[int, tuple[str, str]] = OrderedDict()
        self._name_hits: dict[tuple[str, bool], SearchHit] = {}

    # -- name tier -------------------------------------------------------------------

    def lookup_names(
        self, query: str, limit: int = 200, category: str | None = None
    ) -> list[SearchHit]:
        """Exact then prefix matches on names, normalised (case, accents, hyphens, spaces)."""
        return [self._name_hit(m) for m in self._names.lookup(query, limit, category)]

    def _name_hit(self, match: NameMatch) -> SearchHit:
        # Name hits depend only on the entry and exactness: made once, then reused, so a
        # keystroke that lists hundreds of names allocates nothing new.
        key = (match.entry.id, match.exact)
        hit = self._name_hits.get(key)
        if hit is None:
            entry = match.entry
            preview = lead(entry.body)
            score = EXACT_NAME_SCORE if match.exact else PREFIX_NAME_SCORE
            escaped = html.escape(preview, quote=False)
            hit = self._name_hits[key] = _hit(entry, score, preview, escaped, "name")
        return hit

    # -- full-text tier --------------------------------------------------------------

    @property
    def index_folder(self) -> Path:
        return self._store.folder

    @property
    def full_text_ready(self) -> bool:
        return self._searcher is not None

    def ensure_index(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        rebuild: bool = False,
    ) -> None:
        """Make full-text search ready: open, update or build the index (see `index`).

        - An up-to-date index in the cache is opened (no document is read).
        - Sources whose content changed, appeared or vanished are re-indexed alone.
        - A missing, corrupt or older-schema index is replaced: by a copy of the prebuilt
          index shipped with the app (`paths.bundled("index")`, made at packaging time by
          `glossapp index --output DIR`) when its recorded file names and digests equal
          the library's, otherwise by a fresh build. Never raises for a damaged index.

        `progress(done, total)` is called while documents are added; `cancel()` is polled
        and, when true, `IndexCancelled` is raised with the previous index left intact.
        Run it off the UI thread; the name tier answers meanwhile.
        """
        self._close()
        opened = self._store.ensure(self.library, progress, cancel, rebuild=rebuild)
        with self._lock:
            self._vocabulary = opened.vocabulary
            self._searcher = opened.searcher
            self._ranker = FieldRanker(opened.searcher)

    def warm_name_hits(self, cancel: Callable[[], bool] | None = None) -> None:
        """Prepare every entry's type-ahead hit now, so no keystroke pays for building one.

        Costs 0.6 s at 50,000 entries: call it on a worker thread after `ensure_index`.
        Without it the first keystrokes after start-up build their hits as they go
        (about 1-2 ms for a one-letter prefix listing 200 names at 50,000 entries).
        """
        for count, entry in enumerate(self.library.entries):
            if count % 1000 == 0 and cancel and cancel():
                return
            self._name_hit(NameMatch(entry, False))

    def close(self) -> None:
        self._close()

    def _close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                with contextlib.suppress(Exception):  # already closed, or its files gone
                    self._searcher.close()
            self._searcher = None
            self._ranker = None
            self._stored.clear()
            self._vocabulary = None

    def search(self, query: str, limit: int = 50, category: str | None = None) -> SearchResponse:
        """Name tier first, then full text merged; before the index is ready, names only."""
        query = query[: q.MAX_QUERY_CHARS]
        names = self._names.lookup(query, limit, category)
        exact = [self._name_hit(m) for m in names if m.exact]
        prefixed = [self._name_hit(m) for m in names if not m.exact]
        text_hits: list[SearchHit] = []
        suggestion = None
        fuzzy = truncated = False
        if self._searcher is not None and limit > 0:
            try:
                text_hits, suggestion, fuzzy, truncated = self._full_text(query, limit, category)
            except IndexCancelled:
                raise
            except Exception:  # noqa: BLE001 - a damaged index must not break typing
                self._close()
        merged: dict[str, SearchHit] = {}
        for hit in (*exact, *text_hits, *prefixed):
            merged.setdefault(hit.entry_id, hit)
            if len(merged) >= limit:
                break
        if exact or prefixed:
            suggestion = None if exact else suggestion
        return SearchResponse(query, list(merged.values()), suggestion, fuzzy, truncated)

    def _full_text(self, text: str, limit: int, category: str | None):
        with self._lock:
            searcher = self._searcher
            if searcher is None:
                return [], None, False, False
            vocabulary = self._vocabulary
            ranker = self._ranker
            deadline = time.perf_counter() + FULL_TEXT_BUDGET
            allowed = (
                set(searcher.docs_for_query(wq.Term("cat", category_key(category))))
                if category
                else None
            )
            truncated = False
            words = q.query_words(text)
            typing = bool(text) and not text[-1].isspace()
            plans = q.plan_words(vocabulary, words, last_is_prefix=typing)
            syntax = q.looks_like_syntax(text)
            parsed = q.parse_syntax(text, searcher.schema, vocabulary) if syntax else None
            found: dict[int, float] = {}

            def plain_of(docnum: int) -> str:
                return self._stored_of(searcher, docnum)[1]

            def run(query, candidates: int = limit, accept=None) -> None:
                nonlocal truncated
                if query is None or len(found) >= limit:
                    return
                if time.perf_counter() > deadline:
                    truncated = True  # a fallback that was due never ran
                    return
                collector = BudgetCollector(candidates, deadline, allowed)
                searcher.search_with_collector(query, collector)
                truncated = truncated or collector.truncated
                keep([(hit.docnum, hit.score) for hit in collector.results()], accept)

            def run_field(
                fieldname, plans, use_corrections=False, candidates=limit, accept=None
            ) -> None:
                # All words in one field: the most common passes and the costliest in
                # Whoosh's matchers; `field_rank` gives the same ranking several times faster.
                nonlocal truncated
                clauses = q.field_words_clauses(plans, fieldname, use_corrections)
                if clauses is None or len(found) >= limit:
                    return
                if time.perf_counter() > deadline:
                    truncated = True
                    return
                try:
                    ranked, cut = ranker.top(fieldname, clauses, candidates, deadline, allowed)
                except Unsupported:
                    query = q.field_words_query(plans, fieldname, use_corrections)
                    run(query, candidates, accept)
                    return
                truncated = truncated or cut
                keep(ranked, accept)

            def keep(ranked: list[tuple[int, float]], accept) -> None:
                for docnum, score in ranked:
                    if accept is None or accept(docnum):
                        found.setdefault(docnum, score)
                        if len(found) >= limit:
                            break

            def word_passes(use_corrections: bool) -> None:
                # Names before bodies by construction: entries with every word in their
                # names, then in their bodies, then spread over both, then any word.
                run_field("name", plans, use_corrections)
                if not use_corrections:
                    run(q.joined_name_query(words))
                run_field("body", plans, use_corrections)
                if len(found) < FEW_HITS and len(plans) > 1:
                    run(q.all_words_query(plans, use_corrections))
                if len(found) < FEW_HITS and len(plans) > 1:
                    run(q.any_words_query(plans, use_corrections))

            phrase = q.single_phrase(text)
            check = None
            if phrase is not None:
                # A lone "quoted phrase": names by Whoosh's phrase query (short fields),
                # bodies by the best entries having all its words, checked against the
                # stored text. Whoosh's positional matching on bodies took 4x longer.
                plans = q.plan_words(vocabulary, phrase, last_is_prefix=False)
                stems = [s for plan in plans for s in plan.stems]
                check = q.phrase_pattern(plans)
                holds_phrase = q.phrase_test(plans)
                if check is not None and holds_phrase is not None and stems:
                    run(wq.Phrase("name", stems))
                    run_field(
                        "body",
                        plans,
                        candidates=q.PHRASE_CANDIDATES,
                        accept=lambda docnum: holds_phrase(plain_of(docnum)),
                    )
            elif parsed is not None:
                try:
                    run(parsed)
                except Exception:  # noqa: BLE001 - a query Whoosh cannot run: plain words
                    word_passes(use_corrections=False)
            else:
                word_passes(use_corrections=False)
            q.correct(vocabulary, plans)
            suggestion = q.suggestion(plans)
            fuzzy = False
            if len(found) < FEW_HITS and suggestion is not None:
                before = len(found)
                word_passes(use_corrections=True)
                fuzzy = len(found) > before
            if phrase is not None and check is not None:
                pattern = check  # show and bold the phrase itself
            else:
                pattern = match_pattern(q.highlight_stems(plans, parsed))
            hits = []
            for docnum, score in found.items():
                entry_id, plain = self._stored_of(searcher, docnum)
                entry = self.library.get(entry_id)
                if entry is None:
                    continue
                snippet, snippet_html = window(plain, pattern)
                hits.append(_hit(entry, score, snippet, snippet_html, "text"))
            return hits, suggestion, fuzzy, truncated

    def _stored_of(self, searcher, docnum: int) -> tuple[str, str]:
        """(entry id, plain text) of one document; call with the lock held."""
        cached = self._stored.get(docnum)
        if cached is not None:
            self._stored.move_to_end(docnum)
            return cached
        fields = searcher.stored_fields(docnum)
        cached = self._stored[docnum] = (fields["id"], stored_plain_text(fields["plain"]))
        if len(self._stored) > STORED_CACHE:
            self._stored.popitem(last=False)
        return cached

    def stored_plain_texts(self) -> dict[str, str]:
        """Entry id to the plain text the index holds (empty before `ensure_index`)."""
        with self._lock:
            if self._searcher is None:
                return {}
            return {
                fields["id"]: stored_plain_text(fields["plain"])
                for fields in self._searcher.all_stored_fields()
            }

    # -- categories ------------------------------------------------------------------

    def categories(self) -> list[tuple[str, int]]:
        """(category, entry count), sorted by name; entries without a category left out."""
        counts = Counter(e.category for e in self.library.entries if e.category)
        return sorted(counts.items(), key=lambda item: (item[0].casefold(), item[0]))


def _name_index(library: Library) -> NameIndex:
    """The library's name tier, from the name keys the parse cache keeps when it can.

    The keys of the whole library are kept too (merging the files' keys took 10 ms at
    10,000 entries), under the files' paths and content digests, in order.
    """
    files = [source for source in library.files if source.entries]
    in_file_order = (entry for source in files for entry in source.entries)
    if (
        len(library.entries) != sum(len(source.entries) for source in files)
        or not all(
            mine is theirs for mine, theirs in zip(library.entries, in_file_order, strict=True)
        )
        # only files loaded through the parse cache have digests that vouch for entries
        or not all(source.packed_name_keys is not None and source.digest for source in files)
    ):
        return NameIndex(library.entries)  # a library put together by hand, or uncached
    cache = ParseCache()
    contents = tuple((str(source.path), source.digest) for source in files)
    kept = cache.recall(LIBRARY_NAME_KEYS, contents)
    if kept is not None:
        keys, positions = unpacked(kept)
        if len(keys) == len(positions) and max(positions, default=-1) < len(library.entries):
            return NameIndex(library.entries, (keys, positions))
    index = NameIndex.joined([(source.entries, source.name_keys) for source in files])
    cache.keep(LIBRARY_NAME_KEYS, contents, packed(index.keys))
    return index


def _hit(entry: Entry, score: float, snippet: str, snippet_html: str, match: str) -> SearchHit:
    return SearchHit(
        entry_id=entry.id,
        term=entry.term,
        title=entry.title,
        category=entry.category,
        source=glossary_name(entry.source),
        score=score,
        snippet=snippet,
        snippet_html=snippet_html,
        match=match,
    )
