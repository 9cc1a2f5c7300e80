"""Query syntax through Whoosh's parser, with prefixes expanded by the caller."""

from whoosh import query as wq

from glossapp.search.whoosh.index import make_schema
from glossapp.search.whoosh.syntax import parse_syntax


def test_prefixes_aliases_and_body_phrases():
    schema = make_schema()
    parsed = parse_syntax('title:wafer AND "yield model" mult*', schema, lambda p: ["multi"])
    assert parsed is not None
    assert {"wafer", "multi"} <= set(parsed.terms)
    phrases = [node for node in _nodes(parsed.query) if isinstance(node, wq.Phrase)]
    assert phrases and all(node.fieldname == "name" for node in phrases)  # bodies: no positions


def test_what_does_not_parse_cleanly_is_none():
    schema = make_schema()
    assert parse_syntax("()", schema, lambda p: []) is None
    assert parse_syntax("plain:wafer", schema, lambda p: []) is None  # not a text field


def _nodes(node):
    yield node
    for child in node.children():
        yield from _nodes(child)
