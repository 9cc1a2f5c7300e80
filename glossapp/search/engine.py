"""The search engine the window and the CLI ask: names first, then full text.

Two tiers answer a query. The name tier (`names.NameIndex`, in memory) gives exact and
prefix matches on terms, titles and aliases at once and works before any index exists.
The full-text tier (`search.whoosh.FullTextIndex`) ranks names, categories and bodies
with BM25F once `ensure_index()` has returned; this module decides which passes a query
makes (`query_plan` says what each one matches) and turns the documents found into hits
with snippets. `search()` merges them into the one ranking every caller gets (its
docstring says the order).

Failures: a full-text index that cannot be read during a query (`IndexReadError`) is
*damaged*: it is closed, marked for a rebuild on disk, `index_damaged` turns true and
`on_index_damaged(message)` is called (the window shows "Search index damaged:
rebuilding" and calls `repair_index_in_background`); the name tier answers alone
meanwhile. An index that cannot be written (a full or read-only cache folder) leaves the
name tier answering alone, with `index_problem` naming the folder (logged once as a
warning, which the CLI prints as one line). Any other failure of the full-text tier
costs that one query its full-text hits (logged once), never the session's full text.

Threads: `lookup_names` reads immutable data and fills a cache of hits (each slot is
written whole, so a race only makes a hit twice). `search` and `ensure_index` may run on
other threads at the same time; the index's reader is shared under its lock.
"""

from __future__ import annotations

import html
import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from glossapp.glossary.acronyms import entry_acronyms
from glossapp.glossary.library import Library
from glossapp.glossary.model import Entry, glossary_name
from glossapp.glossary.name_keys import packed, unpacked
from glossapp.glossary.parse_cache import ParseCache
from glossapp.search import query_plan as q
from glossapp.search.names import (
    TIER_EXACT,
    TIER_EXACT_WITHOUT_SYMBOLS,
    TIER_PREFIX,
    TIER_PREFIX_AS_WRITTEN,
    NameIndex,
    NameTables,
    name_tables,
)
from glossapp.search.queries import Phrase, Query
from glossapp.search.snippets import lead, match_pattern, window
from glossapp.search.whoosh import (
    FullTextIndex,
    IndexCancelled,
    IndexDamaged,
    IndexReader,
    IndexReadError,
    ParsedQuery,
    UnrunnableQuery,
)

__all__ = ["IndexCancelled", "IndexDamaged", "SearchEngine", "SearchHit", "SearchResponse"]

LOG = logging.getLogger(__name__)
EXACT_NAME_SCORE = 1_000.0
PREFIX_NAME_SCORE = 100.0
# A name hit's score by its tier (`names`): exact, prefix as written (symbols kept), exact
# without symbols, prefix, prefix of a word.
NAME_SCORES = (EXACT_NAME_SCORE, 950.0, 900.0, PREFIX_NAME_SCORE, 50.0)
# Below this many hits for all the words, also rank entries that have only some of them.
FEW_HITS = 3
# Seconds of full-text ranking one search may take (all its fallbacks together); past it
# the best documents scored so far are returned. Typical queries take a fraction of this.
FULL_TEXT_BUDGET = 0.25
# Description queries also look in definitions' first sentences (`query_plan.lead_queries`).
LEAD_PASSES = True
LIBRARY_NAME_KEYS = "library-name-keys"  # its file in the parse cache
LIBRARY_NAME_TABLES = "library-name-tables"
DAMAGED_MESSAGE = "Search index damaged: rebuilding"
NAME_TABLES_VERSION = 1  # raise when `names.name_tables` or the acronyms change


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
class _FullText:
    """What the full-text tier found, in the order `search` merges it."""

    direct: list[SearchHit] = field(default_factory=list)  # every word as typed
    corrected: list[SearchHit] = field(default_factory=list)  # with corrected words
    partial: list[SearchHit] = field(default_factory=list)  # some of the words only
    suggestion: str | None = None
    truncated: bool = False


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
        # per tier, per entry position: the hit, once made
        self._name_hits: list[list[SearchHit | None]] = [
            [None] * len(self._names) for _ in NAME_SCORES
        ]
        self._previews: dict[str, tuple[str, str]] = {}  # entry id: (plain, HTML)
        self._failed_once = False
        self._damaged = False
        self._index_problem: str | None = None
        # Called (on the thread that ran the query) when a query finds the index damaged,
        # with DAMAGED_MESSAGE: the window shows it and calls `repair_index_in_background`.
        self.on_index_damaged: Callable[[str], None] | None = None

    # -- name tier -------------------------------------------------------------------

    def lookup_names(
        self, query: str, limit: int = 200, category: str | None = None
    ) -> list[SearchHit]:
        """Exact then prefix matches on names, normalised (case, accents, hyphens, spaces)."""
        return self._name_hits_for(self._names.ranked(query, limit, category))

    def _name_hits_for(self, ranked: list[tuple[int, int]]) -> list[SearchHit]:
        # Name hits depend only on the entry and the tier: made once, then reused, so a
        # keystroke that lists hundreds of names allocates nothing new. The preview (the
        # costly part: it reads the body) is shared by an entry's hits of every tier.
        made = self._name_hits
        hits = []
        for position, tier in ranked:
            hit = made[tier][position]
            if hit is None:
                hit = made[tier][position] = self._new_name_hit(position, tier)
            hits.append(hit)
        return hits

    def _new_name_hit(self, position: int, tier: int) -> SearchHit:
        entry = self._names.entry(position)
        preview = self._previews.get(entry.id)
        if preview is None:
            text = lead(entry.body)
            preview = self._previews[entry.id] = (text, html.escape(text, quote=False))
        return _hit(entry, NAME_SCORES[tier], *preview, "name")

    # -- full-text tier --------------------------------------------------------------

    @property
    def index_folder(self) -> Path:
        return self._index.folder

    @property
    def full_text_ready(self) -> bool:
        return self._index.ready

    @property
    def index_damaged(self) -> bool:
        """A query found the index unreadable; full text is off until it is rebuilt
        (`repair_index_in_background`, or the next `ensure_index`, which rebuilds it)."""
        return self._damaged

    @property
    def index_problem(self) -> str | None:
        """Why full text is off, in one line naming the folder (None when it is not)."""
        return self._index_problem

    def ensure_index(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        rebuild: bool = False,
        strict: bool = False,
        resume: bool = True,
    ) -> bool:
        """Make full-text search ready: open, update or build the index (see `index`).
        True when full text is ready.

        - An up-to-date index in the cache is opened (no document is read).
        - Sources whose content changed, appeared or vanished are re-indexed alone.
        - A missing, corrupt, older-schema or older-id-scheme index is replaced: by a
          copy of the prebuilt index shipped with the app (`paths.bundled("index")`,
          made at packaging time by `glossapp index --output DIR`) when its recorded file
          names and digests equal the library's, otherwise by a fresh build, which
          continues an interrupted one when `resume` (the default). Builds of several
          processes queue on a lock file.
        - An index that cannot be written (full or read-only cache folder): with
          `strict`, `IndexUnavailable` (an `OSError` naming the folder) is raised;
          otherwise the name tier answers alone, `index_problem` says why and a warning
          is logged, and False is returned.

        `progress(done, total)` is called while documents are added (resumed work
        counts as done); `cancel()` is polled and, when true, `IndexCancelled` is
        raised with the previous index left intact. Run it off the UI thread; the name
        tier answers meanwhile.
        """
        try:
            self._index.ensure(self.library, progress, cancel, rebuild=rebuild, resume=resume)
        except IndexCancelled:
            raise
        except OSError as error:
            if strict:
                raise
            where = error.filename or self._index.folder
            self._index_problem = (
                f"glossapp: search index in {where}: {error.strerror or error}; "
                "searching names only"
            )
            LOG.warning("%s", self._index_problem)
            return False
        self._damaged = False
        self._index_problem = None
        return True

    def verify_index(self) -> None:
        """Read every segment of the index on disk; `IndexDamaged` says what failed."""
        self._index.verify()

    def repair_index_in_background(
        self,
        progress: Callable[[int, int], None] | None = None,
        done: Callable[[BaseException | None], None] | None = None,
    ) -> threading.Thread:
        """Rebuild the index from scratch on a new daemon thread (after `index_damaged`).

        `progress(done, total)` as for `ensure_index`; `done(None)` when full text is
        ready again, `done(error)` when the rebuild failed. Both are called on that
        thread: a window must pass them on to its UI thread (a queued signal).
        """

        def run() -> None:
            failure: BaseException | None = None
            try:
                self.ensure_index(progress, rebuild=True, strict=True, resume=False)
            except Exception as error:  # noqa: BLE001 - reported through `done`
                failure = error
            if done is not None:
                done(failure)

        thread = threading.Thread(target=run, name="glossapp-index-repair", daemon=True)
        thread.start()
        return thread

    def warm_name_hits(self, cancel: Callable[[], bool] | None = None) -> None:
        """Prepare every entry's type-ahead hit now, so no keystroke pays for building one.

        Call it on a worker thread after `ensure_index` (`make bench` shows both: the
        type-ahead rows, warm and "first keystrokes, cold"). Without it the first
        keystrokes after start-up build their hits as they go.
        """
        for position in range(len(self._names)):
            if position % 1000 == 0 and cancel and cancel():
                return
            self._name_hits_for([(position, TIER_PREFIX)])

    def close(self) -> None:
        self._index.close()

    def search(self, query: str, limit: int = 50, category: str | None = None) -> SearchResponse:
        """The one ranking every caller gets (the window, `glossapp search`, `--json`).

        The same text gives the same order whoever asks: trailing spaces change nothing,
        and the last word always stands for itself and for the words it starts (while
        typing it is unfinished; when it is finished its own matches rank first anyway).
        In order, each entry once:

        1. the name tier (`names`): exact names, then prefixes of a name, then prefixes
           of a word in a name; acronyms the definitions give count as names;
        2. full text, every word matched as typed: names, then definitions' first
           sentences (three words or more), then bodies, then spread over both (query
           syntax only when the text neither equals nor starts a name as written:
           `c++`, `un*x` and `a* search` are names first);
        3. corrections: when a word has no match in the vocabulary, or in a query of
           several words is far rarer than a close spelling, the names and then the
           full text of the corrected words ("did you mean", `fuzzy`);
        4. entries that have only some of the words, when the above found few.

        Before the index is ready, the name tier alone answers.
        """
        text = query[: q.MAX_QUERY_CHARS].strip()
        names = self._names.ranked(text, limit, category)
        name_hits = self._name_hits_for(names)
        exact = any(tier in (TIER_EXACT, TIER_EXACT_WITHOUT_SYMBOLS) for _, tier in names)
        # the text is a name or starts one as written, symbols included (`un*x`, `c++`)
        names_answer = any(tier <= TIER_PREFIX_AS_WRITTEN for _, tier in names)
        full = _FullText()
        if self._index.ready and limit > 0 and text:
            try:
                full = self._full_text(text, limit, category, names_answer)
            except IndexReadError:
                LOG.warning("the full-text index cannot be read: names only", exc_info=True)
                self._index_is_damaged()
            except Exception:  # noqa: BLE001 - one query's full text lost, not the session's
                if not self._failed_once:
                    self._failed_once = True
                    LOG.exception("full-text search failed for one query (logged once)")
        corrected_names: list[SearchHit] = []
        if full.suggestion is not None and full.corrected:
            corrected = self._names.ranked(full.suggestion, limit, category)
            corrected_names = self._name_hits_for([n for n in corrected if n[1] <= TIER_PREFIX])
        merged: dict[str, SearchHit] = {}
        for hit in (*name_hits, *full.direct, *corrected_names, *full.corrected, *full.partial):
            merged.setdefault(hit.entry_id, hit)
            if len(merged) >= limit:
                break
        suggestion = None if exact else full.suggestion
        fuzzy = any(h.entry_id in merged for h in (*corrected_names, *full.corrected))
        fuzzy = fuzzy and not name_hits and not full.direct
        return SearchResponse(query, list(merged.values()), suggestion, fuzzy, full.truncated)

    def _index_is_damaged(self) -> None:
        self._index.mark_damaged()
        self._damaged = True
        self._index_problem = DAMAGED_MESSAGE
        callback = self.on_index_damaged
        if callback is not None:
            try:
                callback(DAMAGED_MESSAGE)
            except Exception:  # noqa: BLE001 - a failing observer never fails the query
                LOG.exception("on_index_damaged failed")

    def _full_text(
        self, text: str, limit: int, category: str | None, names_answer: bool
    ) -> _FullText:
        with self._index.reading() as reader:
            if reader is None:
                return _FullText()
            return self._passes(reader, text, limit, category, names_answer)

    def _passes(
        self,
        reader: IndexReader,
        text: str,
        limit: int,
        category: str | None,
        names_answer: bool = False,
    ) -> _FullText:
        """The passes a query makes, best matches first, until `limit` documents are found."""
        vocabulary = reader.vocabulary
        deadline = time.perf_counter() + FULL_TEXT_BUDGET
        allowed = reader.in_category(category) if category else None
        truncated = False
        words = q.query_words(text)
        plans = q.plan_words(vocabulary, words, last_is_prefix=True)
        # Symbols in a name are the name's, not query syntax (`c++`, `un*x`, `a* search`).
        syntax = q.looks_like_syntax(text) and not names_answer
        parsed = (
            reader.parse(text, lambda prefix: q.prefix_words(vocabulary, prefix))
            if syntax
            else None
        )
        seen: set[int] = set()
        direct: dict[int, float] = {}
        corrected: dict[int, float] = {}
        partial: dict[int, float] = {}
        Accept = Callable[[int], bool] | None

        def run(
            query: Query | ParsedQuery | None,
            into: dict[int, float],
            candidates: int = limit,
            accept: Accept = None,
        ) -> None:
            nonlocal truncated
            if query is None or len(seen) >= limit:
                return
            if time.perf_counter() > deadline:
                truncated = True  # a pass that was due never ran
                return
            ranked = reader.rank(query, candidates, deadline, allowed)
            truncated = truncated or ranked.truncated
            for docnum, score in ranked.documents:
                if docnum not in seen and (accept is None or accept(docnum)):
                    seen.add(docnum)
                    into[docnum] = score
                    if len(seen) >= limit:
                        break

        def lead_pass(into: dict[int, float]) -> None:
            # Definitions whose first sentence holds every word or all but one of them,
            # best scores first.
            nonlocal truncated
            best: dict[int, float] = {}
            for query in q.lead_queries(plans):
                if time.perf_counter() > deadline:
                    truncated = True
                    break
                ranked = reader.rank(query, limit, deadline, allowed)
                truncated = truncated or ranked.truncated
                for docnum, score in ranked.documents:
                    best[docnum] = max(score, best.get(docnum, 0.0))
                if len(best) >= limit:
                    break
            for docnum, score in sorted(best.items(), key=lambda item: -item[1]):
                if len(seen) >= limit:
                    break
                if docnum not in seen:
                    seen.add(docnum)
                    into[docnum] = score

        def all_words(into: dict[int, float], use_corrections: bool) -> None:
            # Names before bodies by construction: entries with every word in their
            # names, then in their bodies, then spread over both. `search.whoosh` ranks
            # the one-field passes on its fast path.
            run(q.field_words(plans, "name", use_corrections), into)
            if not use_corrections:
                run(q.joined_name_query(words), into)
                if LEAD_PASSES and all(plan.known for plan in plans):
                    lead_pass(into)  # a word never seen is a typo to correct, not to leave out
            run(q.field_words(plans, "body", use_corrections), into)
            if len(seen) < FEW_HITS and len(plans) > 1:
                run(q.all_words_query(plans, use_corrections), into)

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
                run(Phrase("name", tuple(stems)), direct)
                run(
                    q.field_words(plans, "body"),
                    direct,
                    candidates=q.PHRASE_CANDIDATES,
                    accept=lambda docnum: holds_phrase(reader.stored(docnum)[1]),
                )
        elif parsed is not None:
            try:
                run(parsed, direct)
            except UnrunnableQuery:  # a query Whoosh cannot run: plain words
                all_words(direct, use_corrections=False)
        else:
            all_words(direct, use_corrections=False)
        q.correct(plans, reader.corrections, frequency=vocabulary.frequency)
        suggestion = q.suggestion(plans)
        if suggestion is not None and phrase is None and parsed is None:
            all_words(corrected, use_corrections=True)
        if len(seen) < FEW_HITS and len(plans) > 1 and phrase is None:
            run(q.any_words_query(plans, use_corrections=False), partial)
        if len(seen) < FEW_HITS and suggestion is not None and len(plans) > 1:
            run(q.any_words_query(plans, use_corrections=True), corrected)
        pattern: re.Pattern[str] | None
        if phrase is not None and check is not None:
            pattern = check  # show and bold the phrase itself
        else:
            parsed_terms = parsed.terms if parsed is not None else ()
            pattern = match_pattern(q.highlight_stems(plans, parsed_terms))

        def hits(found: dict[int, float]) -> list[SearchHit]:
            made = []
            for docnum, score in found.items():
                entry_id, plain = reader.stored(docnum)
                entry = self.library.get(entry_id)
                if entry is None:
                    continue
                snippet, snippet_html = window(plain, pattern)
                made.append(_hit(entry, score, snippet, snippet_html, "text"))
            return made

        return _FullText(hits(direct), hits(corrected), hits(partial), suggestion, truncated)

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
    noticeable part of opening), under the files' paths and content digests, in order;
    so are its `NameTables` (the acronyms they hold read every definition's start).
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
        # a library put together by hand, or uncached
        return NameIndex(library.entries, tables=_tables(library.entries))
    cache = ParseCache()
    contents = tuple((str(source.path), source.digest) for source in files)
    tables = _unpacked_tables(cache.recall(LIBRARY_NAME_TABLES, (NAME_TABLES_VERSION, contents)))
    if tables is None or max(tables[0][1] + tables[1][1], default=-1) >= len(library.entries):
        tables = _tables(library.entries)
        cache.keep(LIBRARY_NAME_TABLES, (NAME_TABLES_VERSION, contents), _packed_tables(tables))
    kept = cache.recall(LIBRARY_NAME_KEYS, contents)
    if (
        isinstance(kept, tuple)
        and len(kept) == 2
        and isinstance(kept[0], str)
        and isinstance(kept[1], bytes)
    ):
        keys, positions = unpacked((kept[0], kept[1]))
        if len(keys) == len(positions) and max(positions, default=-1) < len(library.entries):
            return NameIndex(library.entries, (keys, positions), tables)
    index = NameIndex.joined([(source.entries, source.name_keys) for source in files], tables)
    cache.keep(LIBRARY_NAME_KEYS, contents, packed(index.keys))
    return index


def _tables(entries: list[Entry]) -> NameTables:
    acronyms = [[a.text for a in entry_acronyms(entry)] for entry in entries]
    return name_tables(entries, acronyms)


def _packed_tables(tables: NameTables) -> tuple:
    return tuple((*packed((keys, positions)), kinds) for keys, positions, kinds in tables)


def _unpacked_tables(kept: object) -> NameTables | None:
    if not (isinstance(kept, tuple) and len(kept) == 2):
        return None
    tables = []
    for part in kept:
        if not (
            isinstance(part, tuple)
            and len(part) == 3
            and isinstance(part[0], str)
            and isinstance(part[1], bytes)
            and isinstance(part[2], bytes)
        ):
            return None
        keys, positions = unpacked((part[0], part[1]))
        if not len(keys) == len(positions) == len(part[2]):
            return None
        tables.append((keys, positions, part[2]))
    return tables[0], tables[1]


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
