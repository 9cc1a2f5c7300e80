"""The engine's query descriptions (`search.queries`) as Whoosh query objects.

One to one: `Term` -> `whoosh.query.Term`, `AllOf` -> `And`, `AnyOf` -> `Or`,
`Phrase` -> `Phrase`, `FieldWords` -> the `And` of `Or`s it stands for. Public Whoosh
API only.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq

from glossapp.search.queries import AllOf, AnyOf, FieldWords, Phrase, Query, Term


def to_whoosh(query: Query) -> Any:
    """The `whoosh.query.Query` that matches and scores as `query` says."""
    if isinstance(query, Term):
        if query.boost != 1.0:
            return wq.Term(query.field, query.text, boost=query.boost)
        return wq.Term(query.field, query.text)
    if isinstance(query, AllOf):
        return wq.And([to_whoosh(child) for child in query.children])
    if isinstance(query, AnyOf):
        return wq.Or([to_whoosh(child) for child in query.children])
    if isinstance(query, Phrase):
        return wq.Phrase(query.field, list(query.words))
    if isinstance(query, FieldWords):
        return to_whoosh(query.as_query())
    raise TypeError(f"not a query: {query!r}")
