"""The peer: SQLite FTS5 (porter stemming, bm25) over the same plain text and queries."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

from glossapp.search.whoosh.analysis import TOKEN_RE
from glossapp.util.textnorm import fold

_PHRASE_RE = re.compile(r'"([^"]+)"')
FEW_HITS = 3


def build(names: Sequence[str], categories: Sequence[str], bodies: Sequence[str]):
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(name, category, body, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    connection.executemany(
        "INSERT INTO docs(rowid, name, category, body) VALUES (?, ?, ?, ?)",
        ((i, n, c, b) for i, (n, c, b) in enumerate(zip(names, categories, bodies, strict=True))),
    )
    connection.commit()
    return connection


def _match_expression(text: str, joiner: str) -> str | None:
    phrases = _PHRASE_RE.findall(text)
    if phrases:
        words = [" ".join(TOKEN_RE.findall(fold(p))) for p in phrases]
        return joiner.join(f'"{w}"' for w in words if w) or None
    words = TOKEN_RE.findall(fold(text))[:16]
    if not words:
        return None
    terms = [f'"{w}"' for w in words]
    if not text[-1:].isspace() and len(words[-1]) >= 2:
        terms[-1] += "*"  # the same as-you-type treatment as ours
    return joiner.join(terms)


def search(connection, text: str, limit: int = 50) -> list[int]:
    """Row numbers, best first: all words, then any word when that finds little."""
    found: list[int] = []
    for joiner in (" ", " OR "):
        expression = _match_expression(text, joiner)
        if expression is None:
            break
        rows = connection.execute(
            "SELECT rowid, snippet(docs, 2, '<b>', '</b>', '…', 24) FROM docs "
            "WHERE docs MATCH ? ORDER BY bm25(docs, 6.0, 2.0, 1.0) LIMIT ?",
            (expression, limit),
        ).fetchall()
        found += [row for row, _ in rows if row not in found]
        if len(found) >= FEW_HITS or joiner != " ":
            break
    return found[:limit]
