"""Odd names (`<script>`, `**bold** [x](javascript:...)`, `c|n>k`) show as the literal text
they are in every output, and cross-links to them stay well-formed HTML."""

from __future__ import annotations

import markdown
import pytest
from markdown_it import MarkdownIt

from glossapp.glossary import library
from glossapp.glossary.parser import parse_text
from glossapp.render.renderer import Renderer
from tests.render.helpers import FIXTURES, read_html

SCRIPT = "<script>alert(1)</script>"
BOLD_LINK = "**bold term** [x](javascript:alert(2))"
ODD = [SCRIPT, BOLD_LINK, "c|n>k", "\\begin", "[incr tcl]", "a* search", "&amp;", "~~x~~"]


@pytest.fixture(scope="module")
def odd_library():
    text = "".join(f"{name}, odd\nA definition of this odd name.\n" for name in ODD)
    text += "mentions, odd\nCompare c|n>k with a* search, and with [incr tcl] or un*x.\n"
    result = parse_text(text, "odd.txt")
    assert [entry.term for entry in result.entries] == [*ODD, "mentions"]
    return library.Library.from_files([library.SourceFile(path=FIXTURES, entries=result.entries)])


@pytest.fixture(scope="module")
def renderer(odd_library):
    return Renderer(odd_library)


def _entry(odd_library, term):
    return next(entry for entry in odd_library.entries if entry.term == term)


def _text_of(html: str, tag: str) -> list[str]:
    """The text of every `tag` element in `html`."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Reader(HTMLParser):
        depth = 0

        def handle_starttag(self, name, attrs):
            if name == tag:
                self.depth += 1
                found.append("")

        def handle_endtag(self, name):
            if name == tag:
                self.depth -= 1

        def handle_data(self, data):
            if self.depth:
                found[-1] += data

    Reader(convert_charrefs=True).feed(html)
    return found


@pytest.mark.parametrize("name", ODD)
def test_title_in_the_detail_pane_is_the_literal_name(odd_library, renderer, name):
    rendered = renderer.html(_entry(odd_library, name))
    assert _text_of(rendered, "h1") == [name]
    assert "<script" not in rendered
    assert all(href.startswith("entry:") for href, _ in read_html(rendered).links)


@pytest.mark.parametrize("name", ODD)
def test_title_in_clipboard_html_is_the_literal_name(odd_library, renderer, name):
    rendered = renderer.clipboard_html(_entry(odd_library, name), citation=True)
    assert _text_of(rendered, "h2") == [name]
    assert "<script" not in rendered and "<a " not in rendered


@pytest.mark.parametrize("name", ODD)
def test_title_in_markdown_renders_back_as_the_literal_name(odd_library, renderer, name):
    text = renderer.markdown(_entry(odd_library, name), citation=True)
    assert text.startswith("# ")
    # Python-Markdown, and CommonMark with GFM's tables and strikethrough
    commonmark = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for rendered in (markdown.markdown(text, extensions=["tables"]), commonmark.render(text)):
        assert _text_of(rendered, "h1") == [name]
        for tag in ("<a ", "<strong>", "<script", "<del>", "<s>", "<table", "<img"):
            assert tag not in rendered
        assert rendered.count("<em>") == 1  # the category and glossary line, by design


@pytest.mark.parametrize("name", ODD)
def test_plain_text_starts_with_the_literal_name(odd_library, renderer, name):
    text = renderer.plain_text(_entry(odd_library, name), citation=True)
    assert text.split("\n")[0] == name
    assert text.rstrip().endswith(f"— {name}, odd")


def test_cross_links_to_odd_names_are_well_formed(odd_library, renderer):
    rendered = renderer.linked_body_html(_entry(odd_library, "mentions"))
    reader = read_html(rendered)
    by_text = {text: href for href, text in reader.links}
    assert set(by_text) >= {"c|n>k", "a* search"}
    assert by_text["c|n>k"].startswith("entry:")
    assert "c|n&gt;k</a>" in rendered  # escaped inside the link, not a stray tag
    assert reader.blocks == ["Compare c|n>k with a* search, and with [incr tcl] or un*x."]


def test_related_lists_show_odd_names_as_text(odd_library, renderer):
    described = {f"{name} (odd)" for name in [*ODD, "mentions"]}
    for entry in odd_library.entries:
        rendered = renderer.html(entry)
        links = read_html(rendered).links
        assert links, entry.term  # every entry has "See also" links to other odd names
        for href, text in links:
            assert href.startswith("entry:")
            assert text in described or text in ODD, text
        assert "<script" not in rendered


def test_the_symbol_fixture_loads_every_odd_term():
    loaded = library.load([FIXTURES / "symbol-terms.txt"])
    terms = [entry.term for entry in loaded.entries]
    assert SCRIPT in terms and BOLD_LINK in terms and "c#" in terms and len(terms) == 30
    assert loaded.diagnostics == []
