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
import glob
import json
import os
import re
import shutil
import sys
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.index import TOC
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
# How entry ids are made (`glossary.model.stable_entry_id`): an index built under another
# scheme holds ids no entry has any more, so it is rebuilt, never reused. "path-1": ids
# from the resolved file path and the header.
ID_SCHEME = "path-1"
META_FILE = "glossapp-index.json"
INDEX_DIR_NAME = "index"
# A fresh build happens in `index.partial` next to the index: segments are committed as
# they complete and `BUILD_FILE` records the batches done (their word counts beside it),
# so a build that was killed continues where it stopped. `index.lock` serialises builds.
BUILD_FILE = "glossapp-build.json"
BUILD_WORDS = "glossapp-build-words-{}.marshal"
PARTIAL_SUFFIX = ".partial"
LOCK_SUFFIX = ".lock"
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


class IndexUnavailable(OSError):
    """The index could not be opened or built (disk full, permissions): an `OSError`
    whose `filename` is the index folder and `strerror` the cause."""


class IndexDamaged(Exception):
    """`verify` found an index file that cannot be read."""


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
    ids: str = ID_SCHEME  # the entry-id scheme the documents' ids follow ("" if unrecorded)

    @classmethod
    def read(cls, folder: Path) -> IndexMeta | None:
        try:
            data = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
            sources = {str(k): int(v) for k, v in data["sources"].items()}
            return cls(int(data["schema"]), sources, str(data.get("ids", "")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    @property
    def current(self) -> bool:
        """Written by this version's schema and id scheme (else: rebuild)."""
        return self.schema == SCHEMA_VERSION and self.ids == ID_SCHEME

    def write(self, folder: Path) -> None:
        payload = {"schema": self.schema, "sources": self.sources, "ids": self.ids}
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
    """One index folder; `ensure()` brings it in line with a library and opens it.

    Builds and updates hold `index.lock` (an OS file lock, released by the kernel when
    the process dies), so builds from several processes queue instead of swapping
    folders under each other. A cache folder where the lock cannot be made (read-only)
    still opens an index that is current.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else paths.cache_dir() / INDEX_DIR_NAME
        self._lock = threading.Lock()

    @property
    def partial_folder(self) -> Path:
        return self.folder.with_name(self.folder.name + PARTIAL_SUFFIX)

    @property
    def lock_path(self) -> Path:
        return self.folder.with_name(self.folder.name + LOCK_SUFFIX)

    def ensure(
        self,
        library: Library,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        rebuild: bool = False,
        resume: bool = True,
    ) -> OpenIndex:
        """The index of `library`, opened; `rebuild` ignores the current index, `resume`
        lets a fresh build continue an interrupted one (`index.partial`)."""
        with self._lock:
            wanted = wanted_sources(library)
            with contextlib.ExitStack() as stack:
                try:
                    stack.enter_context(build_lock(self.lock_path))
                except OSError as error:
                    # No lock, no writing: a current index can still be read.
                    if not rebuild:
                        opened = self._open_current(wanted, progress, cancel, update=False)
                        if opened is not None:
                            return opened
                    raise self._unavailable(error) from error
                self._remove_stale()
                if not rebuild:
                    opened = self._open_current(wanted, progress, cancel)
                    if opened is not None:
                        shutil.rmtree(self.partial_folder, ignore_errors=True)
                        return opened
                    opened = self._copy_bundled(wanted)
                    if opened is not None:
                        return opened
                return self._build_fresh(wanted, progress, cancel, resume)

    def _unavailable(self, error: OSError) -> IndexUnavailable:
        cause = error.strerror or str(error)
        return IndexUnavailable(error.errno or 0, cause, str(self.folder))

    def mark_damaged(self) -> None:
        """Make the next `ensure()` rebuild: the index was found unreadable."""
        with contextlib.suppress(OSError):
            (self.folder / META_FILE).unlink()

    def verify(self) -> None:
        """Read every segment of the index on disk; `IndexDamaged` names what failed."""
        meta = IndexMeta.read(self.folder)
        if meta is None:
            raise IndexDamaged(f"{self.folder / META_FILE} is missing or unreadable")
        verify_index(self.folder, meta)

    def _remove_stale(self) -> None:
        """Staging folders of builds and swaps that died (the caller holds the lock, so
        no live build owns one)."""
        parent = self.folder.parent
        if not parent.is_dir():
            return
        for prefix in (f"{self.folder.name}.new-", f"{self.folder.name}.old-"):
            for path in parent.glob(f"{glob.escape(prefix)}*"):
                shutil.rmtree(path, ignore_errors=True)

    def _open_current(
        self,
        wanted: dict[str, SourceFile],
        progress: Callable[[int, int], None] | None,
        cancel: Callable[[], bool] | None,
        update: bool = True,
    ) -> OpenIndex | None:
        meta = IndexMeta.read(self.folder)
        if meta is None or not meta.current:
            return None
        opened = open_index(self.folder, meta)
        if opened is None:
            return None
        stale = [key for key in meta.sources if key not in wanted]
        added = [key for key in wanted if key not in meta.sources]
        if not stale and not added:
            return opened
        if not update:
            opened.searcher.close()
            return None
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
            new_meta = IndexMeta(SCHEMA_VERSION, sources, ID_SCHEME)
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
        if meta is None or not meta.current or set(meta.sources) != set(wanted):
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
        resume: bool = True,
    ) -> OpenIndex:
        partial = self.partial_folder
        try:
            meta = build_into(partial, wanted, progress, cancel, resume=resume)
        except IndexCancelled:
            raise  # what is committed in `index.partial` is kept for the next build
        except OSError as error:
            # a full or read-only disk: what was written only takes space the user lacks
            shutil.rmtree(partial, ignore_errors=True)
            raise self._unavailable(error) from error
        try:
            self._swap_in(partial)
        except OSError as error:
            raise self._unavailable(error) from error
        opened = open_index(self.folder, meta)
        if opened is None:
            raise IndexUnavailable(0, "the index just built cannot be opened", str(self.folder))
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


@contextlib.contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """Hold the exclusive OS lock on `path` (made if missing), waiting for it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        if sys.platform == "win32":
            import msvcrt

            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:  # LK_LOCK gives up after 10 s: keep queueing
                    continue
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# Terms of one field of one segment whose postings `verify_index` reads, spread over all.
VERIFY_TERMS = 4_000


def verify_index(folder: Path, meta: IndexMeta) -> None:
    """Open every segment of the index in `folder` and read it: its term lists, postings
    of terms spread over each (`VERIFY_TERMS` per field at most), every stored field and
    length; and check the vocabulary files. `IndexDamaged` says what failed."""
    if not meta.current:
        raise IndexDamaged(f"built by another version (schema {meta.schema}, ids {meta.ids!r})")
    if VocabularyStore(folder).load_totals() is None:
        raise IndexDamaged("its vocabulary file is missing or unreadable")
    try:
        ix = whoosh_index.open_dir(str(folder))
        with ix.reader() as reader:
            leaves = reader.leaf_readers() if not reader.is_atomic() else [(reader, 0)]
            total = 0
            for leaf, _ in leaves:
                for name in leaf.indexed_field_names():
                    terms = list(leaf.lexicon(name))
                    step = max(1, len(terms) // VERIFY_TERMS)
                    for text in terms[::step] + terms[-1:]:
                        leaf.postings(name, text).all_ids()
                for docnum in range(leaf.doc_count_all()):
                    if not leaf.is_deleted(docnum):
                        stored = leaf.stored_fields(docnum)
                        stored_plain_text(stored["plain"])
                        leaf.doc_field_length(docnum, "body")
                        total += 1
    except IndexDamaged:
        raise
    except Exception as error:  # noqa: BLE001 - any failure to read is damage
        raise IndexDamaged(f"{type(error).__name__}: {error}") from error
    if total != sum(meta.sources.values()):
        raise IndexDamaged(f"{total} documents, its meta file says {sum(meta.sources.values())}")


def build_into(
    folder: Path,
    wanted: dict[str, SourceFile],
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    resume: bool = False,
) -> IndexMeta:
    """A complete index of `wanted` in `folder`, with its vocabulary and meta file.

    With `resume`, what an interrupted build of the same sources committed in `folder`
    is kept (see `BUILD_FILE`) and only the other sources are written; otherwise the
    folder is emptied first. Written by the fast segment writer; should that fail, by
    Whoosh's own writer.
    """
    done = _resumable(folder, wanted) if resume else None
    if done is None:
        _empty(folder)
        whoosh_index.create_in(str(folder), make_schema())
        done = _Done({}, [])
    try:
        word_counts = _build_fast(folder, wanted, done, progress, cancel)
    except IndexCancelled:
        raise
    except OSError:
        raise  # a full or read-only disk: Whoosh's writer would fail the same way
    except Exception as error:  # noqa: BLE001 - any failure: Whoosh's own writer
        fast_failure = error
        _empty(folder)
        ix = whoosh_index.create_in(str(folder), make_schema())
        jobs = [(entry, key) for key, source in wanted.items() for entry in source.entries]
        word_counts = add_documents(ix, jobs, progress, cancel)
        fell_back("segment writer", fast_failure)
    VocabularyStore(folder).save(word_counts)
    meta = IndexMeta(SCHEMA_VERSION, {k: len(s.entries) for k, s in wanted.items()}, ID_SCHEME)
    meta.write(folder)
    for path in folder.glob("glossapp-build*"):
        path.unlink()
    return meta


def _empty(folder: Path) -> None:
    if folder.exists():
        for path in folder.iterdir():
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    folder.mkdir(parents=True, exist_ok=True)


@dataclass(slots=True)
class _Done:
    """The sources an interrupted build committed, and their word counts by batch."""

    sources: dict[str, int]  # source key -> entry count
    batches: list[str]  # word-count file names, in commit order


def _resumable(folder: Path, wanted: dict[str, SourceFile]) -> _Done | None:
    """What an interrupted build in `folder` finished, if it can be continued."""
    try:
        record = json.loads((folder / BUILD_FILE).read_text(encoding="utf-8"))
        if record["schema"] != SCHEMA_VERSION or record["ids"] != ID_SCHEME:
            return None
        batches = [str(name) for name in record["batches"]]
        sources = {str(k): int(v) for k, v in record["sources"].items()}
        if any(key not in wanted or len(wanted[key].entries) != n for key, n in sources.items()):
            return None
        ix = whoosh_index.open_dir(str(folder))
        with ix.searcher() as searcher:
            indexed = {text.decode("utf-8") for text in searcher.lexicon("source")}
            count = searcher.doc_count()
        extra = indexed - set(sources)
        if extra:  # committed after the record was last written: written again
            writer = ix.writer()
            for key in extra:
                writer.delete_by_term("source", key)
            writer.commit(merge=False)
            with ix.searcher() as searcher:
                count = searcher.doc_count()
        if count != sum(sources.values()):
            return None
        for name in batches:
            if not isinstance(_read_marshal(folder / name), dict):
                return None
        # segment files of batches written but never committed
        whoosh_index.clean_files(ix.storage, ix.indexname, ix.latest_generation(), ix._segments())
    except Exception:  # noqa: BLE001 - anything unexpected: start again
        return None
    return _Done(sources, batches)


def _read_marshal(path: Path) -> object:
    import marshal

    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def _batches(wanted: dict[str, SourceFile], done: dict[str, int]) -> list[list[tuple[Entry, str]]]:
    """The jobs still to do in library order, by whole sources of about SEGMENT_SIZE
    entries together (a larger source: a batch of its own)."""
    batches: list[list[tuple[Entry, str]]] = []
    current: list[tuple[Entry, str]] = []
    for key, source in wanted.items():
        if key in done:
            continue
        if current and len(current) + len(source.entries) > SEGMENT_SIZE:
            batches.append(current)
            current = []
        current.extend((entry, key) for entry in source.entries)
    if current:
        batches.append(current)
    return batches


def _build_fast(
    folder: Path,
    wanted: dict[str, SourceFile],
    done: _Done,
    progress: Callable[[int, int], None] | None,
    cancel: Callable[[], bool] | None,
) -> dict[str, Counter[str]]:
    """Write the batches not done as segments, committed in library order as they
    complete, the build record updated after each; returns all word counts."""
    batches = _batches(wanted, done.sources)
    total = sum(len(source.entries) for source in wanted.values())
    resumed = sum(done.sources.values())
    word_counts: dict[str, Counter[str]] = {}
    for name in done.batches:
        kept = _read_marshal(folder / name)
        for key, counts in kept.items() if isinstance(kept, dict) else ():
            word_counts.setdefault(key, Counter()).update(counts)
    committed = _Done(dict(done.sources), list(done.batches))
    if progress:
        progress(resumed, total)
    parallel = sum(map(len, batches)) >= PARALLEL_THRESHOLD and len(batches) > 1
    builder = _ParallelBuild(folder, batches) if parallel else None
    ix = whoosh_index.open_dir(str(folder))
    finished = 0  # documents in batches written (by either process)

    def own_progress(in_batch: int = 0) -> None:
        # what is written: resumed, collected, the worker's finished batches, this one's
        if progress:
            extra = builder.documents_finished() if builder else 0
            progress(min(total, resumed + finished + extra + in_batch), total)

    try:
        for number, batch in enumerate(batches):
            if builder is not None and builder.owns(number):
                result = builder.result(number, cancel)
            else:
                result = write_segments(str(folder), batch, own_progress, cancel)
                finished += len(batch)
            if builder is not None and builder.owns(number):
                builder.collected(number)
                finished += len(batch)
            segments, counts = result
            name = BUILD_WORDS.format(len(committed.batches))
            _write_marshal(folder / name, {k: dict(v) for k, v in counts.items()})
            commit_segments(ix, segments)
            for key, source_counts in counts.items():
                word_counts.setdefault(key, Counter()).update(source_counts)
                committed.sources[key] = len(wanted[key].entries)
            committed.batches.append(name)
            _write_record(folder, committed)
            own_progress()
    except BaseException:
        if builder is not None:
            builder.stop()
        raise
    if builder is not None:
        builder.stop()
    # Old tables of contents stay during the build (a worker may be reading one).
    whoosh_index.clean_files(ix.storage, ix.indexname, ix.latest_generation(), ix._segments())
    shutil.rmtree(folder / f"{ix.indexname}.tmp", ignore_errors=True)
    if progress:
        progress(total, total)
    return word_counts


def _write_marshal(path: Path, data: dict[str, dict[str, int]]) -> None:
    import marshal

    from glossapp.util.atomic import atomic_write_bytes

    atomic_write_bytes(path, marshal.dumps(data), durable=False)


def _write_record(folder: Path, done: _Done) -> None:
    record = {"schema": SCHEMA_VERSION, "ids": ID_SCHEME, "sources": done.sources}
    record["batches"] = done.batches
    atomic_write_text(folder / BUILD_FILE, json.dumps(record))


class _ParallelBuild:
    """Every other batch written by one spawned worker process, which exits when this
    process dies (`_exit_with_parent`). Never fork: unsafe in a running Qt process,
    absent on Windows and macOS. A worker that cannot start or dies leaves its batches
    to this process."""

    def __init__(self, folder: Path, batches: list[list[tuple[Entry, str]]]) -> None:
        # Imported here: building is rare, and every start-up would pay for these.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._folder = folder
        self._batches = batches
        self._futures: dict[int, Any] = {}
        self._collected: set[int] = set()
        self._pool: Any = None
        try:
            # A frozen app's entry point must call multiprocessing.freeze_support()
            # first (packaging/glossapp_main.py does): spawned workers re-run it.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=context,
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
            for number in range(1, len(batches), 2):
                self._futures[number] = self._pool.submit(
                    write_segments, str(folder), batches[number]
                )
        except (OSError, RuntimeError):
            self.stop()
            self._futures = {}

    def owns(self, number: int) -> bool:
        return number in self._futures

    def documents_finished(self) -> int:
        """Documents in the worker's batches written and not yet collected."""
        return sum(
            len(self._batches[n])
            for n, future in self._futures.items()
            if n not in self._collected and future.done() and future.exception() is None
        )

    def collected(self, number: int) -> None:
        self._collected.add(number)

    def result(
        self, number: int, cancel: Callable[[], bool] | None
    ) -> tuple[list[Any], dict[str, Counter[str]]]:
        from concurrent.futures import TimeoutError as FutureTimeout
        from concurrent.futures.process import BrokenProcessPool

        future = self._futures[number]
        try:
            while True:
                try:
                    return future.result(timeout=0.2)
                except FutureTimeout:
                    if cancel and cancel():
                        raise IndexCancelled from None
        except (BrokenProcessPool, OSError, RuntimeError):
            # The worker could not start or died (no __main__ guard in a script, a frozen
            # app without freeze_support, resource limits): write its batch here.
            return write_segments(str(self._folder), self._batches[number], None, None)

    def stop(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        for process in list(getattr(pool, "_processes", {}).values()):
            with contextlib.suppress(Exception):
                process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)


def _exit_with_parent(parent: int) -> None:
    """In a worker: end this process as soon as its parent is gone (killed), rather
    than stay blocked on a queue nobody writes to."""

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="glossapp-parent-watch", daemon=True).start()


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
    # Not `_commit_toc`: its `clean_files` would delete segments a worker has written
    # and not yet handed over. `build_into` cleans up once the build is done.
    TOC(writer.schema, existing + segments, writer.generation).write(
        writer.storage, writer.indexname
    )
    # Not `_finish` either: it destroys the index's temporary folder, which a worker's
    # writer shares (`build_into` removes it when the build is done).
    if writer._searcher is not None:
        writer._searcher._orig_close()
        writer._searcher = None
    if writer.writelock:
        writer.writelock.release()
    writer.is_closed = True
