"""Rendered body HTML to readable plain text: no Markdown markers, bullets, aligned tables.

The input is the HTML this package renders itself (a small, known set of tags), so a
streaming HTMLParser is enough and keeps plain text derived from the same source of
truth as the detail pane.
"""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

from glossapp.markdown.blocks import BULLET

_BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "hr", "div"})
_LIST_INDENT = "  "
_QUOTE_PREFIX = "│ "


def html_to_text(html: str) -> str:
    converter = _TextConverter()
    converter.feed(html)
    converter.close()
    return converter.result()


def display_width(text: str) -> int:
    """Columns a string takes in a monospace terminal (wide CJK counts twice)."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def align_table(rows: list[list[str]], has_header: bool) -> list[str]:
    """Rows of cells to lines with padded columns and a rule under the header."""
    if not rows:
        return []
    columns = max(len(row) for row in rows)
    rows = [row + [""] * (columns - len(row)) for row in rows]
    widths = [max(display_width(row[i]) for row in rows) for i in range(columns)]

    def line(row: list[str]) -> str:
        cells = [cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row)]
        return "  ".join(cells).rstrip()

    lines = [line(row) for row in rows]
    if has_header and len(rows) > 1:
        lines.insert(1, "  ".join("─" * width for width in widths))
    return lines


class _TextConverter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # (text, inside a list): items of one list are joined without blank lines.
        self._blocks: list[tuple[str, bool]] = []
        self._line: list[str] = []
        self._lists: list[list[int | None]] = []  # per open list: [next number or None]
        self._quote_depth = 0
        self._pre_depth = 0
        self._table: list[list[str]] | None = None
        self._table_has_header = False
        self._cell: list[str] | None = None
        self._item_prefix: str | None = None
        self._item_indent = ""

    # -- output helpers

    def _prefix(self) -> str:
        return _QUOTE_PREFIX * self._quote_depth

    def _flush(self) -> None:
        text = "".join(self._line)
        self._line = []
        if self._pre_depth:
            return
        text = " ".join(text.split())
        if not text:
            return
        if self._item_prefix is not None:
            first = self._item_prefix
            self._item_prefix = None
        else:
            first = self._item_indent
        self._append(self._prefix() + first + text)

    def _append(self, block: str) -> None:
        self._blocks.append((block, bool(self._lists)))

    def _list_indent(self) -> str:
        return _LIST_INDENT * (len(self._lists) - 1) if self._lists else ""

    # -- parser callbacks

    def handle_starttag(self, tag: str, attrs) -> None:
        if self._cell is not None and tag not in ("td", "th", "tr"):
            if tag == "br":
                self._cell.append(" ")
            return
        if tag in _BLOCK_TAGS or tag in ("ul", "ol", "li", "blockquote", "br"):
            if tag == "br" and self._pre_depth:
                self._line.append("\n")
                return
            self._flush()
        if tag == "ul":
            self._lists.append([None])
        elif tag == "ol":
            start = dict(attrs).get("start")
            self._lists.append([int(start) if start and start.isdigit() else 1])
        elif tag == "li":
            marker = BULLET
            if self._lists and self._lists[-1][0] is not None:
                marker = f"{self._lists[-1][0]}."
                self._lists[-1][0] += 1
            self._item_prefix = f"{self._list_indent()}{marker} "
            self._item_indent = " " * len(self._item_prefix)
        elif tag == "blockquote":
            self._quote_depth += 1
        elif tag == "pre":
            self._pre_depth += 1
        elif tag == "table":
            self._table = []
            self._table_has_header = False
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
            if tag == "th":
                self._table_has_header = True
        elif tag == "hr":
            self._append(self._prefix() + "─" * 20)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
            return
        if self._cell is not None:
            return
        if tag == "pre" and self._pre_depth:
            self._pre_depth -= 1
            code = "".join(self._line).strip("\n")
            self._line = []
            prefix = self._prefix() + self._item_indent
            self._append("\n".join(prefix + line for line in code.split("\n")))
            return
        if tag == "table" and self._table is not None:
            prefix = self._prefix() + self._item_indent
            lines = align_table(self._table, self._table_has_header)
            self._append("\n".join(prefix + line for line in lines))
            self._table = None
            return
        if tag in _BLOCK_TAGS or tag in ("li", "blockquote"):
            self._flush()
        if tag in ("ul", "ol") and self._lists:
            self._flush()
            self._lists.pop()
            if not self._lists:
                self._blocks.append(("", False))  # a list ends: blank line before what follows
            self._item_indent = " " * (len(self._list_indent()) + 2) if self._lists else ""
        elif tag == "li":
            if self._item_prefix is not None:  # an empty item still shows its bullet
                self._append(self._prefix() + self._item_prefix.rstrip())
                self._item_prefix = None
            self._item_indent = " " * (len(self._list_indent()) + 2) if self._lists else ""
        elif tag == "blockquote" and self._quote_depth:
            self._quote_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        else:
            self._line.append(data)

    def result(self) -> str:
        self._flush()
        return _join_blocks(self._blocks)


def _join_blocks(blocks: list[tuple[str, bool]]) -> str:
    """Blank lines between blocks, single line breaks between the items of one list."""
    out: list[str] = []
    previous_in_list = False
    for block, in_list in blocks:
        if not block:
            previous_in_list = False
            continue
        if out:
            out.append("\n" if (in_list and previous_in_list) else "\n\n")
        out.append(block)
        previous_in_list = in_list
    return "".join(out).strip("\n")
