"""Full-text queries as plain data: what the engine asks `search.whoosh` to rank.

The engine decides which passes to run (names, bodies, all words, any word, a phrase);
these classes say what each pass matches, without naming Whoosh. `search.whoosh` turns
them into Whoosh queries, or ranks a `FieldWords` on its own faster path, with the same
scores either way. Terms are indexed forms (stems), never user text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Term:
    """Documents whose `field` holds the indexed term `text`; scores scaled by `boost`."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class AllOf:
    """Documents matching every child; a document's score is the sum of theirs."""

    children: tuple[Query, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Documents matching at least one child; scores summed over the children matched."""

    children: tuple[Query, ...]


@dataclass(frozen=True, slots=True)
class Phrase:
    """Documents whose `field` holds `words` (indexed forms) in a row; needs positions."""

    field: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FieldWords:
    """Every clause in one field: a document needs one term of each clause.

    The same documents and scores as `AllOf` of `AnyOf`s of `Term`s in `field` (a
    one-term clause is that `Term` alone), which `as_query` builds.
    """

    field: str
    clauses: tuple[tuple[str, ...], ...]

    def as_query(self) -> Query:
        ors: list[Query] = [
            Term(self.field, terms[0])
            if len(terms) == 1
            else AnyOf(tuple(Term(self.field, t) for t in terms))
            for terms in self.clauses
        ]
        return ors[0] if len(ors) == 1 else AllOf(tuple(ors))


Query = Term | AllOf | AnyOf | Phrase | FieldWords
