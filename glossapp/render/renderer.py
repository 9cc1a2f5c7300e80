"""Entries to what people read and copy: detail-pane HTML, Markdown and plain text.

Every output starts from the same normalised Markdown (see `markdown.normalise`) and goes
through one Python-Markdown pipeline that treats raw HTML as text (see `markdown.sanitise`);
plain text is read back from that HTML (see `html_text`), so the outputs never disagree. The
detail-pane HTML sticks to what QTextBrowser renders well and is styled by
`stylesheet(theme)`; the clipboard HTML carries its styles inline instead.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Sequence

import markdown

from glossapp.glossary.library import Library
from glossapp.glossary.model import Entry
from glossapp.markdown.blocks import FenceScanner, LineRole, escape_markdown_html
from glossapp.markdown.normalise import normalise_markdown
from glossapp.markdown.sanitise import SafeMarkdownExtension
from glossapp.render.clipboard_html import TEXT_FONT, WRAPPER_STYLE, inline_styles
from glossapp.render.code_colours import highlight_fences, token_css
from glossapp.render.crosslinks import (
    CrossLinkExtension,
    LinkContext,
    NameMatcher,
    common_alias_keys,
    name_key,
)
from glossapp.render.html_text import html_to_text
from glossapp.render.links import entry_href
from glossapp.render.relations import Relations
from glossapp.render.themes import THEMES
from glossapp.util import paths

__all__ = [
    "Renderer",
    "background_color",
    "body_html",
    "body_plain_text",
    "escape_markdown_html",
    "normalise_markdown",
    "stylesheet",
]

# "Mentioned in" lists at most this many entries: more would bury the definition.
BACKLINK_LIMIT = 30
SEE_ALSO_LIMIT = 5
# QTextBrowser draws table borders from attributes, not from CSS, and pads only table
# cells: code blocks and the header block sit in one-cell tables to get breathing room.
# A bordered table at 100% overflows the viewport by one pixel (a needless scroll bar).
_QT_TABLE = '<table class="md" border="1" cellspacing="0" cellpadding="5" width="99%">'
_QT_BOX = (
    '<table class="{0}" border="0" cellspacing="0" cellpadding="{1}" width="100%">'
    '<tr><td class="{0}">'
)
_QT_BOX_END = "</td></tr></table>"
_PRE_BLOCK = re.compile(r"<pre>(.*?)\n?</code></pre>", re.DOTALL)
_SEPARATOR = " · "
CHUNK_LINES = 1500
_TOP_LEVEL_ITEM = re.compile(r"(?:[-*+]|\d{1,9}\.) ")

_local = threading.local()


def _converter() -> tuple[markdown.Markdown, CrossLinkExtension]:
    """One converter per thread: Markdown instances keep state between calls."""
    pair = getattr(_local, "pair", None)
    if pair is None:
        crosslinks = CrossLinkExtension()
        converter = markdown.Markdown(
            extensions=["tables", "fenced_code", "sane_lists", SafeMarkdownExtension(), crosslinks],
            extension_configs={"tables": {"use_align_attribute": True}},
            output_format="html",
        )
        # The pre-pass strips trailing spaces, so "two spaces, newline" breaks never occur:
        # the pattern would only cost time.
        converter.inlinePatterns.deregister("linebreak")
        pair = _local.pair = (converter, crosslinks)
    return pair


def _convert(body: str, context: LinkContext | None = None) -> str:
    converter, crosslinks = _converter()
    crosslinks.context = context
    try:
        pieces = []
        for chunk in split_long_markdown(normalise_markdown(body)):
            converter.reset()
            pieces.append(converter.convert(chunk))
        return "\n".join(pieces)
    except BaseException:
        _local.pair = None  # a half-run converter may keep state: never reuse it
        raise
    finally:
        crosslinks.context = None


def split_long_markdown(text: str, max_lines: int = CHUNK_LINES) -> list[str]:
    """Normalised Markdown in pieces of about `max_lines`, cut only between blocks or
    before a top-level list item, never inside a fence or a table.

    Python-Markdown slows down more than linearly on very long lists; converting a huge
    body piece by piece keeps it fast, at worst splitting one list into two.
    """
    lines = text.split("\n")
    if len(lines) <= max_lines:
        return [text]
    pieces: list[str] = []
    start = 0
    fences = FenceScanner()
    for index, line in enumerate(lines):
        if fences.role(line) is not LineRole.TEXT or index - start < max_lines:
            continue
        previous = lines[index - 1]
        after_blank = not previous.strip() and line.strip() and not line.startswith(" ")
        next_item = bool(_TOP_LEVEL_ITEM.match(line)) and not previous.startswith("|")
        if after_blank or next_item:
            pieces.append("\n".join(lines[start:index]))
            start = index
    pieces.append("\n".join(lines[start:]))
    return pieces


def body_html(body: str) -> str:
    """A Markdown body as safe HTML, without cross-links or colouring."""
    return _convert(body)


def body_plain_text(body: str) -> str:
    """A Markdown body as plain text: no markers, "•" bullets, aligned tables, code as is."""
    return html_to_text(_convert(body))


def stylesheet(theme: str) -> str:
    """The detail pane's CSS for "light" or "dark", including code colours."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; expected one of {', '.join(THEMES)}")
    css = paths.resource(f"styles/{theme}.css").read_text(encoding="utf-8")
    return css + "\n/* code colours (Pygments) */\n" + token_css(theme)


_BODY_BACKGROUND = re.compile(r"^body\s*\{[^}]*background-color:\s*(#[0-9a-fA-F]{3,8})", re.M)


def background_color(theme: str) -> str:
    """The theme's page colour (`body` in its CSS), for the widget: QTextBrowser does not
    take a background from the default stylesheet of an HTML fragment."""
    found = _BODY_BACKGROUND.search(stylesheet(theme))
    return found.group(1) if found else "#ffffff"


def qt_markup(rendered: str, code_boxes: bool = True) -> str:
    """Rendered HTML in the shape QTextDocument lays out well: bordered tables and, unless
    `code_boxes` is False, each code block in a shaded box (Qt's ODF writer turns every
    line of a boxed block into a table cell of its own)."""
    rendered = rendered.replace("<table>", _QT_TABLE)
    if not code_boxes:
        return rendered
    return _PRE_BLOCK.sub(
        lambda m: f"{_QT_BOX.format('code', 8)}<pre>{m.group(1)}</code></pre>{_QT_BOX_END}",
        rendered,
    )


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


# What Markdown may read as inline syntax in a header value (emphasis, code, links and
# images, headings, raw HTML and entities, tables, strikethrough). Backslash escapes for
# the characters every Markdown (CommonMark, GFM, Python-Markdown) unescapes; entities for
# the ones Python-Markdown would show with their backslash. Either way the value renders
# as the literal text it is (a term such as `**bold** [x](javascript:...)`).
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]#!>&<|~]")
_MARKDOWN_ENTITIES = {"&": "&amp;", "<": "&lt;", "|": "&#124;", "~": "&#126;"}


def _escape_markdown_text(text: str) -> str:
    """A header value (title, category) as literal Markdown text."""
    return _MARKDOWN_SPECIAL.sub(
        lambda m: _MARKDOWN_ENTITIES.get(m.group(), "\\" + m.group()), text
    )


class Renderer:
    """Renders the entries of one library; build a new one when the library changes."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self._entries: list[Entry] = list(library.entries)
        bodies = [entry.body for entry in self._entries]
        every_name = NameMatcher(self._entries)
        self.matcher = every_name.without(common_alias_keys(every_name, bodies))
        self.relations = Relations(self._entries, self.matcher)
        self._html: dict[str, str] = {}
        self._body: dict[str, str] = {}

    @property
    def library(self) -> Library:
        """The library this renderer was built for."""
        return self._library

    # ------------------------------------------------------------------ relations

    def mentions(self, entry: Entry) -> list[Entry]:
        """Entries whose names this entry's body mentions (outside code)."""
        return self.relations.mentions(entry)

    def backlinks(self, entry: Entry, limit: int | None = None) -> list[Entry]:
        """Entries whose bodies mention this entry ("Mentioned in"), in library order."""
        return self.relations.backlinks(entry, limit)

    def duplicates(self, entry: Entry) -> list[Entry]:
        """Every entry with the same term, this one included, in library order."""
        return self.relations.duplicates(entry)

    def see_also(self, entry: Entry, limit: int = SEE_ALSO_LIMIT) -> list[Entry]:
        """Related entries, best first: shared distinctive vocabulary (tf-idf over bodies
        and names) and mentions either way; the same category only breaks ties."""
        return self.relations.see_also(entry, limit)

    # ------------------------------------------------------------------ body

    def _plain_body_html(self, entry: Entry) -> str:
        cached = self._body.get(entry.id)
        if cached is None:
            cached = self._body[entry.id] = body_html(entry.body)
        return cached

    def cross_linked_markup(self, entry: Entry) -> str:
        """The body converted to HTML with cross-links (`entry:<id>`), before code colours
        and Qt's table and box markup: what other documents build on."""
        return _convert(entry.body, LinkContext(self.matcher, entry, set()))

    def linked_body_html(self, entry: Entry) -> str:
        """The body as HTML with cross-links (`entry:<id>`) and class-based code colours."""
        return qt_markup(highlight_fences(self.cross_linked_markup(entry)))

    # ------------------------------------------------------------------ outputs

    def html(self, entry: Entry, related: bool = True) -> str:
        """The detail pane: header block, body, then (unless `related` is False)
        "Mentioned in" and "See also"; cached. A window that wants the body at once can
        show `html(entry, related=False)` and append `related_html(entry)` from a worker
        thread: the relations are the slow part in a large library."""
        key = entry.id if related else entry.id + "\x00body"
        cached = self._html.get(key)
        if cached is not None:
            return cached
        parts = [self._header_html(entry), '<div class="entry-body">']
        parts.append(self.linked_body_html(entry))
        parts.append("</div>")
        if related:
            parts.append(self.related_html(entry))
        rendered = "\n".join(part for part in parts if part)
        self._html[key] = rendered
        return rendered

    def related_html(self, entry: Entry) -> str:
        """ "Mentioned in" and "See also" for one entry, each other entry listed once."""
        mentioned_in = _once(self.backlinks(entry))
        parts = [
            self._related_html(
                "Mentioned in",
                mentioned_in[:BACKLINK_LIMIT],
                "backlinks",
                more=len(mentioned_in) > BACKLINK_LIMIT,
            )
        ]
        # each entry once on the page: what "Mentioned in" lists is not repeated
        listed = {other.id for other in mentioned_in[:BACKLINK_LIMIT]}
        see_also = [
            other
            for other in self.see_also(entry, SEE_ALSO_LIMIT + len(listed))
            if other.id not in listed
        ]
        parts.append(self._related_html("See also", see_also[:SEE_ALSO_LIMIT], "see-also"))
        return "\n".join(part for part in parts if part)

    def _header_html(self, entry: Entry) -> str:
        meta: list[str] = []
        if name_key(entry.term) != name_key(entry.title):
            meta.append(f'<span class="term">{_escape(entry.term)}</span>')
        if entry.category:
            meta.append(f'<span class="category">{_escape(entry.category)}</span>')
        meta.append(f'<span class="source">{_escape(entry.source_name)}</span>')
        lines = [
            _QT_BOX.format("entry-header", 10),
            f'<h1 class="entry-title">{_escape(entry.title or entry.term)}</h1>',
            f'<p class="entry-meta">{_SEPARATOR.join(meta)}</p>',
        ]
        same_term = self.duplicates(entry)
        if len(same_term) > 1:
            position = next(i for i, e in enumerate(same_term) if e.id == entry.id) + 1
            others = ", ".join(
                _entry_link(other, _describe_duplicate(other))
                for other in same_term
                if other.id != entry.id
            )
            lines.append(
                f'<p class="entry-duplicates">Entry {position} of {len(same_term)} for '
                f"“{_escape(entry.term)}”; also: {others}</p>"
            )
        aliases = also_known_as(entry)
        if aliases:
            names = ", ".join(_escape(alias) for alias in aliases)
            lines.append(f'<p class="entry-aliases">Also known as: {names}</p>')
        lines.append(_QT_BOX_END)
        return "\n".join(lines)

    def _related_html(
        self, heading: str, entries: Sequence[Entry], css_class: str, more: bool = False
    ) -> str:
        if not entries:
            return ""
        links = _SEPARATOR.join(_entry_link(entry, _describe(entry)) for entry in entries)
        if more:
            links += _SEPARATOR + "and more"
        return f'<h3 class="related-heading">{heading}</h3>\n<p class="{css_class}">{links}</p>'

    def markdown(self, entry: Entry, citation: bool = False) -> str:
        """Normalised Markdown (blank lines between blocks) that pastes into GitHub or a wiki."""
        blocks = [f"# {_escape_markdown_text(entry.title or entry.term)}"]
        meta = [_escape_markdown_text(part) for part in (entry.category, entry.source_name) if part]
        if meta:
            blocks.append("*" + " · ".join(meta) + "*")
        if also := also_known_as(entry):
            aliases = ", ".join(_escape_markdown_text(alias) for alias in also)
            blocks.append(f"Also known as: {aliases}")
        from glossapp.markdown.safe_links import neutralise_links

        body = neutralise_links(escape_markdown_html(normalise_markdown(entry.body))).strip()
        if body:
            blocks.append(body)
        if citation:
            blocks.append(_escape_markdown_text(self.citation(entry)))
        return "\n\n".join(blocks) + "\n"

    def plain_text(self, entry: Entry, citation: bool = False) -> str:
        """Readable text: header lines, body without markers, optional citation line."""
        lines = [entry.title or entry.term]
        meta = [part for part in (entry.category, entry.source_name) if part]
        lines.append(" · ".join(meta))
        if also := also_known_as(entry):
            lines.append("Also known as: " + ", ".join(also))
        blocks = ["\n".join(lines)]
        body = html_to_text(self._plain_body_html(entry))
        if body:
            blocks.append(body)
        if citation:
            blocks.append(self.citation(entry))
        return "\n\n".join(blocks) + "\n"

    def clipboard_html(self, entry: Entry, citation: bool = False) -> str:
        """A self-contained fragment with inline styles (fonts on every text block and
        table cell, dark text on no background) and no internal links."""
        title = _escape(entry.title or entry.term)
        meta = _SEPARATOR.join(_escape(p) for p in (entry.category, entry.source_name) if p)
        note = "color: #59636e;"
        parts = [
            f'<div style="{WRAPPER_STYLE}">',
            f'<h2 style="{TEXT_FONT} font-size: 16pt; margin: 0 0 4px 0;">{title}</h2>',
        ]
        if meta:
            parts.append(f'<p style="{TEXT_FONT} {note} margin: 0 0 4px 0;">{meta}</p>')
        if also := also_known_as(entry):
            aliases = ", ".join(_escape(alias) for alias in also)
            parts.append(
                f'<p style="{TEXT_FONT} {note} margin: 0 0 8px 0;">Also known as: {aliases}</p>'
            )
        body = highlight_fences(self._plain_body_html(entry), inline_style="friendly")
        parts.append(inline_styles(body))
        if citation:
            parts.append(
                f'<p style="{TEXT_FONT} {note} font-style: italic;">'
                f"{_escape(self.citation(entry))}</p>"
            )
        parts.append("</div>")
        return "\n".join(parts)

    def citation(self, entry: Entry) -> str:
        """`— <title>, <glossary title>[, <url>][, licence: <licence>]`: the line appended
        when copying with a citation. The glossary's title, URL and licence come from its
        file's metadata block (README "Glossary format"); without one, its file name."""
        source = self._library.source_file(entry.source)
        metadata = source.metadata if source is not None else {}
        parts = [f"— {entry.title or entry.term}", metadata.get("title") or entry.source_name]
        if metadata.get("url"):
            parts.append(metadata["url"])
        if metadata.get("licence"):
            parts.append(f"licence: {metadata['licence']}")
        return ", ".join(parts)


def _once(entries: Sequence[Entry]) -> list[Entry]:
    """Entries without repeats: one per id, and one per label (definitions of one term
    with the same title and category read the same in a list)."""
    seen: set[object] = set()
    kept = []
    for entry in entries:
        label = (name_key(entry.term), entry.title, entry.category)
        if entry.id not in seen and label not in seen:
            seen.update((entry.id, label))
            kept.append(entry)
    return kept


def _describe(entry: Entry) -> str:
    """Title plus what tells it apart: the category, else the term when it differs."""
    title = entry.title or entry.term
    qualifier = entry.category or (entry.term if name_key(entry.term) != name_key(title) else "")
    return f"{title} ({qualifier})" if qualifier else title


def _describe_duplicate(entry: Entry) -> str:
    """Duplicates can share title and category: the line tells them apart."""
    return f"{_describe(entry)}, line {entry.line}"


def _entry_link(entry: Entry, text: str) -> str:
    return f'<a class="entry-link" href="{entry_href(entry.id)}">{_escape(text)}</a>'


def also_known_as(entry: Entry) -> list[str]:
    """The entry's other names for a reader: its aliases (not the term again) and the
    acronyms its definition introduces ("Network Address Translation (NAT)", "Also: TCP"),
    which the search's name tier finds it by too."""
    from glossapp.glossary.acronyms import entry_acronyms

    term_key = name_key(entry.term)
    names = [alias for alias in entry.aliases if name_key(alias) != term_key]
    known = {name_key(name) for name in entry.names}
    for acronym in entry_acronyms(entry):
        key = name_key(acronym.text)
        if key not in known:
            known.add(key)
            names.append(acronym.text)
    return names
