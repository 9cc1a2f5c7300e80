import json
import subprocess
import sys

import pytest

from glossapp.bookmarks.store import BookmarkStore
from glossapp.cli import main

GLOSSARY = """\
alpha, cat
**Alpha** is the first letter.
beta, cat
Beta body.
twin, one
First twin.
twin, two
Second twin.
"""


@pytest.fixture
def glossary(tmp_path):
    path = tmp_path / "greek.txt"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def run(capsys, data_dir, glossary, *args):
    code = main(["--data-dir", str(data_dir), "--glossary", str(glossary), "bookmarks", *args])
    out, err = capsys.readouterr()
    return code, out, err


def cli(data_dir, glossary, *args):
    """The real command in a new process, as after a restart."""
    return subprocess.run(
        [sys.executable, "-m", "glossapp", "bookmarks", *args]
        + ["--data-dir", str(data_dir), "--glossary", str(glossary)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_bookmarks_persist_across_processes(data_dir, glossary):
    added = cli(data_dir, glossary, "add", "alpha", "--note", "exam, ch. 2 — naïve")
    assert added.returncode == 0, added.stderr
    assert added.stdout == "added: Alpha [cat, greek]\n"

    listed = cli(data_dir, glossary, "list")
    assert listed.returncode == 0, listed.stderr
    assert "* Alpha [cat, greek]" in listed.stdout
    assert "    exam, ch. 2 — naïve" in listed.stdout
    assert listed.stdout.endswith("1 bookmark\n")

    removed = cli(data_dir, glossary, "remove", "alpha")
    assert removed.stdout == "removed: Alpha [cat, greek]\n"
    assert cli(data_dir, glossary, "list").stdout == "no bookmarks\n"


def test_list_marks_missing_entries(capsys, tmp_path, data_dir, glossary):
    run(capsys, data_dir, glossary, "add", "alpha")
    run(capsys, data_dir, glossary, "add", "beta")
    glossary.write_text("beta, cat\nBeta body.\n", encoding="utf-8")
    code, out, _ = run(capsys, data_dir, glossary, "list", "--order", "alpha")
    assert code == 0
    assert out.splitlines() == [
        f"! Alpha [cat, greek]  added {today()}  (missing: entry not in the library)",
        f"* beta [cat, greek]  added {today()}",
        "2 bookmarks, 1 missing",
    ]
    # A missing entry's bookmark can still be removed by its kept term.
    code, out, _ = run(capsys, data_dir, glossary, "remove", "alpha")
    assert code == 0 and out.startswith("removed: Alpha")


def today():
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%d")


def test_add_with_several_entries_adds_all_and_says_so(capsys, data_dir, glossary):
    code, out, _ = run(capsys, data_dir, glossary, "add", "twin")
    assert code == 0
    assert out.splitlines() == [
        "[1] added: twin [one, greek]",
        "[2] added: twin [two, greek]",
        "(2 entries are named 'twin'; use --nth or --category for one)",
    ]


@pytest.mark.parametrize(
    ("choice", "category"),
    [(["--nth", "2"], "two"), (["--category", "ONE"], "one")],
)
def test_add_chooses_one_entry(capsys, data_dir, glossary, choice, category):
    code, out, _ = run(capsys, data_dir, glossary, "add", "twin", *choice)
    assert (
        code == 0
        and out == f"[{'2' if category == 'two' else '1'}] added: twin [{category}, greek]\n"
    )
    with BookmarkStore(data_dir / "data" / "bookmarks.sqlite3") as store:
        assert [b.category for b in store.bookmarks()] == [category]


def test_add_reports_unknown_terms_and_bad_choices(capsys, data_dir, glossary):
    code, _, err = run(capsys, data_dir, glossary, "add", "omega")
    assert code == 1 and "no entry named 'omega'" in err
    code, _, err = run(capsys, data_dir, glossary, "add", "twin", "--nth", "3")
    assert code == 1 and "there are 2 match(es)" in err
    code, _, err = run(capsys, data_dir, glossary, "add", "twin", "--category", "three")
    assert code == 1 and "category 'three'" in err


def test_adding_again_keeps_the_note(capsys, data_dir, glossary):
    run(capsys, data_dir, glossary, "add", "beta", "--note", "first")
    code, out, _ = run(capsys, data_dir, glossary, "add", "beta", "--note", "second")
    assert code == 0 and out.startswith("already bookmarked (its note is kept")
    _, out, _ = run(capsys, data_dir, glossary, "list")
    assert "    first" in out and "second" not in out


def test_remove_unknown_and_nth(capsys, data_dir, glossary):
    code, _, err = run(capsys, data_dir, glossary, "remove", "alpha")
    assert code == 1 and "no bookmark named 'alpha'" in err
    run(capsys, data_dir, glossary, "add", "twin")
    code, out, _ = run(capsys, data_dir, glossary, "remove", "twin", "--nth", "1")
    assert code == 0
    (removed,) = out.splitlines()
    _, listed, _ = run(capsys, data_dir, glossary, "list")
    assert removed.removeprefix("removed: ") not in listed
    assert "twin [" in listed


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_export_then_import_round_trips(capsys, tmp_path, data_dir, glossary, fmt):
    run(capsys, data_dir, glossary, "add", "alpha", "--note", 'a, "b"\nsecond line é')
    run(capsys, data_dir, glossary, "add", "twin")
    target_file = tmp_path / f"out.{fmt}"
    code, _, err = run(capsys, data_dir, glossary, "export", "-o", str(target_file))
    assert code == 0 and "exported 3 bookmarks" in err

    other = tmp_path / "other-data"
    code, out, _ = run(capsys, other, glossary, "import", str(target_file))
    assert code == 0 and out.endswith("added 3, skipped 0 already bookmarked\n")
    with (
        BookmarkStore(data_dir / "data" / "bookmarks.sqlite3") as first,
        BookmarkStore(other / "data" / "bookmarks.sqlite3") as second,
    ):
        assert second.bookmarks() == first.bookmarks()

    code, out, _ = run(capsys, other, glossary, "import", str(target_file))
    assert out.endswith("added 0, skipped 3 already bookmarked\n")


def test_export_to_stdout_in_each_format(capsys, data_dir, glossary):
    run(capsys, data_dir, glossary, "add", "alpha", "--note", "n")
    _, out, _ = run(capsys, data_dir, glossary, "export", "--format", "json")
    (record,) = json.loads(out)
    assert {k: record[k] for k in ("term", "title", "category", "source", "note")} == {
        "term": "alpha",
        "title": "Alpha",
        "category": "cat",
        "source": "greek",
        "note": "n",
    }
    _, out, _ = run(capsys, data_dir, glossary, "export", "--format", "csv")
    assert out.startswith("entry_id,term,title,category,source,note,added,tags\r\n")
    _, out, _ = run(capsys, data_dir, glossary, "export")
    assert "## Alpha" in out and "**Alpha** is the first letter." in out


def test_import_format_override_and_unknown_extension(capsys, tmp_path, data_dir, glossary):
    exported = tmp_path / "bookmarks.txt"
    exported.write_text('[{"term": "alpha", "title": "Alpha", "category": "cat"}]', "utf-8")
    code, _, err = run(capsys, data_dir, glossary, "import", str(exported))
    assert code == 2 and "--format" in err
    code, out, _ = run(capsys, data_dir, glossary, "import", str(exported), "--format", "json")
    assert code == 0 and "added 1" in out
    code, _, err = run(capsys, data_dir, glossary, "import", str(tmp_path / "none.json"))
    assert code == 1 and "cannot read" in err


def test_corrupt_database_is_reported(capsys, data_dir, glossary):
    db = data_dir / "data" / "bookmarks.sqlite3"
    db.parent.mkdir(parents=True)
    db.write_bytes(b"garbage" * 1000)
    code, out, err = run(capsys, data_dir, glossary, "list")
    assert code == 0 and out == "no bookmarks\n"
    assert "could not be read; it was kept as" in err and "bookmarks.sqlite3.corrupt-" in err
    assert list(db.parent.glob("bookmarks.sqlite3.corrupt-*"))


# ---------------------------------------------------------------------------- failures


def test_a_read_only_data_folder_lists_and_exports_and_refuses_writes(capsys, tmp_path, glossary):
    from tests.util.tmpfs import read_only, tmpfs

    with tmpfs(tmp_path / "mnt") as mnt:
        data_dir = mnt / "profile"
        assert run(capsys, data_dir, glossary, "add", "alpha")[0] == 0
        with read_only(mnt):
            code, out, err = run(capsys, data_dir, glossary, "list")
            assert code == 0 and "alpha" in out.casefold() and "1 bookmark" in out
            code, out, _ = run(capsys, data_dir, glossary, "export", "--format", "json")
            assert code == 0 and json.loads(out)[0]["term"] == "alpha"
            for args in (["add", "beta"], ["remove", "alpha"], ["import", str(glossary)]):
                if args[0] == "import":
                    source = tmp_path / "in.json"
                    source.write_text('[{"term": "beta"}]', encoding="utf-8")
                    args = ["import", str(source)]
                code, out, err = run(capsys, data_dir, glossary, *args)
                assert code == 1, args
                assert err.startswith(f"cannot {args[0]} bookmarks: ")
                assert "bookmarks.sqlite3" in err and "Read-only file system" in err
                assert "Traceback" not in err and err.count("\n") == 1
            code, out, err = run(capsys, data_dir, glossary, "export", "-o", str(mnt / "x.md"))
            assert code == 1 and err == f"cannot write {mnt / 'x.md'}: Read-only file system\n"


def test_a_data_folder_that_cannot_be_created_lists_nothing(capsys, tmp_path, glossary):
    from tests.util.tmpfs import read_only, tmpfs

    with tmpfs(tmp_path / "mnt") as mnt, read_only(mnt):
        code, out, err = run(capsys, mnt / "new", glossary, "list")
        assert code == 0 and "no bookmarks" in out
        code, out, err = run(capsys, mnt / "new", glossary, "add", "alpha")
        assert code == 1 and "cannot be created" in err and "Read-only file system" in err


def test_a_locked_database_says_in_use_within_seconds(capsys, data_dir, glossary, monkeypatch):
    import sqlite3
    import time

    from glossapp.bookmarks import store as store_module

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.3)
    assert run(capsys, data_dir, glossary, "add", "alpha")[0] == 0
    other = sqlite3.connect(data_dir / "data" / "bookmarks.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        code, out, _ = run(capsys, data_dir, glossary, "list")
        assert code == 0 and "1 bookmark" in out  # reading never waits on a writer
        code, _, err = run(capsys, data_dir, glossary, "add", "beta")
        assert code == 1 and "bookmarks are in use by another Glossapp" in err
        assert time.monotonic() - started < 3
    finally:
        other.close()


def test_export_to_a_folder_is_refused(capsys, tmp_path, data_dir, glossary):
    run(capsys, data_dir, glossary, "add", "alpha")
    code, _, err = run(capsys, data_dir, glossary, "export", "-o", str(tmp_path))
    assert code == 1 and err == f"cannot export to {tmp_path}: it is a folder; give a file name\n"


def test_export_to_an_unwritable_path_is_one_line(capsys, tmp_path, data_dir, glossary):
    run(capsys, data_dir, glossary, "add", "alpha")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, data_dir, glossary, "export", "-o", str(blocker / "out.md"))
    assert code == 1 and err.startswith(f"cannot write {blocker / 'out.md'}: ")
    assert err.count("\n") == 1


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_exports_follow_the_umask(capsys, tmp_path, data_dir, glossary, umask):
    import os

    run(capsys, data_dir, glossary, "add", "alpha")
    old = os.umask(umask)
    try:
        assert run(capsys, data_dir, glossary, "export", "-o", str(tmp_path / "b.csv"))[0] == 0
    finally:
        os.umask(old)
    assert (tmp_path / "b.csv").stat().st_mode & 0o777 == 0o666 & ~umask


def test_import_problems_are_lines_with_numbers(capsys, tmp_path, data_dir, glossary):
    source = tmp_path / "in.json"
    source.write_text('[{"term": "a", "tags": 3}, {"term": "b"}]', encoding="utf-8")
    code, out, err = run(capsys, data_dir, glossary, "import", str(source))
    assert code == 0 and "added: b" in out
    assert err.startswith("problem: item 1: 'tags' is neither")
