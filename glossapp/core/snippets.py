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
_MARKUP_RE = re.compile(r"(\*\*|__|`+|^#+\s*|^\s*(?:[-*+]|\d+\.)\s+|^>\s*)", re.MULTILINE)
_SPACES_RE = re.compile(r"\s+")


def match_pattern(stems: Iterable[str]) -> re.Pattern[str] | None:
    """Words starting with any of `stems` (stems match their inflections: `calibr`)."""
    unique = sorted({s for s in stems if len(s) >= 2}, key=len, reverse=True)
    if not unique:
        return None
    alternatives = "|".join(re.escape(s) for s in unique)
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def window(plain: str, pattern: re.Pattern[str] | None, size: int = WINDOW) -> tuple[str, str]:
    """(snippet, snippet_html) around the first match, or the start of the text."""
    text = _SPACES_RE.sub(" ", plain).strip()
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

    Name hits come back per keystroke, too often to render Markdown for each; the first
    lines with `**`, `#`, list and quote markers removed read the same for a preview.
    """
    head = body[: size * 2]
    text = _SPACES_RE.sub(" ", _MARKUP_RE.sub("", head)).strip()
    if len(text) <= size and len(body) <= size * 2:
        return text
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > 0 else size] + "…"
