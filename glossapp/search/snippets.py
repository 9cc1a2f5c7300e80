"""Result snippets: a short window of plain text around the first match, and a lead line.

Whoosh's highlighters re-tokenise the whole text for every hit; a regex search over the
stored plain text for the query's words and stems, and a fixed window around the first
match, costs a few microseconds instead.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

WINDOW = 180


def match_pattern(stems: Iterable[str]) -> re.Pattern[str] | None:
    """Words starting with any of `stems` (stems match their inflections: `calibr`)."""
    unique = sorted({s for s in stems if len(s) >= 2}, key=len, reverse=True)
    if not unique:
        return None
    alternatives = "|".join(re.escape(s) for s in unique)
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def window(plain: str, pattern: re.Pattern[str] | None, size: int = WINDOW) -> tuple[str, str]:
    """(snippet, snippet_html) around the first match, or the start of the text.

    `plain` is expected with its whitespace already collapsed (the index stores it so).
    """
    text = plain
    first = pattern.search(text) if pattern is not None else None
    if first is None:
        start = 0
    else:
        start = max(0, first.start() - size // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first.start() else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    piece = text[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + piece + suffix, prefix + _bold(piece, pattern) + suffix


def _bold(piece: str, pattern: re.Pattern[str] | None) -> str:
    if pattern is None:
        return html.escape(piece, quote=False)
    out: list[str] = []
    position = 0
    for found in pattern.finditer(piece):
        out.append(html.escape(piece[position : found.start()], quote=False))
        out.append(f"<b>{html.escape(found.group(), quote=False)}</b>")
        position = found.end()
    out.append(html.escape(piece[position:], quote=False))
    return "".join(out)


def lead(body: str, size: int = WINDOW) -> str:
    """The opening of a Markdown body with its markers dropped: a preview for name hits.

    Name hits come back per keystroke, up to hundreds at a time, too often to render
    Markdown for each; plain string operations on the first lines read the same.
    """
    lines: list[str] = []
    length = 0
    rest = body
    while rest and length <= size and len(lines) < 4:
        line, _, rest = rest.partition("\n")
        line = line[: size + 20].replace("**", "").replace("`", "").lstrip("#>-*+ \t").strip()
        if line:
            lines.append(line)
            length += len(line) + 1
    text = " ".join(lines)
    if len(text) <= size:
        return text
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > 0 else size] + "…"
