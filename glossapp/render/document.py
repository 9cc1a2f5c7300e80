"""A set of entries as one document for readers: a glossary appendix.

`GlossaryDocument` sorts the entries by term and renders each once through the
`Renderer` (the same Markdown pipeline, cross-links and code colours as the detail pane),
then writes that in three forms:

- `html()`: one self-contained HTML file, every style inline (it pastes into Word or a
  wiki as it looks), no external resource, always the light theme;
- `markdown()`: normalised Markdown, each entry a `##` heading;
- `qt_html()` with `QT_STYLESHEET`: the flavour `QTextDocument` lays out well (table
  borders from attributes, code blocks in boxes), which the ui turns into PDF, ODT or
  paper.

Each entry carries its glossary and category (and its term when the title differs), an
optional citation line, and its definition with tables, lists and code as the detail pane
shows them; fenced code and diagrams stay in a fixed-width font, spaces kept. A
cross-link to an entry that is in the document becomes a link to its anchor (`#entry-<id>`
in HTML, the heading's slug in Markdown); one to an entry that is not becomes its text.
No output ever holds an `entry:` URL.

Building is per entry, with a `progress(done, total)` callback and a `cancelled()` poll
between entries (`ExportCancelled` stops it): large sets stay responsive in a dialog.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from glossapp.glossary.model import Entry
from glossapp.markdown.blocks import FenceScanner, LineRole, escape_markdown_html
from glossapp.markdown.normalise import normalise_markdown
from glossapp.render.clipboard_html import inline_styles
from glossapp.render.code_colours import highlight_fences
from glossapp.render.crosslinks import name_key
from glossapp.render.links import ENTRY_SCHEME
from glossapp.render.renderer import Renderer, body_html, qt_markup, stylesheet

__all__ = [
    "ANCHOR_PREFIX",
    "QT_STYLESHEET",
    "DocumentOptions",
    "ExportCancelled",
    "GlossaryDocument",
    "Progress",
    "sorted_entries",
]

ANCHOR_PREFIX = "entry-"
DEFAULT_TITLE = "Glossary"
# Paper is always light; the code colours of the light theme suit it too.
THEME = "light"
# Body headings sit below the entry's own heading (h2): h1 becomes h3, and so on.
HEADING_SHIFT = 2

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

_TEXT = "#1f2328"
_MUTED = "#59636e"
_ACCENT = "#1a7f37"
_SANS = "'Segoe UI', 'DejaVu Sans', Calibri, Arial, Helvetica, sans-serif"
_MONO = "'DejaVu Sans Mono', Consolas, Menlo, monospace"
_SEPARATOR = " · "

# Python-Markdown writes attributes in the order they were set: the cross-link extension
# sets href first. Any other attribute order is matched too.
_ENTRY_LINK = re.compile(
    rf'<a\b(?P<before>[^>]*?)\shref="{ENTRY_SCHEME}:(?P<id>[^"]*)"(?P<after>[^>]*)>'
    r"(?P<text>.*?)</a>",
    re.DOTALL,
)
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})(?=\s)")
_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)

# The document's own blocks in QTextDocument; the rest is the detail pane's light theme.
QT_STYLESHEET = (
    stylesheet(THEME)
    + f"""
/* document export */
h1.doc-title {{ font-size: 22pt; font-weight: 600; margin-top: 0px; margin-bottom: 6px; color: {_TEXT}; }}
p.doc-count {{ color: {_MUTED}; margin-bottom: 14px; }}
h2.doc-entry {{ font-size: 15pt; font-weight: 600; margin-top: 18px; margin-bottom: 2px; color: {_TEXT}; }}
p.doc-meta {{ color: {_MUTED}; margin-top: 0px; margin-bottom: 6px; }}
p.doc-citation {{ color: {_MUTED}; font-style: italic; margin-top: 2px; margin-bottom: 4px; }}
div.doc-intro {{ margin-bottom: 10px; }}
"""
)


class ExportCancelled(Exception):
    """Raised by a build whose `cancelled()` returned True; nothing was written."""


@dataclass(frozen=True, slots=True)
class DocumentOptions:
    """What the reader sees besides the entries: a title, a short introduction in
    Markdown (may be empty) and whether each entry ends with its citation line."""

    title: str = DEFAULT_TITLE
    intro: str = ""
    citation: bool = False


def sorted_entries(entries: Iterable[Entry]) -> list[Entry]:
    """Each entry once, by term (case-insensitive), then title, glossary and line."""
    unique: dict[str, Entry] = {}
    for entry in entries:
        unique.setdefault(entry.id, entry)
    return sorted(
        unique.values(),
        key=lambda e: (
            name_key(e.term),
            name_key(e.title),
            e.source_name.casefold(),
            e.line,
            e.id,
        ),
    )


@dataclass(frozen=True, slots=True)
class _Rendered:
    """One entry's body, converted once: its cross-links still `entry:` links."""

    entry: Entry
    body: str  # Python-Markdown's HTML, cross-linked, not coloured
    targets: tuple[str, ...]  # ids of the linked entries that are in the document


class GlossaryDocument:
    """The entries (sorted by term) of one export, rendered by `renderer`."""

    def __init__(
        self,
        renderer: Renderer,
        entries: Iterable[Entry],
        options: DocumentOptions | None = None,
    ) -> None:
        self.renderer = renderer
        self.options = options or DocumentOptions()
        self.entries: list[Entry] = sorted_entries(entries)
        self._ids = {entry.id for entry in self.entries}
        self._rendered: list[_Rendered] | None = None

    @property
    def title(self) -> str:
        return self.options.title.strip() or DEFAULT_TITLE

    def __len__(self) -> int:
        return len(self.entries)

    @staticmethod
    def anchor(entry: Entry) -> str:
        """The entry's anchor in the HTML outputs (the id attribute)."""
        return f"{ANCHOR_PREFIX}{entry.id}"

    # ------------------------------------------------------------------ building

    def build(self, progress: Progress | None = None, cancelled: Cancelled | None = None) -> None:
        """Render every entry's body (once; later calls return at once)."""
        if self._rendered is not None:
            return
        self._rendered = [self._render(entry) for entry in self._each(progress, cancelled)]

    def _each(self, progress: Progress | None, cancelled: Cancelled | None) -> Iterator[Entry]:
        """The entries in order, reporting progress before each and at the end, and raising
        `ExportCancelled` as soon as `cancelled()` turns true."""
        total = len(self.entries)
        for done, entry in enumerate(self.entries):
            if cancelled is not None and cancelled():
                raise ExportCancelled
            if progress is not None:
                progress(done, total)
            yield entry
        if progress is not None:
            progress(total, total)

    def _render(self, entry: Entry) -> _Rendered:
        body = self.renderer.cross_linked_markup(entry)
        targets: dict[str, None] = {}
        for match in _ENTRY_LINK.finditer(body):
            if match.group("id") in self._ids:
                targets.setdefault(match.group("id"), None)
        return _Rendered(entry, body, tuple(targets))

    def _parts(self, progress: Progress | None, cancelled: Cancelled | None) -> list[_Rendered]:
        self.build(progress, cancelled)
        assert self._rendered is not None
        return self._rendered

    def _link_targets(
        self, progress: Progress | None, cancelled: Cancelled | None
    ) -> list[tuple[str, ...]]:
        """For each entry, the ids of the entries in the document that it mentions."""
        if self._rendered is not None:
            return [part.targets for part in self._rendered]
        found = []
        for entry in self._each(progress, cancelled):
            mentioned = self.renderer.mentions(entry)
            found.append(tuple(t.id for t in mentioned if t.id in self._ids and t.id != entry.id))
        return found

    def _resolve_links(self, body: str, attributes: str = "") -> str:
        """`entry:` links to anchors in the document, or to their text."""

        def replace(match: re.Match) -> str:
            if match.group("id") not in self._ids:
                return match.group("text")
            href = f"#{ANCHOR_PREFIX}{match.group('id')}"
            return f'<a{match.group("before")} href="{href}"{match.group("after")}{attributes}>{match.group("text")}</a>'

        return _ENTRY_LINK.sub(replace, body)

    def _meta(self, entry: Entry) -> list[str]:
        meta = []
        if name_key(entry.term) != name_key(entry.title or entry.term):
            meta.append(entry.term)
        if entry.category:
            meta.append(entry.category)
        meta.append(entry.source_name)
        return meta

    def _aliases(self, entry: Entry) -> list[str]:
        own = {name_key(entry.term), name_key(entry.title)}
        return [alias for alias in entry.aliases if name_key(alias) not in own]

    # ------------------------------------------------------------------ HTML file

    def html(self, progress: Progress | None = None, cancelled: Cancelled | None = None) -> str:
        """One self-contained HTML page: inline styles, no external resource, light."""
        parts = self._parts(progress, cancelled)
        esc = _escape
        out = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="color-scheme" content="light">',
            f"<title>{esc(self.title)}</title>",
            "</head>",
            f'<body style="font-family: {_SANS}; font-size: 11pt; line-height: 1.45; '
            f"color: {_TEXT}; background-color: #ffffff; max-width: 50em; "
            'margin: 2em auto; padding: 0 1.5em;">',
            f'<h1 style="font-size: 22pt; margin: 0 0 4px 0;">{esc(self.title)}</h1>',
            f'<p style="color: {_MUTED}; margin: 0 0 16px 0;">{esc(_count(len(parts)))}</p>',
        ]
        if self.options.intro.strip():
            out.append(
                f'<div style="margin: 0 0 16px 0;">{inline_styles(_intro_html(self.options.intro))}</div>'
            )
        for part in parts:
            entry = part.entry
            out.append(
                f'<section id="{self.anchor(entry)}" style="margin: 0 0 18px 0; '
                'padding-top: 10px; border-top: 1px solid #d0d7de;">'
            )
            out.append(
                f'<h2 style="font-size: 15pt; margin: 0 0 2px 0;">{esc(entry.title or entry.term)}</h2>'
            )
            out.append(
                f'<p style="color: {_MUTED}; margin: 0 0 6px 0;">{self._meta_html(entry)}</p>'
            )
            aliases = self._aliases(entry)
            if aliases:
                out.append(
                    f'<p style="color: {_MUTED}; margin: 0 0 6px 0;">Also known as: '
                    f"{esc(', '.join(aliases))}</p>"
                )
            body = _shift_headings(self._resolve_links(part.body))
            body = highlight_fences(body, inline_style="friendly")
            out.append(inline_styles(body))
            if self.options.citation:
                out.append(
                    f'<p style="color: {_MUTED}; font-style: italic; margin: 4px 0 0 0;">'
                    f"{esc(self.renderer.citation(entry))}</p>"
                )
            out.append("</section>")
        out += ["</body>", "</html>", ""]
        return "\n".join(out)

    def _meta_html(self, entry: Entry) -> str:
        meta = self._meta(entry)
        styled = []
        for part in meta:
            if part == entry.category:
                styled.append(
                    f'<span style="color: {_ACCENT}; font-weight: 600;">{_escape(part)}</span>'
                )
            elif part == entry.source_name:
                styled.append(f'<span style="font-style: italic;">{_escape(part)}</span>')
            else:
                styled.append(f'<span style="font-family: {_MONO};">{_escape(part)}</span>')
        return _SEPARATOR.join(styled)

    # ------------------------------------------------------------------ QTextDocument

    def qt_html(
        self,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        code_boxes: bool = True,
    ) -> str:
        """HTML for `QTextDocument.setHtml`, styled by `QT_STYLESHEET` (its default sheet).

        `code_boxes` puts each code block in a one-cell table, as the detail pane does (its
        padding); ODT needs them off, since Qt's ODF writer turns every line of a block in
        a table cell into a cell of its own."""
        parts = self._parts(progress, cancelled)
        esc = _escape
        out = [
            f'<h1 class="doc-title">{esc(self.title)}</h1>',
            f'<p class="doc-count">{esc(_count(len(parts)))}</p>',
        ]
        if self.options.intro.strip():
            out.append(f'<div class="doc-intro">{_intro_html(self.options.intro)}</div>')
        for part in parts:
            entry = part.entry
            # QTextDocument keeps <a name> as an anchor (an id on a heading it drops).
            out.append(
                f'<h2 class="doc-entry"><a name="{self.anchor(entry)}"></a>'
                f"{esc(entry.title or entry.term)}</h2>"
            )
            meta = []
            for piece in self._meta(entry):
                css = (
                    "category"
                    if piece == entry.category
                    else "source"
                    if piece == entry.source_name
                    else "term"
                )
                meta.append(f'<span class="{css}">{esc(piece)}</span>')
            out.append(f'<p class="doc-meta">{_SEPARATOR.join(meta)}</p>')
            aliases = self._aliases(entry)
            if aliases:
                out.append(f'<p class="entry-aliases">Also known as: {esc(", ".join(aliases))}</p>')
            body = _shift_headings(self._resolve_links(part.body))
            body = highlight_fences(body)
            out.append(qt_markup(body, code_boxes=code_boxes))
            if self.options.citation:
                out.append(f'<p class="doc-citation">{esc(self.renderer.citation(entry))}</p>')
        return "\n".join(out)

    # ------------------------------------------------------------------ Markdown

    def markdown(self, progress: Progress | None = None, cancelled: Cancelled | None = None) -> str:
        """Normalised Markdown: the title as `#`, each entry as `##`, its body's headings
        two levels down; cross-links to entries in the document as a closing line.

        Bodies stay Markdown: no conversion to HTML, only the renderer's cached mentions."""
        targets = self._link_targets(progress, cancelled)
        slugs = _heading_slugs([self.title] + [e.title or e.term for e in self.entries])
        slug_of = {entry.id: slugs[index + 1] for index, entry in enumerate(self.entries)}
        by_id = {e.id: e for e in self.entries}
        blocks = [f"# {_markdown_text(self.title)}", f"*{_count(len(self.entries))}*"]
        if self.options.intro.strip():
            blocks.append(_markdown_body(self.options.intro))
        for entry, linked in zip(self.entries, targets, strict=True):
            blocks.append(f"## {_markdown_text(entry.title or entry.term)}")
            blocks.append("*" + _SEPARATOR.join(_markdown_text(m) for m in self._meta(entry)) + "*")
            aliases = self._aliases(entry)
            if aliases:
                blocks.append("Also known as: " + ", ".join(_markdown_text(a) for a in aliases))
            body = _markdown_body(entry.body)
            if body:
                blocks.append(body)
            if linked:
                links = ", ".join(
                    f"[{_markdown_text(by_id[t].title or by_id[t].term)}](#{slug_of[t]})"
                    for t in linked
                )
                blocks.append(f"See in this document: {links}")
            if self.options.citation:
                blocks.append(_markdown_text(self.renderer.citation(entry)))
        return "\n\n".join(blocks) + "\n"


def _escape(text: str) -> str:
    return html_module.escape(text, quote=True)


def _count(number: int) -> str:
    return f"{number} {'entry' if number == 1 else 'entries'}"


def _intro_html(intro: str) -> str:
    return _shift_headings(body_html(intro))


def _shift_headings(rendered: str) -> str:
    return _HEADING_TAG.sub(
        lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + HEADING_SHIFT)}", rendered
    )


def _markdown_text(text: str) -> str:
    """A heading or meta value as literal Markdown text."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _markdown_body(body: str) -> str:
    """A body as the renderer copies it, its headings moved two levels down."""
    lines = escape_markdown_html(normalise_markdown(body)).strip().split("\n")
    fences = FenceScanner()
    shifted = []
    for line in lines:
        if fences.role(line) is LineRole.TEXT:
            line = _MARKDOWN_HEADING.sub(
                lambda m: "#" * min(6, len(m.group(1)) + HEADING_SHIFT), line
            )
        shifted.append(line)
    return "\n".join(shifted).strip()


def _heading_slugs(headings: list[str]) -> list[str]:
    """GitHub's anchors for these headings, in order: lower case, punctuation dropped,
    spaces to hyphens, a repeated slug numbered -1, -2…"""
    seen: dict[str, int] = {}
    slugs = []
    for heading in headings:
        base = _SLUG_DROP.sub("", heading.strip().lower()).replace(" ", "-")
        count = seen.get(base, 0)
        slugs.append(base if count == 0 else f"{base}-{count}")
        seen[base] = count + 1
    return slugs
