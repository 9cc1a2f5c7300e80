"""Bookmarks: a small SQLite store in the data dir that outlives re-indexing and restarts.

The store keeps `model.Bookmark` records. The id finds a bookmark's entry while it
exists; the kept fields find the entry again when it returns under a new id (its
header's aliases changed, say): see `resolve`. Export and import go through `exchange`.

Several app instances may write at once: the database runs in WAL mode with a busy
timeout of a few seconds, and every write is one short `BEGIN IMMEDIATE` transaction.
Opening writes only when it must (a new file, or one not yet in WAL mode), so reading
never waits on another instance's write. A database file that SQLite cannot read is moved
aside under a timestamped name (never deleted) and a fresh one is started;
`recovered_from` tells the caller, so the user can be told.

**When bookmarks cannot be written.** The API the window and the CLI rely on:

- A store that cannot write (read-only file, folder or file system; a data folder that
  cannot be created) still opens, **read-only**: `read_only_reason` is a sentence saying
  why (None when writable), every read works (an uncreatable file reads as empty), and
  the database is never switched to WAL.
- Every method that writes (`add`, `remove`, `toggle`, `set_note`, `set_tags`, `merge`,
  `import_`) either changes everything it was asked to or nothing, and on failure raises
  a `BookmarksUnavailable`: `BookmarksReadOnly` on a read-only store, `BookmarksBusy`
  when another instance held the database for `BUSY_TIMEOUT_SECONDS` ("bookmarks are in
  use by another Glossapp"), and `BookmarksUnavailable` itself for anything else (a full
  disk gives the reason "database or disk is full"). `str(error)` is one line naming the
  database and the cause, ready for a message box; `error.reason` is the cause alone and
  `error.path` the database. Reads raise the same types (a database locked exclusively,
  say). `resolve` never raises for its own re-pointing: that is retried on the next call.
- The constructor raises only `BookmarksBusy` (the file stayed locked while opening).

All three types are `sqlite3.Error`s, so older callers catching that keep working.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote

# Bookmark and PLACEHOLDER_PREFIX are also imported from here, with the store.
from glossapp.bookmarks.model import (
    PLACEHOLDER_PREFIX,
    Bookmark,
    clean_tags,
    match_key,
    placeholder_id,
)
from glossapp.glossary.model import Entry
from glossapp.util import paths

if TYPE_CHECKING:
    from glossapp.bookmarks.exchange import ImportReport
    from glossapp.glossary.library import Library

__all__ = [
    "DB_NAME",
    "IN_USE",
    "ORDERS",
    "PLACEHOLDER_PREFIX",
    "Bookmark",
    "BookmarkStore",
    "BookmarksBusy",
    "BookmarksReadOnly",
    "BookmarksUnavailable",
]

DB_NAME = "bookmarks.sqlite3"
ORDERS = ("newest", "alpha")
SCHEMA_VERSION = 1
BUSY_TIMEOUT_SECONDS = 3.0
IN_USE = "bookmarks are in use by another Glossapp"
MEMORY = ":memory:"

_T = TypeVar("_T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bookmarks (
    entry_id TEXT PRIMARY KEY,
    term     TEXT NOT NULL,
    title    TEXT NOT NULL,
    category TEXT NOT NULL,
    source   TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT '',
    added    TEXT NOT NULL,
    tags     TEXT NOT NULL DEFAULT '[]'
)
"""
_COLUMNS = "entry_id, term, title, category, source, note, added, tags"
_ORDER_SQL = {
    "newest": "ORDER BY added DESC, rowid DESC",
    "alpha": "ORDER BY title COLLATE NOCASE, term COLLATE NOCASE, added DESC",
}


class BookmarksUnavailable(sqlite3.Error):
    """Bookmarks could not be read or written; a write that raises this changed nothing.

    `str()` is one line for the user: the database's path and `reason`."""

    def __init__(self, reason: str, path: Path | None = None) -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path is not None else reason)


class BookmarksReadOnly(BookmarksUnavailable):
    """The store is read-only (`BookmarkStore.read_only_reason` says why)."""


class BookmarksBusy(BookmarksUnavailable):
    """Another instance held the database longer than `BUSY_TIMEOUT_SECONDS`."""

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(IN_USE, path)


def connect(target: str, *, uri: bool = True) -> sqlite3.Connection:
    """The one way the store opens SQLite (tests replace it to make opening fail)."""
    return sqlite3.connect(
        target,
        uri=uri,
        timeout=BUSY_TIMEOUT_SECONDS,
        isolation_level=None,  # transactions are explicit and short
        check_same_thread=False,  # guarded by BookmarkStore._lock
    )


def _uri(path: Path, mode: str, immutable: bool = False) -> str:
    return f"file:{quote(str(path.absolute()))}?mode={mode}" + ("&immutable=1" if immutable else "")


class _DamagedFile(sqlite3.DatabaseError):
    pass


def _is_damage(error: sqlite3.Error) -> bool:
    if isinstance(error, _DamagedFile):
        return True
    name = getattr(error, "sqlite_errorname", "")
    # A file that holds some other database has no usable bookmarks table either.
    return name in {"SQLITE_CORRUPT", "SQLITE_NOTADB"} or "no such column" in str(error)


def _is_busy(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "")
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in str(error)


def _is_full(error: sqlite3.Error) -> bool:
    return getattr(error, "sqlite_errorname", "") == "SQLITE_FULL" or "disk is full" in str(error)


def _is_unwritable(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "")
    text = str(error)
    return (
        name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH"))
        or "readonly database" in text
        or "unable to open database file" in text
    )


def _why_unwritable(path: Path) -> str | None:
    """What the operating system says when asked to write the database or its folder."""
    try:
        if path.exists():
            os.close(os.open(path, os.O_RDWR))
        probe = path.with_name(f".{path.name}.{os.getpid()}.probe")
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError as error:
        return error.strerror or str(error)
    return None


def _retry_busy(step: Callable[[], _T], timeout: float) -> _T:
    """Run `step`, retrying while SQLite says busy without having waited itself.

    Switching a database to WAL takes an exclusive lock from a read lock, and SQLite
    returns "database is locked" at once there rather than call its busy handler (two
    processes doing it together would deadlock): that is how two instances opening a new
    store together failed."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return step()
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or time.monotonic() >= deadline:
                raise
        time.sleep(0.01)


class BookmarkStore:
    def __init__(self, db_path: Path | None = None) -> None:
        self.db_path = Path(db_path) if db_path else paths.data_dir() / DB_NAME
        self.recovered_from: Path | None = None
        # Why this store cannot write, as a sentence for the user; None when it can.
        self.read_only_reason: str | None = None
        self._lock = threading.Lock()
        if str(self.db_path) == MEMORY:
            self._conn = self._open_memory()
            return
        try:
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._conn = self._open_read_only(
                f"the folder {self.db_path.parent} cannot be created ({error.strerror or error})"
            )
            return
        try:
            self._conn = self._open_writable()
        except sqlite3.Error as error:
            self._conn = self._open_after(error)

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    # ------------------------------------------------------------------ opening

    def _open_after(self, error: sqlite3.Error) -> sqlite3.Connection:
        """The connection to use when opening for writing failed with `error`."""
        if _is_busy(error):
            raise BookmarksBusy(self.db_path) from error
        if _is_damage(error):
            try:
                self.recovered_from = self._move_aside()
            except OSError as move_error:
                return self._open_memory(
                    reason=f"the database cannot be read and cannot be moved aside "
                    f"({move_error.strerror or move_error})"
                )
            try:
                return self._open_writable()
            except sqlite3.Error as second:
                if _is_busy(second):
                    raise BookmarksBusy(self.db_path) from second
                return self._open_memory(reason=self._unwritable_reason(second))
        return self._open_read_only(self._unwritable_reason(error))

    def _unwritable_reason(self, error: sqlite3.Error) -> str:
        if _is_full(error):
            return "database or disk is full"
        cause = _why_unwritable(self.db_path) if _is_unwritable(error) else None
        return f"bookmarks cannot be saved here ({cause or error})"

    def _open_writable(self) -> sqlite3.Connection:
        conn = connect(_uri(self.db_path, "rwc"))
        try:
            # Reading the schema is what fails first on a file that is not a database.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            check = conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise _DamagedFile(f"integrity check failed: {check}")
            has_table = _has_table(conn)
            self._check_writable(conn)
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode.lower() != "wal":
                _retry_busy(
                    lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone(),
                    BUSY_TIMEOUT_SECONDS,
                )
            conn.execute("PRAGMA synchronous = NORMAL")
            if not has_table:
                _create_schema(conn)
            conn.execute(f"SELECT {_COLUMNS} FROM bookmarks LIMIT 1").fetchall()
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    @staticmethod
    def _check_writable(conn: sqlite3.Connection) -> None:
        """Raise SQLite's read-only error now rather than at the first write, without
        waiting on a writer: a database another instance is writing is writable."""
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")

    def _open_read_only(self, reason: str) -> sqlite3.Connection:
        """The existing file opened for reading only (never switched to WAL), or an empty
        store in memory when there is none or it cannot be read."""
        self.read_only_reason = reason
        try:
            exists = self.db_path.is_file() and self.db_path.stat().st_size > 0
        except OSError:
            exists = False
        if not exists:
            return self._open_memory(reason)
        last: sqlite3.Error | None = None
        # A WAL database needs its -shm file: where that cannot be created, only an
        # immutable open reads it.
        for immutable in (False, True):
            try:
                conn = connect(_uri(self.db_path, "ro", immutable))
            except sqlite3.Error as error:
                last = error
                continue
            try:
                if not _has_table(conn):
                    conn.close()
                    return self._open_memory(reason)
                conn.execute(f"SELECT {_COLUMNS} FROM bookmarks LIMIT 1").fetchall()
                return conn
            except sqlite3.Error as error:
                conn.close()
                if _is_busy(error):
                    raise BookmarksBusy(self.db_path) from error
                last = error
        return self._open_memory(f"{reason}; it cannot be read either ({last})")

    def _open_memory(self, reason: str | None = None) -> sqlite3.Connection:
        conn = connect(MEMORY, uri=False)
        _create_schema(conn)
        self.read_only_reason = reason
        return conn

    def _move_aside(self) -> Path:
        """Keep the unreadable file (and its WAL) under a timestamped name for the user."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.db_path.with_name(f"{self.db_path.name}.corrupt-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.db_path.with_name(f"{self.db_path.name}.corrupt-{stamp}-{counter}")
        self.db_path.replace(target)
        for suffix in ("-wal", "-shm"):
            companion = self.db_path.with_name(self.db_path.name + suffix)
            if companion.exists():
                companion.replace(target.with_name(target.name + suffix))
        return target

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> BookmarkStore:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _unavailable(self, error: sqlite3.Error) -> BookmarksUnavailable:
        """The error to raise for `error`, which SQLite gave on this store's database."""
        if isinstance(error, BookmarksUnavailable):
            return error
        if _is_busy(error):
            return BookmarksBusy(self.db_path)
        if _is_full(error):
            return BookmarksUnavailable("database or disk is full", self.db_path)
        if _is_unwritable(error):
            cause = _why_unwritable(self.db_path) or str(error)
            return BookmarksReadOnly(f"bookmarks cannot be saved here ({cause})", self.db_path)
        return BookmarksUnavailable(str(error), self.db_path)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it is committed, or nothing and `BookmarksUnavailable`."""
        if self.read_only_reason is not None:
            raise BookmarksReadOnly(self.read_only_reason, self.db_path)
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise self._unavailable(error) from error
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as error:
                # SQLite may have rolled back already (a full disk does): a second
                # ROLLBACK would say "cannot rollback" and hide the real cause.
                if self._conn.in_transaction:
                    with suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise self._unavailable(error) from error
                raise

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise self._unavailable(error) from error

    # ------------------------------------------------------------------ basic operations

    def add(self, entry: Entry, note: str = "") -> Bookmark:
        """Bookmark an entry. An existing bookmark is returned unchanged (its note is kept)."""
        bookmark = Bookmark.for_entry(entry, note)
        with self._write() as conn:
            conn.execute(
                f"INSERT OR IGNORE INTO bookmarks ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                _row(bookmark),
            )
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM bookmarks WHERE entry_id = ?", (entry.id,)
            ).fetchone()
        return _bookmark(row)

    def remove(self, entry_id: str) -> bool:
        with self._write() as conn:
            return (
                conn.execute("DELETE FROM bookmarks WHERE entry_id = ?", (entry_id,)).rowcount > 0
            )

    def toggle(self, entry: Entry) -> bool:
        """Add the bookmark if absent, remove it if present; True if now bookmarked."""
        with self._write() as conn:
            if conn.execute("DELETE FROM bookmarks WHERE entry_id = ?", (entry.id,)).rowcount:
                return False
            conn.execute(
                f"INSERT INTO bookmarks ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                _row(Bookmark.for_entry(entry)),
            )
            return True

    def is_bookmarked(self, entry_id: str) -> bool:
        return bool(self._query("SELECT 1 FROM bookmarks WHERE entry_id = ?", (entry_id,)))

    def ids(self) -> set[str]:
        return {row[0] for row in self._query("SELECT entry_id FROM bookmarks")}

    def get(self, entry_id: str) -> Bookmark | None:
        rows = self._query(f"SELECT {_COLUMNS} FROM bookmarks WHERE entry_id = ?", (entry_id,))
        return _bookmark(rows[0]) if rows else None

    def bookmarks(self, order: str = "newest") -> list[Bookmark]:
        if order not in _ORDER_SQL:
            raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
        rows = self._query(f"SELECT {_COLUMNS} FROM bookmarks {_ORDER_SQL[order]}")
        return [_bookmark(row) for row in rows]

    def data_version(self) -> int:
        """Changes when another connection (another app instance) commits: poll it to refresh."""
        return self._query("PRAGMA data_version")[0][0]

    def __len__(self) -> int:
        return self._query("SELECT count(*) FROM bookmarks")[0][0]

    def set_note(self, entry_id: str, note: str) -> None:
        with self._write() as conn:
            conn.execute("UPDATE bookmarks SET note = ? WHERE entry_id = ?", (note, entry_id))

    def set_tags(self, entry_id: str, tags: Iterable[str]) -> None:
        encoded = json.dumps(list(clean_tags(tags)), ensure_ascii=False)
        with self._write() as conn:
            conn.execute("UPDATE bookmarks SET tags = ? WHERE entry_id = ?", (encoded, entry_id))

    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        found = {tag for bookmark in self.bookmarks() for tag in bookmark.tags}
        return sorted(found, key=str.casefold)

    # ------------------------------------------------------------------ against a library

    def resolve(
        self, library: Library, order: str = "newest"
    ) -> list[tuple[Bookmark, Entry | None]]:
        """Each bookmark with its entry, or None when the entry is missing from the library.

        A bookmark whose id is gone is matched again by term, category and glossary name
        (only to an entry no other bookmark holds), and then re-pointed at the new id, so
        the star shows on it again. Kept fields are refreshed from the entry they found.
        """
        bookmarks = self.bookmarks(order)
        held = {b.entry_id for b in bookmarks if library.get(b.entry_id) is not None}
        candidates: dict[tuple[str, str, str], list[Entry]] = {}
        for candidate in library.entries:
            if candidate.id not in held:
                key = match_key(candidate.term, candidate.category, candidate.source_name)
                candidates.setdefault(key, []).append(candidate)

        resolved: list[tuple[Bookmark, Entry | None]] = []
        updates: list[tuple[str, Bookmark]] = []
        for bookmark in bookmarks:
            entry: Entry | None = library.get(bookmark.entry_id)
            if entry is None:
                waiting = candidates.get(bookmark.key)
                entry = waiting.pop(0) if waiting else None
            if entry is not None:
                current = replace(
                    bookmark,
                    entry_id=entry.id,
                    term=entry.term,
                    title=entry.title,
                    category=entry.category,
                    source=entry.source_name,
                )
                if current != bookmark:
                    updates.append((bookmark.entry_id, current))
                    bookmark = current
            resolved.append((bookmark, entry))
        if updates:
            # Read-only, full or busy: the same updates are found again on the next call.
            with suppress(BookmarksUnavailable):
                self._repoint(updates)
        return resolved

    def _repoint(self, updates: list[tuple[str, Bookmark]]) -> None:
        with self._write() as conn:
            for old_id, bookmark in updates:
                # Another instance may have bookmarked the new id meanwhile: keep both notes.
                clash = conn.execute(
                    "SELECT note FROM bookmarks WHERE entry_id = ?", (bookmark.entry_id,)
                ).fetchone()
                if clash is not None and bookmark.entry_id != old_id:
                    if bookmark.note and bookmark.note != clash[0]:
                        merged = "\n".join(n for n in (clash[0], bookmark.note) if n)
                        conn.execute(
                            "UPDATE bookmarks SET note = ? WHERE entry_id = ?",
                            (merged, bookmark.entry_id),
                        )
                    conn.execute("DELETE FROM bookmarks WHERE entry_id = ?", (old_id,))
                    continue
                conn.execute(
                    "UPDATE bookmarks SET entry_id = ?, term = ?, title = ?, category = ?,"
                    " source = ? WHERE entry_id = ?",
                    (
                        bookmark.entry_id,
                        bookmark.term,
                        bookmark.title,
                        bookmark.category,
                        bookmark.source,
                        old_id,
                    ),
                )

    # ------------------------------------------------------------------ exchange

    # `exchange` is imported on first use: it knows nothing of the store, and the window
    # opens the store before anyone exports.

    def export(self, fmt: str, library: Library) -> str:
        """Every bookmark, resolved against `library`, in `fmt` (see `exchange.FORMATS`)."""
        from glossapp.bookmarks import exchange as bookmark_exchange

        return bookmark_exchange.export(self.resolve(library), fmt)

    def import_(self, text: str, fmt: str) -> ImportReport:
        """Read bookmarks in `fmt` and add the new ones (see `merge`)."""
        from glossapp.bookmarks import exchange as bookmark_exchange

        incoming, report = bookmark_exchange.parse(text, fmt)
        self.merge(incoming, report)
        return report

    def merge(self, incoming: Iterable[Bookmark], report: ImportReport) -> None:
        """Add bookmarks that are not there yet; never touch an existing one.

        All or nothing: `report` is filled in only once the bookmarks are saved, and a
        failed save raises `BookmarksUnavailable` with the report as it was."""
        added: list[Bookmark] = []
        skipped: list[Bookmark] = []
        with self._write() as conn:
            existing_keys = {
                match_key(*row)
                for row in conn.execute("SELECT term, category, source FROM bookmarks")
            }
            for bookmark in incoming:
                if not bookmark.entry_id:
                    bookmark = replace(
                        bookmark,
                        entry_id=placeholder_id(bookmark.term, bookmark.category, bookmark.source),
                    )
                    if bookmark.key in existing_keys:
                        skipped.append(bookmark)
                        continue
                cursor = conn.execute(
                    f"INSERT OR IGNORE INTO bookmarks ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    _row(bookmark),
                )
                if cursor.rowcount:
                    added.append(bookmark)
                    existing_keys.add(bookmark.key)
                else:
                    skipped.append(bookmark)
        report.added.extend(added)
        report.skipped.extend(skipped)


def _row(bookmark: Bookmark) -> tuple:
    return (
        bookmark.entry_id,
        bookmark.term,
        bookmark.title,
        bookmark.category,
        bookmark.source,
        bookmark.note,
        bookmark.added,
        json.dumps(list(bookmark.tags), ensure_ascii=False),
    )


def _bookmark(row: tuple) -> Bookmark:
    entry_id, term, title, category, source, note, added, tags = row
    try:
        decoded = json.loads(tags)
    except ValueError:
        decoded = []
    return Bookmark(
        entry_id,
        term,
        title,
        category,
        source,
        note,
        added,
        tags=clean_tags(t for t in decoded if isinstance(t, str)),
    )


def _has_table(conn: sqlite3.Connection) -> bool:
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'bookmarks'"
    ).fetchone()
    return found is not None


def _create_schema(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(_SCHEMA)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
