"""The full-text index on disk: schema, documents, and its whole lifecycle.

The index lives in `cache_dir()/index` next to `glossapp-index.json`, which records the
schema version and, per source, the file *name* and content digest it was built from.
`IndexFolder.ensure()` brings it in line with the library:

- nothing changed: open it (fast; no document is read);
- some sources changed, appeared or vanished: delete those sources' documents by their
  key and add the new ones (incremental);
- missing, unreadable, corrupt or an older schema: first look for a prebuilt index
  shipped with the app (`paths.bundled("index")`, made by `glossapp index --output`)
  whose recorded names and digests equal the library's, and copy it; otherwise build a
  fresh one in a temporary folder and swap it in, so a crash never leaves half an index.

Bodies are indexed as the plain text `markdown.plain_text.index_plain_text` gives (never
raw Markdown): the same words as `render.body_plain_text`, without running
Python-Markdown. Fresh builds write their segments with `segment_writer.write_segment`
(the files Whoosh's writer would write, faster: `make bench`, "build"), and a large
library's second half in a spawned process (`add_documents_in_two_processes`). Updates
use Whoosh's writer.

Private Whoosh attributes: `commit_segments` adds finished segments to the index the way
Whoosh's own multi-process writer does, through `SegmentWriter._merge_segments`,
`_close_segment`, `_commit_toc` and `_finish` (whoosh-reloaded 2.7.5, pinned). If that
fast build fails in any way (those attributes changed, the segment writer refuses a
field), `build_into` builds the same index again with Whoosh's public writer
(`add_documents`), and logs the failure once (`fail_soft`).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import shutil
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.query import Term

from glossapp.glossary.library import Library, SourceFile
from glossapp.glossary.model import Entry
from glossapp.search.vocabulary import Vocabulary, VocabularyStore
from glossapp.search.whoosh.analysis import (
    TOKEN_RE,
    folds_for_index_as_lowercase,
    stem_analyzer,
    tokenised,
)
from glossapp.search.whoosh.fail_soft import fell_back
from glossapp.util import paths
from glossapp.util.atomic import atomic_write_text
from glossapp.util.textnorm import compact, fold, folds_as_lowercase, normalize

# A whitespace-separated piece with a character outside ASCII: only these need `fold`
# (anchored at a piece's start: unanchored, every position of a long piece retries).
_NON_ASCII_PIECE = re.compile(r"(?<!\S)\S*[^\x00-\x7f]\S*")
_NON_ASCII_CHAR = re.compile(r"[^\x00-\x7f]")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z(]|$)")
SCHEMA_VERSION = 7  # 6: bodies indexed with index_plain_text; 7: the lead field
META_FILE = "glossapp-index.json"
INDEX_DIR_NAME = "index"
# The library size from which a fresh build writes half its documents in a second
# process: below it, starting the process costs more than it saves.
PARALLEL_THRESHOLD = 500
# A fresh build writes one segment per this many documents and never merges them
# (merging costs what it saves); each process writes its own, so 10,000 entries give two.
SEGMENT_SIZE = 5_000
WRITER_MEMORY_MB = 256
TEXT_FIELDS = ("name", "category", "body")  # what syntax queries may name
WORD_FIELDS = ("name", "body")  # bodies are indexed with their category words


class IndexCancelled(Exception):
    """`ensure()` was cancelled; the previous index, if any, is left as it was."""


class IndexUnavailable(Exception):
    """The index could not be opened or built (disk full, permissions)."""


class Document(TypedDict):
    """One entry as the index holds it (the fields of `make_schema`)."""

    id: str
    source: str
    cat: str
    name: str
    category: str
    body: str  # a `TokenisedText`: the segment writer reuses its words
    lead: str  # the first sentence (`lead_sentence`)
    plain: bytes


def make_schema() -> Schema:
    """Only the entry id and the compressed plain body (for snippets) are stored."""
    return Schema(
        id=ID(stored=True),
        source=ID,  # source_key(): deleting by it removes one file's entries
        cat=ID,  # normalised category, for the category filter
        name=TEXT(analyzer=stem_analyzer(), field_boost=6.0),
        category=TEXT(analyzer=stem_analyzer(), field_boost=2.0),
        # No positions: phrases are checked against the stored text (see `engine`).
        body=TEXT(analyzer=stem_analyzer(), phrase=False),
        # The definition's first sentence: what the term is (`lead_sentence`).
        lead=TEXT(analyzer=stem_analyzer(), phrase=False),
        plain=STORED,
    )


def source_key(source: SourceFile) -> str:
    """What identifies a source's content wherever the file lives: name and digest."""
    return f"{source.path.name}:{source.digest}"


def category_key(category: str) -> str:
    return normalize(category)


def entry_document(entry: Entry, key: str) -> tuple[Document, list[str]]:
    """The Whoosh document for an entry, and its distinct unstemmed words."""
    # Imported here: it brings in Python-Markdown, which opening an index never needs.
    from glossapp.markdown.plain_text import index_plain_text

    plain = index_plain_text(entry.body)
    names = list(entry.names)
    compact_names = [compact(n) for n in names if compact(n) != normalize(n).strip()]
    name_text = " ".join(names + compact_names)
    body = tokenised(f"{entry.category}\n{plain}")
    if body.isascii() or folds_for_index_as_lowercase(set(_NON_ASCII_CHAR.findall(body))):
        # the analyzer's words are the folded words: split the body once, not twice
        vocabulary = distinct_words(name_text)
        vocabulary.update(body.words)
    else:
        vocabulary = distinct_words(f"{name_text} {body}")
    document: Document = {
        "id": entry.id,
        "source": key,
        "cat": category_key(entry.category),
        "name": name_text,
        "category": entry.category,
        "body": body,
        "lead": lead_sentence(plain, names),
        # Whitespace collapsed once here, so a snippet is a slice, not a pass over the text.
        "plain": zlib.compress(" ".join(plain.split()).encode("utf-8"), 1),
    }
    return document, list(vocabulary)


def lead_sentence(plain: str, names: Sequence[str] = ()) -> str:
    """A definition's first sentence: its first paragraph that is neither a name alone (the
    bold title line) nor an "Also:" line, up to its first full stop (300 characters at most)."""
    own = {normalize(name) for name in names}
    for paragraph in plain.split("\n\n")[:4]:
        text = " ".join(paragraph.split())
        if not text or normalize(text) in own or text.startswith("Also:"):
            continue
        end = _SENTENCE_END.search(text)
        return text[: end.start() + 1 if end else 300][:300]
    return ""


def distinct_words(text: str) -> set[str]:
    """The set `TOKEN_RE.findall(fold(text))` gives, folding each distinct
    whitespace-separated piece once instead of every character of the text (folding
    never turns whitespace into a word character, so no token spans two pieces)."""
    if text.isascii() or folds_as_lowercase(set(_NON_ASCII_CHAR.findall(text))):
        # folding is lowercasing here: one pass over the whole text
        return set(TOKEN_RE.findall(text.lower()))
    found = set(TOKEN_RE.findall(_NON_ASCII_PIECE.sub(" ", text).lower()))
    for piece in set(_NON_ASCII_PIECE.findall(text)):
        found.update(TOKEN_RE.findall(fold(piece)))
    return found


def stored_plain_text(stored: bytes) -> str:
    return zlib.decompress(stored).decode("utf-8")


@dataclass(frozen=True, slots=True)
class IndexMeta:
    schema: int
    sources: dict[str, int]  # source_key -> entry count

    @classmethod
    def read(cls, folder: Path) -> IndexMeta | None:
        try:
            data = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
            return cls(int(data["schema"]), {str(k): int(v) for k, v in data["sources"].items()})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def write(self, folder: Path) -> None:
        payload = {"schema": self.schema, "sources": self.sources}
        atomic_write_text(folder / META_FILE, json.dumps(payload, indent=1, sort_keys=True))


def wanted_sources(library: Library) -> dict[str, SourceFile]:
    return {source_key(s): s for s in library.files if s.readable and s.entries}


@dataclass(frozen=True, slots=True)
class OpenIndex:
    """An opened Whoosh index, a searcher on it, and the vocabulary saved with it."""

    whoosh: Any  # whoosh.index.Index (Whoosh is untyped)
    searcher: Any  # whoosh.searching.Searcher
    vocabulary: Vocabulary


class IndexFolder:
    """One index folder; `ensure()` brings it in line with a library and opens it."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else paths.cache_dir() / INDEX_DIR_NAME
        self._lock = threading.Lock()

    def ensure(
        self,
        library: Library,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        rebuild: bool = False,
    ) -> OpenIndex:
        with self._lock:
            wanted = wanted_sources(library)
            if not rebuild:
                opened = self._open_current(wanted, progress, cancel)
                if opened is not None:
                    return opened
                opened = self._copy_bundled(wanted)
                if opened is not None:
                    return opened
            return self._build_fresh(wanted, progress, cancel)

    def _open_current(
        self,
        wanted: dict[str, SourceFile],
        progress: Callable[[int, int], None] | None,
        cancel: Callable[[], bool] | None,
    ) -> OpenIndex | None:
        meta = IndexMeta.read(self.folder)
        if meta is None or meta.schema != SCHEMA_VERSION:
            return None
        opened = open_index(self.folder, meta)
        if opened is None:
            return None
        stale = [key for key in meta.sources if key not in wanted]
        added = [key for key in wanted if key not in meta.sources]
        if not stale and not added:
            return opened
        # Updating needs the writer, and replacing needs the folder free (Windows).
        opened.searcher.close()
        added_entries = sum(len(wanted[key].entries) for key in added)
        if added_entries > max(2_000, sum(meta.sources.values())):
            return None  # mostly new content: a fresh build is as fast and leaves one segment
        word_counts = VocabularyStore(self.folder).load_sources()
        if word_counts is None or set(word_counts) != set(meta.sources):
            return None
        sources = {k: v for k, v in meta.sources.items() if k not in stale}
        for key in stale:
            word_counts.pop(key)
        for key in added:
            sources[key] = len(wanted[key].entries)
        jobs = [(entry, key) for key in added for entry in wanted[key].entries]
        try:
            word_counts.update(add_documents(opened.whoosh, jobs, progress, cancel, stale))
            VocabularyStore(self.folder).save(word_counts)
            new_meta = IndexMeta(SCHEMA_VERSION, sources)
            new_meta.write(self.folder)
        except IndexCancelled:
            raise
        except Exception:  # noqa: BLE001 - a damaged index is rebuilt, never a crash
            return None
        return open_index(self.folder, new_meta)

    def _copy_bundled(self, wanted: dict[str, SourceFile]) -> OpenIndex | None:
        try:
            bundled = paths.bundled(INDEX_DIR_NAME)
        except FileNotFoundError:
            return None
        meta = IndexMeta.read(bundled)
        if meta is None or meta.schema != SCHEMA_VERSION or set(meta.sources) != set(wanted):
            return None
        staging = self._staging_folder()
        try:
            shutil.copytree(bundled, staging)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            return None
        copied = open_index(staging, meta)
        if copied is None:
            shutil.rmtree(staging, ignore_errors=True)
            return None
        copied.searcher.close()
        self._swap_in(staging)
        return open_index(self.folder, meta)

    def _build_fresh(
        self,
        wanted: dict[str, SourceFile],
        progress: Callable[[int, int], None] | None,
        cancel: Callable[[], bool] | None,
    ) -> OpenIndex:
        staging = self._staging_folder()
        try:
            meta = build_into(staging, wanted, progress, cancel)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self._swap_in(staging)
        opened = open_index(self.folder, meta)
        if opened is None:
            raise IndexUnavailable(f"the index just built in {self.folder} cannot be opened")
        return opened

    def _staging_folder(self) -> Path:
        staging = self.folder.with_name(f"{self.folder.name}.new-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        return staging

    def _swap_in(self, staging: Path) -> None:
        old = self.folder.with_name(f"{self.folder.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        if self.folder.exists():
            self.folder.rename(old)
        staging.rename(self.folder)
        shutil.rmtree(old, ignore_errors=True)


def open_index(folder: Path, meta: IndexMeta) -> OpenIndex | None:
    """The index in `folder` if it is whole and agrees with `meta`, else None."""
    vocabulary = VocabularyStore(folder).load_totals()
    if vocabulary is None:
        return None
    try:
        ix = whoosh_index.open_dir(str(folder))
        searcher = ix.searcher()
    except Exception:  # noqa: BLE001 - any damage means "rebuild", never a crash
        return None
    try:
        if searcher.doc_count() != sum(meta.sources.values()):
            raise ValueError("index and meta disagree")
        # Whoosh loads per-segment tables on first use: pay for that now, on the
        # caller's worker thread, rather than on the first keystroke.
        searcher.search(Term("name", "warmup"), limit=1)
    except Exception:  # noqa: BLE001
        with contextlib.suppress(Exception):
            searcher.close()
        return None
    return OpenIndex(ix, searcher, vocabulary)


def build_into(
    folder: Path,
    wanted: dict[str, SourceFile],
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> IndexMeta:
    """A complete index of `wanted` in an empty `folder`, with its vocabulary and meta file.

    Written by the fast segment writer; should that fail, by Whoosh's own writer.
    """
    folder.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(folder), make_schema())
    jobs = [(entry, key) for key, source in wanted.items() for entry in source.entries]
    try:
        word_counts = _build_fast(ix, folder, jobs, progress, cancel)
    except IndexCancelled:
        raise
    except Exception as error:  # noqa: BLE001 - any failure: Whoosh's own writer
        fast_failure = error
        for path in folder.iterdir():  # what the fast build left, committed or not
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        ix = whoosh_index.create_in(str(folder), make_schema())
        word_counts = add_documents(ix, jobs, progress, cancel)
        fell_back("segment writer", fast_failure)
    VocabularyStore(folder).save(word_counts)
    meta = IndexMeta(SCHEMA_VERSION, {k: len(s.entries) for k, s in wanted.items()})
    meta.write(folder)
    return meta


def _build_fast(
    ix: Any,
    folder: Path,
    jobs: Sequence[tuple[Entry, str]],
    progress: Callable[[int, int], None] | None,
    cancel: Callable[[], bool] | None,
) -> dict[str, Counter[str]]:
    if len(jobs) >= PARALLEL_THRESHOLD:
        return add_documents_in_two_processes(ix, folder, jobs, progress, cancel)
    total = len(jobs)
    if progress:
        progress(0, total)

    def own_progress(done: int) -> None:
        if progress:
            progress(done, total)

    segments, word_counts = write_segments(str(folder), jobs, own_progress, cancel)
    commit_segments(ix, segments)
    return word_counts


def add_documents(
    ix: Any,
    jobs: Sequence[tuple[Entry, str]],
    progress: Callable[[int, int], None] | None,
    cancel: Callable[[], bool] | None,
    delete_sources: Sequence[str] = (),
) -> dict[str, Counter[str]]:
    """Delete sources, add every job's document, commit; returns word counts per source.

    For updates: fresh builds use `write_segments`. On cancellation or failure nothing
    is kept.
    """
    total = len(jobs)
    if progress:
        progress(0, total)
    word_counts: dict[str, Counter[str]] = {}
    keys = [key for _, key in jobs]
    writer = ix.writer(limitmb=WRITER_MEMORY_MB)
    try:
        for key in delete_sources:
            writer.delete_by_term("source", key)
        for done, (document, words) in enumerate(_documents(jobs), start=1):
            writer.add_document(**document)
            counts = word_counts.get(keys[done - 1])
            if counts is None:
                counts = word_counts[keys[done - 1]] = Counter()
            counts.update(words)
            if done % 50 == 0 or done == total:
                if cancel and cancel():
                    raise IndexCancelled
                if progress:
                    progress(done, total)
    except BaseException:
        writer.cancel()
        raise
    # Small updates merge into the existing segments: otherwise every edit leaves one more.
    writer.commit(merge=True)
    return word_counts


def _documents(
    jobs: Sequence[tuple[Entry, str]],
) -> Iterable[tuple[Document, list[str]]]:
    for job in jobs:
        yield entry_document(*job)


def write_segments(
    folder: str,
    jobs: Sequence[tuple[Entry, str]],
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> tuple[list[Any], dict[str, Counter[str]]]:
    """Write `jobs` as finished but uncommitted segments of the index in `folder`.

    Runs in a spawned worker or in this process; whoever holds the index lock adds the
    returned segments to the index in one commit (what Whoosh's own `procs=N` writer
    does, but that one forks).
    """
    # imported here: only builds need it
    from glossapp.search.whoosh.segment_writer import write_segment

    ix = whoosh_index.open_dir(folder)
    segments = []
    word_counts: dict[str, Counter[str]] = {}
    done = 0

    def documents(batch: Sequence[tuple[Entry, str]]) -> Iterable[Document]:
        nonlocal done
        for document, words in _documents(batch):
            key = document["source"]
            counts = word_counts.get(key)
            if counts is None:
                counts = word_counts[key] = Counter()
            counts.update(words)
            yield document
            done += 1
            if done % 50 == 0 or done == len(jobs):
                if cancel and cancel():
                    raise IndexCancelled
                if progress:
                    progress(done)

    # A build allocates millions of objects and frees none: the cyclic collector would
    # only walk the whole library again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for start in range(0, len(jobs), SEGMENT_SIZE):
            batch = jobs[start : start + SEGMENT_SIZE]
            segments.append(write_segment(ix, documents(batch), WRITER_MEMORY_MB))
    finally:
        if collecting:
            gc.enable()
    return segments, word_counts


def add_documents_in_two_processes(
    ix: Any,
    folder: Path,
    jobs: Sequence[tuple[Entry, str]],
    progress: Callable[[int, int], None] | None,
    cancel: Callable[[], bool] | None,
) -> dict[str, Counter[str]]:
    """A fresh build with the second half of `jobs` written by a spawned process.

    Each document costs plain text, analysis and postings, so two writers nearly halve
    a build on two cores. Never fork: unsafe in a running Qt process, absent on Windows
    and macOS.
    """
    # Imported here: building is rare, and every start-up would pay for these.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    total = len(jobs)
    half = total // 2
    if progress:
        progress(0, total)

    def own_progress(done: int) -> None:
        if progress:  # the worker keeps about the same pace as this process
            progress(min(total - 1, done * 2), total)

    pool = None
    future = None
    try:
        try:
            # A frozen app's entry point must call multiprocessing.freeze_support()
            # first (packaging/glossapp_main.py does): spawned workers re-run it.
            context = multiprocessing.get_context("spawn")
            pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            future = pool.submit(write_segments, str(folder), list(jobs[half:]))
        except (BrokenProcessPool, OSError, RuntimeError):
            future = None
        segments, word_counts = write_segments(str(folder), jobs[:half], own_progress, cancel)
        try:
            if future is None:
                raise RuntimeError("no worker")
            their_segments, their_counts = future.result()
        except (BrokenProcessPool, OSError, RuntimeError):
            # The worker could not start or died (no __main__ guard in a script, a frozen
            # app without freeze_support, resource limits): write its half here.
            their_segments, their_counts = write_segments(str(folder), jobs[half:], None, cancel)
    except BaseException:
        if pool is not None:
            for process in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(Exception):
                    process.terminate()
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
    segments += their_segments
    for key, counts in their_counts.items():
        word_counts.setdefault(key, Counter()).update(counts)
    commit_segments(ix, segments)
    if progress:
        progress(total, total)
    return word_counts


def commit_segments(ix: Any, segments: list[Any]) -> None:
    """Add segments `write_segments` wrote to the index, in one commit, merging nothing.

    Private Whoosh writer methods (see the module docstring): a failure here is caught
    by `build_into`, which then builds with Whoosh's public writer.
    """
    writer = ix.writer()
    try:
        existing = writer._merge_segments(None, False, False)
        writer._close_segment()
    except BaseException:
        writer.cancel()
        raise
    writer._commit_toc(existing + segments)
    writer._finish()
