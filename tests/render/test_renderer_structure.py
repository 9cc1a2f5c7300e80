"""Every seed entry, and glossaries in other styles, render as real lists, tables and code."""

from __future__ import annotations

import pytest

from glossapp.glossary import library
from glossapp.render.crosslinks import prose
from glossapp.render.renderer import Renderer, body_html
from tests.render.helpers import FIXTURES, leftover_markers, read_html, source_has

FIXTURE_FILES = sorted(FIXTURES.glob("*"))


@pytest.fixture(scope="module")
def seed_renderer(seed_library):
    return Renderer(seed_library)


def _assert_faithful(entry, rendered: str) -> None:
    reader = read_html(rendered)
    body = prose(entry.body)  # markers inside fences are not Markdown
    if source_has(body, r"^\s*([-*+]|\d+[.)]) \S"):
        assert reader.tags.get("li", 0) > 0, entry.term
        assert reader.tags.get("ul", 0) + reader.tags.get("ol", 0) > 0, entry.term
    if source_has(body, r"^\s*\d+[.)] \S"):
        assert reader.tags.get("ol", 0) > 0, entry.term
    assert reader.li_outside_list == 0, entry.term
    if source_has(body, r"^\s*\|.*\|\s*$"):
        assert reader.tags.get("table", 0) > 0, entry.term
        assert reader.tags.get("th", 0) > 0, entry.term
    fences = body.count("```") // 2
    assert reader.tags.get("pre", 0) >= fences, entry.term
    assert leftover_markers(rendered) == [], entry.term


def test_seed_has_lists_tables_and_fences_to_check(seed_library):
    bodies = "\n".join(entry.body for entry in seed_library.entries)
    assert source_has(bodies, r"^- \*\*") and source_has(bodies, r"^1\. \*\*")
    assert source_has(bodies, r"^\| ---|^\|-{3}") and "```" in bodies


def test_every_seed_entry_renders_lists_tables_and_fences(seed_library, seed_renderer):
    for entry in seed_library.entries:
        _assert_faithful(entry, seed_renderer.html(entry))


def test_seed_tables_keep_every_row(seed_library):
    entry = seed_library.with_term("multilingual nlp")[0]
    reader = read_html(body_html(entry.body))
    body_rows = [line for line in entry.body.splitlines() if line.startswith("|")]
    separators = [line for line in body_rows if set(line) <= set("|-: ")]
    assert reader.tags["tr"] == len(body_rows) - len(separators)


def test_seed_ascii_diagrams_stay_verbatim(seed_library, seed_renderer):
    entry = seed_library.with_term("multimodal fusion")[0]
    rendered = seed_renderer.html(entry)
    assert "[Image patches] + [Text tokens] → [Concatenated sequence]\n↓\n" in rendered
    assert "Cons: O(N_text × N_image) computation" in rendered  # underscores not emphasis
    plain = seed_renderer.plain_text(entry)
    assert "[Image] → [Vision Encoder] → [Image embedding]\n[Text] → [Text Encoder]" in plain


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_glossaries_in_other_styles_render_faithfully(path):
    loaded = library.load([path])
    assert loaded.entries, path
    renderer = Renderer(loaded)
    for entry in loaded.entries:
        # the body only: names such as `**bold term**` are shown as the literal text they
        # are in the header and the related lists (tests/render/test_literal_names.py)
        _assert_faithful(entry, renderer.linked_body_html(entry))


def _fixture_entry(term: str):
    loaded = library.load(FIXTURE_FILES)
    return loaded, loaded.with_term(term)[0]


def test_blank_line_style_keeps_hard_wrapped_paragraphs_whole():
    loaded, entry = _fixture_entry("photolithography")
    reader = read_html(Renderer(loaded).html(entry))
    assert any("mask onto a wafer coated with" in " ".join(b.split()) for b in reader.blocks)


def test_nested_lists_nest(seed_library):
    loaded, entry = _fixture_entry("photolithography")
    rendered = Renderer(loaded).html(entry)
    assert "<li>Edge bead removal keeps the rim clean.<ul>\n<li>Deeper still" in rendered
    # A bullet list nested in a numbered one, and a numbered list after a bullet list.
    assert "scanner.<ul>\n<li>Scanners move mask" in rendered
    assert "</ul>\n<ol>\n<li><strong>Align</strong>" in rendered


def test_tight_style_nested_and_ordered_lists():
    loaded, entry = _fixture_entry("chemical mechanical planarization")
    rendered = Renderer(loaded).html(entry)
    assert "solution.<ul>\n<li>Oxide slurry uses silica.</li>" in rendered
    assert "pressure.<ol>\n<li>Main polish removes bulk material.</li>" in rendered
    assert "<li>Pad conditioning restores roughness.</li>" in rendered


def test_other_list_markers_and_fence_styles():
    loaded, wafer = _fixture_entry("wafer")
    rendered = Renderer(loaded).html(wafer)
    assert "<li>Plus-sign bullets work too.</li>" in rendered
    assert "<ol>\n<li>Parenthesised numbers also make a list.</li>" in rendered
    assert "|  &lt;- slurry (a &lt; b &amp;&amp; c &gt; d)" in rendered
    _, etch = _fixture_entry("etch selectivity")
    etch_html = Renderer(loaded).html(etch)
    assert "<h2>Definition</h2>" in etch_html and "<h3>Notes</h3>" in etch_html
    assert "<li>Tab-nested item.</li>" in etch_html
    assert "rate(A) / rate(B) --&gt; selectivity" in etch_html


def test_indented_code_and_item_paragraphs_in_blank_line_style():
    loaded, entry = _fixture_entry("euv lithography")
    rendered = Renderer(loaded).html(entry)
    assert "<pre><code>indented code block kept as code\nsecond line of it" in rendered
    assert "<p>A second paragraph inside the last item, indented under it.</p>\n</li>" in rendered
