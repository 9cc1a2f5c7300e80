"""Shared checks for rendered HTML: structure, and text outside code blocks."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "glossaries"
# Markdown that must never show as text once rendered.
LEFTOVER_MARKERS = [
    ("bold marker", re.compile(r"\*\*")),
    ("bullet marker", re.compile(r"^\s*[-*+] ", re.M)),
    ("table separator", re.compile(r"\|\s*:?-{3}")),
    ("numbered bold item", re.compile(r"^\s*\d+\. \*\*", re.M)),
    ("fence", re.compile(r"```")),
]


class StructureReader(HTMLParser):
    """Collects tag counts, text outside <pre>/<code> (by block) and every link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, int] = {}
        self.blocks: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._code_depth = 0
        self._current: list[str] = []
        self._link: tuple[str, list[str]] | None = None
        self.nesting: list[str] = []
        self.max_depth = 0
        self.li_outside_list = 0

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "li" and not any(t in ("ul", "ol") for t in self.nesting):
            self.li_outside_list += 1
        if tag not in ("br", "hr"):
            self.nesting.append(tag)
            self.max_depth = max(self.max_depth, len(self.nesting))
        if tag in ("pre", "code"):
            self._code_depth += 1
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "br"):
            self._end_block()
        if tag == "a":
            self._link = (dict(attrs).get("href") or "", [])

    def handle_endtag(self, tag):
        if tag in ("pre", "code") and self._code_depth:
            self._code_depth -= 1
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"):
            self._end_block()
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], "".join(self._link[1])))
            self._link = None
        if tag in self.nesting:
            while self.nesting and self.nesting.pop() != tag:
                pass

    def handle_data(self, data):
        if self._link is not None:
            self._link[1].append(data)
        if not self._code_depth:
            self._current.append(data)

    def _end_block(self):
        text = "".join(self._current)
        if text.strip():
            self.blocks.append(text)
        self._current = []

    def close(self):
        super().close()
        self._end_block()


def read_html(html: str) -> StructureReader:
    reader = StructureReader()
    reader.feed(html)
    reader.close()
    return reader


def leftover_markers(html: str) -> list[str]:
    """Descriptions of Markdown markers visible as text outside code in `html`."""
    reader = read_html(html)
    found = []
    for block in reader.blocks:
        for description, pattern in LEFTOVER_MARKERS:
            if pattern.search(block):
                found.append(f"{description}: {block.strip()[:80]!r}")
    return found


def source_has(body: str, pattern: str) -> bool:
    return re.search(pattern, body, re.M) is not None
