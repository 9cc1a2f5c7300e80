"""`index_plain_text`: the words of `body_plain_text`, without Markdown markers, fast.

The comparisons below are exact, images with text after them included.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossapp.glossary import library
from glossapp.markdown.blocks import FenceScanner, LineRole, split_lines
from glossapp.markdown.plain_text import index_plain_text
from glossapp.render.renderer import body_plain_text
from glossapp.search.engine import SearchEngine
from glossapp.search.whoosh.analysis import (
    TOKEN_RE,
    fold_for_index,
    folds_for_index_as_lowercase,
    tokenised,
)
from glossapp.search.whoosh.index import distinct_words
from glossapp.util.textnorm import fold
from tests.conftest import FENCE_IN_FENCE_BODY

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "glossaries"
WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    return Counter(WORD.findall(text.lower()))


def fixture_entries():
    return list(library.load(sorted(FIXTURES.iterdir())).entries)


def fenced_lines(body: str) -> set[str]:
    """Lines inside ``` / ~~~ fences, as they are: the only place markers may stay."""
    roles = FenceScanner().roles(split_lines(body))
    return {line.rstrip() for line, role in roles if role is LineRole.CODE}


def marker_lines(body: str) -> list[str]:
    """Output lines outside fences that still carry a Markdown marker."""
    fenced = fenced_lines(body)
    bad = []
    for line in index_plain_text(body).split("\n"):
        if line in fenced:
            continue
        stripped = line.lstrip()
        if (
            "**" in line
            or "`" in line
            or stripped.startswith(("- ", "* ", "+ ", "# ", "|", "> "))
            or re.match(r"\d+\. \*\*", stripped)
            or "| ---" in line
            or "|---" in line
        ):
            bad.append(line)
    return bad


def test_seed_words_equal_body_plain_text(seed_library):
    assert len(seed_library.entries) == 50
    for entry in seed_library.entries:
        assert words(index_plain_text(entry.body)) == words(body_plain_text(entry.body)), entry.term


def test_fixture_glossary_words_equal_body_plain_text():
    entries = fixture_entries()
    assert entries
    for entry in entries:
        assert words(index_plain_text(entry.body)) == words(body_plain_text(entry.body)), entry.term


def test_no_markdown_markers_survive_on_seed_and_fixtures(seed_library):
    for entry in [*seed_library.entries, *fixture_entries()]:
        assert marker_lines(entry.body) == [], entry.term


def test_seed_bullets_and_bold_labels_read_cleanly(seed_library):
    text = index_plain_text(seed_library.with_term("multi-vt libraries")[0].body)
    assert "• Definition: Cell variants" in text
    assert "Multi-VT libraries are the standard-cell sets" in text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("**bold** and *em* and __strong__ and _em_", "bold and em and strong and em"),
        ("snake_case_name stays, 2 * 3 stays", "snake_case_name stays, 2 * 3 stays"),
        ("Use `x**2` and ``a ` b``.", "Use x**2 and a ` b."),
        ("## Heading ##\n### Sub", "Heading\nSub"),
        ("- a\n- **b**: c\n    - d", "• a\n• b: c\n    • d"),
        ("1. one\n1. two\n1. three", "1. one\n2. two\n3. three"),
        ("3. three\n4. four", "3. three\n4. four"),
        ("| A | B |\n| --- | :-: |\n| `a|b` | c |", "A  B\na|b  c"),
        (
            "[the text](http://x.com/a_b) and <https://auto.link/x>",
            "the text and https://auto.link/x",
        ),
        ("[ref text][1] here\n[1]: http://x.com", "ref text here"),
        ("see ![alt](i.png) then words", "see alt then words"),
        ("<b>raw</b> &amp; AT&T &lt;", "<b>raw</b> & AT&T <"),
        (r"escaped \*star\* and \_u\_", "escaped *star* and _u_"),
        ("> quoted **x**\n> > deeper", "quoted x\ndeeper"),
        ("above\n---\nbelow", "above\nbelow"),
        (
            "```python\ncode **here** _x_\n  | keep |\n```\nafter",
            "code **here** _x_\n  | keep |\nafter",
        ),
        ("~~~\nunclosed fence **kept**", "unclosed fence **kept**"),
        ("a\r\nb\rc", "a\nb\nc"),
    ],
)
def test_markdown_constructs(body, expected):
    assert index_plain_text(body) == expected


def test_an_opening_line_inside_a_fence_is_kept_as_code_and_the_prose_after_as_text():
    assert index_plain_text(FENCE_IN_FENCE_BODY) == (
        "A plain fence quoting a fenced example:\n"
        "Write it as:\n```python\nprint(1)\n"
        "A real mention of Target Thing here."
    )
    assert words(index_plain_text(FENCE_IN_FENCE_BODY)) == words(
        body_plain_text(FENCE_IN_FENCE_BODY)
    )


@pytest.mark.parametrize(
    "body",
    [
        "````\n```\n**kept**\n````\n**bold** after",
        "~~~\n```\n**kept**\n~~~\n**bold** after",
        "  ```\n  **kept**\n  ```\n**bold** after",
        "```\n``` ```\n**kept**\n```\n**bold** after",
    ],
)
def test_fences_of_every_kind_end_where_the_renderer_ends_them(body):
    text = index_plain_text(body)
    assert "**kept**" in text and text.endswith("\nbold after")
    assert words(text) == words(body_plain_text(body))


def test_markdown_constructs_keep_body_plain_text_words():
    bodies = [
        "**bold** and *em* and __strong__ and _em_ and snake_case_name and __init__",
        "| A | B |\n|---|---|\n| a\\|b | `c|d` |",
        "a | b\n---|---\nc | d",
        "- item\n  continuation line\n    - nested\n- [ ] task",
        "[text with [nested] brackets](http://x.com) and [ref][r]\n\n[r]: http://y.org",
        "*unclosed emphasis and **unclosed strong",
        "<b>raw</b> &amp; &lt; & AT&T &copy; &#169;",
        "see ![alt](i.png) then words",
    ]
    for body in bodies:
        assert words(index_plain_text(body)) == words(body_plain_text(body)), body


@given(st.text())
def test_any_string_gives_text(body):
    assert isinstance(index_plain_text(body), str)


def test_long_hostile_lines_stay_linear():
    # A guard against catastrophic backtracking, not a timing test: it would hang.
    body = ("*" * 20_000) + ("_a" * 20_000) + ("[" * 5_000) + ("`" * 5_001)
    assert isinstance(index_plain_text(body), str)


TRICKY_CHARACTERS = (
    "ab1 .-_\t\n\u00a0\u00a8\u00bd\u2002\u3000\u00e9\u0301\ufb01\u2014\u00d7\u00b2\x1cßİ"
    "AΣσςΩ\u212a\u2192\u2022\u732b\u00c9\u00f6"
)


@given(st.text(alphabet=TRICKY_CHARACTERS))
def test_distinct_words_equal_folding_the_whole_text(text):
    assert distinct_words(text) == set(TOKEN_RE.findall(fold(text)))


@given(st.text(alphabet=TRICKY_CHARACTERS))
def test_index_words_serve_the_vocabulary_when_folding_agrees(text):
    words = tokenised(text).words
    assert words == TOKEN_RE.findall(fold_for_index(text))
    if folds_for_index_as_lowercase(set(text)):
        assert set(words) == set(TOKEN_RE.findall(fold(text)))


def test_index_stores_text_without_markers(seed_library, tmp_path):
    engine = SearchEngine(seed_library, tmp_path / "index")
    engine.ensure_index()
    stored = engine.stored_plain_texts()
    assert len(stored) == len(seed_library.entries)
    for entry in seed_library.entries:
        assert stored[entry.id] == " ".join(index_plain_text(entry.body).split())
        assert "**" not in stored[entry.id]
