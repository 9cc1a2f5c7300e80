"""The only package that imports Whoosh: the full-text index, its analysis, ranking and the patches it needs.

The rest of the search package uses what is exported here and nothing else: the index
(`FullTextIndex`, read through an `IndexReader`), the errors it raises, the analyzer's
word pattern and stemmer, and the schema's word fields. Importing this package first
applies the import-time patches of `_patches`.
"""

from glossapp.search.whoosh import _patches

_patches.apply()  # before anything below imports Whoosh

# isort: split
from glossapp.search.whoosh.analysis import TOKEN_RE, stem  # noqa: E402
from glossapp.search.whoosh.full_text import (  # noqa: E402
    FullTextIndex,
    IndexReader,
    IndexReadError,
    Ranked,
    UnrunnableQuery,
)
from glossapp.search.whoosh.index import (  # noqa: E402
    WORD_FIELDS,
    IndexCancelled,
    IndexDamaged,
    IndexUnavailable,
)
from glossapp.search.whoosh.syntax import ParsedQuery  # noqa: E402

__all__ = [
    "TOKEN_RE",
    "WORD_FIELDS",
    "FullTextIndex",
    "IndexCancelled",
    "IndexDamaged",
    "IndexReadError",
    "IndexReader",
    "IndexUnavailable",
    "ParsedQuery",
    "Ranked",
    "UnrunnableQuery",
    "stem",
]
