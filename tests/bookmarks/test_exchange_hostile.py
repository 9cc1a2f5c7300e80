"""Malformed imports: each bad record is one problem with its place, the rest imports."""

from __future__ import annotations

import json

import markdown

from glossapp.bookmarks.exchange import ImportProblem, parse
from glossapp.bookmarks.store import BookmarkStore
from glossapp.glossary import library
from glossapp.glossary.model import Entry


def good(term: str) -> dict:
    return {"term": term, "title": term, "category": "c", "source": "s", "note": "n"}


def test_bad_json_items_are_problems_with_their_index():
    items = [
        good("one"),
        {**good("tags"), "tags": 3},
        {**good("year"), "added": "0001-01-01T00:00:00+05:00"},
        {**good("nested"), "note": {"a": 1}},
        7,
        good("two"),
    ]
    bookmarks, report = parse(json.dumps(items), "json")
    assert [b.term for b in bookmarks] == ["one", "year", "two"]
    assert report.problems[0].startswith("item 2: ") and "tags" in report.problems[0]
    assert report.problems[1].startswith("item 3: ") and "added" in report.problems[1]
    assert report.problems[2].startswith("item 4: ") and "note" in report.problems[2]
    assert report.problems[3].startswith("item 5: ")
    assert report.details[0] == ImportProblem("item", 2, report.problems[0][len("item 2: ") :])


def test_a_lone_surrogate_is_a_problem_not_a_crash(tmp_path):
    text = json.dumps([{**good("bad"), "note": "\ud800"}, good("fine")])
    with BookmarkStore(tmp_path / "bm.sqlite3") as store:
        report = store.import_(text, "json")
        assert [b.term for b in store.bookmarks()] == ["fine"]
    assert report.problems == ["item 1: 'note' holds a lone surrogate (not valid Unicode)"]


def test_deeply_nested_json_skips_only_the_deep_item():
    deep = "[" * 100_000 + "]" * 100_000
    text = f'[{json.dumps(good("a"))}, {{"term": "deep", "note": {deep}}}, {json.dumps(good("b"))}]'
    bookmarks, report = parse(text, "json")
    assert [b.term for b in bookmarks] == ["a", "b"]
    assert report.problems == ["item 2: nested too deeply"]
    _, report = parse(deep, "json")
    assert report.problems and not report.added


def test_a_deep_markdown_marker_is_a_problem_with_its_line():
    deep = "[" * 100_000 + "]" * 100_000
    text = (
        "# Bookmarked definitions\n\n## A\n\n"
        f'<!-- glossapp-bookmark {{"term": "a", "x": {deep}}} -->\n\n'
        "## B\n\n"
        '<!-- glossapp-bookmark {"term": "b"} -->\n'
    )
    bookmarks, report = parse(text, "md")
    assert [b.term for b in bookmarks] == ["b"]
    assert report.problems == ["line 5: unreadable bookmark comment: nested too deeply"]


def test_a_marker_that_is_not_an_object():
    text = '## A\n\n<!-- glossapp-bookmark {"term": [1]} -->\n'
    _, report = parse(text, "md")
    assert report.problems == ["line 3: 'term' is not text"]


def test_csv_fields_over_128_kb_import():
    big = "x" * 200_000
    text = f"term,title,note\r\na,a,{big}\r\nb,b,short\r\n"
    bookmarks, report = parse(text, "csv")
    assert [b.note for b in bookmarks] == [big, "short"] and report.problems == []


def test_our_own_exports_with_a_long_note_re_import(tmp_path):
    entry = Entry("id-1", "alpha", "Alpha", "cat", (), "body", "g.txt", 0)
    note = "n" * 131_073
    with BookmarkStore(tmp_path / "a.sqlite3") as store:
        store.add(entry, note=note)
        exported = {
            fmt: store.export(fmt, library.Library.from_files([])) for fmt in ("csv", "json", "md")
        }
    for fmt, text in exported.items():
        with BookmarkStore(tmp_path / f"{fmt}.sqlite3") as target:
            report = target.import_(text, fmt)
            assert report.problems == [], fmt
            assert target.get("id-1").note == note, fmt


def test_the_markdown_export_neutralises_links_and_images(tmp_path):
    glossary = tmp_path / "g.txt"
    glossary.write_text(
        "alpha, cat\n[click](javascript:alert(1)) ![px](http://tracker.example/p.png)\n",
        encoding="utf-8",
    )
    lib = library.load([glossary])
    with BookmarkStore(tmp_path / "bm.sqlite3") as store:
        store.add(lib.entries[0], note="[n](data:text/html,x)")
        text = store.export("md", lib)
    html = markdown.markdown(text)
    assert "<img" not in html and "javascript:" not in html.split("<!--")[0]
    assert 'href="javascript' not in html and 'href="data' not in html
