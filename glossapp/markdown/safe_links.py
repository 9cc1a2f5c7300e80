"""Markdown text whose links and images cannot run code or load anything when pasted.

The HTML renderer keeps only http, https and mailto links and shows images as their
text; Markdown outputs (Copy as Markdown, bookmark export) get the same rule as text:

- a link whose target has a scheme other than http, https or mailto (`javascript:`,
  `vbscript:`, `file:`, `data:`...), inline, in a reference definition or as an
  autolink, stops being a link: a backslash breaks its syntax, its text stays as written;
- a remote image (a target with a scheme or starting `//`) becomes a link to it (the `!`
  escaped), so nothing loads until clicked, and that link follows the rule above.

Pure text work, no Markdown library. Fenced blocks and code spans, as `blocks` reads
them, are left alone. Entities in targets are decoded first, as renderers decode them.
"""

from __future__ import annotations

import html
import re

from glossapp.markdown.blocks import code_pieces

__all__ = ["SAFE_SCHEMES", "is_unsafe_target", "neutralise_links"]

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_DEFINITION = re.compile(r"^( {0,3})\[((?:[^\]\\\n]|\\.)+)\]:[ \t]*<?([^\s>]*)", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]*:[^\s<>]*)>")
_MARKERS = ("](", "]:", "![", "<")


def _clean(target: str) -> str:
    target = html.unescape(target.strip())
    return "".join(ch for ch in target if ch > " " and ch != "\x7f")


def is_unsafe_target(target: str) -> bool:
    """True when a link to `target` could run code or open a local file or blob."""
    found = _SCHEME.match(_clean(target))
    return found is not None and found.group(1).lower() not in SAFE_SCHEMES


def _is_remote(target: str) -> bool:
    cleaned = _clean(target)
    return cleaned.startswith("//") or _SCHEME.match(cleaned) is not None


def _target_at(text: str, start: int) -> str:
    """The start of a link target right after `(` at `start`: enough to read its scheme."""
    position = start
    while position < len(text) and text[position] in " \t\n":
        position += 1
    if text[position : position + 1] == "<":
        position += 1
    end = position
    while end < len(text) and text[end] not in " \t\n)>":
        end += 1
    return text[position:end]


def neutralise_links(markdown_text: str) -> str:
    """`markdown_text` with unsafe links and remote images made harmless (see the module)."""
    if not any(marker in markdown_text for marker in _MARKERS):
        return markdown_text
    pieces = list(code_pieces(markdown_text))
    definitions = {
        match.group(2).strip().casefold(): match.group(3)
        for piece, kind in pieces
        if kind == "text"
        for match in _DEFINITION.finditer(piece)
    }
    return "".join(
        _neutralise_text(piece, definitions) if kind == "text" else piece for piece, kind in pieces
    )


def _neutralise_text(text: str, definitions: dict[str, str]) -> str:
    inserts: list[int] = []  # positions that get a backslash
    openers: list[int] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "[":
            openers.append(position)
        elif char == "]" and openers:
            opener = openers.pop()
            image = opener > 0 and text[opener - 1] == "!" and not _escaped(text, opener - 1)
            after = text[position + 1 : position + 2]
            if after == "(":
                target = _target_at(text, position + 2)
                if image and _is_remote(target):
                    inserts.append(opener - 1)
                if is_unsafe_target(target):
                    inserts.append(position + 1)
            elif image and after != ":":
                label = text[opener + 1 : position]
                if after == "[":
                    close = text.find("]", position + 2)
                    if close > position + 2:
                        label = text[position + 2 : close]
                if _is_remote(definitions.get(label.strip().casefold(), "")):
                    inserts.append(opener - 1)
        position += 1
    for match in _DEFINITION.finditer(text):
        if is_unsafe_target(match.group(3)):
            inserts.append(match.start() + len(match.group(1)))
    out = text
    for where in sorted(set(inserts), reverse=True):
        out = out[:where] + "\\" + out[where:]
    return _AUTOLINK.sub(
        lambda m: "&lt;" + m.group(0)[1:] if is_unsafe_target(m.group(1)) else m.group(0), out
    )


def _escaped(text: str, position: int) -> bool:
    slashes = 0
    while position - slashes - 1 >= 0 and text[position - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1
