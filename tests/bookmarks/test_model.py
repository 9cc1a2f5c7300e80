"""The bookmark record and the rules its fields follow wherever they come from."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from glossapp.bookmarks.model import (
    PLACEHOLDER_PREFIX,
    Bookmark,
    clean_tags,
    match_key,
    normalise_timestamp,
    now_iso,
    placeholder_id,
)
from glossapp.glossary.model import Entry


def test_bookmark_is_a_frozen_record():
    bookmark = Bookmark("id", "t", "T", "c", "s", "", "2026-01-01T00:00:00.000000Z")
    assert bookmark.tags == ()
    with pytest.raises(AttributeError):
        bookmark.note = "x"  # type: ignore[misc]


def test_a_bookmark_for_an_entry_keeps_its_fields():
    entry = Entry("id1", "term", "Title", "cat", ("alias",), "body", "/x/my glossary.txt", 3)
    bookmark = Bookmark.for_entry(entry, note="n", added="2026-01-01T00:00:00.000000Z")
    assert (bookmark.entry_id, bookmark.term, bookmark.title, bookmark.source) == (
        "id1",
        "term",
        "Title",
        "my glossary",
    )
    assert bookmark.key == match_key(" Term ", "CAT", "My Glossary")


def test_tags_are_trimmed_comma_free_and_unique_in_order():
    assert clean_tags([" exam ", "Exam", "chip,design", "", "  a  b "]) == (
        "exam",
        "chip design",
        "a b",
    )


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("2026-01-02T03:04:05Z", "2026-01-02T03:04:05.000000Z"),
        ("2026-01-02T03:04:05", "2026-01-02T03:04:05.000000Z"),  # naive: UTC
        ("2026-01-02T05:04:05+02:00", "2026-01-02T03:04:05.000000Z"),
        ("yesterday", None),
    ],
)
def test_timestamps_take_one_layout(text, normalised):
    assert normalise_timestamp(text) == normalised


def test_now_is_already_in_the_one_layout():
    now = now_iso()
    assert normalise_timestamp(now) == now and now.endswith("Z")


def test_placeholder_ids_depend_on_the_matching_fields_only():
    assert placeholder_id("Term", "cat", "g") == placeholder_id(" term ", "CAT", "G")
    assert placeholder_id("term", "cat", "g").startswith(PLACEHOLDER_PREFIX)
    assert placeholder_id("term", "cat", "g") != placeholder_id("term", "other", "g")


def test_exporting_imports_neither_the_renderer_nor_the_store_nor_markdown():
    # model <- exchange <- store: exchange knows nothing of the store or the renderer
    probe = (
        "import json, sys\n"
        "from glossapp.bookmarks import exchange\n"
        "from glossapp.bookmarks.model import Bookmark\n"
        "from glossapp.glossary.model import Entry\n"
        "e = Entry('i', 't', 'T', 'c', (), '```\\n<b>x</b>\\n```\\n# h', 'g.txt', 1)\n"
        "b = Bookmark.for_entry(e)\n"
        "for fmt in exchange.FORMATS: exchange.export([(b, e)], fmt)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        ).stdout
    )
    assert not [m for m in loaded if m.startswith("glossapp.render")]
    assert "glossapp.bookmarks.store" not in loaded and "sqlite3" not in loaded
    assert "markdown" not in loaded and "pygments" not in loaded
