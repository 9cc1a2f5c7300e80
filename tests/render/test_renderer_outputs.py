"""The three outputs (detail HTML, Markdown, plain text), clipboard HTML and stylesheets."""

from __future__ import annotations

import re

import markdown
import pytest

from glossapp.glossary.library import Library
from glossapp.glossary.model import Entry
from glossapp.render.renderer import (
    Renderer,
    body_html,
    body_plain_text,
    normalise_markdown,
    stylesheet,
)
from tests.conftest import FENCE_IN_FENCE_BODY
from tests.render.helpers import leftover_markers, read_html

TIGHT_BODY = (
    "**Wafer** is a slice.\n"
    "**Kinds**\n"
    "- **Prime**: best grade.\n"
    "- **Test**: for monitoring.\n"
    "1. **Cut** the ingot.\n"
    "2. **Polish** both sides.\n"
    "| Size | Year |\n"
    "|------|------|\n"
    "| 200 mm | 1990 |\n"
    "| 300 mm | 2001 |\n"
    "```\n"
    "[ingot] --> [saw] --> [wafer]\n"
    "   |            ^\n"
    "```\n"
    "Closing line."
)


def _entry(body: str, term: str = "wafer", **fields) -> Entry:
    values = dict(
        id=f"id-{term}-{fields.get('category', '')}",
        term=term,
        title=fields.pop("title", term.title()),
        category="materials",
        aliases=("substrate", "slice"),
        body=body,
        source="/data/fab-glossary.txt",
        line=3,
    )
    values.update(fields)
    return Entry(**values)


def _renderer(*entries: Entry) -> Renderer:
    return Renderer(Library(entries=list(entries), _by_id={e.id: e for e in entries}))


# ------------------------------------------------------------------ normalisation


def test_normalise_separates_blocks_and_keeps_lists_tables_fences_together():
    normalised = normalise_markdown(TIGHT_BODY)
    blocks = normalised.split("\n\n")
    assert blocks[0] == "**Wafer** is a slice."
    assert blocks[1] == "**Kinds**"
    assert blocks[2] == "- **Prime**: best grade.\n- **Test**: for monitoring."
    assert blocks[3] == "1. **Cut** the ingot.\n2. **Polish** both sides."
    assert blocks[4].count("\n") == 3 and blocks[4].startswith("| Size")
    assert blocks[5] == "```\n[ingot] --> [saw] --> [wafer]\n   |            ^\n```"
    assert blocks[6] == "Closing line."


def test_normalise_is_idempotent(seed_library):
    for entry in seed_library.entries:
        once = normalise_markdown(entry.body)
        assert normalise_markdown(once) == once, entry.term


def test_normalise_reindents_nested_lists_to_four_spaces():
    body = "- a\n  - b\n    - c\n  - d\n- e"
    assert normalise_markdown(body) == "- a\n    - b\n        - c\n    - d\n- e"


# ------------------------------------------------------------------ Markdown output


def test_markdown_output_renders_correctly_in_a_plain_markdown_converter(seed_library):
    """What a wiki or GitHub does with the pasted text: no pre-pass of ours involved."""
    renderer = Renderer(seed_library)
    for entry in seed_library.entries:
        pasted = renderer.markdown(entry, citation=True)
        html = markdown.markdown(pasted, extensions=["tables", "fenced_code"])
        assert leftover_markers(html) == [], entry.term
        if "\n- " in entry.body:
            assert "<li>" in html, entry.term
        if "\n|" in entry.body:
            assert "<table>" in html, entry.term


def test_markdown_output_has_header_blank_lines_and_citation():
    entry = _entry(TIGHT_BODY)
    text = _renderer(entry).markdown(entry, citation=True)
    assert text.startswith(
        "# Wafer\n\n*materials · fab-glossary*\n\nAlso known as: substrate, slice\n\n"
    )
    assert "\n\n**Kinds**\n\n- **Prime**" in text
    assert text.rstrip().endswith("— Wafer, fab-glossary")
    assert "— Wafer" not in _renderer(entry).markdown(entry)


# ------------------------------------------------------------------ plain text


def test_plain_text_has_no_markers_bullets_and_aligned_tables():
    entry = _entry(TIGHT_BODY)
    text = _renderer(entry).plain_text(entry)
    assert "**" not in text and "| ---" not in text and "|---" not in text
    assert not re.search(r"^\s*- ", text, re.M)
    assert "• Prime: best grade.\n• Test: for monitoring." in text
    assert "1. Cut the ingot.\n2. Polish both sides." in text
    table = [line for line in text.splitlines() if line.startswith(("Size", "200", "300", "─"))]
    assert table == [
        "Size    Year",
        "──────  ────",
        "200 mm  1990",
        "300 mm  2001",
    ]
    assert "[ingot] --> [saw] --> [wafer]\n   |            ^" in text  # code kept as is


def test_plain_text_header_and_citation():
    entry = _entry("Body.")
    text = _renderer(entry).plain_text(entry, citation=True)
    assert text.splitlines()[:3] == [
        "Wafer",
        "materials · fab-glossary",
        "Also known as: substrate, slice",
    ]
    assert text.rstrip().endswith("— Wafer, fab-glossary")


def test_body_plain_text_for_the_search_index(seed_library):
    for entry in seed_library.entries:
        text = body_plain_text(entry.body)
        assert "**" not in text and "| ---" not in text and "|---" not in text, entry.term
        assert not re.search(r"^- ", text, re.M), entry.term
    assert body_plain_text("- **a**\n  - b") == "• a\n  • b"
    assert body_plain_text("Use `x**2`.") == "Use x**2."  # code as is


def test_plain_text_aligns_wide_characters():
    text = body_plain_text("| Word | Gloss |\n|---|---|\n| 猫 | cat |\n| gato | cat |")
    lines = text.splitlines()
    assert lines[2] == "猫    cat" and lines[3] == "gato  cat"


# ------------------------------------------------------------------ detail HTML


def test_html_header_block_shows_title_term_category_aliases_and_source():
    entry = _entry("Body.", title="Silicon Wafer")
    html = _renderer(entry).html(entry)
    header = html.split('<div class="entry-body">')[0]
    for shown in ("Silicon Wafer", ">wafer<", "materials", "fab-glossary", "substrate, slice"):
        assert shown in header


def test_duplicates_are_told_apart():
    first = _entry("One.", term="multirc", category="evaluation", id="a", title="MultiRC")
    second = _entry("Two.", term="multirc", category="evaluation", id="b", title="MultiRC", line=40)
    renderer = _renderer(first, second)
    assert renderer.duplicates(second) == [first, second]
    html = renderer.html(second)
    assert "Entry 2 of 2" in html and 'href="entry:a"' in html and "line 3" in html
    solo = _entry("Solo.", term="solo")
    assert "entry-duplicates" not in _renderer(solo).html(solo)


def test_html_is_cached_per_entry():
    entry = _entry(TIGHT_BODY)
    renderer = _renderer(entry)
    assert renderer.html(entry) is renderer.html(entry)


def test_html_uses_what_qtextbrowser_renders():
    entry = _entry(TIGHT_BODY + "\n```python\nx = [1, 2]  # list\n```")
    html = _renderer(entry).html(entry)
    reader = read_html(html)
    assert set(reader.tags) <= {
        "table", "tr", "td", "th", "thead", "tbody", "h1", "h2", "h3", "p", "span", "div",
        "ul", "ol", "li", "pre", "code", "a", "strong", "em", "blockquote", "hr", "br",
    }  # fmt: skip
    assert '<table class="md" border="1"' in html
    assert re.search(r'<span class="hl-\w+">#\s*list</span>', html)  # Pygments spans
    assert (
        "--&gt; [saw]" in html and 'class="hl-' not in html.split("[ingot]")[1].split("</pre>")[0]
    )


def test_clipboard_html_has_inline_styles_and_no_internal_links():
    wafer = _entry("A wafer.\n```python\nx = 1\n```", term="wafer", id="w")
    reader = _entry(TIGHT_BODY.replace("Closing", "About the wafer"), term="reader", id="r")
    renderer = _renderer(wafer, reader)
    assert 'href="entry:w"' in renderer.html(reader)
    clip = renderer.clipboard_html(reader, citation=True)
    assert "entry:" not in clip and "class=" not in clip
    for tag in ("table", "th", "td", "pre", "ul", "ol", "li", "p"):
        assert re.search(rf"<{tag}\b[^>]*style=\"", clip), tag
    assert "— Reader, fab-glossary" in clip
    highlighted = renderer.clipboard_html(wafer)
    assert re.search(r'<span style="color: #[0-9A-Fa-f]{3,6}', highlighted)


# ------------------------------------------------------------------ stylesheets


def test_stylesheets_for_both_themes():
    light, dark = stylesheet("light"), stylesheet("dark")
    assert light != dark
    for css in (light, dark):
        assert "h1.entry-title" in css and "pre {" in css and ".hl-k" in css
        assert "display: flex" not in css
    with pytest.raises(ValueError):
        stylesheet("purple")


def test_fences_with_unknown_or_plain_languages_stay_verbatim():
    entry = _entry("```nosuchlang\na <b> c\n```\n```text\n-> [x]\n```")
    html = _renderer(entry).html(entry)
    assert "<pre><code>a &lt;b&gt; c</code></pre>" in html
    assert "<pre><code>-&gt; [x]</code></pre>" in html
    assert "hl-" not in html


def test_fence_info_strings_are_reduced_to_the_language():
    assert normalise_markdown("```python title='x.py'\nx = 1\n```") == "```python\nx = 1\n```"
    assert normalise_markdown("```{.python}\nx\n```") == "```python\nx\n```"


def test_background_colour_comes_from_the_theme_css():
    from glossapp.render.renderer import background_color

    assert background_color("light") == "#ffffff"
    assert background_color("dark") == "#0d1117"


def test_an_opening_line_inside_a_fence_renders_as_code():
    html = body_html(FENCE_IN_FENCE_BODY)
    assert html.count("<pre>") == 1
    assert "<pre><code>Write it as:\n```python\nprint(1)\n</code></pre>" in html
    assert html.endswith("<p>A real mention of Target Thing here.</p>")


def test_also_known_as_lists_the_acronyms_a_definition_introduces(tmp_path):
    from glossapp.glossary import library
    from glossapp.render.renderer import Renderer, also_known_as

    path = tmp_path / "net.txt"
    path.write_text(
        "network address translation, networking\n"
        "**Network Address Translation**\n\n"
        "Also: NAT\n\n"
        "A technique in which a router rewrites addresses.\n",
        encoding="utf-8",
    )
    loaded = library.load([path])
    (entry,) = loaded.entries
    assert also_known_as(entry) == ["NAT"]
    renderer = Renderer(loaded)
    assert "Also known as: NAT" in renderer.plain_text(entry)
    assert "Also known as: NAT" in renderer.markdown(entry)
    assert "Also known as: NAT" in renderer.clipboard_html(entry)
    assert "Also known as: NAT" in renderer.html(entry)
