import csv
import io
import json
from pathlib import Path

import pytest

from glossapp.bookmarks.exchange import ImportReport, fit_body, format_for_path, parse
from glossapp.bookmarks.store import PLACEHOLDER_PREFIX, BookmarkStore
from glossapp.glossary import library
from glossapp.glossary.model import Entry
from tests.conftest import FENCE_IN_FENCE_BODY

TRICKY_NOTES = [
    'commas, "quotes", and; semicolons',
    "two\nlines\r\nand a blank\n\nthird",
    "unicode: naïve café, 中文, emoji 🚀, -- dashes --> and <!-- comment -->",
    "",
    "  leading and trailing spaces  ",
]


@pytest.fixture
def filled(store, seed_library):
    for entry, note in zip(seed_library.entries[:5], TRICKY_NOTES, strict=True):
        store.add(entry, note=note)
    first = seed_library.entries[0]
    store.set_tags(first.id, ["exam", "chip design"])
    return store


def fresh(tmp_path, name="target.sqlite3"):
    return BookmarkStore(tmp_path / name)


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_round_trip_into_an_empty_store_loses_nothing(tmp_path, filled, seed_library, fmt):
    text = filled.export(fmt, seed_library)
    with fresh(tmp_path) as target:
        report = target.import_(text, fmt)
        assert target.bookmarks() == filled.bookmarks()
        assert target.bookmarks("alpha") == filled.bookmarks("alpha")
    assert len(report.added) == 5 and report.skipped == [] and report.problems == []


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_round_trip_keeps_missing_entries(tmp_path, filled, seed_library, fmt):
    only_first = library.Library.from_files([])
    text = filled.export(fmt, only_first)
    with fresh(tmp_path) as target:
        target.import_(text, fmt)
        assert target.bookmarks() == filled.bookmarks()


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_import_merges_and_never_overwrites(tmp_path, filled, seed_library, fmt):
    text = filled.export(fmt, seed_library)
    kept, extra = seed_library.entries[0], seed_library.entries[10]
    with fresh(tmp_path) as target:
        target.add(kept, note="my own note")
        target.add(extra, note="only here")
        report = target.import_(text, fmt)
        assert target.get(kept.id).note == "my own note"
        assert target.get(extra.id).note == "only here"
        assert len(target) == 6
        again = target.import_(text, fmt)
    assert [b.entry_id for b in report.skipped] == [kept.id]
    assert len(report.added) == 4
    assert report.summary() == "added 4, skipped 1 already bookmarked"
    assert again.added == [] and len(again.skipped) == 5


def test_json_is_a_list_of_objects_with_every_field(filled, seed_library):
    data = json.loads(filled.export("json", seed_library))
    assert isinstance(data, list) and len(data) == 5
    expected = {"entry_id", "term", "title", "category", "source", "note", "added", "tags"}
    assert all(set(item) == expected for item in data)
    newest = data[0]
    entry = seed_library.entries[4]
    assert (newest["term"], newest["title"], newest["category"]) == (
        entry.term,
        entry.title,
        entry.category,
    )
    assert newest["source"] == "ai-semiconductor-glossary"


def test_csv_has_a_header_and_one_row_per_bookmark(filled, seed_library):
    rows = list(csv.DictReader(io.StringIO(filled.export("csv", seed_library), newline="")))
    assert len(rows) == 5
    assert list(rows[0]) == [
        "entry_id",
        "term",
        "title",
        "category",
        "source",
        "note",
        "added",
        "tags",
    ]
    assert rows[-1]["tags"] == "exam, chip design"
    assert rows[-2]["note"] == TRICKY_NOTES[1]


def test_markdown_is_a_readable_mini_glossary(store, seed_library):
    entry = seed_library.with_term("multi-vt libraries")[0]
    store.add(entry, note="compare with multi-vt design")
    text = store.export("md", seed_library)
    assert text.startswith("# Bookmarked definitions\n")
    assert "\n## Multi-VT libraries\n" in text
    assert "*design* · glossary: ai-semiconductor-glossary" in text
    assert "> **Note:** compare with multi-vt design" in text
    # The definition itself, with its list items as separate Markdown blocks.
    assert "**What Are Multi-VT Libraries?**\n\n- **Definition**:" in text
    assert "- **Definition**: Cell variants" in text


def test_markdown_marks_a_missing_entry_and_keeps_its_fields(store, seed_library):
    entry = seed_library.entries[0]
    store.add(entry, note="gone later")
    text = store.export("md", library.Library.from_files([]))
    assert f"## {entry.title}" in text
    assert "missing from the library" in text
    assert "> **Note:** gone later" in text


def test_markdown_metadata_comment_never_closes_early(store, seed_library):
    store.add(seed_library.entries[0], note="a --> b <!-- c -- d")
    text = store.export("md", seed_library)
    comment_line = next(line for line in text.splitlines() if line.startswith("<!-- glossapp"))
    assert comment_line.count("--") == 2 and comment_line.endswith("-->")


def test_rows_without_entry_id_are_imported_and_found_again(tmp_path, seed_library):
    entry = seed_library.with_term("multifc")[0]
    text = (
        "term,title,category,source,note\nmultifc,MultiFC,evaluation,ai-semiconductor-glossary,hi\n"
    )
    with fresh(tmp_path) as target:
        report = target.import_(text, "csv")
        assert report.added[0].entry_id.startswith(PLACEHOLDER_PREFIX)
        assert target.import_(text, "csv").skipped  # same fields again: not a second copy
        ((bookmark, found),) = target.resolve(seed_library)
        assert found == entry and bookmark.note == "hi"
        assert target.ids() == {entry.id}


def test_unreadable_input_is_reported_not_raised():
    bookmarks, report = parse("{not json", "json")
    assert bookmarks == [] and "not valid JSON" in report.problems[0]
    bookmarks, report = parse('[{"note": "no term"}, 3]', "json")
    assert bookmarks == [] and len(report.problems) == 2
    bookmarks, report = parse("# Some notes\n\nNo markers here.\n", "md")
    assert bookmarks == [] and "no Glossapp bookmark" in report.problems[0]
    with pytest.raises(ValueError):
        parse("", "xml")


def test_odd_timestamps_are_normalised():
    (bookmark,), _ = parse('[{"term": "a", "added": "2024-03-01T10:00:00+02:00"}]', "json")
    assert bookmark.added == "2024-03-01T08:00:00.000000Z"
    (bookmark,), _ = parse('[{"term": "a", "added": "yesterday"}]', "json")
    assert bookmark.added.endswith("Z")


def test_format_from_file_name():
    assert format_for_path("x.MD") == "md"
    assert format_for_path("x.markdown") == "md"
    assert format_for_path("a/b.csv") == "csv"
    assert format_for_path("b.json") == "json"
    assert format_for_path("b.txt") is None


def test_report_summary_mentions_problems():
    report = ImportReport(problems=["bad"])
    assert report.summary() == "added 0, skipped 0 already bookmarked, 1 unreadable"


def test_body_headings_sit_below_the_entry_heading(tmp_path):
    glossary = tmp_path / "g.txt"
    glossary.write_text("alpha, cat\n# Big heading\nText.\n```\n# not a heading\n```\n", "utf-8")
    loaded = library.load([glossary])
    with fresh(tmp_path) as target:
        target.add(loaded.entries[0])
        text = target.export("md", loaded)
    assert "\n### Big heading\n" in text
    assert "\n# not a heading\n" in text


def test_a_marker_quoted_inside_a_body_is_not_imported(tmp_path, store, seed_library):
    store.add(seed_library.entries[0])
    exported = store.export("md", seed_library)
    glossary = tmp_path / "quoting.txt"
    glossary.write_text("quoter, cat\n```\n" + exported + "```\n", "utf-8")
    quoting = library.load([glossary])
    with fresh(tmp_path) as middle:
        middle.add(quoting.entries[0])
        text = middle.export("md", quoting)
    bookmarks, report = parse(text, "md")
    assert [b.term for b in bookmarks] == ["quoter"] and report.problems == []


def test_an_unclosed_fence_in_a_body_does_not_hide_later_bookmarks(tmp_path):
    # The parser closes fences itself; this guards bodies from elsewhere (or a future parser).
    entries = [
        Entry("id-a", "alpha", "alpha", "cat", (), "Text.\n```\nnever closed", "g.txt", 1),
        Entry("id-b", "beta", "beta", "cat", (), "B.", "g.txt", 5),
    ]
    loaded = library.Library.from_files([library.SourceFile(Path("g.txt"), entries)])
    with fresh(tmp_path) as target:
        for entry in entries:
            target.add(entry)
        text = target.export("md", loaded)
    bookmarks, _ = parse(text, "md")
    assert sorted(b.term for b in bookmarks) == ["alpha", "beta"]
    assert fit_body("a\n````\ncode\n```") == "a\n````\ncode\n```\n````"


def test_markdown_shows_raw_html_and_aliases_as_text(tmp_path):
    glossary = tmp_path / "g.txt"
    glossary.write_text("beta,b1,b2\nUse <script>alert(1)</script> with `<b>` care.\n", "utf-8")
    loaded = library.load([glossary])
    with fresh(tmp_path) as target:
        target.add(loaded.entries[0], note="*not* a <tag>")
        text = target.export("md", loaded)
    assert "Use &lt;script>alert(1)&lt;/script> with `<b>` care." in text
    assert "Also known as: b1, b2" in text
    assert "<script>" not in text
    assert "> **Note:** *not* a &lt;tag>" in text


def test_a_fence_that_quotes_a_fence_is_exported_and_imported_as_it_renders(tmp_path):
    glossary = tmp_path / "g.txt"
    body = FENCE_IN_FENCE_BODY + "\n# After the fence\n```a`b\n# After a line that opens nothing"
    glossary.write_text(f"quoter, cat\n{body}\ntarget thing, cat\nThe thing.\n", "utf-8")
    loaded = library.load([glossary])
    with fresh(tmp_path) as target:
        for entry in loaded.entries:
            target.add(entry)
        text = target.export("md", loaded)
    assert "\n```\nWrite it as:\n```python\nprint(1)\n```\n" in text
    assert "\n### After the fence\n" in text
    assert "\n### After a line that opens nothing\n" in text  # "```a`b" is text
    bookmarks, report = parse(text, "md")
    assert sorted(b.term for b in bookmarks) == ["quoter", "target thing"]
    assert report.problems == []
