"""A pre-pass that makes glossary bodies parse as their authors meant.

Seed bodies are written without blank lines: every line is its own block. Python-Markdown
glues a list or table that directly follows a paragraph line into that paragraph, so the
pre-pass separates blocks with blank lines while keeping list items, table rows and quote
lines of one block together. Bodies that already use blank lines between paragraphs keep
their hard-wrapped paragraphs joined.

It also bounds block nesting (list depth, quote depth, markers stacked on one line) so
that hostile input degrades to flatter output instead of recursing; over-complex inline
content is handled in `sanitise`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from glossapp.markdown.blocks import FenceScanner, LineRole, fence_opening, split_lines

MAX_LIST_DEPTH = 8
MAX_QUOTE_DEPTH = 6
# Markers stacked on one line ("- - - x", "> - > x") open one container each.
MAX_STACKED_MARKERS = 3
# Python-Markdown nests a list item when it is indented four spaces past its parent.
_LIST_INDENT = "    "

# Block rules shared with plain_text, which must read Markdown the same way (fences are
# in `blocks`, shared with every reader).
_LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?:[ \t]+(?P<text>.*)|$)")
TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_QUOTE = re.compile(r"^[ \t]{0,3}>")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(\s|$)")
RULE = re.compile(r"^[ \t]{0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
QUOTE_PREFIX = re.compile(r"^(?:[ \t]{0,3}>[ \t]?)+")
_STACKED_MARKER = re.compile(r"(?:>[ \t]*|(?:[-*+]|\d{1,9}[.)])[ \t]+)")


@dataclass(slots=True)
class _Block:
    kind: str  # "para", "list", "table", "quote", "fence", "heading", "rule", "code"
    lines: list[str]


def normalise_markdown(body: str) -> str:
    """Every line its own block outside fences; lists, tables and quotes kept together.

    The result has exactly one blank line between blocks, list indentation in steps of
    four spaces, fences moved to the left margin and every nesting depth capped.
    """
    lines = split_lines(body)
    joins_paragraph_lines = _has_blank_line_outside_fences(lines)
    blocks = _split_blocks(lines, joins_paragraph_lines)
    return "\n\n".join("\n".join(block.lines) for block in blocks if block.lines)


def _has_blank_line_outside_fences(lines: list[str]) -> bool:
    seen_text = False
    for line, role in FenceScanner().roles(lines):
        if role is not LineRole.TEXT:
            continue
        if not line.strip():
            if seen_text:
                return True
        else:
            seen_text = True
    return False


def _split_blocks(lines: list[str], joins_paragraph_lines: bool) -> list[_Block]:
    blocks: list[_Block] = []
    list_indents: list[int] = []
    top_marker_kind = ""
    index = 0
    after_blank = True
    while index < len(lines):
        line = lines[index].rstrip()
        if fence_opening(line) is not None:
            index = _take_fence(lines, index, blocks)
            after_blank = False
            continue
        index += 1
        if not line.strip():
            after_blank = True
            continue
        kind = _classify(line, lines[index] if index < len(lines) else "", blocks, after_blank)
        previous = blocks[-1] if blocks else None
        starts_other_list = False
        if kind == "list":
            if previous is None or previous.kind != "list":
                list_indents = []
            text = _list_line(line, list_indents)
            if not text.startswith(" "):
                # sane_lists only separates a bullet list from a numbered one at a blank line.
                marker_kind = "ol" if text[:1].isdigit() else "ul"
                starts_other_list = marker_kind != top_marker_kind
                top_marker_kind = marker_kind
        elif kind == "continuation":
            kind = "list"
            depth = min(len(list_indents), MAX_LIST_DEPTH)
            text = _LIST_INDENT * depth + line.strip()
            if after_blank:
                text = "\n" + text  # a paragraph of its own inside the item
        elif kind == "quote":
            text = _cap_quote(line)
        elif kind == "code":
            text = line
        elif kind == "table":
            text = line.strip()
        else:
            text = line.strip()
        joins_previous = previous is not None and (
            (kind == previous.kind and kind in ("list", "table", "quote", "code"))
            or (
                kind == "para"
                and previous.kind == "para"
                and joins_paragraph_lines
                and not after_blank
            )
        )
        if kind == "list" and previous is not None and previous.kind == "list" and after_blank:
            # A blank line between items still continues the same list (a "loose" list).
            joins_previous = True
        if starts_other_list:
            joins_previous = False
        if joins_previous and previous is not None:
            previous.lines.append(text)
        else:
            blocks.append(_Block(kind, [text]))
        after_blank = False
    return blocks


def _classify(line: str, next_line: str, blocks: list[_Block], after_blank: bool) -> str:
    previous = blocks[-1] if blocks else None
    if RULE.match(line):
        return "rule"
    if _LIST_ITEM.match(line):
        return "list"
    if _QUOTE.match(line):
        return "quote"
    if _HEADING.match(line):
        return "heading"
    stripped = line.strip()
    if stripped.startswith("|") or (
        "|" in stripped and TABLE_SEPARATOR.match(next_line) and "-" in next_line
    ):
        return "table"
    if previous is not None and previous.kind == "table" and "|" in stripped:
        return "table"
    if previous is not None and previous.kind == "list" and line[:1] in (" ", "\t"):
        return "continuation"
    if line.startswith(("    ", "\t")) and (after_blank or (previous and previous.kind == "code")):
        return "code"
    return "para"


def _list_line(line: str, indents: list[int]) -> str:
    """Re-indent a list item to four spaces per level, capping the depth."""
    match = _LIST_ITEM.match(line)
    assert match is not None
    indent = len(match["indent"].expandtabs(4))
    while indents and indents[-1] > indent:
        indents.pop()
    if not indents or indent > indents[-1]:
        indents.append(indent)
    depth = min(len(indents) - 1, MAX_LIST_DEPTH - 1)
    text = _cap_stacked_markers(match["text"] or "")
    # Python-Markdown knows "1." but not "1)".
    marker = match["marker"].replace(")", ".")
    return f"{_LIST_INDENT * depth}{marker} {text}".rstrip()


def _cap_quote(line: str) -> str:
    prefix = QUOTE_PREFIX.match(line)
    assert prefix is not None
    depth = prefix.group(0).count(">")
    rest = line[prefix.end() :]
    return "> " * min(depth, MAX_QUOTE_DEPTH) + _cap_stacked_markers(rest.strip())


def _cap_stacked_markers(text: str) -> str:
    """Drop container markers stacked deeper than MAX_STACKED_MARKERS at a line's start."""
    position = 0
    count = 0
    while True:
        match = _STACKED_MARKER.match(text, position)
        if match is None or match.end() == position:
            break
        count += 1
        position = match.end()
    if count <= MAX_STACKED_MARKERS:
        return text
    kept_end = 0
    for _ in range(MAX_STACKED_MARKERS):
        match = _STACKED_MARKER.match(text, kept_end)
        assert match is not None
        kept_end = match.end()
    return text[:kept_end] + text[position:]


def _take_fence(lines: list[str], start: int, blocks: list[_Block]) -> int:
    """Copy a fenced block verbatim (moved to the left margin); returns the next index."""
    fence = fence_opening(lines[start])
    assert fence is not None
    margin = len(fence.indent)
    taken = [fence.marker + fence.language]
    index = start + 1
    while index < len(lines):
        line = lines[index]
        index += 1
        if fence.closed_by(line):
            taken.append(fence.marker)
            break
        # Drop only the fence's own margin so diagrams keep their shape.
        taken.append(line[margin:] if line[:margin].strip() == "" else line.lstrip())
    else:
        taken.append(fence.marker)  # an unclosed fence runs to the end of the body
    blocks.append(_Block("fence", taken))
    return index
