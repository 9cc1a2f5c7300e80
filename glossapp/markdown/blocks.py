"""The Markdown syntax every reader of a body must agree on: code fences, code spans,
raw HTML escaping, and the bullet that list items become in plain text.

The parser (which lines may be headers), the normaliser and so the renderer, the plain
text for the index, the cross-links and backlinks (which words are prose), the long-body
splitter and the bookmark export all ask this module, so a block that renders as code is
code to all of them.

Fences, as the renderer draws them (the normaliser hands Python-Markdown only the fences
recognised here, moved to the left margin and closed with their own marker):

- A fence opens on a line of three or more backticks or three or more tildes, after any
  spaces or tabs (indentation does not make it an indented code block). The rest of the
  line is the info string; Python-Markdown only uses its first word, the language. A
  backtick line whose info string contains a backtick is not a fence: it is text with
  code spans.
- It closes on a line that holds nothing but the opening character, at least as many
  times as the opening run, with only whitespace around it. A line with anything after
  the run (a "```python" line inside a plain ``` fence, or "``` ```") is content, not a
  close, and opens nothing.
- A fence that is never closed runs to the end of the text.

Code spans are Python-Markdown's: a run of backticks not preceded by a backslash (an
even run of backslashes escapes itself), the shortest text after it, and the same run
again, not followed by another backtick.

This module imports only the standard library (and never the Markdown library: an
import-linter contract checks it), so the glossary parser can use it at no cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Literal

__all__ = [
    "BULLET",
    "CODE_SPAN",
    "Fence",
    "FenceScanner",
    "LineRole",
    "PieceKind",
    "code_pieces",
    "escape_markdown_html",
    "fence_opening",
    "is_fence_close",
    "split_lines",
]

# What a bullet list item starts with in plain text (a numbered one keeps its number).
BULLET = "•"

_OPENING = re.compile(r"(?P<indent>[ \t]*)(?P<marker>`{3,}|~{3,})(?P<info>.*)", re.S)
# Python-Markdown reads only a bare language word (optionally `.lang` or `{.lang}`).
_LANGUAGE = re.compile(r"\s*\{?\s*\.?([\w#+-]*)")
CODE_SPAN = re.compile(
    r"(?<!\\)(?P<escapes>(?:\\\\)*)(?P<run>`+)(?P<code>.+?)(?<!`)(?P=run)(?!`)", re.S
)
_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*(?=\n))")
_RAW_TAG = re.compile(r"<(?=[A-Za-z/!?])")


@dataclass(frozen=True, slots=True)
class Fence:
    """An open fence: the opening line's indentation, marker run and info string."""

    indent: str
    marker: str
    info: str

    @property
    def char(self) -> str:
        """ "`" or "~"."""
        return self.marker[0]

    @property
    def language(self) -> str:
        """The info string's language word as Python-Markdown reads it ("" for none)."""
        found = _LANGUAGE.match(self.info)
        return found.group(1) if found else ""

    def closed_by(self, line: str) -> bool:
        """Whether `line` closes this fence (see the module docstring)."""
        stripped = line.strip()
        return stripped.startswith(self.marker) and not stripped.lstrip(self.marker[0])


def fence_opening(line: str) -> Fence | None:
    """The fence `line` opens when read outside a fence, or None."""
    found = _OPENING.match(line)
    if found is None:
        return None
    marker, info = found["marker"], found["info"]
    if marker[0] == "`" and "`" in info:
        return None
    return Fence(found["indent"], marker, info)


def is_fence_close(line: str) -> bool:
    """Whether `line` could close some fence: one fence character, three or more times."""
    stripped = line.strip()
    return len(stripped) >= 3 and stripped[0] in "`~" and not stripped.lstrip(stripped[0])


class LineRole(Enum):
    """Where a line stands with respect to fences."""

    TEXT = "text"  # outside any fence
    OPENING = "opening"  # opens a fence
    CODE = "code"  # inside a fence
    CLOSING = "closing"  # closes the open fence


class FenceScanner:
    """Reads lines in order and tells each one's `LineRole`; `fence` is the open fence."""

    __slots__ = ("fence",)

    def __init__(self) -> None:
        self.fence: Fence | None = None

    def role(self, line: str) -> LineRole:
        fence = self.fence
        if fence is None:
            opened = fence_opening(line)
            if opened is None:
                return LineRole.TEXT
            self.fence = opened
            return LineRole.OPENING
        if fence.closed_by(line):
            self.fence = None
            return LineRole.CLOSING
        return LineRole.CODE

    def roles(self, lines: Iterable[str]) -> Iterator[tuple[str, LineRole]]:
        """Each line with its role."""
        for line in lines:
            yield line, self.role(line)


def split_lines(text: str) -> list[str]:
    """Lines split at CRLF, CR or LF, as the renderer reads a body (not str.splitlines,
    which also splits at form feeds and Unicode separators)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


# What a piece of `code_pieces` is.
PieceKind = Literal["text", "fence", "span"]


def code_pieces(text: str) -> Iterator[tuple[str, PieceKind]]:
    """`text` in pieces that join back to it: "fence" for a fenced block (its fence lines
    included), "span" for a code span, "text" for the rest. Code spans do not cross a
    blank line or a fence. Lines are split at "\\n" only."""
    scanner = FenceScanner()
    run: list[str] = []
    run_is_code = False
    for number, line in enumerate(text.split("\n")):
        is_code = scanner.role(line) is not LineRole.TEXT
        if is_code != run_is_code and number:
            yield from _run_pieces(run, run_is_code)
            yield "\n", "text"
            run = []
        run.append(line)
        run_is_code = is_code
    yield from _run_pieces(run, run_is_code)


def _run_pieces(lines: list[str], is_code: bool) -> Iterator[tuple[str, PieceKind]]:
    text = "\n".join(lines)
    if is_code:
        yield text, "fence"
    elif text:
        yield from _code_span_pieces(text)


def _code_span_pieces(text: str) -> Iterator[tuple[str, PieceKind]]:
    for paragraph in _PARAGRAPH_BREAK.split(text):
        if "`" not in paragraph:
            if paragraph:
                yield paragraph, "text"
            continue
        cursor = 0
        for found in CODE_SPAN.finditer(paragraph):
            start = found.start("run")
            if start > cursor:
                yield paragraph[cursor:start], "text"
            yield paragraph[start : found.end()], "span"
            cursor = found.end()
        if cursor < len(paragraph):
            yield paragraph[cursor:], "text"


def escape_markdown_html(markdown_text: str) -> str:
    """Make raw HTML in Markdown show as text wherever it is pasted (code left alone)."""
    if "<" not in markdown_text:
        return markdown_text
    return "".join(
        _RAW_TAG.sub("&lt;", piece) if kind == "text" else piece
        for piece, kind in code_pieces(markdown_text)
    )
