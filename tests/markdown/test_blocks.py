"""`markdown.blocks`: the one rule for code fences and code spans, and raw-HTML escaping."""

from __future__ import annotations

from html import unescape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossapp.markdown.blocks import (
    CODE_SPAN,
    Fence,
    FenceScanner,
    LineRole,
    code_pieces,
    escape_markdown_html,
    fence_opening,
    is_fence_close,
    split_lines,
)
from glossapp.render.renderer import body_html
from tests.conftest import FENCE_IN_FENCE_BODY

TEXT, OPEN, CODE, CLOSE = LineRole.TEXT, LineRole.OPENING, LineRole.CODE, LineRole.CLOSING


def roles(text: str) -> list[LineRole]:
    scanner = FenceScanner()
    return [scanner.role(line) for line in text.split("\n")]


# ---------------------------------------------------------------- openings


@pytest.mark.parametrize(
    ("line", "fence"),
    [
        ("```", Fence("", "```", "")),
        ("~~~", Fence("", "~~~", "")),
        ("`````", Fence("", "`````", "")),
        ("~~~~python", Fence("", "~~~~", "python")),
        ("```python", Fence("", "```", "python")),
        ("``` python extra words", Fence("", "```", " python extra words")),
        ("```{.python}", Fence("", "```", "{.python}")),
        ("  ```", Fence("  ", "```", "")),
        ("        ```c", Fence("        ", "```", "c")),  # any indentation: still a fence
        ("\t~~~", Fence("\t", "~~~", "")),
        ("~~~ `tildes allow backticks`", Fence("", "~~~", " `tildes allow backticks`")),
    ],
)
def test_fence_openings(line, fence):
    assert fence_opening(line) == fence


@pytest.mark.parametrize(
    "line",
    [
        "``",  # too short
        "~~",
        "``` `a` ```",  # a backtick info string holding a backtick: text with code spans
        "```a`b",
        "> ```",  # in a quote
        "- ```",  # in a list item
        "text ```",
        "\u3000```",  # only spaces and tabs indent an opening
        "",
    ],
)
def test_lines_that_open_no_fence(line):
    assert fence_opening(line) is None


@pytest.mark.parametrize(
    ("info", "language"),
    [("", ""), ("python", "python"), (" python extra", "python"), ("{.c++}", "c++"), (".sh", "sh")],
)
def test_the_language_is_the_info_strings_first_word(info, language):
    assert Fence("", "```", info).language == language


# ---------------------------------------------------------------- closes


@pytest.mark.parametrize(
    ("marker", "line", "closes"),
    [
        ("```", "```", True),
        ("```", "````", True),  # longer closes
        ("````", "```", False),  # shorter does not
        ("```", "   ```   ", True),  # whitespace around it
        ("```", "        ```", True),
        ("```", "\u3000```", True),
        ("```", "~~~", False),  # the other character
        ("~~~", "```", False),
        ("~~~", "~~~~~", True),
        ("```", "```python", False),  # an info string: content, not a close
        ("```", "``` x", False),
        ("```", "``` ```", False),
        ("```", "x ```", False),
        ("```", "", False),
    ],
)
def test_fence_closes(marker, line, closes):
    assert Fence("", marker, "").closed_by(line) is closes


@pytest.mark.parametrize(
    ("line", "could_close"),
    [("```", True), (" ~~~~ ", True), ("``", False), ("```x", False), ("`~`", False)],
)
def test_lines_that_could_close_a_fence(line, could_close):
    assert is_fence_close(line) is could_close


# ---------------------------------------------------------------- scanning


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\n```\ncode\n```\nb", [TEXT, OPEN, CODE, CLOSE, TEXT]),
        ("~~~\n```\n~~~", [OPEN, CODE, CLOSE]),  # the other character is content
        ("````\n```\n````", [OPEN, CODE, CLOSE]),  # a shorter run is content
        ("```\n````", [OPEN, CLOSE]),
        (
            "```\n```python\nx\n```\nafter",
            [OPEN, CODE, CODE, CLOSE, TEXT],
        ),  # an opening is content inside
        ("```\nunclosed\nstill code", [OPEN, CODE, CODE]),  # runs to the end
        ("  ```\n  code\n  ```", [OPEN, CODE, CLOSE]),  # indented
        ("```a`b\ntext", [TEXT, TEXT]),
        ("```\n```\n```\n```", [OPEN, CLOSE, OPEN, CLOSE]),
    ],
)
def test_scanner_roles(text, expected):
    assert roles(text) == expected


def test_scanner_keeps_the_open_fence():
    scanner = FenceScanner()
    list(scanner.roles(["text", "~~~~ sh", "code"]))
    assert scanner.fence == Fence("", "~~~~", " sh")
    list(scanner.roles(["~~~~"]))
    assert scanner.fence is None


def test_split_lines_splits_at_line_breaks_only():
    assert split_lines("a\r\nb\rc\nd\x0ce\u2028f") == ["a", "b", "c", "d\x0ce\u2028f"]


def _code_and_rest(html: str) -> tuple[str, str]:
    """The text inside <pre> blocks, and the rest."""
    code, rest = [], []
    for number, part in enumerate(html.split("<pre>")):
        inside, _, after = part.partition("</pre>") if number else ("", "", part)
        code.append(inside)
        rest.append(after)
    return unescape("".join(code)), unescape("".join(rest))


@pytest.mark.parametrize(
    "body",
    [
        FENCE_IN_FENCE_BODY,
        "~~~\n```\nin tildes\n```\n~~~\nafter tildes",
        "````\n```\nin four\n````\nafter four",
        "    ```\n    indented fence\n    ```\nafter indented",
        "text\n  ~~~ sh\n  two-space fence\n  ~~~\nafter two spaces",
        "```\nunclosed to the end\nstill code",
        "```a`b\nnot a fence",
        "```\n``` ```\nstill inside\n```\nafter spaced runs",
    ],
)
def test_the_rule_is_the_renderers(body):
    """Lines the scanner calls code render inside <pre>, and text lines outside it."""
    code, rest = _code_and_rest(body_html(body))
    for line, role in FenceScanner().roles(split_lines(body)):
        words = line.strip()
        if role is LineRole.CODE and words:
            assert words in code and words not in rest, line
        elif role is LineRole.TEXT and words and "`" not in words:
            assert words in rest and words not in code, line


def test_the_seeds_fenced_lines_render_as_code(seed_library):
    for entry in seed_library.entries:
        code, _ = _code_and_rest(body_html(entry.body))
        for line, role in FenceScanner().roles(split_lines(entry.body)):
            if role is LineRole.CODE:
                assert line.strip() in code, (entry.term, line)


# ---------------------------------------------------------------- code spans


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a `b` c", ["b"]),
        ("``a ` b``", ["a ` b"]),
        ("`a` and `b`", ["a", "b"]),
        ("\\`not code`", []),  # an escaped backtick opens nothing
        ("\\\\`code`", ["code"]),  # an escaped backslash does not escape the backtick
        ("`unclosed", []),
        ("``two` one``", ["two` one"]),
    ],
)
def test_code_spans_are_python_markdowns(text, code):
    assert [found["code"] for found in CODE_SPAN.finditer(text)] == code


def test_code_pieces_join_back_and_mark_fences_and_spans():
    text = "a `b`\n```\n<x>\n```\nc\n\nd `e\n\nf` g"
    pieces = list(code_pieces(text))
    assert "".join(piece for piece, _ in pieces) == text
    assert [piece for piece, kind in pieces if kind == "fence"] == ["```\n<x>\n```"]
    assert [piece for piece, kind in pieces if kind == "span"] == ["`b`"]  # not across a blank


@given(st.text(alphabet="`~ \n\\ab<"))
def test_code_pieces_always_join_back(text):
    assert "".join(piece for piece, _ in code_pieces(text)) == text


# ---------------------------------------------------------------- escaping


@pytest.mark.parametrize(
    ("markdown", "escaped"),
    [
        ("<b>x</b> & `<i>`", "&lt;b>x&lt;/b> & `<i>`"),
        ("```\n<b>kept</b>\n```\n<b>", "```\n<b>kept</b>\n```\n&lt;b>"),
        ("````\n```\n<b>kept</b>\n````", "````\n```\n<b>kept</b>\n````"),
        ("```\n```python\n<b>kept</b>\n```\n<b>", "```\n```python\n<b>kept</b>\n```\n&lt;b>"),
        ("```\n<b>unclosed, code to the end", "```\n<b>unclosed, code to the end"),
        ("a < b and 1<2", "a < b and 1<2"),  # not a tag
        ("<!-- c --> <?x> </p>", "&lt;!-- c --> &lt;?x> &lt;/p>"),
    ],
)
def test_escape_markdown_html(markdown, escaped):
    assert escape_markdown_html(markdown) == escaped
