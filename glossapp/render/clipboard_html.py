"""Inline styles for HTML put on the clipboard.

Word, LibreOffice and Google Docs drop `<style>` sheets and classes on paste but keep
`style` attributes, so each tag of the rendered body gets its look written onto it. The
input is this package's own body HTML (a known, small set of tags), never raw input.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from glossapp.render.html_text import html_to_text

_MONO = "Consolas, 'DejaVu Sans Mono', Menlo, monospace"
# Word processors give table cells (and list items) their default font, not the one of
# the block around them: each text block carries the font itself.
TEXT_FONT = "font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 11pt; color: #1f2328;"
# The outer block of a copy: dark text on no background, in every theme.
WRAPPER_STYLE = TEXT_FONT
TAG_STYLES = {
    "p": f"{TEXT_FONT} margin: 0 0 8px 0;",
    "h1": "font-size: 15pt; margin: 12px 0 4px 0;",
    "h2": "font-size: 14pt; margin: 12px 0 4px 0;",
    "h3": "font-size: 12pt; margin: 10px 0 4px 0;",
    "ul": "margin: 0 0 8px 0; padding-left: 24px;",
    "ol": "margin: 0 0 8px 0; padding-left: 24px;",
    "li": f"{TEXT_FONT} margin: 0 0 2px 0;",
    "table": "border-collapse: collapse; margin: 4px 0 10px 0; width: 100%;",
    "th": f"{TEXT_FONT} border: 1px solid #9aa4ae; padding: 4px 8px; "
    "background-color: #eef1f4; font-weight: bold; text-align: left; vertical-align: top;",
    "td": f"{TEXT_FONT} border: 1px solid #9aa4ae; padding: 4px 8px; vertical-align: top;",
    "pre": f"font-family: {_MONO}; font-size: 9.5pt; background-color: #f6f8fa; "
    "border: 1px solid #d0d7de; padding: 8px; white-space: pre; margin: 0 0 8px 0;",
    "code": f"font-family: {_MONO}; font-size: 9.5pt; background-color: #f0f2f4;",
    "blockquote": "margin: 0 0 8px 0; padding-left: 10px; border-left: 3px solid #d0d7de; "
    "color: #4d5661;",
    "a": "color: #0969da;",
}
_OPEN_TAG = re.compile(r"<(?P<tag>[a-z][a-z0-9]*)(?P<attrs>(?:\s[^<>]*)?)>")
_PRE_CODE = re.compile(r"(<pre\b[^>]*>)<code\b[^>]*>(.*?)</code>(</pre>)", re.DOTALL)


def inline_styles(body_html: str) -> str:
    """Write TAG_STYLES onto every opening tag; code inside <pre> takes the block's style."""
    body_html = _PRE_CODE.sub(r"\1\2\3", body_html)

    def add_style(match: re.Match) -> str:
        tag, attrs = match.group("tag"), match.group("attrs") or ""
        style = TAG_STYLES.get(tag)
        if not style or "style=" in attrs:
            return match.group(0)
        align = re.search(r'\salign="(left|right|center)"', attrs)
        if align:
            style = style.replace("text-align: left;", "") + f" text-align: {align.group(1)};"
        return f'<{tag}{attrs} style="{style}">'

    return _OPEN_TAG.sub(add_style, body_html)


# ---------------------------------------------------------------------------- selections

# What a selection keeps of Qt's HTML: structure only; every style and colour goes.
_KEPT_TAGS = frozenset(
    ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody")
    + ("tr", "th", "td", "pre", "blockquote", "br", "hr", "strong", "b", "em", "i", "code")
)
_VOID_TAGS = frozenset({"br", "hr", "img", "meta", "link", "input"})
_DROPPED_WITH_CONTENT = frozenset({"head", "style", "script", "title"})
_SAFE_HREF = re.compile(r"(?:https?|mailto|ftp):", re.I)
_MONO_FONT = re.compile(r"font-family:[^;]*mono", re.I)
_BOLD = re.compile(r"font-weight:\s*(?:[6-9]00|bold)", re.I)
_ITALIC = re.compile(r"font-style:\s*italic", re.I)


class _Node:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: dict[str, str] | None = None) -> None:
        self.tag = tag
        self.attrs = attrs or {}
        self.children: list[_Node | str] = []


class _SelectionReader(HTMLParser):
    """Qt's HTML to a small tree of kept tags: spans become strong/em/code by their
    style, `entry:` links their text, anything else its content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("div")
        self._stack: list[_Node] = [self.root]
        self._opened: list[list[str]] = []  # per open source tag: the tags it opened
        self._dropping = 0
        self._in_head = False

    def handle_starttag(self, tag: str, attrs_list) -> None:
        attrs = {name: value or "" for name, value in attrs_list}
        if tag in _DROPPED_WITH_CONTENT:
            self._dropping += 1
            return
        if self._dropping or tag in _VOID_TAGS - {"br", "hr"}:
            return
        opened: list[str] = []
        style = attrs.get("style", "")
        if tag == "span":
            for pattern, kept in ((_BOLD, "strong"), (_ITALIC, "em"), (_MONO_FONT, "code")):
                if pattern.search(style) and not self._inside("pre"):
                    opened.append(kept)
        elif tag == "a":
            href = attrs.get("href", "")
            if _SAFE_HREF.match(href):
                opened.append("a")
                self._push(_Node("a", {"href": href}))
                self._opened.append(opened)
                return
        elif tag in _KEPT_TAGS:
            kept = {"b": "strong", "i": "em"}.get(tag, tag)
            if kept == "td" and self._inside("thead"):
                kept = "th"
            node_attrs = {}
            if kept == "ol" and attrs.get("start", "").isdigit():
                node_attrs["start"] = attrs["start"]
            if tag in ("br", "hr"):
                self._stack[-1].children.append(_Node(kept))
                return
            opened.append(kept)
            self._push(_Node(kept, node_attrs))
            self._opened.append(opened)
            return
        for kept in opened:
            self._push(_Node(kept))
        self._opened.append(opened)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self._dropping = max(0, self._dropping - 1)
            return
        if self._dropping or tag in _VOID_TAGS:
            return
        if not self._opened:
            return
        for _ in self._opened.pop():
            if len(self._stack) > 1:
                self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._dropping:
            self._stack[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        pass  # <!--StartFragment--> and the like

    def _push(self, node: _Node) -> None:
        self._stack[-1].children.append(node)
        self._stack.append(node)

    def _inside(self, tag: str) -> bool:
        return any(node.tag == tag for node in self._stack)


def _unboxed(node: _Node) -> list[_Node | str]:
    """Children with Qt's one-cell tables (the header and code boxes) unwrapped."""
    result: list[_Node | str] = []
    for child in node.children:
        if isinstance(child, str):
            result.append(child)
            continue
        child.children = _unboxed(child)
        if child.tag in ("td", "th"):
            blocks = [c for c in child.children if not (isinstance(c, str) and not c.strip())]
            if len(blocks) == 1 and isinstance(blocks[0], _Node) and blocks[0].tag == "p":
                child.children = blocks[0].children  # a cell's paragraph: its margin goes
        if child.tag == "table":
            rows = [row for row in _descendants(child, "tr")]
            cells = [cell for row in rows for cell in row.children if isinstance(cell, _Node)]
            if len(rows) == 1 and len(cells) == 1:
                result.extend(cells[0].children)
                continue
        result.append(child)
    return result


def _descendants(node: _Node, tag: str) -> list[_Node]:
    found = []
    for child in node.children:
        if isinstance(child, _Node):
            if child.tag == tag:
                found.append(child)
            else:
                found.extend(_descendants(child, tag))
    return found


def _serialise(node: _Node | str, out: list[str], in_pre: bool = False) -> None:
    if isinstance(node, str):
        if not in_pre and not node.strip() and "\n" in node:
            return  # the line breaks Qt puts between tags
        out.append(html.escape(node, quote=False))
        return
    if node.tag in ("br", "hr"):
        out.append(f"<{node.tag}>")
        return
    attrs = "".join(f' {name}="{html.escape(value)}"' for name, value in node.attrs.items())
    out.append(f"<{node.tag}{attrs}>")
    for child in node.children:
        _serialise(child, out, in_pre or node.tag == "pre")
    out.append(f"</{node.tag}>")


def selection_body_html(qt_html: str) -> str:
    """The structure of a selection Qt gave as HTML (`QTextDocumentFragment.toHtml()`):
    paragraphs, headings, lists, tables, code, bold and italic, external links; no
    styles, colours or classes, and `entry:` links as their text."""
    reader = _SelectionReader()
    reader.feed(qt_html)
    reader.close()
    out: list[str] = []
    for child in _unboxed(reader.root):
        _serialise(child, out)
    return "".join(out)


def selection_clipboard(qt_html: str) -> tuple[str, str]:
    """A detail-pane selection as (text/html, text/plain) for the clipboard: the HTML
    with the whole-entry copy's inline styles, theme-independent (dark text on no
    background) and without internal links; the text with table rows on lines and their
    cells aligned."""
    body = selection_body_html(qt_html)
    styled = f'<div style="{WRAPPER_STYLE}">\n{inline_styles(body)}\n</div>'
    return styled, html_to_text(body)
