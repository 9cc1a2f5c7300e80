"""Keep glossary bodies from injecting anything into the view.

Raw HTML is never passed through: the Markdown extension below removes Python-Markdown's
raw-HTML block and inline handlers, so `<script>` and friends stay text and get escaped
by the serialiser. Links keep only http, https and mailto targets; other links become
their plain text. Images never load: they become their alt text.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

from markdown import Extension, Markdown, util
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Tags Python-Markdown can produce from the extensions we load; anything else is dropped
# to its text, as a second line of defence.
ALLOWED_TAGS = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead",
        "tbody", "tr", "th", "td", "pre", "code", "blockquote", "em", "strong", "b", "i",
        "a", "br", "hr", "span", "del", "sup", "sub",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = frozenset({"href", "title", "align", "start"})


def is_safe_url(url: str) -> bool:
    """True for http(s) and mailto URLs only; relative and odd URLs are not links here."""
    cleaned = "".join(ch for ch in url.strip() if ch >= " " and ch != "\x7f")
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    if scheme not in SAFE_SCHEMES:
        return False
    if scheme == "mailto":
        return True
    return cleaned.lower().startswith(f"{scheme}://") and len(cleaned) > len(scheme) + 3


# Python-Markdown's inline pass costs (number of matches) x (line length), and nested
# brackets recurse: past these limits a line is shown as literal text instead.
MAX_INLINE_MARKERS = 400
MAX_BRACKET_DEPTH = 12
_INLINE_MARKER = re.compile(r"[\[\]()*_`!<&\\]")
_BLOCK_PREFIX = re.compile(r"^(?:[ \t]*(?:>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+|#{1,6}[ \t]+))*")


def is_too_complex(text: str) -> bool:
    """True when inline parsing of `text` could take long or recurse deeply."""
    # a line shorter than the limit cannot hold too many markers: skip counting them
    if len(text) > MAX_INLINE_MARKERS and len(_INLINE_MARKER.findall(text)) > MAX_INLINE_MARKERS:
        return True
    if text.count("[") <= MAX_BRACKET_DEPTH and text.count("(") <= MAX_BRACKET_DEPTH:
        return False
    depth = deepest = 0
    for char in text:
        if char in "[(":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "])" and depth:
            depth -= 1
    return deepest > MAX_BRACKET_DEPTH


class _InertComplexLines(Preprocessor):
    """Store over-complex line contents as escaped text, keeping their block markers."""

    def run(self, lines: list[str]) -> list[str]:
        return [self._inert(line) if is_too_complex(line) else line for line in lines]

    def _inert(self, line: str) -> str:
        if line.lstrip().startswith("|"):
            cells = line.split("|")
            return "|".join(self._stash(cell) if cell.strip() else cell for cell in cells)
        prefix = _BLOCK_PREFIX.match(line)
        end = prefix.end() if prefix else 0
        return line[:end] + self._stash(line[end:])

    def _stash(self, text: str) -> str:
        return self.md.htmlStash.store(html.escape(text, quote=False))


class _SanitiseTree(Treeprocessor):
    """Neutralise links, images and any unexpected element after inline parsing."""

    def run(self, root: etree.Element) -> None:
        _sanitise_children(root)


def _sanitise_children(root: etree.Element) -> None:
    # An explicit stack: nesting is capped upstream, but this must never recurse deeply.
    stack = [root]
    while stack:
        parent = stack.pop()
        for child in list(parent):
            _sanitise_element(parent, child)
        stack.extend(parent)


def _sanitise_element(parent: etree.Element, element: etree.Element) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "img":
        alt = element.get("alt") or element.get("title") or "image"
        tail = element.tail  # clear() drops the text that follows the image too
        element.clear()
        element.tag = "span"
        element.text = f"[{alt}]"
        element.tail = tail
        return
    if tag == "a":
        # Automatic mail links arrive entity-obfuscated; judge (and keep) the decoded URL.
        href = html.unescape(element.get("href", "").replace(util.AMP_SUBSTITUTE, "&"))
        title = element.get("title")
        element.attrib.clear()
        if is_safe_url(href):
            element.set("href", href.strip())
            if title:
                element.set("title", title)
        else:
            element.tag = "span"
        return
    if tag not in ALLOWED_TAGS:
        element.attrib.clear()
        element.tag = "span"
        return
    for name in list(element.attrib):
        if name not in ALLOWED_ATTRIBUTES:
            del element.attrib[name]


class SafeMarkdownExtension(Extension):
    """Treat raw HTML as text and neutralise unsafe links and images."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After fenced_code (25) has stashed fences, whose lines are verbatim anyway.
        md.preprocessors.register(_InertComplexLines(md), "glossapp_inert_lines", 24)
        # After "inline" (priority 20), so that links and images exist as elements.
        md.treeprocessors.register(_SanitiseTree(md), "glossapp_sanitise", 15)
