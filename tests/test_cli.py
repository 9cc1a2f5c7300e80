"""The command line's last line of defence: one line and exit code 1, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from glossapp.cli import error_line, main

GLOSSARY = "alpha, cat\nAlpha body.\n"


@pytest.fixture
def options(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text(GLOSSARY, encoding="utf-8")
    return ["--glossary", str(path), "--data-dir", str(tmp_path / "profile")]


def test_data_dir_on_a_file(capsys, tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    assert main(["--data-dir", str(target), "bookmarks", "list"]) == 1
    assert capsys.readouterr().err == f"glossapp: --data-dir {target}: not a folder\n"


@pytest.mark.parametrize("limit", ["0", "-5"])
def test_limit_must_be_at_least_one(capsys, options, limit):
    with pytest.raises(SystemExit) as raised:
        main(["search", *options, "--limit", limit, "alpha"])
    assert raised.value.code == 2 and "at least 1" in capsys.readouterr().err


def test_stdout_on_dev_full_is_one_line(options):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "glossapp", "search", *options, "alpha"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == "glossapp: standard output: No space left on device"
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_an_os_error_a_command_leaves_is_one_line(capsys, options, monkeypatch):
    from glossapp.commands import bookmarks

    def fail(args):
        raise PermissionError(13, "Permission denied", "/some/where")

    monkeypatch.setattr(bookmarks, "run_list", fail)
    assert main(["bookmarks", *options, "list"]) == 1
    assert capsys.readouterr().err == "glossapp: /some/where: Permission denied\n"


def test_an_sqlite_error_a_command_leaves_is_one_line(capsys, options, monkeypatch):
    import sqlite3

    from glossapp.commands import bookmarks

    def fail(args):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(bookmarks, "run_list", fail)
    assert main(["bookmarks", *options, "list"]) == 1
    assert capsys.readouterr().err == "glossapp: disk I/O error\n"


def test_other_errors_still_raise(options, monkeypatch):
    from glossapp.commands import bookmarks

    monkeypatch.setattr(bookmarks, "run_list", lambda args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        main(["bookmarks", *options, "list"])


def test_error_line_names_both_paths():
    error = OSError(18, "Invalid cross-device link", "/a", None, "/b")
    assert error_line(error) == "/a -> /b: Invalid cross-device link"


def test_search_of_an_exact_name_on_a_read_only_cache(capsys, tmp_path, options):
    from tests.util.tmpfs import read_only, tmpfs

    with tmpfs(tmp_path / "mnt", size="16m") as mnt:
        profile = ["--data-dir", str(mnt / "profile")]
        assert main(["search", *options, *profile, "alpha"]) == 0
        with read_only(mnt):
            capsys.readouterr()
            assert main(["search", *options, *profile, "alpha"]) == 0
            assert "alpha" in capsys.readouterr().out.casefold()
