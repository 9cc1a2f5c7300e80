"""Hostile bodies, terms and categories: nothing active reaches the view, nothing is fetched."""

from __future__ import annotations

import re
import socket
import time

import pytest

from glossapp.glossary.library import Library
from glossapp.glossary.model import Entry
from glossapp.render.renderer import Renderer, body_html, body_plain_text
from tests.render.helpers import read_html

ACTIVE_TAG = re.compile(
    r"<\s*(script|style|iframe|img|form|input|object|embed|link|meta|svg)\b", re.I
)
EVENT_HANDLER = re.compile(r"<[^>]*\son\w+\s*=", re.I)

RAW_HTML_BODIES = [
    "<script>alert('x')</script>",
    "Text <script src='http://evil.example/x.js'></script> after",
    "<style>body { display: none }</style>",
    '<iframe src="http://evil.example/"></iframe>',
    '<img src="http://evil.example/pixel.png" onerror="alert(1)">',
    '<form action="http://evil.example/"><input name="q"></form>',
    '<div onclick="alert(1)">click</div>',
    '<a href="javascript:alert(1)">raw link</a>',
    "<svg onload=alert(1)>",
    "<!-- comment --><?php echo 1; ?>",
    "- <script>alert(1)</script> in a list\n| <b onmouseover=x>cell</b> | two |\n| --- | --- |",
    "<scr<script>ipt>alert(1)</script>",
]


def _entry(body: str, term: str = "hostile", category: str = "test", aliases=()) -> Entry:
    return Entry(
        id=f"id-{abs(hash((term, body))) % 10**8}",
        term=term,
        title=term,
        category=category,
        aliases=tuple(aliases),
        body=body,
        source="/tmp/hostile.txt",
        line=1,
    )


def _renderer(*entries: Entry) -> Renderer:
    return Renderer(Library(entries=list(entries), _by_id={e.id: e for e in entries}))


def _assert_inert(rendered: str) -> None:
    assert not ACTIVE_TAG.search(rendered), rendered
    assert not EVENT_HANDLER.search(rendered), rendered
    assert "javascript:" not in "".join(href for href, _ in read_html(rendered).links)


@pytest.mark.parametrize("body", RAW_HTML_BODIES)
def test_raw_html_in_bodies_is_shown_as_text(body):
    entry = _entry(body)
    renderer = _renderer(entry)
    for rendered in (renderer.html(entry), renderer.clipboard_html(entry, citation=True)):
        _assert_inert(rendered)
    # The reader still sees what the author wrote, as text.
    visible = body_plain_text(body)
    assert "<" in visible or "comment" in visible


def test_raw_html_text_survives_in_plain_text_and_markdown():
    entry = _entry("Use <b>bold</b> & <script>x</script> here.")
    renderer = _renderer(entry)
    assert "Use <b>bold</b> & <script>x</script> here." in renderer.plain_text(entry)
    markdown = renderer.markdown(entry)
    assert "<script>" not in markdown and "&lt;script>" in markdown


def test_markdown_output_leaves_code_alone():
    entry = _entry("Inline `<b>` code.\n```\n<div> diagram </div>\n```")
    markdown = _renderer(entry).markdown(entry)
    assert "`<b>`" in markdown and "<div> diagram </div>" in markdown


def test_html_in_term_title_category_and_aliases_is_escaped():
    entry = Entry(
        id="x1",
        term="<script>alert(1)</script>",
        title='<img src="http://evil.example/t.png">',
        category="<iframe src=x>",
        aliases=("<b onmouseover=alert(1)>alias</b>",),
        body="Body.",
        source="/tmp/<evil>.txt",
        line=1,
    )
    renderer = _renderer(entry)
    for rendered in (renderer.html(entry), renderer.clipboard_html(entry, citation=True)):
        _assert_inert(rendered)
        assert "&lt;script&gt;" in rendered or "&lt;img" in rendered


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java&#115;cript:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](vbscript:msgbox)",
        "[x](file:///etc/passwd)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](//evil.example/)",
        "[x](relative/path.html)",
        "[x](entry:someid)",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "<file:///etc/passwd>",
    ],
)
def test_unsafe_links_become_inert_text(link):
    rendered = body_html(link)
    assert read_html(rendered).links == []
    assert "href" not in rendered
    assert "x" in body_plain_text(link) or "alert" in body_plain_text(link) or "etc" in rendered


@pytest.mark.parametrize(
    ("link", "href"),
    [
        ("[site](https://example.com/a?b=1&c=2)", "https://example.com/a?b=1&c=2"),
        ("[site](http://example.com)", "http://example.com"),
        ("[mail](mailto:someone@example.com)", "mailto:someone@example.com"),
        ("<https://example.com/auto>", "https://example.com/auto"),
        ("<someone@example.com>", "mailto:someone@example.com"),
    ],
)
def test_http_https_and_mailto_links_stay_links(link, href):
    assert [found for found, _ in read_html(body_html(link)).links] == [href]


def test_images_never_load(monkeypatch):
    body = "![diagram](http://evil.example/x.png) and ![local](file:///etc/x.png)"
    rendered = body_html(body)
    assert "<img" not in rendered and "src=" not in rendered
    assert "diagram" in body_plain_text(body)


def test_text_after_an_image_is_kept():
    assert body_plain_text("see ![alt](i.png) then words") == "see [alt] then words"


def test_rendering_never_touches_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("rendering tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    entries = [_entry(body, term=f"t{i}") for i, body in enumerate(RAW_HTML_BODIES)]
    entries.append(_entry("![x](http://evil.example/x.png) <http://example.com>", term="img"))
    renderer = _renderer(*entries)
    for entry in entries:
        renderer.html(entry)
        renderer.clipboard_html(entry)
        renderer.plain_text(entry)


# Deeply nested input must render (flattened) quickly and without RecursionError. The
# time bound is deliberately loose: it only catches a quadratic or exponential blow-up.
DEEP_INPUTS = {
    "1000-level list": "\n".join("  " * i + f"- level {i}" for i in range(1000)),
    "1000-level list, 4-space steps": "\n".join("    " * i + f"- level {i}" for i in range(1000)),
    "1000 markers on one line": "- " * 1000 + "level 999",
    "1000 numbered markers": "1. " * 1000 + "level 999",
    "10,000 nested quotes": ">" * 10000 + " level 999",
    "10,000 spaced quotes": "> " * 10000 + "level 999",
    "10,000 brackets": "[" * 10000 + "level 999" + "]" * 10000,
    "10,000 parentheses in a link": "[level 999](" + "(" * 10000 + ")" * 10000 + ")",
    "10,000 open brackets": "[" * 10000 + "level 999",
    "5,000 nested links": "[" * 5000 + "level 999" + "](http://a.example)" * 5000,
    "10,000 emphasis markers": "*" * 10000 + "level 999" + "*" * 10000,
    "mixed quote and list markers": "> - " * 5000 + "level 999",
    "10,000 backticks": "Code " + "`" * 10000 + " level 999",
}


@pytest.mark.parametrize("body", DEEP_INPUTS.values(), ids=DEEP_INPUTS.keys())
def test_deeply_nested_input_degrades_without_recursion(body):
    started = time.perf_counter()
    rendered = body_html(body)
    plain = body_plain_text(body)
    elapsed = time.perf_counter() - started
    assert "level 999" in plain
    assert read_html(rendered).max_depth <= 40
    assert elapsed < 10, f"took {elapsed:.1f}s"


def test_deep_list_keeps_every_item_and_caps_nesting():
    body = DEEP_INPUTS["1000-level list"]
    reader = read_html(body_html(body))
    assert reader.tags["li"] == 1000
    assert reader.tags["ul"] <= 8


def test_a_failed_conversion_does_not_poison_the_next(monkeypatch):
    from glossapp.render import renderer as render

    monkeypatch.setattr(render, "normalise_markdown", lambda body: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        render.body_html("**x**")
    monkeypatch.undo()
    assert render.body_html("**x**") == "<p><strong>x</strong></p>"


def test_very_long_bodies_are_converted_in_pieces_between_blocks():
    from glossapp.render.renderer import split_long_markdown

    fence = "```\n" + "\n".join(f"diagram {i}" for i in range(3000)) + "\n```"
    table = "| a | b |\n| --- | --- |\n" + "\n".join(f"| {i} | x |" for i in range(2000))
    items = "\n".join(f"- item {i}" for i in range(5000))
    text = "\n\n".join((fence, table, items))
    pieces = split_long_markdown(text, max_lines=1000)
    assert "\n".join(pieces) == text
    assert [pieces[0].strip(), pieces[1].strip()] == [fence, table]  # never cut inside them
    assert all(piece.startswith("- item") for piece in pieces[2:]) and len(pieces) > 4


def test_long_bodies_are_never_cut_inside_a_fence_that_quotes_a_fence():
    from glossapp.markdown.normalise import normalise_markdown
    from glossapp.render.renderer import split_long_markdown

    quoted = "\n".join(f"quoted line {i}" for i in range(50))
    fence = f"```\n```python\n\n{quoted}\n```"  # the ```python line is content
    text = normalise_markdown("\n\n".join(["intro", fence, "after"] * 3))
    pieces = split_long_markdown(text, max_lines=10)
    assert "\n".join(pieces) == text and len(pieces) > 1
    for piece in pieces:
        assert piece.count("```\n```python") == piece.count("quoted line 49\n```")


def test_a_twenty_thousand_item_list_keeps_every_item():
    rendered = body_html("\n".join(f"- item {i}" for i in range(20000)))
    assert rendered.count("<li>") == 20000 and "item 19999" in rendered
