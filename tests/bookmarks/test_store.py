import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from glossapp.bookmarks.store import BookmarkStore
from glossapp.glossary import library
from glossapp.util import paths

GLOSSARY = """\
alpha, cat
**Alpha** is the first letter.
beta,b1,b2
Beta has aliases.
gamma, cat
Gamma body.
"""


def write_glossary(folder: Path, text: str = GLOSSARY, name: str = "greek.txt") -> library.Library:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return library.load([path])


@pytest.fixture
def greek(tmp_path):
    return write_glossary(tmp_path)


def by_term(lib: library.Library, term: str):
    (entry,) = lib.with_term(term)
    return entry


def test_default_location_is_the_data_dir():
    with BookmarkStore() as store:
        assert store.db_path == paths.data_dir() / "bookmarks.sqlite3"
        assert store.db_path.exists()
        probe = sqlite3.connect(store.db_path)
        assert probe.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        probe.close()
        assert store.recovered_from is None


def test_add_keeps_the_entry_fields(store, greek):
    alpha = by_term(greek, "alpha")
    bookmark = store.add(alpha, note="read this")
    assert bookmark.entry_id == alpha.id
    assert (bookmark.term, bookmark.title, bookmark.category, bookmark.source) == (
        "alpha",
        "Alpha",
        "cat",
        "greek",
    )
    assert bookmark.note == "read this"
    assert bookmark.added.endswith("Z") and "T" in bookmark.added
    assert store.is_bookmarked(alpha.id)
    assert store.ids() == {alpha.id}
    assert store.get(alpha.id) == bookmark


def test_adding_twice_keeps_the_first_bookmark_and_note(store, greek):
    alpha = by_term(greek, "alpha")
    first = store.add(alpha, note="mine")
    assert store.add(alpha, note="other") == first
    assert len(store) == 1


def test_remove_and_toggle(store, greek):
    alpha, beta = by_term(greek, "alpha"), by_term(greek, "beta")
    store.add(alpha)
    assert store.remove(alpha.id) is True
    assert store.remove(alpha.id) is False
    assert store.toggle(beta) is True
    assert store.is_bookmarked(beta.id)
    assert store.toggle(beta) is False
    assert store.ids() == set()


def test_list_orders(store, greek):
    for term in ("gamma", "alpha", "beta"):
        store.add(by_term(greek, term))
    assert [b.term for b in store.bookmarks()] == ["beta", "alpha", "gamma"]
    assert [b.term for b in store.bookmarks("newest")] == ["beta", "alpha", "gamma"]
    assert [b.title for b in store.bookmarks("alpha")] == ["Alpha", "beta", "gamma"]
    with pytest.raises(ValueError):
        store.bookmarks("random")


def test_notes_and_tags(store, greek):
    alpha = by_term(greek, "alpha")
    store.add(alpha)
    store.set_note(alpha.id, "line one\nline two, with comma")
    store.set_tags(alpha.id, ["  exam ", "Exam", "a,b", ""])
    bookmark = store.get(alpha.id)
    assert bookmark.note == "line one\nline two, with comma"
    assert bookmark.tags == ("exam", "a b")
    assert store.tags() == ["a b", "exam"]


def test_survives_reordering_and_edits_to_other_entries(tmp_path, store, greek):
    for term in ("alpha", "beta", "gamma"):
        store.add(by_term(greek, term), note=f"note {term}")
    reordered = (
        "gamma, cat\nGamma body, now edited.\nbeta,b1,b2\nBeta.\nalpha, cat\n**Alpha** first.\n"
    )
    changed = write_glossary(tmp_path, reordered)
    resolved = store.resolve(changed)
    assert all(entry is not None for _, entry in resolved)
    assert {b.term: e.id for b, e in resolved} == {e.term: e.id for e in changed.entries}
    assert [b.note for b, _ in resolved] == ["note gamma", "note beta", "note alpha"]


def test_missing_entry_stays_listed_and_comes_back(tmp_path, store, greek):
    alpha = by_term(greek, "alpha")
    store.add(alpha, note="keep me")
    store.add(by_term(greek, "gamma"))

    without_alpha = write_glossary(tmp_path, "gamma, cat\nGamma body.\n")
    resolved = dict((b.term, (b, e)) for b, e in store.resolve(without_alpha))
    bookmark, entry = resolved["alpha"]
    assert entry is None
    assert (bookmark.entry_id, bookmark.title, bookmark.note) == (alpha.id, "Alpha", "keep me")
    assert resolved["gamma"][1] is not None
    assert len(store) == 2  # never dropped

    restored = write_glossary(tmp_path)
    bookmark, entry = dict((b.term, (b, e)) for b, e in store.resolve(restored))["alpha"]
    assert entry == by_term(restored, "alpha")
    assert bookmark.note == "keep me"


def test_entry_returning_under_a_new_id_is_matched_and_repointed(tmp_path, store, greek):
    beta = by_term(greek, "beta")
    store.add(beta, note="aliases will change")
    changed = write_glossary(tmp_path, GLOSSARY.replace("beta,b1,b2", "beta,b1,b2,b3"))
    new_beta = by_term(changed, "beta")
    assert new_beta.id != beta.id

    ((bookmark, entry),) = store.resolve(changed)
    assert entry == new_beta
    assert bookmark.entry_id == new_beta.id and bookmark.note == "aliases will change"
    assert store.ids() == {new_beta.id}  # the star shows on the entry again


def test_kept_fields_follow_the_entry(tmp_path, store, greek):
    store.add(by_term(greek, "alpha"))
    retitled = write_glossary(tmp_path, GLOSSARY.replace("**Alpha** is", "**Alpha (letter)** is"))
    ((bookmark, _),) = store.resolve(retitled)
    assert bookmark.title == "Alpha (letter)"
    assert store.bookmarks()[0].title == "Alpha (letter)"


def test_identical_headers_in_one_file_are_separate_bookmarks(store, seed_library):
    first, second = seed_library.with_term("multirc")
    store.add(first, note="one")
    store.add(second, note="two")
    resolved = store.resolve(seed_library)
    assert [(b.note, e) for b, e in resolved] == [("two", second), ("one", first)]


def test_persists_across_store_instances(tmp_path, greek):
    path = tmp_path / "bm.sqlite3"
    with BookmarkStore(path) as store:
        store.add(by_term(greek, "alpha"), note="persisted")
    with BookmarkStore(path) as store:
        assert [b.note for b in store.bookmarks()] == ["persisted"]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_bytes(b"\x00garbage\xff" * 500), id="garbage"),
        pytest.param(lambda path: path.write_bytes(path.read_bytes()[:1000]), id="truncated"),
        pytest.param(
            lambda path: path.write_bytes(
                path.read_bytes()[:4096] + b"\xde\xad" * 4096 + path.read_bytes()[12288:]
            ),
            id="table-pages-overwritten",
        ),
    ],
)
def test_corrupt_database_is_moved_aside_and_a_fresh_one_started(tmp_path, greek, damage):
    path = tmp_path / "bm.sqlite3"
    with BookmarkStore(path) as store:
        for entry in greek.entries:
            store.add(entry, note="x" * 3000)  # several pages, so truncation cuts real data
    # Fold the WAL into the main file so the damage hits the data.
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    damage(path)
    damaged_bytes = path.read_bytes()

    with BookmarkStore(path) as store:
        assert store.recovered_from is not None
        assert store.recovered_from.name.startswith("bm.sqlite3.corrupt-")
        assert store.recovered_from.read_bytes() == damaged_bytes  # kept, untouched
        assert store.bookmarks() == []
        store.add(by_term(greek, "alpha"))
    with BookmarkStore(path) as store:
        assert store.recovered_from is None
        assert len(store) == 1


def test_two_corruptions_in_the_same_second_keep_both_files(tmp_path):
    path = tmp_path / "bm.sqlite3"
    moved = []
    for _ in range(2):
        path.write_bytes(b"not a database at all" * 100)
        with BookmarkStore(path) as store:
            moved.append(store.recovered_from)
    assert moved[0] != moved[1] and all(p.exists() for p in moved)


WRITER = textwrap.dedent(
    """
    import sys
    import time
    from pathlib import Path
    from glossapp.bookmarks.store import BookmarkStore
    from glossapp.glossary.model import Entry

    db, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    Path(sys.argv[4]).touch()
    while not Path(sys.argv[5]).exists():
        time.sleep(0.001)
    store = BookmarkStore(db)
    for n in range(count):
        term = f"{prefix}{n}"
        store.add(Entry(f"{prefix}-{n}", term, term, "cat", (), "body", "g.txt", n))
        if n % 10 == 0:
            store.set_note(f"{prefix}-{n}", "noted")
    store.close()
    """
)


def test_two_processes_adding_at_once_lose_nothing(tmp_path):
    db = tmp_path / "shared.sqlite3"
    go = tmp_path / "go"
    writers = []
    for prefix in ("a", "b"):
        ready = tmp_path / f"ready-{prefix}"
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), prefix, "200", str(ready), str(go)]
        )
        writers.append((process, ready))
    for process, ready in writers:
        while not ready.exists():
            assert process.poll() is None, "writer died before starting"
    go.touch()  # both start writing together
    for process, _ in writers:
        assert process.wait(timeout=120) == 0

    with BookmarkStore(db) as store:
        assert store.recovered_from is None
        ids = store.ids()
        notes = {b.entry_id for b in store.bookmarks() if b.note == "noted"}
    assert ids == {f"{p}-{n}" for p in "ab" for n in range(200)}
    assert notes == {f"{p}-{n}" for p in "ab" for n in range(0, 200, 10)}


def test_a_stale_bookmark_is_kept_when_the_new_id_is_already_bookmarked(tmp_path, store, greek):
    # Identical headers may legitimately share term, category and glossary, so a bookmark
    # is never merged into another one: the stale copy stays, marked missing, note intact.
    store.add(by_term(greek, "beta"), note="old note")
    changed = write_glossary(tmp_path, GLOSSARY.replace("beta,b1,b2", "beta,b1,b2,b3"))
    store.add(by_term(changed, "beta"), note="new note")
    resolved = store.resolve(changed)
    assert sorted((b.note, e is None) for b, e in resolved) == [
        ("new note", False),
        ("old note", True),
    ]


def test_repointing_races_with_another_instance_without_losing_notes(
    tmp_path, store, greek, monkeypatch
):
    store.add(by_term(greek, "beta"), note="from here")
    changed = write_glossary(tmp_path, GLOSSARY.replace("beta,b1,b2", "beta,b1,b2,b3"))
    new_beta = by_term(changed, "beta")
    listed = store.bookmarks

    def list_then_other_instance_adds(order="newest"):
        result = listed(order)
        with BookmarkStore(store.db_path) as other:
            other.add(new_beta, note="from there")
        return result

    monkeypatch.setattr(store, "bookmarks", list_then_other_instance_adds)
    store.resolve(changed)
    monkeypatch.undo()
    (bookmark,) = store.bookmarks()
    assert bookmark.entry_id == new_beta.id
    assert bookmark.note == "from there\nfrom here"


def test_data_version_tells_about_writes_from_another_instance(tmp_path, greek):
    path = tmp_path / "bm.sqlite3"
    with BookmarkStore(path) as watcher, BookmarkStore(path) as other:
        before = watcher.data_version()
        assert watcher.data_version() == before
        other.add(by_term(greek, "alpha"))
        assert watcher.data_version() != before
        assert watcher.is_bookmarked(by_term(greek, "alpha").id)
