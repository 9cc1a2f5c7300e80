"""Typo corrections from the unstemmed vocabulary, with Whoosh's Levenshtein automata.

`corrections` builds Whoosh's automaton for "within n edits of this word, sharing its
first letters", turns it into a DFA and walks it over the vocabulary's sorted words
(`Vocabulary.first_at_or_after` is the seek the walk needs). Public Whoosh API
(`whoosh.automata`), no private attributes.
"""

from __future__ import annotations

from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton

from glossapp.search.vocabulary import Vocabulary


def corrections(
    vocabulary: Vocabulary, word: str, maxdist: int = 2, prefix: int = 1, limit: int = 3
) -> list[str]:
    """Known words within `maxdist` edits sharing `prefix` letters: nearest, then commonest."""
    ranked: dict[str, tuple[int, int]] = {}
    for distance in range(1, maxdist + 1):
        dfa = levenshtein_automaton(word, distance, prefix).to_dfa()
        for match in find_all_matches(dfa, vocabulary.first_at_or_after):
            if match != word and match not in ranked:
                ranked[match] = (distance, -vocabulary.frequency(match))
    return sorted(ranked, key=lambda w: (*ranked[w], w))[:limit]
