"""The one analyzer every indexed text field uses: words, folded, stop words out, stemmed.

It gives the same tokens as Whoosh's `StemmingAnalyzer(expression=TOKEN_PATTERN)`
followed by an accent-folding `CharsetFilter`, but in one loop instead of a chain of
generators (analysis is a large part of adding a document: `make bench`, "build").
Positions count kept words only (Whoosh's stop filter renumbers the same way). Accents
are folded before stemming, so `étude` and `etude` stem alike. `stem` gives a query
word its indexed form through the same analyzer.

Public Whoosh API only (`Tokenizer`, `Token`, the Porter stemmer, `accent_map`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from whoosh.analysis import STOP_WORDS, Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

from glossapp.util.textnorm import folds_as_lowercase

TOKEN_PATTERN = r"\w+(?:\.?\w+)*"
TOKEN_RE = re.compile(TOKEN_PATTERN)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_STEM_CACHE_LIMIT = 200_000
_stems: dict[str, str] = {}


def stem_word(word: str) -> str:
    stemmed = _stems.get(word)
    if stemmed is None:
        if len(_stems) >= _STEM_CACHE_LIMIT:
            _stems.clear()
        stemmed = _stems[word] = porter_stem(word)
    return stemmed


def fold_for_index(text: str) -> str:
    """Lowercased, accents folded as Whoosh's `accent_map` folds them."""
    # The map's ASCII keys are capitals (gone after lower()) or map to themselves, and
    # `translate` costs a dict lookup per character: translate only non-ASCII runs.
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return _NON_ASCII.sub(_fold_non_ascii, lowered)


def _fold_non_ascii(found: re.Match[str]) -> str:
    return found[0].translate(accent_map)


class TokenisedText(str):
    """A field value that carries its words, `TOKEN_RE.findall(fold_for_index(value))`,
    so the segment writer does not split it again (`entry_document` needs them too)."""

    words: list[str]


def tokenised(text: str) -> TokenisedText:
    value = TokenisedText(text)
    value.words = TOKEN_RE.findall(fold_for_index(text))
    return value


def folds_for_index_as_lowercase(chars: Iterable[str]) -> bool:
    """Whether for text made of these characters (and ASCII) both `textnorm.fold` and
    `fold_for_index` give its `lower()`: then its words serve for both."""
    return all(_folds_for_index_as_lowercase(char) for char in chars)


@lru_cache(maxsize=4_096)
def _folds_for_index_as_lowercase(char: str) -> bool:
    lowered = char.lower()
    return folds_as_lowercase(char) and lowered.translate(accent_map) == lowered


class FoldingStemAnalyzer(Tokenizer):
    """Tokenise, lowercase, fold accents, drop stop words and one-letter words, stem."""

    def __init__(self, stoplist=STOP_WORDS, minsize: int = 2) -> None:
        self.stoplist = frozenset(stoplist)
        self.minsize = minsize

    def __eq__(self, other) -> bool:
        return (
            self.__class__ is other.__class__
            and self.stoplist == other.stoplist
            and self.minsize == other.minsize
        )

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self.minsize))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        stoplist = self.stoplist
        minsize = self.minsize
        text = fold_for_index(value) if tokenize else value
        if chars:
            # Offsets are into the folded text; they match the original except where
            # folding changed a length (`ß` -> `ss`), which only shifts a highlight.
            spans = [m.span() for m in TOKEN_RE.finditer(text)] if tokenize else [(0, len(text))]
            words = [text[start:end] for start, end in spans]
        else:
            words = TOKEN_RE.findall(text) if tokenize else [text]
        position = start_pos
        for index, word in enumerate(words):
            if len(word) < minsize or word in stoplist:
                if removestops:
                    continue
                token.stopped = True
            else:
                token.stopped = False
            token.text = stem_word(word)
            token.boost = 1.0
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = position
            if chars:
                token.startchar = start_char + spans[index][0]
                token.endchar = start_char + spans[index][1]
            position += 1
            yield token


def stem_analyzer() -> FoldingStemAnalyzer:
    """The analyzer of every text field of the schema."""
    return FoldingStemAnalyzer()


@lru_cache(maxsize=1)
def _query_analyzer() -> FoldingStemAnalyzer:
    return stem_analyzer()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str | None:
    """The indexed form of one word, or None for a stop word or a one-letter word."""
    tokens = [token.text for token in _query_analyzer()(word)]
    return tokens[0] if tokens else None
