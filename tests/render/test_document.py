"""A set of entries as one document: order, structure, links and the three outputs."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from glossapp.glossary import library
from glossapp.render.document import (
    DocumentOptions,
    ExportCancelled,
    GlossaryDocument,
    sorted_entries,
)
from glossapp.render.renderer import Renderer

# Out of order on purpose; "beta" is mentioned by alpha, "alpha" by zeta.
SAMPLE = """\
zeta function, math
**Zeta function** is defined by a series; alpha is its first coefficient.
| n | value |
|---|-------|
| 2 | pi squared over six |
| 4 | pi^4/90 |
```
+----+      +----+
| s  | ---> | zs |
+----+      +----+
```
alpha, greek
**Alpha** is the first letter; beta comes next.
# Usage
```python
def alpha():
    return  1
```
beta, greek
**Beta** is the second letter.
gamma function,factorial extension,gamma
**Gamma function** extends the factorial <b>to</b> reals.
"""
EXPECTED_ORDER = ["alpha", "beta", "gamma function", "zeta function"]


def sample_library(tmp_path: Path):
    path = tmp_path / "letters.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return library.load([path])


@pytest.fixture
def loaded(tmp_path):
    return sample_library(tmp_path)


@pytest.fixture
def renderer(loaded):
    return Renderer(loaded)


def entry(loaded, term):
    return loaded.with_term(term)[0]


class Reader(HTMLParser):
    """Tags, links and the text of the <pre> blocks of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.pre: list[str] = []
        self._in_pre = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "pre":
            self._in_pre = True
            self.pre.append("")

    def handle_endtag(self, tag):
        if tag == "pre":
            self._in_pre = False

    def handle_data(self, data):
        if self._in_pre:
            self.pre[-1] += data


def read(html: str) -> Reader:
    reader = Reader()
    reader.feed(html)
    return reader


def test_entries_sorted_by_term_once_each(loaded):
    entries = list(reversed(loaded.entries)) + [loaded.entries[0]]
    assert [e.term for e in sorted_entries(entries)] == EXPECTED_ORDER


def test_html_is_self_contained_light_and_ordered(renderer, loaded):
    options = DocumentOptions(title="Appendix <A>", intro="For the *spec*.")
    page = GlossaryDocument(renderer, loaded.entries, options).html()
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Appendix &lt;A&gt;</title>" in page
    assert "<em>spec</em>" in page
    reader = read(page)
    # nothing to fetch: no stylesheet, script, image or frame, no url() in styles
    assert not {tag for tag, _ in reader.tags} & {"link", "script", "img", "iframe", "style"}
    assert not re.search(r"\b(src|srcset)=|url\(|@import", page)
    assert "background-color: #ffffff" in page
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", page)
    assert headings == ["Alpha", "Beta", "Gamma function", "Zeta function"]
    positions = [page.index(f'id="entry-{e.id}"') for e in sorted_entries(loaded.entries)]
    assert positions == sorted(positions)


def test_html_keeps_tables_code_and_diagrams(renderer, loaded):
    page = GlossaryDocument(renderer, loaded.entries).html()
    reader = read(page)
    cells = [attrs for tag, attrs in reader.tags if tag in ("td", "th")]
    assert len(cells) == 6 and all("border" in attrs["style"] for attrs in cells)
    assert "pi squared over six" in page
    # code and the diagram in a fixed font, spaces and line breaks kept
    pre_styles = [attrs.get("style", "") for tag, attrs in reader.tags if tag == "pre"]
    assert len(pre_styles) == 2 and all("monospace" in s and "pre" in s for s in pre_styles)
    assert any("+----+      +----+\n| s  | ---> | zs |" in text for text in reader.pre)
    assert any("def alpha():\n    return  1" in text for text in reader.pre)
    # raw HTML in a body is text, never markup
    assert "&lt;b&gt;to&lt;/b&gt;" in page


def test_html_entry_carries_glossary_category_aliases_and_citation(renderer, loaded):
    page = GlossaryDocument(renderer, loaded.entries, DocumentOptions(citation=True)).html()
    alpha = page[page.index('id="entry-' + entry(loaded, "alpha").id) :]
    alpha = alpha[: alpha.index("</section>")]
    assert "greek" in alpha and "letters" in alpha
    assert "— Alpha, letters" in alpha
    gamma = page[page.index('id="entry-' + entry(loaded, "gamma function").id) :]
    assert "Also known as: factorial extension, gamma" in gamma[: gamma.index("</section>")]
    without = GlossaryDocument(renderer, loaded.entries).html()
    assert "— Alpha, letters" not in without


def test_links_become_anchors_inside_the_document_and_text_outside(renderer, loaded):
    chosen = [entry(loaded, "alpha"), entry(loaded, "zeta function")]
    document = GlossaryDocument(renderer, chosen)
    for output in (document.html(), document.qt_html()):
        assert "entry:" not in output
        links = re.findall(r'<a\b[^>]*href="([^"]*)"[^>]*>([^<]*)</a>', output)
        assert links == [(f"#entry-{entry(loaded, 'alpha').id}", "alpha")]
        assert "beta comes next" in output  # beta is not in the document: plain text
    # with beta in the document, alpha's mention of it links to its anchor
    everything = GlossaryDocument(renderer, loaded.entries).html()
    assert f'href="#entry-{entry(loaded, "beta").id}"' in everything


def test_body_headings_sit_below_the_entry_heading(renderer, loaded):
    document = GlossaryDocument(renderer, [entry(loaded, "alpha")])
    assert "<h3" in document.html() and "<h1" in document.html()  # the title only
    assert len(re.findall(r"<h1\b", document.html())) == 1
    assert "### Usage" in document.markdown()


def test_markdown_order_tables_code_and_links(renderer, loaded):
    options = DocumentOptions(title="Letters", intro="Short intro.", citation=True)
    text = GlossaryDocument(renderer, loaded.entries, options).markdown()
    assert text.startswith("# Letters\n\n*4 entries*\n\nShort intro.\n")
    headings = re.findall(r"^## (.*)$", text, re.M)
    assert headings == [e.title or e.term for e in sorted_entries(loaded.entries)]
    assert "| 2 | pi squared over six |" in text
    assert "```python\ndef alpha():\n    return  1\n```" in text
    assert "+----+      +----+\n| s  | ---> | zs |\n+----+      +----+" in text
    assert "*greek · letters*" in text
    assert "— Alpha, letters" in text
    assert "entry:" not in text
    assert "See in this document: [Beta](#beta)" in text
    assert "&lt;b>to&lt;/b>" in text  # raw HTML stays text, as in the HTML outputs


def test_markdown_slugs_are_unique():
    from glossapp.render.document import _heading_slugs

    assert _heading_slugs(["A b", "A b", "C: d!"]) == ["a-b", "a-b-1", "c-d"]


def test_qt_html_uses_the_qt_flavour(renderer, loaded):
    qt = GlossaryDocument(renderer, loaded.entries).qt_html()
    assert '<table class="md" border="1"' in qt
    assert '<table class="code"' in qt
    assert qt.count('<a name="entry-') == 4
    assert "def alpha():\n    return  1" in re.sub(r"<[^>]+>", "", qt)


def test_progress_reports_every_entry_and_cancel_stops(renderer, loaded):
    seen = []
    document = GlossaryDocument(renderer, loaded.entries)
    document.build(progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    calls = []

    def cancel_after_two():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(ExportCancelled):
        GlossaryDocument(renderer, loaded.entries).html(cancelled=cancel_after_two)


def test_seed_document_never_holds_entry_urls(seed_library):
    document = GlossaryDocument(Renderer(seed_library), seed_library.entries)
    for output in (document.html(), document.qt_html(), document.markdown()):
        assert 'href="entry:' not in output and "](entry:" not in output
    assert len(re.findall(r"<section id=", document.html())) == len(seed_library.entries)
