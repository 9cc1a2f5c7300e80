"""Text normalisation shared by the name tier and the full-text index.

Names are compared after folding case and accents and treating hyphens, underscores,
slashes and runs of spaces alike, so `Code-Mixing`, `code mixing` and `CODE_MIXING`
are one name. A second, compact form drops the separators too, so `multi nli` reaches
`MultiNLI` and `xlmroberta` reaches `xlm roberta`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

WORD_RE = re.compile(r"\w+", re.UNICODE)
_SEPARATORS_RE = re.compile(r"[\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Case- and accent-folded text; everything else kept."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


@lru_cache(maxsize=4_096)
def _folds_as_lowercase(char: str) -> bool:
    # Σ: lower() gives ς at the end of a word, casefold() always σ
    return (
        char != "\u03a3"
        and unicodedata.normalize("NFKD", char) == char
        and not unicodedata.combining(char)
        and char.casefold() == char.lower()
    )


def folds_as_lowercase(chars: Iterable[str]) -> bool:
    """Whether `fold` of any text made of these characters (and ASCII) is its `lower()`."""
    return all(_folds_as_lowercase(char) for char in chars)


def normalize(text: str) -> str:
    """Folded words joined by single spaces: `Multi-VT  Design` -> `multi vt design`."""
    return _SEPARATORS_RE.sub(" ", fold(text)).strip()


def compact(text: str) -> str:
    """The normalised form without separators: `Multi-NLI` -> `multinli`."""
    return normalize(text).replace(" ", "")


def words(text: str) -> list[str]:
    """Folded words in order (underscore splits words too)."""
    return [w for w in _SEPARATORS_RE.split(fold(text)) if w]
