"""The search engine the window and the CLI ask: names first, then full text.

Two tiers answer a query. The name tier (`names.NameIndex`, in memory) gives exact and
prefix matches on terms, titles and aliases at once and works before any index exists.
The full-text tier (`search.whoosh.FullTextIndex`) ranks names, categories and bodies
with BM25F once `ensure_index()` has returned; this module decides which passes a query
makes (`query_plan` says what each one matches) and turns the documents found into hits
with snippets. `search()` merges the tiers: exact name matches first, then full-text
hits, then the remaining name prefix matches, each entry once.

Failures: a full-text index that cannot be read (`IndexReadError`) is closed for the
session and the name tier answers alone; any other failure of the full-text tier costs
that one query its full-text hits (logged once), never the session's full text.

Threads: `lookup_names` reads only immutable data. `search` and `ensure_index` may run
on other threads at the same time; the index's reader is shared under its lock.
"""

from __future__ import annotations

import html
import logging
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from glossapp.glossary.library import Library
from glossapp.glossary.model import Entry, glossary_name
from glossapp.glossary.name_keys import packed, unpacked
from glossapp.glossary.parse_cache import ParseCache
from glossapp.search import query_plan as q
from glossapp.search.names import NameIndex, NameMatch
from glossapp.search.queries import Phrase, Query
from glossapp.search.snippets import lead, match_pattern, window
from glossapp.search.whoosh import (
    FullTextIndex,
    IndexCancelled,
    IndexReader,
    IndexReadError,
    ParsedQuery,
    UnrunnableQuery,
)

__all__ = ["IndexCancelled", "SearchEngine", "SearchHit", "SearchResponse"]

LOG = logging.getLogger(__name__)
EXACT_NAME_SCORE = 1_000.0
PREFIX_NAME_SCORE = 100.0
# Below this many hits for all the words, also rank entries that have only some of them.
FEW_HITS = 3
# Seconds of full-text ranking one search may take (all its fallbacks together); past it
# the best documents scored so far are returned. Typical queries take a fraction of this.
FULL_TEXT_BUDGET = 0.25
LIBRARY_NAME_KEYS = "library-name-keys"  # its file in the parse cache

_FullText = tuple[list["SearchHit"], str | None, bool, bool]  # hits, suggestion, fuzzy, cut


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
        self._index = FullTextIndex(index_dir)
        self._name_hits: dict[tuple[str, bool], SearchHit] = {}
        self._failed_once = False

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
        return self._index.folder

    @property
    def full_text_ready(self) -> bool:
        return self._index.ready

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
        self._index.ensure(self.library, progress, cancel, rebuild=rebuild)

    def warm_name_hits(self, cancel: Callable[[], bool] | None = None) -> None:
        """Prepare every entry's type-ahead hit now, so no keystroke pays for building one.

        Call it on a worker thread after `ensure_index` (`make bench` shows both: the
        type-ahead rows, warm and "first keystrokes, cold"). Without it the first
        keystrokes after start-up build their hits as they go.
        """
        for count, entry in enumerate(self.library.entries):
            if count % 1000 == 0 and cancel and cancel():
                return
            self._name_hit(NameMatch(entry, False))

    def close(self) -> None:
        self._index.close()

    def search(self, query: str, limit: int = 50, category: str | None = None) -> SearchResponse:
        """Name tier first, then full text merged; before the index is ready, names only."""
        query = query[: q.MAX_QUERY_CHARS]
        names = self._names.lookup(query, limit, category)
        exact = [self._name_hit(m) for m in names if m.exact]
        prefixed = [self._name_hit(m) for m in names if not m.exact]
        text_hits: list[SearchHit] = []
        suggestion = None
        fuzzy = truncated = False
        if self._index.ready and limit > 0:
            try:
                text_hits, suggestion, fuzzy, truncated = self._full_text(query, limit, category)
            except IndexReadError:
                LOG.warning("the full-text index cannot be read: names only", exc_info=True)
                self._index.close()
            except Exception:  # noqa: BLE001 - one query's full text lost, not the session's
                if not self._failed_once:
                    self._failed_once = True
                    LOG.exception("full-text search failed for one query (logged once)")
        merged: dict[str, SearchHit] = {}
        for hit in (*exact, *text_hits, *prefixed):
            merged.setdefault(hit.entry_id, hit)
            if len(merged) >= limit:
                break
        if exact or prefixed:
            suggestion = None if exact else suggestion
        return SearchResponse(query, list(merged.values()), suggestion, fuzzy, truncated)

    def _full_text(self, text: str, limit: int, category: str | None) -> _FullText:
        with self._index.reading() as reader:
            if reader is None:
                return [], None, False, False
            return self._passes(reader, text, limit, category)

    def _passes(
        self, reader: IndexReader, text: str, limit: int, category: str | None
    ) -> _FullText:
        """The passes a query makes, best matches first, until `limit` documents are found."""
        vocabulary = reader.vocabulary
        deadline = time.perf_counter() + FULL_TEXT_BUDGET
        allowed = reader.in_category(category) if category else None
        truncated = False
        words = q.query_words(text)
        typing = bool(text) and not text[-1].isspace()
        plans = q.plan_words(vocabulary, words, last_is_prefix=typing)
        syntax = q.looks_like_syntax(text)
        parsed = (
            reader.parse(text, lambda prefix: q.prefix_words(vocabulary, prefix))
            if syntax
            else None
        )
        found: dict[int, float] = {}
        Accept = Callable[[int], bool] | None

        def run(
            query: Query | ParsedQuery | None, candidates: int = limit, accept: Accept = None
        ) -> None:
            nonlocal truncated
            if query is None or len(found) >= limit:
                return
            if time.perf_counter() > deadline:
                truncated = True  # a pass that was due never ran
                return
            ranked = reader.rank(query, candidates, deadline, allowed)
            truncated = truncated or ranked.truncated
            keep(ranked.documents, accept)

        def run_field(
            fieldname: str,
            plans: list[q.WordPlan],
            use_corrections: bool = False,
            candidates: int = limit,
            accept: Accept = None,
        ) -> None:
            # All words in one field: the most common passes, and the ones
            # `search.whoosh` ranks on its fast path.
            run(q.field_words(plans, fieldname, use_corrections), candidates, accept)

        def keep(ranked: list[tuple[int, float]], accept: Accept) -> None:
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
            # A lone "quoted phrase": names by a phrase query (short fields, indexed with
            # positions), bodies by the best entries having all its words, checked
            # against the stored text (bodies have no positions).
            plans = q.plan_words(vocabulary, phrase, last_is_prefix=False)
            stems = [s for plan in plans for s in plan.stems]
            check = q.phrase_pattern(plans)
            holds_phrase = q.phrase_test(plans)
            if check is not None and holds_phrase is not None and stems:
                run(Phrase("name", tuple(stems)))
                run_field(
                    "body",
                    plans,
                    candidates=q.PHRASE_CANDIDATES,
                    accept=lambda docnum: holds_phrase(reader.stored(docnum)[1]),
                )
        elif parsed is not None:
            try:
                run(parsed)
            except UnrunnableQuery:  # a query Whoosh cannot run: plain words
                word_passes(use_corrections=False)
        else:
            word_passes(use_corrections=False)
        q.correct(plans, reader.corrections)
        suggestion = q.suggestion(plans)
        fuzzy = False
        if len(found) < FEW_HITS and suggestion is not None:
            before = len(found)
            word_passes(use_corrections=True)
            fuzzy = len(found) > before
        pattern: re.Pattern[str] | None
        if phrase is not None and check is not None:
            pattern = check  # show and bold the phrase itself
        else:
            parsed_terms = parsed.terms if parsed is not None else ()
            pattern = match_pattern(q.highlight_stems(plans, parsed_terms))
        hits = []
        for docnum, score in found.items():
            entry_id, plain = reader.stored(docnum)
            entry = self.library.get(entry_id)
            if entry is None:
                continue
            snippet, snippet_html = window(plain, pattern)
            hits.append(_hit(entry, score, snippet, snippet_html, "text"))
        return hits, suggestion, fuzzy, truncated

    def stored_plain_texts(self) -> dict[str, str]:
        """Entry id to the plain text the index holds (empty before `ensure_index`)."""
        with self._index.reading() as reader:
            return reader.stored_plain_texts() if reader is not None else {}

    # -- categories ------------------------------------------------------------------

    def categories(self) -> list[tuple[str, int]]:
        """(category, entry count), sorted by name; entries without a category left out."""
        counts = Counter(e.category for e in self.library.entries if e.category)
        return sorted(counts.items(), key=lambda item: (item[0].casefold(), item[0]))


def _name_index(library: Library) -> NameIndex:
    """The library's name tier, from the name keys the parse cache keeps when it can.

    The keys of the whole library are kept too (merging the files' keys costs a
    noticeable part of opening), under the files' paths and content digests, in order.
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
    if (
        isinstance(kept, tuple)
        and len(kept) == 2
        and isinstance(kept[0], str)
        and isinstance(kept[1], bytes)
    ):
        keys, positions = unpacked((kept[0], kept[1]))
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
