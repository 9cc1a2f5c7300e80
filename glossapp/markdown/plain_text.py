"""Markdown bodies to plain text for the search index and its snippets, fast.

`render.body_plain_text` runs the whole Python-Markdown pipeline and stays the faithful
text for the clipboard and the CLI. The index only needs the same words in reading order
with no Markdown markers left, so this module gets there with one line pass and a few
regular expressions, much faster (`make bench` measures both):

- fenced blocks (as `blocks` recognises them) keep their content as is; the fence
  lines go;
- headings, quote markers, rules and table separator rows go; table cells are joined
  by two spaces;
- bullets become `blocks.BULLET` and a space, numbered items keep their number ("1. ") counted as an HTML
  list counts them;
- outside code spans (`blocks.CODE_SPAN`): `[text](url)` and `![alt](url)` keep their text, emphasis
  markers and backslash escapes go, character references are decoded; raw HTML stays
  as text (the renderer shows it as text too).

Known differences from `body_plain_text`, none of which changes a word: tables are not
column-aligned, quotes lose their "│ " bar, rules are dropped rather than drawn, and
whitespace inside a line is collapsed.
"""

from __future__ import annotations

import html
import operator
import re

from glossapp.markdown.blocks import BULLET, CODE_SPAN, Fence, fence_opening, split_lines
from glossapp.markdown.normalise import QUOTE_PREFIX, RULE, TABLE_SEPARATOR
from glossapp.markdown.sanitise import is_too_complex

_BULLET_PREFIX = BULLET + " "

_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
_HEADING_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_LIST_ITEM = re.compile(r"^([ \t]*)(?:([-*+])|(\d{1,9})[.)])(?:[ \t]+|$)")
_LINK_TEXT = r"((?:[^\[\]]|\[[^\[\]]*\])*)"
_IMAGE_OR_LINK = re.compile(
    r"!?\[" + _LINK_TEXT + r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"
)
_REFERENCE_LINK = re.compile(r"!?\[" + _LINK_TEXT + r"\] ?\[([^\[\]]*)\]")
_REFERENCE_DEFINITION = re.compile(r"^[ \t]{0,3}\[([^\[\]]+)\]:[ \t]*\S+.*$", re.M)
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
# Emphasis as Python-Markdown reads it: `*` anywhere, `_` only at word boundaries. A span
# is capped in length so an unclosed marker on a long line costs a bounded scan.
_SPAN = r"(?=\S)(.{1,2000}?)(?<=\S)"
_STRONG_STAR = re.compile(r"\*\*" + _SPAN + r"\*\*")
_EM_STAR = re.compile(r"\*" + _SPAN + r"\*")
_STRONG_UNDERSCORE = re.compile(r"(?<!\w)__" + _SPAN + r"__(?!\w)")
_EM_UNDERSCORE = re.compile(r"(?<!\w)_" + _SPAN + r"_(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_RULE_CHARACTERS = frozenset("-*_")
_ITEM_STARTS = frozenset("-*+0123456789")
# As a replacement, `r"\1"` runs Python's template expansion per match; this runs in C.
_FIRST_GROUP = operator.itemgetter(1)
_PLACEHOLDER = "\x00{}\x00"
_PLACEHOLDER_RE = re.compile(r"\x00(\d+)\x00")


def index_plain_text(body: str) -> str:
    """A Markdown body as plain text with the words `body_plain_text` gives, in order."""
    lines = split_lines(body.replace("\x00", ""))
    out: list[str] = []
    fence: Fence | None = None
    counters: dict[int, int] = {}  # indent of a numbered list -> its next number
    references: set[str] = set()
    if "]:" in body:
        references = {label.lower() for label in _REFERENCE_DEFINITION.findall(body)}
    for line in lines:
        if fence is not None:
            if fence.closed_by(line):
                fence = None
            else:
                out.append(line.rstrip())
            continue
        fence = fence_opening(line)
        if fence is not None:
            counters.clear()
            continue
        if not line.strip():
            out.append("")
            continue
        if references and _REFERENCE_DEFINITION.match(line):
            continue
        text = _block_line(line, counters, references)
        if text:
            out.append(text)
    return "\n".join(out).strip("\n")


def _block_line(line: str, counters: dict[int, int], references: set[str]) -> str:
    """One line outside fences without its block markers, then its inline markup."""
    first = line.lstrip()[:1]
    if first in _RULE_CHARACTERS and RULE.match(line):
        counters.clear()
        return ""
    quote = QUOTE_PREFIX.match(line)
    if quote:
        line = line[quote.end() :]
    item = _LIST_ITEM.match(line) if line.lstrip()[:1] in _ITEM_STARTS else None
    if item:
        indent = len(item[1].expandtabs(4))
        for deeper in [i for i in counters if i > indent]:
            del counters[deeper]
        if item[2]:
            counters.pop(indent, None)
            prefix = _BULLET_PREFIX
        else:
            number = counters.get(indent, int(item[3]))
            counters[indent] = number + 1
            prefix = f"{number}. "
        return " " * indent + prefix + _inline(line[item.end() :], references)
    if not line[:1].isspace():
        counters.clear()
    heading = _HEADING.match(line)
    if heading:
        return _inline(_HEADING_CLOSE.sub("", line[heading.end() :]), references)
    if "|" in line:
        if TABLE_SEPARATOR.match(line) and "-" in line:
            return ""
        stripped = line.strip()
        if stripped.startswith("|") or stripped.endswith("|"):
            cells = _table_cells(stripped)
            return "  ".join(_inline(cell, references) for cell in cells).strip()
    return _inline(line, references)


def _inline(text: str, references: set[str]) -> str:
    """Inline Markdown to text: code spans kept literally, links to their text."""
    # the renderer shows such a line as literal text (see `sanitise`), and so do we: it
    # also keeps the emphasis patterns from going quadratic
    if is_too_complex(text):
        return " ".join(text.split())
    codes: list[str] = []

    def keep_code(found: re.Match[str]) -> str:
        code = found["code"]
        codes.append(code.strip() if code.strip() else code)
        return found["escapes"] + _PLACEHOLDER.format(len(codes) - 1)

    if "`" in text:
        text = CODE_SPAN.sub(keep_code, text)
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: _park(m[1], codes), text)
    if "[" in text:
        text = _IMAGE_OR_LINK.sub(_FIRST_GROUP, text)
        if references:
            text = _REFERENCE_LINK.sub(lambda m: _reference_text(m, references), text)
    if "<" in text:
        text = _AUTOLINK.sub(_FIRST_GROUP, text)
    if "**" in text:
        text = _STRONG_STAR.sub(_FIRST_GROUP, text)
    if "*" in text:
        text = _EM_STAR.sub(_FIRST_GROUP, text)
    if "__" in text:
        text = _STRONG_UNDERSCORE.sub(_FIRST_GROUP, text)
    if "_" in text:
        text = _EM_UNDERSCORE.sub(_FIRST_GROUP, text)
    if "&" in text:
        text = html.unescape(text)
    text = " ".join(text.split())
    if codes:
        text = _PLACEHOLDER_RE.sub(lambda m: codes[int(m[1])], text)
    return text


def _park(char: str, codes: list[str]) -> str:
    """An escaped character is literal: park it with the code spans."""
    codes.append(char)
    return _PLACEHOLDER.format(len(codes) - 1)


def _reference_text(found: re.Match[str], references: set[str]) -> str:
    label = (found[2] or found[1]).lower()
    return found[1] if label in references else found[0]


def _table_cells(row: str) -> list[str]:
    """A table row's cells: split at pipes outside code spans and not escaped."""
    if "`" not in row:
        return _CELL_SPLIT.split(row.strip("|"))
    cells: list[str] = []
    start = 0
    spans = [(found.start("run"), found.end()) for found in CODE_SPAN.finditer(row)]
    for found in _CELL_SPLIT.finditer(row):
        at = found.start()
        if any(left <= at < right for left, right in spans):
            continue
        cells.append(row[start:at])
        start = at + 1
    cells.append(row[start:])
    if cells and not cells[0].strip():
        cells.pop(0)
    if cells and not cells[-1].strip():
        cells.pop()
    return cells
