"""Bookmarks: a small SQLite store in the data dir that outlives re-indexing and restarts.

The store keeps `model.Bookmark` records. The id finds a bookmark's entry while it
exists; the kept fields find the entry again when it returns under a new id (its
header's aliases changed, say): see `resolve`. Export and import go through `exchange`.

Several app instances may write at once: the database runs in WAL mode with a busy
timeout, and every write is one short `BEGIN IMMEDIATE` transaction. A database file
that SQLite cannot read is moved aside under a timestamped name (never deleted) and a
fresh one is started; `recovered_from` tells the caller, so the user can be told.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

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

__all__ = ["DB_NAME", "ORDERS", "PLACEHOLDER_PREFIX", "Bookmark", "BookmarkStore"]

DB_NAME = "bookmarks.sqlite3"
ORDERS = ("newest", "alpha")
SCHEMA_VERSION = 1
BUSY_TIMEOUT_SECONDS = 30.0

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


class _DamagedFile(sqlite3.DatabaseError):
    pass


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    if isinstance(error, _DamagedFile):
        return True
    name = getattr(error, "sqlite_errorname", "")
    # A file that holds some other database has no usable bookmarks table either.
    return name in {"SQLITE_CORRUPT", "SQLITE_NOTADB"} or "no such column" in str(error)


class BookmarkStore:
    def __init__(self, db_path: Path | None = None) -> None:
        self.db_path = Path(db_path) if db_path else paths.data_dir() / DB_NAME
        self.recovered_from: Path | None = None
        self._lock = threading.Lock()
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = self._open()
        except sqlite3.DatabaseError as error:
            if not _is_damage(error):
                raise  # locked past the timeout, unwritable folder...: not the file's fault
            self.recovered_from = self._move_aside()
            self._conn = self._open()

    # ------------------------------------------------------------------ opening

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.db_path,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,  # transactions are explicit and short
            check_same_thread=False,  # guarded by self._lock
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            # Reading the schema is what fails first on a file that is not a database.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            check = conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise _DamagedFile(f"integrity check failed: {check}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(_SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
            conn.execute(f"SELECT {_COLUMNS} FROM bookmarks LIMIT 1").fetchall()
        except sqlite3.DatabaseError:
            conn.close()
            raise
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

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

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
        """Add bookmarks that are not there yet; never touch an existing one."""
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
                        report.skipped.append(bookmark)
                        continue
                cursor = conn.execute(
                    f"INSERT OR IGNORE INTO bookmarks ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    _row(bookmark),
                )
                if cursor.rowcount:
                    report.added.append(bookmark)
                    existing_keys.add(bookmark.key)
                else:
                    report.skipped.append(bookmark)


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
