"""`glossapp index`: --output replaces only its own files; failures are one line."""

from __future__ import annotations

import os

from glossapp.cli import main
from glossapp.search.whoosh.index import META_FILE
from tests.util.tmpfs import read_only, tmpfs

GLOSSARY = "alpha, cat\nAlpha body.\nbeta, cat\nBeta body.\n"


def glossary(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text(GLOSSARY, encoding="utf-8")
    return ["--glossary", str(path)]


def test_output_replaces_only_its_own_files(capsys, tmp_path):
    output = tmp_path / "out"
    assert main(["index", *glossary(tmp_path), "--output", str(output)]) == 0
    first = {p.name for p in output.iterdir()}
    assert META_FILE in first and not any(name.startswith(".glossapp-build") for name in first)
    os.chmod(output, 0o750)
    assert main(["index", *glossary(tmp_path), "--output", str(output)]) == 0
    assert output.stat().st_mode & 0o777 == 0o750  # the folder itself is kept
    assert (output / META_FILE).exists()


def test_output_refuses_a_folder_with_other_files(capsys, tmp_path):
    output = tmp_path / "out"
    assert main(["index", *glossary(tmp_path), "--output", str(output)]) == 0
    (output / "mine.txt").write_text("keep me")
    (output / "sub").mkdir()
    capsys.readouterr()
    assert main(["index", *glossary(tmp_path), "--output", str(output)]) == 2
    err = capsys.readouterr().err
    assert "not a Glossapp index" in err and "'mine.txt'" in err
    assert (output / "mine.txt").read_text() == "keep me" and (output / META_FILE).exists()


def test_output_to_a_file_is_one_line(capsys, tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    assert main(["index", *glossary(tmp_path), "--output", str(target)]) == 1
    assert capsys.readouterr().err == f"cannot build an index in {target}: not a folder\n"
    assert target.read_text() == "x"


def test_a_read_only_output_or_cache_is_one_line(capsys, tmp_path):
    with tmpfs(tmp_path / "mnt") as mnt, read_only(mnt):
        assert main(["index", *glossary(tmp_path), "--output", str(mnt / "out")]) == 1
        err = capsys.readouterr().err
        assert "Read-only file system" in err and "Traceback" not in err
        code = main(["--data-dir", str(mnt / "profile"), "index", *glossary(tmp_path)])
        err = capsys.readouterr().err
        assert code == 1 and "Read-only file system" in err.splitlines()[-1]
