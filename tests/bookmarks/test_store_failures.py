"""The store on a read-only, full or locked database: reads work, writes say why and
change nothing (see the `store` module's docstring for the API the window relies on)."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from glossapp.bookmarks import store as store_module
from glossapp.bookmarks.store import (
    IN_USE,
    BookmarksBusy,
    BookmarksReadOnly,
    BookmarkStore,
    BookmarksUnavailable,
)
from glossapp.glossary.model import Entry
from tests.util.tmpfs import fill, read_only, tmpfs


def entry(n: int, body: str = "body") -> Entry:
    return Entry(f"id-{n}", f"term{n}", f"Term {n}", "cat", (), body, "g.txt", n)


def journal_mode(path: Path) -> str:
    """From the file's header (bytes 18 and 19 are 2 in WAL mode), without opening it."""
    return "wal" if path.read_bytes()[18:20] == b"\x02\x02" else "delete"


def make_store(path: Path, count: int = 3, journal: str | None = None) -> None:
    with BookmarkStore(path) as store:
        for n in range(count):
            store.add(entry(n), note=f"note {n}")
    if journal:
        conn = sqlite3.connect(path)
        conn.execute(f"PRAGMA journal_mode = {journal}")
        conn.close()


def assert_writes_refused(store: BookmarkStore, error_type=BookmarksReadOnly) -> None:
    before = store.bookmarks()
    first = before[0].entry_id if before else "id-0"
    for write in (
        lambda: store.add(entry(99)),
        lambda: store.toggle(entry(98)),
        lambda: store.remove(first),
        lambda: store.set_note(first, "changed"),
        lambda: store.set_tags(first, ["t"]),
        lambda: store.import_('[{"term": "new"}]', "json"),
    ):
        with pytest.raises(error_type) as raised:
            write()
        assert str(raised.value).startswith(f"{store.db_path}: ")
        assert "\n" not in str(raised.value)
    assert store.bookmarks() == before


# ---------------------------------------------------------------------------- read-only


def test_a_read_only_file_system_opens_read_only_and_keeps_wal_off(tmp_path):
    with tmpfs(tmp_path / "mnt") as mnt:
        db = mnt / "bm.sqlite3"
        make_store(db, journal="DELETE")  # a database that is not in WAL mode yet
        with read_only(mnt):
            with BookmarkStore(db) as store:
                assert store.read_only
                assert "Read-only file system" in store.read_only_reason
                assert [b.note for b in store.bookmarks("alpha")] == ["note 0", "note 1", "note 2"]
                assert_writes_refused(store)
            assert journal_mode(db) == "delete"


def test_a_read_only_file_system_reads_a_wal_database(tmp_path):
    with tmpfs(tmp_path / "mnt") as mnt:
        db = mnt / "bm.sqlite3"
        make_store(db)  # closed cleanly: WAL mode, no -wal or -shm left
        assert journal_mode(db) == "wal"
        with read_only(mnt), BookmarkStore(db) as store:
            assert store.read_only and len(store) == 3
            assert store.ids() == {"id-0", "id-1", "id-2"}
            assert_writes_refused(store)


def test_a_data_folder_that_cannot_be_created_gives_an_empty_read_only_store(tmp_path):
    with (
        tmpfs(tmp_path / "mnt") as mnt,
        read_only(mnt),
        BookmarkStore(mnt / "data" / "bm.sqlite3") as store,
    ):
        assert store.read_only
        assert "cannot be created" in store.read_only_reason
        assert store.bookmarks() == [] and len(store) == 0
        with pytest.raises(BookmarksReadOnly, match="Read-only file system"):
            store.add(entry(1))


def test_a_missing_database_in_a_read_only_folder_is_empty_and_read_only(tmp_path):
    with tmpfs(tmp_path / "mnt") as mnt, read_only(mnt):
        with BookmarkStore(mnt / "bm.sqlite3") as store:
            assert store.read_only and store.bookmarks() == []
        assert not (mnt / "bm.sqlite3").exists()


def refuse_writing(monkeypatch) -> None:
    """Make the one opening function fail as SQLite does on a file it cannot write."""
    real = store_module.connect

    def connect(target: str, *, uri: bool = True) -> sqlite3.Connection:
        if "mode=rwc" in target:
            error = sqlite3.OperationalError("attempt to write a readonly database")
            error.sqlite_errorname = "SQLITE_READONLY"  # type: ignore[attr-defined]
            raise error
        return real(target, uri=uri)

    monkeypatch.setattr(store_module, "connect", connect)


def test_a_file_that_cannot_be_written_opens_read_only(tmp_path, monkeypatch):
    db = tmp_path / "bm.sqlite3"
    make_store(db, journal="DELETE")
    refuse_writing(monkeypatch)
    with BookmarkStore(db) as store:
        assert store.read_only
        assert "readonly database" in store.read_only_reason
        assert len(store) == 3
        assert_writes_refused(store)
    assert journal_mode(db) == "delete"  # never switched to WAL


def test_a_read_only_file_as_sqlite_opens_it_is_detected_at_open(tmp_path, monkeypatch):
    # Without root, a chmod 444 file: SQLite opens it read-only without a word.
    db = tmp_path / "bm.sqlite3"
    make_store(db, journal="DELETE")
    real = store_module.connect
    monkeypatch.setattr(
        store_module,
        "connect",
        lambda target, uri=True: real(target.replace("mode=rwc", "mode=ro"), uri=uri),
    )
    with BookmarkStore(db) as store:
        assert store.read_only and len(store) == 3
        assert_writes_refused(store)
    assert journal_mode(db) == "delete"


def test_a_writable_store_says_so():
    with BookmarkStore() as store:
        assert not store.read_only and store.read_only_reason is None


def test_an_in_memory_store_is_writable():
    with BookmarkStore(Path(":memory:")) as store:
        store.add(entry(1))
        assert len(store) == 1 and not store.read_only


def test_error_types_are_sqlite_errors_with_path_and_reason(tmp_path):
    error = BookmarksBusy(tmp_path / "x")
    assert isinstance(error, BookmarksUnavailable) and isinstance(error, sqlite3.Error)
    assert error.reason == IN_USE and error.path == tmp_path / "x"
    assert str(error) == f"{tmp_path / 'x'}: bookmarks are in use by another Glossapp"
    assert issubclass(BookmarksReadOnly, BookmarksUnavailable)


# ---------------------------------------------------------------------------- full


def test_a_full_disk_says_so_and_keeps_the_data(tmp_path):
    with tmpfs(tmp_path / "mnt", size="256k") as mnt:
        db = mnt / "bm.sqlite3"
        with BookmarkStore(db) as store:
            store.add(entry(0), note="kept")
            before = store.bookmarks()
            filler = fill(mnt)
            for write in (
                lambda: store.add(entry(1, "x"), note="y" * 300_000),
                lambda: store.set_note("id-0", "z" * 300_000),
                lambda: store.import_(
                    '[{"term": "a", "note": "%s"}, {"term": "b"}]' % ("n" * 300_000), "json"
                ),
            ):
                with pytest.raises(BookmarksUnavailable) as raised:
                    write()
                assert raised.value.reason == "database or disk is full"
                assert "rollback" not in str(raised.value)
            assert store.bookmarks() == before
            filler.unlink()
            store.add(entry(2))  # room again: writes work again
        with BookmarkStore(db) as store:
            assert [b.entry_id for b in store.bookmarks()] == ["id-2", "id-0"]
            assert store.get("id-0").note == "kept"


def test_an_import_on_a_full_disk_reports_nothing_added(tmp_path):
    from glossapp.bookmarks.exchange import parse

    with tmpfs(tmp_path / "mnt", size="256k") as mnt, BookmarkStore(mnt / "bm.sqlite3") as store:
        fill(mnt)
        incoming, report = parse('[{"term": "a", "note": "%s"}]' % ("n" * 300_000), "json")
        with pytest.raises(BookmarksUnavailable, match="database or disk is full"):
            store.merge(incoming, report)
        assert report.added == [] and report.skipped == []


def test_a_new_store_on_a_full_disk_opens_read_only(tmp_path):
    with tmpfs(tmp_path / "mnt", size="64k") as mnt:
        fill(mnt)
        with BookmarkStore(mnt / "bm.sqlite3") as store:
            assert store.read_only and store.bookmarks() == []
            with pytest.raises(BookmarksReadOnly):
                store.add(entry(1))


# ---------------------------------------------------------------------------- locked


@pytest.fixture
def short_timeout(monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 1.0)


def test_the_busy_timeout_is_a_few_seconds():
    assert 1 <= store_module.BUSY_TIMEOUT_SECONDS <= 5


def test_a_writer_holding_the_lock_makes_writes_say_in_use(tmp_path, short_timeout):
    db = tmp_path / "bm.sqlite3"
    make_store(db)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with BookmarkStore(db) as store:  # opening and reading never wait on a writer
            assert len(store) == 3 and not store.read_only
            # less than one busy timeout: it did not wait for the writer
            assert time.monotonic() - started < store_module.BUSY_TIMEOUT_SECONDS
            with pytest.raises(BookmarksBusy) as raised:
                store.add(entry(9))
            assert "bookmarks are in use by another Glossapp" in str(raised.value)
            assert time.monotonic() - started < 10  # gave up after a timeout, not never
            other.execute("ROLLBACK")
            store.add(entry(9))
            assert len(store) == 4
    finally:
        other.close()


def test_an_exclusive_lock_makes_opening_say_in_use(tmp_path, short_timeout):
    db = tmp_path / "bm.sqlite3"
    make_store(db, journal="DELETE")
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(BookmarksBusy, match="in use by another Glossapp"):
            BookmarkStore(db)
        assert time.monotonic() - started < 10  # gave up after a timeout, not never
    finally:
        other.close()


def test_a_lock_released_within_the_timeout_is_waited_for(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 3.0)
    db = tmp_path / "bm.sqlite3"
    make_store(db)
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, lambda: other.execute("ROLLBACK")).start()
    try:
        with BookmarkStore(db) as store:
            store.add(entry(7))
            assert store.is_bookmarked("id-7")
    finally:
        time.sleep(0.35)
        other.close()


def test_resolve_never_raises_for_its_repointing(tmp_path, monkeypatch):
    from glossapp.glossary import library

    glossary = tmp_path / "g.txt"
    glossary.write_text("alpha, cat\nbody\n", encoding="utf-8")
    lib = library.load([glossary])
    (alpha,) = lib.with_term("alpha")
    db = tmp_path / "bm.sqlite3"
    with BookmarkStore(db) as store:
        store.add(Entry("old-id", "alpha", "alpha", "cat", (), "b", "g.txt", 0))
    refuse_writing(monkeypatch)
    with BookmarkStore(db) as store:
        ((bookmark, found),) = store.resolve(lib)
        assert found is alpha and bookmark.entry_id == alpha.id
        assert store.ids() == {"old-id"}  # kept as it was, re-pointed on a later call
