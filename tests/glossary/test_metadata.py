"""The optional metadata block at the top of a glossary file: `% key: value` lines."""

from __future__ import annotations

from glossapp.glossary import library
from glossapp.glossary.library import Library
from glossapp.glossary.parser import parse_text, read_metadata
from glossapp.render.renderer import Renderer

FILE = """% title: The Free On-line Dictionary of Computing
% url: https://foldoc.org/

% License: GNU Free Documentation License 1.1
quicksort, algorithms
**Quicksort** sorts.
% Not metadata here, body text
"""


def test_the_block_is_read_and_is_neither_preamble_nor_entries():
    result = parse_text(FILE, "/tmp/foldoc.txt")
    assert result.metadata == {
        "title": "The Free On-line Dictionary of Computing",
        "url": "https://foldoc.org/",
        "licence": "GNU Free Documentation License 1.1",
    }
    assert [entry.term for entry in result.entries] == ["quicksort"]
    assert result.entries[0].body.endswith("% Not metadata here, body text")
    assert not result.diagnostics  # no "text before the first header" warning


def test_a_metadata_line_with_a_comma_is_not_a_header():
    result = parse_text("% title: terms, and more\nwafer, fab\nA slice.\n", "/tmp/g.txt")
    assert result.metadata == {"title": "terms, and more"}
    assert [entry.term for entry in result.entries] == ["wafer"]


def test_older_files_read_as_before():
    plain = "wafer, fab\nA slice.\n"
    assert parse_text(plain, "/tmp/g.txt").metadata == {}
    # text before the first header that is not metadata is still a preamble warning
    result = parse_text("% title: Fab\nSome words\nwafer, fab\nA slice.\n", "/tmp/g.txt")
    assert result.metadata == {"title": "Fab"}
    assert [d.line for d in result.diagnostics] == [2]
    assert "before the first header" in result.diagnostics[0].message
    # the block must come first
    assert read_metadata(["Intro", "% title: late"]) == ({}, 0)


def test_metadata_reaches_the_citation_through_the_parse_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GLOSSAPP_DATA_DIR", str(tmp_path / "home"))
    path = tmp_path / "foldoc.txt"
    path.write_text(FILE, encoding="utf-8")
    for _ in range(2):  # parsed, then (perhaps) from the cache
        loaded = library.load([path])
        assert loaded.files[0].metadata["url"] == "https://foldoc.org/"
        assert loaded.files[0].title == "The Free On-line Dictionary of Computing"
        citation = Renderer(loaded).citation(loaded.entries[0])
        assert citation == (
            "— Quicksort, The Free On-line Dictionary of Computing, https://foldoc.org/, "
            "licence: GNU Free Documentation License 1.1"
        )


def test_without_metadata_the_citation_names_the_file():
    result = parse_text("wafer, fab\n**Wafer** is a slice.\n", "/tmp/fab.txt")
    loaded = Library(entries=result.entries, _by_id={e.id: e for e in result.entries})
    assert Renderer(loaded).citation(result.entries[0]) == "— Wafer, fab"
