"""`glossapp export`: choosing entries, each format, and never a partial file."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile

import pytest

from glossapp.bookmarks.store import BookmarkStore
from glossapp.cli import main
from glossapp.glossary import library
from tests.render.test_document import SAMPLE

pypdf = pytest.importorskip("pypdf")


@pytest.fixture
def glossary(tmp_path):
    path = tmp_path / "letters.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def run(capsys, data_dir, glossary, *args):
    code = main(["--data-dir", str(data_dir), "--glossary", str(glossary), "export", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_terms_to_markdown_sorted(capsys, data_dir, glossary, tmp_path):
    target = tmp_path / "out.md"
    code, _, err = run(
        capsys, data_dir, glossary, "--term", "zeta function", "alpha", "-o", str(target)
    )
    assert code == 0, err
    assert err == f"exported 2 entries to {target}\n"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Glossary\n")
    assert text.index("## Alpha") < text.index("## Zeta function")
    assert "## Beta" not in text and "See in this document: [Alpha](#alpha)" in text


def test_title_format_and_html(capsys, data_dir, glossary, tmp_path):
    target = tmp_path / "page"
    code, _, err = run(
        capsys,
        data_dir,
        glossary,
        "--term",
        "beta",
        "--format",
        "html",
        "--title",
        "Exam terms",
        "--cite",
        "-o",
        str(target),
    )
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert "<title>Exam terms</title>" in page and "— Beta, letters" in page


def test_bookmarks_with_a_tag_to_pdf(qapp, capsys, data_dir, glossary, tmp_path):
    # `qapp` first: in-process, the command would make a QGuiApplication, and later
    # widget tests in this process need a QApplication (the fresh-process test below
    # covers the command making its own)
    loaded = library.load([glossary])
    main(
        [
            "--data-dir",
            str(data_dir),
            "--glossary",
            str(glossary),
            "bookmarks",
            "add",
            "zeta function",
        ]
    )
    main(["--data-dir", str(data_dir), "--glossary", str(glossary), "bookmarks", "add", "beta"])
    main(["--data-dir", str(data_dir), "--glossary", str(glossary), "bookmarks", "add", "alpha"])
    capsys.readouterr()
    with BookmarkStore() as store:  # in data_dir: main() has set it
        for term in ("zeta function", "alpha"):
            store.set_tags(loaded.with_term(term)[0].id, ["Exam"])
    target = tmp_path / "tagged.pdf"
    code, _, err = run(
        capsys, data_dir, glossary, "--bookmarks", "--tag", "exam", "-o", str(target)
    )
    assert code == 0, err
    reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    text = " ".join(
        " ".join(page.extract_text(extraction_mode="layout").split()) for page in reader.pages
    )
    assert text.index("Alpha") < text.index("Zeta function")
    assert "Beta is the second letter" not in text
    everything = tmp_path / "all.odt"
    code, _, err = run(capsys, data_dir, glossary, "--bookmarks", "-o", str(everything))
    assert code == 0, err
    content = zipfile.ZipFile(everything).read("content.xml").decode("utf-8")
    assert content.index("Alpha") < content.index("Beta") < content.index("Zeta function")
    code, _, err = run(
        capsys, data_dir, glossary, "--bookmarks", "--tag", "nope", "-o", str(everything)
    )
    assert code == 1 and err == "glossapp export: no bookmark is tagged 'nope'\n"


@pytest.mark.parametrize("fmt", ["pdf", "odt", "html", "md"])
def test_unwritable_path_one_line_and_no_file(capsys, data_dir, glossary, tmp_path, fmt):
    missing = tmp_path / "no-such-folder" / f"out.{fmt}"
    code, out, err = run(capsys, data_dir, glossary, "--term", "alpha", "-o", str(missing))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"glossapp export: cannot write {missing}")
    assert not missing.parent.exists()
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, data_dir, glossary, "--term", "alpha", "-o", str(blocker / "x.md"))
    assert code == 1 and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == [
        "a-file",
        "letters.txt",
    ]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    capsys, data_dir, glossary, tmp_path, monkeypatch
):
    target = tmp_path / "keep.md"
    target.write_text("old contents", encoding="utf-8")

    def failing_replace(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    code, _, err = run(capsys, data_dir, glossary, "--term", "alpha", "-o", str(target))
    assert code == 1
    assert err == f"glossapp export: cannot write {target}: No space left on device\n"
    assert target.read_text(encoding="utf-8") == "old contents"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == [
        "keep.md",
        "letters.txt",
    ]


def test_unknown_term_format_and_misuse(capsys, data_dir, glossary, tmp_path):
    code, _, err = run(capsys, data_dir, glossary, "--term", "omega", "-o", str(tmp_path / "a.md"))
    assert code == 1 and err == "glossapp export: no entry named 'omega'\n"
    code, _, err = run(capsys, data_dir, glossary, "--term", "alpha", "-o", str(tmp_path / "a.doc"))
    assert code == 1 and "give --format pdf|odt|html|md" in err
    code, _, err = run(
        capsys, data_dir, glossary, "--term", "alpha", "--tag", "x", "-o", str(tmp_path / "a.md")
    )
    assert code == 1 and err == "glossapp export: --tag goes with --bookmarks\n"
    with pytest.raises(SystemExit):
        run(capsys, data_dir, glossary, "--term", "alpha", "--query", "x", "-o", "a.md")
    assert not (tmp_path / "a.md").exists()


def test_query_results_in_a_fresh_process_without_a_display(data_dir, glossary, tmp_path):
    target = tmp_path / "results.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [sys.executable, "-m", "glossapp", "--data-dir", str(data_dir), "--glossary", str(glossary)]
        + ["export", "--query", "letter", "--format", "pdf", "-o", str(target)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith(f"to {target}")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(target).pages)
    assert "Alpha" in text and "Beta" in text
