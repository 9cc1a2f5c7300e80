"""Query syntax (quotes, parentheses, `field:`, `prefix*`, AND/OR/NOT) through Whoosh's parser.

The parser runs with its risky plugins removed (wildcards, ranges, boosts); `prefix*`
is replaced first by the words the caller says it stands for, so Whoosh never ORs
thousands of terms. Field aliases (`title:`, `term:`, `alias:`) mean `name:`; only the
text fields may be named. Phrases on bodies become "all these words" (bodies have no
positions). Public Whoosh API only (`qparser`, `query`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq

from glossapp.search.whoosh.index import TEXT_FIELDS, WORD_FIELDS
from glossapp.util.textnorm import fold

_PREFIX_SYNTAX_RE = re.compile(r"(\w+)\*")
_LEFTOVER_WILDCARDS_RE = re.compile(r"[*?~\[\]{}^]")
_NAME_FIELD_ALIASES_RE = re.compile(r"\b(?:title|term|alias|aliases):")
_ALLOWED_FIELDS = set(TEXT_FIELDS)


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A syntax query Whoosh parsed, ready to rank; `terms` are what to bold in snippets."""

    query: Any  # a whoosh.query.Query (Whoosh is untyped)
    terms: tuple[str, ...]


def parse_syntax(
    text: str, schema: Any, prefix_words: Callable[[str], list[str]]
) -> ParsedQuery | None:
    """`text` parsed against `schema`; None when it does not parse cleanly.

    `prefix_words(folded prefix)` gives the words a `prefix*` stands for (none: the
    prefix itself is searched as a word).
    """
    from whoosh import qparser  # imported here: the rare syntax query pays for the parser

    def expand(found: re.Match[str]) -> str:
        prefix = fold(found.group(1))
        words = prefix_words(prefix)
        if not words:
            return prefix
        return "(" + " OR ".join(words) + ")"

    rewritten = _NAME_FIELD_ALIASES_RE.sub("name:", text)
    rewritten = _PREFIX_SYNTAX_RE.sub(expand, rewritten)
    rewritten = _LEFTOVER_WILDCARDS_RE.sub(" ", rewritten)
    parser = qparser.MultifieldParser(list(WORD_FIELDS), schema)
    parser.remove_plugin_class(qparser.WildcardPlugin)
    parser.remove_plugin_class(qparser.RangePlugin)
    parser.remove_plugin_class(qparser.BoostPlugin)
    try:
        parsed = parser.parse(rewritten)
    except Exception:  # noqa: BLE001 - malformed syntax means "plain words"
        return None
    if parsed is None or parsed is wq.NullQuery or not _has_terms(parsed):
        return None
    if not _fields_allowed(parsed):
        return None
    query = _without_body_positions(parsed)
    terms = tuple(
        text.decode("utf-8") if isinstance(text, bytes) else text
        for _, text in query.iter_all_terms()
    )
    return ParsedQuery(query, terms)


def _without_body_positions(node: Any) -> Any:
    """Phrases on bodies become "all these words": bodies are indexed without positions.

    Positions would make the index larger and its build slower for one use: a phrase
    inside a larger syntax query. A lone quoted phrase is still matched exactly (the
    engine checks the stored text); names keep their positions.
    """
    if isinstance(node, wq.Phrase) and node.fieldname == "body":
        return wq.And([wq.Term("body", word) for word in node.words], boost=node.boost)
    if node.children():
        return node.apply(_without_body_positions)
    return node


def _has_terms(parsed: Any) -> bool:
    try:
        return any(True for _ in parsed.iter_all_terms())
    except Exception:  # noqa: BLE001
        return False


def _fields_allowed(parsed: Any) -> bool:
    return all(name in _ALLOWED_FIELDS for name, _ in parsed.iter_all_terms())
