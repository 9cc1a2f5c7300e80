"""User text to full-text queries: plain words, the last word as a prefix, typos.

Plain words become an AND of per-word clauses over the name and body fields (`queries`,
plain data; `search.whoosh` runs them). The last word, while it is being typed, also
stands for the most frequent words that start with it (looked up in the unstemmed
vocabulary and stemmed one by one: Whoosh itself would stem the prefix, `vis*` -> `vi*`,
and OR thousands of terms). Words the index has never seen get corrections from the
same unstemmed vocabulary, used both for "did you mean" and for the typo fallback.

Text that looks like query syntax (quotes, parentheses, `field:`, `*`, AND/OR/NOT) is
parsed by `search.whoosh` (`IndexReader.parse`), with prefixes expanded here, the same
capped way (`prefix_words`). Anything the parser cannot make sense of is searched as
plain words.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from glossapp.search.queries import AllOf, AnyOf, FieldWords, Query, Term
from glossapp.search.vocabulary import Vocabulary
from glossapp.search.whoosh import TOKEN_RE, WORD_FIELDS, stem
from glossapp.util.textnorm import fold

MAX_QUERY_CHARS = 1_000
MAX_WORDS = 16
MIN_PREFIX = 2
# Longer "words" are pasted text, not typos; their edit automaton would be costly.
MAX_CORRECTED_LENGTH = 30
# Prefix expansion: look at this many lexicon words, keep the most frequent few.
PREFIX_SCAN = 200
PREFIX_KEEP = 6
# Completions of a prefix are always looked up in names (short posting lists), but in
# bodies only while the documents they occur in add up to this many: `mult` completes to
# `multiple`, `multi`... each in most of a large library, and ORing those made one query
# take seconds at 50,000 entries. Rare completions (`calibrat` -> `calibration`) fit.
BODY_COMPLETION_BUDGET = 2_000
# Description queries (this many words or more) are also looked for in first sentences.
LEAD_MIN_WORDS = 3
LEAD_ALL_BUT_ONE = 4
# A known word this rare, in a query of several, is checked for a far commoner spelling.
RARE_WORD = 3
RARER_BY = 10
_SYNTAX_RE = re.compile(r'["():*]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b')
_SINGLE_PHRASE_RE = re.compile(r'\s*"([^"*:()]+)"\s*')
# Entries with all of a phrase's words ranked before checking their text for the phrase.
PHRASE_CANDIDATES = 200
# `corrections(word, maxdist, prefix, limit)`: known words within `maxdist` edits of
# `word` sharing its first `prefix` letters, nearest then commonest (`IndexReader`'s).
Corrections = Callable[[str, int, int, int], list[str]]


@dataclass(slots=True)
class WordPlan:
    word: str  # folded, unstemmed
    stems: list[str]  # the word's own stem
    known: bool  # the vocabulary has it (or, for a prefix, something starting with it)
    completions: list[str] = field(default_factory=list)  # stems of words it starts
    body_completions: list[str] = field(default_factory=list)  # the rarer of those
    corrections: list[str] = field(default_factory=list)


def single_phrase(text: str) -> list[str] | None:
    """The words of a query that is one quoted phrase of two or more words, else None."""
    found = _SINGLE_PHRASE_RE.fullmatch(text[:MAX_QUERY_CHARS])
    if found is None:
        return None
    words = query_words(found.group(1))
    return words if len(words) >= 2 else None


def phrase_pattern(plans: list[WordPlan]) -> re.Pattern[str] | None:
    """The phrase's words in a row in plain text: any case, any separators, any ending.

    A word matches from the part it shares with its stem (`strategy` -> `strateg`, as
    the stem is `strategi`); stop words, which have no stem, must match as typed.
    """
    if len(plans) < 2:
        return None
    parts: list[str] = []
    for plan in plans:
        start = os.path.commonprefix([plan.word, plan.stems[0]]) if plan.stems else plan.word
        ending = r"\w*" if plan.stems else r"\b"
        parts.append(rf"\b{re.escape(start or plan.word)}{ending}")
    return re.compile(r"\W+".join(parts), re.IGNORECASE)


def phrase_test(plans: list[WordPlan]) -> Callable[[str], bool] | None:
    """Whether a text holds the phrase, as `phrase_pattern` finds it, but faster
    (`make bench`, "p50 phrase").

    Checking up to `PHRASE_CANDIDATES` stored texts is most of a phrase query's cost.
    On lower-cased text the pattern can start with the first word's letters instead of
    `\\b` (a look-behind after them does that job), and the regex engine then scans for
    them as a literal instead of trying the pattern at every position.
    """
    if len(plans) < 2:
        return None
    parts: list[str] = []
    for plan in plans:
        start = os.path.commonprefix([plan.word, plan.stems[0]]) if plan.stems else plan.word
        literal = re.escape(start or plan.word)
        ending = r"\w*" if plan.stems else r"\b"
        if not parts:  # later words follow \W+, which already gives them a boundary
            literal += rf"(?<!\w{literal})"
        parts.append(literal + ending)
    search = re.compile(r"\W+".join(parts)).search
    return lambda text: search(text.lower()) is not None


def looks_like_syntax(text: str) -> bool:
    return bool(_SYNTAX_RE.search(text))


def query_words(text: str) -> list[str]:
    return TOKEN_RE.findall(fold(text[:MAX_QUERY_CHARS]))[:MAX_WORDS]


def plan_words(vocabulary: Vocabulary, words: list[str], last_is_prefix: bool) -> list[WordPlan]:
    plans = []
    for position, word in enumerate(words):
        is_prefix = last_is_prefix and position == len(words) - 1 and len(word) >= MIN_PREFIX
        known = vocabulary.frequency(word) > 0
        stems = [s] if (s := stem(word)) else []
        completions: list[str] = []
        body_completions: list[str] = []
        if is_prefix:
            expanded = vocabulary.expand(word, PREFIX_SCAN, PREFIX_KEEP)
            completions = [c for c in dict.fromkeys(map(stem, expanded)) if c and c not in stems]
            known = known or bool(expanded)
            budget = BODY_COMPLETION_BUDGET
            for completion in sorted(expanded, key=vocabulary.frequency):
                budget -= vocabulary.frequency(completion)
                if budget < 0:
                    break
                stemmed = stem(completion)
                if stemmed and stemmed not in stems and stemmed not in body_completions:
                    body_completions.append(stemmed)
        plans.append(WordPlan(word, stems, known, completions, body_completions))
    return plans


def word_clause(plan: WordPlan, use_corrections: bool) -> Query | None:
    terms: list[Query] = [
        Term(name, s) for s in _stems(plan, use_corrections) for name in WORD_FIELDS
    ]
    terms += [Term("name", c) for c in plan.completions]
    terms += [Term("body", c) for c in plan.body_completions]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else AnyOf(tuple(terms))


def field_words(
    plans: list[WordPlan], fieldname: str, use_corrections: bool = False
) -> FieldWords | None:
    """Every word in one field: `name` (completions included) or `body` (rare ones only).

    One field per word keeps the matching flat, which is most of its cost on words found
    in thousands of documents, and lets `search.whoosh` rank it on its fast path.
    """
    clauses = field_words_clauses(plans, fieldname, use_corrections)
    if not clauses:
        return None
    return FieldWords(fieldname, tuple(tuple(terms) for terms in clauses))


def field_words_query(
    plans: list[WordPlan], fieldname: str, use_corrections: bool = False
) -> Query | None:
    """`field_words` as the plain query (an AND of per-word ORs) that ranks the same."""
    wanted = field_words(plans, fieldname, use_corrections)
    return wanted.as_query() if wanted is not None else None


def field_words_clauses(
    plans: list[WordPlan], fieldname: str, use_corrections: bool = False
) -> list[list[str]] | None:
    """`field_words` as lists: per word, the indexed terms any of which it matches."""
    clauses = []
    for plan in plans:
        stems = _stems(plan, use_corrections)
        completions = plan.completions if fieldname == "name" else plan.body_completions
        terms = [*stems, *completions]
        if not terms:
            if stems or plan.completions:
                return None  # this word cannot match in this field: neither can all of them
            continue  # a stop word
        clauses.append(terms)
    return clauses or None


def lead_queries(plans: list[WordPlan]) -> list[FieldWords]:
    """A description's words in definitions' first sentences (the `lead` field): all of
    them (three words or more, stop words aside), then, from four words, each set of all
    but one."""
    clauses = [(*plan.stems, *plan.body_completions) for plan in plans]
    clauses = [terms for terms in clauses if terms]
    if len(clauses) < LEAD_MIN_WORDS:
        return []
    queries = [FieldWords("lead", tuple(clauses))]
    for left_out in range(len(clauses) if len(clauses) >= LEAD_ALL_BUT_ONE else 0):
        queries.append(FieldWords("lead", tuple(clauses[:left_out] + clauses[left_out + 1 :])))
    return queries


def all_words_query(plans: list[WordPlan], use_corrections: bool = False) -> Query | None:
    clauses = [c for p in plans if (c := word_clause(p, use_corrections)) is not None]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else AllOf(tuple(clauses))


def any_words_query(plans: list[WordPlan], use_corrections: bool = False) -> Query | None:
    clauses = [c for p in plans if (c := word_clause(p, use_corrections)) is not None]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else AnyOf(tuple(clauses))


def joined_name_query(words: list[str]) -> Query | None:
    """`multi nli` as the one word `multinli`: names are indexed in compact form too."""
    if len(words) < 2:
        return None
    joined = stem("".join(words))
    return Term("name", joined, boost=2.0) if joined else None


def _stems(plan: WordPlan, use_corrections: bool) -> list[str]:
    if use_corrections and plan.corrections:
        corrected = [s for s in map(stem, plan.corrections) if s]
        return list(dict.fromkeys(plan.stems + corrected))
    return plan.stems


def correct(
    plans: list[WordPlan],
    corrections: Corrections,
    limit: int = 3,
    frequency: Callable[[str], int] | None = None,
) -> None:
    """Fill in corrections, from the unstemmed vocabulary, for the words that need them.

    A word needs them when the index has never seen it, or, in a query of several words
    and given `frequency`, when it is rare (`RARE_WORD` documents at most) and a close
    spelling is `RARER_BY` times as common (`turring` once, `turing` in hundreds).
    """
    for plan in plans:
        if not 4 <= len(plan.word) <= MAX_CORRECTED_LENGTH or not plan.word.isalpha():
            continue
        rare = (
            plan.known
            and frequency is not None
            and len(plans) > 1
            and len(plan.word) >= 5
            and frequency(plan.word) <= RARE_WORD
        )
        if plan.known and not rare:
            continue
        # Sharing the first letter and at most two edits keeps the automaton small.
        maxdist = 1 if len(plan.word) < 6 else 2
        found = corrections(plan.word, maxdist, 1, limit)
        if rare and frequency is not None:
            floor = max(RARER_BY * frequency(plan.word), RARER_BY)
            found = [word for word in found if frequency(word) >= floor]
        plan.corrections = found


def suggestion(plans: list[WordPlan]) -> str | None:
    if not any(plan.corrections for plan in plans):
        return None
    return " ".join(plan.corrections[0] if plan.corrections else plan.word for plan in plans)


def prefix_words(vocabulary: Vocabulary, prefix: str) -> list[str]:
    """What a `prefix*` in query syntax stands for: its most frequent completions."""
    if len(prefix) < MIN_PREFIX:
        return []
    return vocabulary.expand(prefix, PREFIX_SCAN, PREFIX_KEEP)


def highlight_stems(plans: list[WordPlan], parsed_terms: Sequence[str] = ()) -> list[str]:
    """Every form worth bolding in a snippet: the words, their stems, completions and
    corrections, and the terms of a parsed syntax query."""
    stems: list[str] = []
    for plan in plans:
        stems.append(plan.word)
        stems.extend(plan.stems)
        stems.extend(plan.completions)
        stems.extend(plan.corrections)
    stems.extend(parsed_terms)
    return stems
