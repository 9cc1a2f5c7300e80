"""What the detail pane shows: one definition, every definition of a term stacked, and
huge definitions a part at a time.

A page is built from the renderer's public methods only: `html(entry)` for one
definition of ordinary size; for a stack or a huge body, `linked_body_html` of each part
under a header made here, and "Mentioned in" / "See also" gathered over the stack with
each entry once.

Huge bodies: Qt lays out a 1,000-row table for seconds, and Python-Markdown takes
seconds over 5 MB, all of it on the UI thread. So a body longer than `PART_CHARS`
characters or `PART_CELLS` table cells is cut into parts at line boundaries (never
inside a fence; a table cut between rows repeats its header), the first part is shown
with "Show the rest", and the rest is rendered and appended one part per event-loop turn.
Each part costs well under the 100 ms a turn may take (`make bench`: "show entry").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glossapp.glossary.model import Entry
    from glossapp.render.renderer import Renderer

from glossapp.ui.detail import ACTION_SCHEME

PART_CHARS = 20_000
PART_CELLS = 200  # Markdown and Qt take about a quarter of a millisecond a table cell
REST_HREF = f"{ACTION_SCHEME}:rest"
REST_TEXT = "Show the rest"
RELATED_LIMIT = 30
_SEPARATOR = " \u00b7 "


@dataclass
class Page:
    """`html` to show at once; `rest`, the entry and Markdown parts still to append
    (in place of the "Show the rest" line) when the reader asks for them; `related`,
    when set, the entries whose "Mentioned in" and "See also" are still to be found
    (`related_html`, slow over a huge body: the window runs it off the UI thread and
    appends it)."""

    html: str
    rest: list[tuple[Entry, str]] = field(default_factory=list)
    related: list[Entry] = field(default_factory=list)


def body_parts(body: str, part_chars: int = PART_CHARS, part_cells: int = PART_CELLS) -> list[str]:
    """A Markdown body in parts of at most about `part_chars` characters and `part_cells`
    table cells, cut only between lines outside fences; a table cut between its rows
    starts the next part with its header and delimiter rows again."""
    if len(body) <= part_chars and body.count("|") <= part_cells:
        return [body]
    if "|" not in body and "```" not in body and "~~~" not in body:
        return _plain_parts(body, part_chars)
    from glossapp.markdown.blocks import FenceScanner, LineRole

    lines = body.split("\n")
    parts: list[str] = []
    current: list[str] = []
    size = cells = 0
    fences = FenceScanner()
    table_head: list[str] = []
    previous = ""
    for line in lines:
        if fences.fence is None and line.lstrip(" ")[:1] not in ("`", "~"):
            role = LineRole.TEXT  # cannot open a fence: skip the scanner's patterns
        else:
            role = fences.role(line)
        is_row = role is LineRole.TEXT and line.lstrip().startswith("|")
        if is_row and not previous.lstrip().startswith("|"):
            table_head = [line]
        elif is_row and len(table_head) == 1 and set(line.strip()) <= set("|:- "):
            table_head.append(line)
        elif not is_row:
            table_head = [] if role is LineRole.TEXT else table_head
        full = size >= part_chars or cells >= part_cells
        if full and current and role in (LineRole.TEXT, LineRole.OPENING):
            parts.append("\n".join(current))
            current, size, cells = [], 0, 0
            if is_row and len(table_head) == 2 and line not in table_head:
                current = list(table_head)
        current.append(line)
        size += len(line) + 1
        cells += line.count("|")
        previous = line
    if current:
        parts.append("\n".join(current))
    return parts


def _plain_parts(body: str, part_chars: int) -> list[str]:
    """A body without tables or fences, cut after a blank line past each `part_chars`
    (or after any line end, when no blank line comes soon)."""
    parts = []
    start = 0
    while len(body) - start > part_chars:
        cut = body.find("\n\n", start + part_chars, start + 2 * part_chars)
        if cut < 0:
            cut = body.find("\n", start + part_chars)
        if cut < 0:
            break
        parts.append(body[start:cut])
        start = cut + 1
    parts.append(body[start:])
    return parts


def page(renderer: Renderer, entries: Sequence[Entry]) -> Page:
    """The page for one definition, or for every definition of a term, stacked."""
    if len(entries) == 1:
        entry = entries[0]
        parts = body_parts(entry.body)
        if len(parts) == 1:
            # the body at once; its relations, the slow part, come from a worker thread
            return Page(renderer.html(entry, related=False), related=[entry])
        html = [_title_html(entry), _meta_html(entry)]
        html.append(_body_html(renderer, entry, parts[0]))
        html.append(_rest_html(len(parts) - 1, sum(map(len, parts[1:]))))
        html.append(related_html(renderer, [entry], see_also=False))
        return Page("\n".join(html), [(entry, part) for part in parts[1:]])
    first = entries[0]
    huge = False
    html = [_title_html(first)]
    html.append(
        f'<p class="entry-duplicates">{len(entries)} definitions of '
        f"\u201c{escape(first.term)}\u201d</p>"
    )
    for number, entry in enumerate(entries, 1):
        parts = body_parts(entry.body)
        html.append(_stack_heading(entry, number))
        html.append(_body_html(renderer, entry, parts[0]))
        if len(parts) > 1:
            huge = True
            html.append(
                f'<p><a class="entry-link" href="{_entry_href(entry)}">'
                f"Open this definition alone to read the rest</a></p>"
            )
    html.append(related_html(renderer, entries, see_also=not huge))
    return Page("\n".join(html))


def part_html(renderer: Renderer, entry: Entry, part: str) -> str:
    """One more part of a huge body, as HTML."""
    return _body_html(renderer, entry, part)


def _entry_href(entry: Entry) -> str:
    from glossapp.render.links import entry_href

    return entry_href(entry.id)


def _title_html(entry: Entry) -> str:
    return f'<h1 class="entry-title">{escape(entry.title or entry.term)}</h1>'


def _place(entry: Entry) -> list[str]:
    """Where a definition comes from: glossary, category (if any) and line."""
    place = [f'<span class="source">{escape(entry.source_name)}</span>']
    if entry.category:
        place.append(f'<span class="category">{escape(entry.category)}</span>')
    place.append(f"line {entry.line:,}")
    return place


def _meta_html(entry: Entry) -> str:
    return f'<p class="entry-meta">{_SEPARATOR.join(_place(entry))}</p>'


def _stack_heading(entry: Entry, number: int) -> str:
    """A stacked definition's heading: its number, where it is from, and a link that
    opens it alone (which bookmarks and copying then address)."""
    link = f'<a class="entry-link" href="{_entry_href(entry)}">{number}.</a>'
    title = ""
    if (entry.title or entry.term) != entry.term:
        title = f"{escape(entry.title)}{_SEPARATOR}"
    return f'<hr/><h3 class="stack-heading">{link} {title}{_SEPARATOR.join(_place(entry))}</h3>'


def _body_html(renderer: Renderer, entry: Entry, part: str) -> str:
    shown = entry if part is entry.body else replace(entry, body=part)
    return f'<div class="entry-body">{renderer.linked_body_html(shown)}</div>'


def _rest_html(parts: int, chars: int) -> str:
    size = f"{chars / 1_000_000:.1f} MB" if chars >= 1_000_000 else f"{chars // 1000:,} kB"
    return (
        f'<p class="rest"><a href="{REST_HREF}">{REST_TEXT}</a> '
        f"({size} more, in {parts:,} parts)</p>"
    )


def related_html(renderer: Renderer, entries: Sequence[Entry], see_also: bool = True) -> str:
    """ "Mentioned in" and "See also" over `entries`, each other entry once. A huge body
    gets no "See also": the renderer reads the whole body for it (seconds over 5 MB, and
    its patterns hold the interpreter's lock, so even a worker thread would stall the UI)."""
    own = {entry.id for entry in entries}
    sections = []
    related = [
        ("Mentioned in", "backlinks", [renderer.backlinks(e, RELATED_LIMIT + 1) for e in entries])
    ]
    if see_also:
        related.append(("See also", "see-also", [renderer.see_also(e) for e in entries]))
    for heading, css, found in related:
        listed: dict[str, Entry] = {}
        for group in found:
            for other in group:
                if other.id not in own:
                    listed.setdefault(other.id, other)
        if not listed:
            continue
        items = list(listed.values())
        links = _SEPARATOR.join(
            f'<a class="entry-link" href="{_entry_href(e)}">{escape(_describe(e))}</a>'
            for e in items[:RELATED_LIMIT]
        )
        if len(items) > RELATED_LIMIT:
            links += _SEPARATOR + "and more"
        sections.append(f'<h3 class="related-heading">{heading}</h3>\n<p class="{css}">{links}</p>')
    return "\n".join(sections)


def _describe(entry: Entry) -> str:
    title = entry.title or entry.term
    return f"{title} ({entry.category})" if entry.category else title
