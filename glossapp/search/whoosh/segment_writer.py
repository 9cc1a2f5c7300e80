"""Whoosh segments written straight from documents, without Whoosh's posting pool.

Whoosh's `SegmentWriter.add_document` turns every posting into a tuple in a pool, sorts
the pool, then reads each posting's field length back from the just-written length
column: most of a build. `write_segment` keeps the postings grouped by term as they are
analysed, knows every length already, and hands Whoosh's own codec writers whole
blocks. The segment files are byte for byte the ones `add_document` +
`_finalize_segment` write (a test compares them), so searching, ranking and snippets
cannot change. What it saves: `make bench`, "build".

Text fields `FoldingStemAnalyzer` analyses are counted here in one regular expression
pass with no Token objects (its tokens exactly); other indexed fields (ids) go through
`field.index`. Term vectors and spelling fields are not supported (the schema has none).

Private Whoosh internals it relies on (whoosh-reloaded 2.7.5, pinned):

- `SegmentWriter(ix, _lk=False)` (a writer that takes no lock: the caller holds it),
  its `perdocwriter`, `fieldwriter`, `docnum`, `_close_segment`, `_assemble_segment`
  and `get_segment`;
- the field writer's `_postwriter` and `_btext`, and the posting writer's
  `_blocklimit`, `_write_block`, `_ids`, `_weights`, `_values`, `_maxweight`,
  `_minlength` and `_maxlength` (the state `add_posting` leaves before a block is
  written);
- `W3TermInfo` from `whoosh.codec.whoosh3`.

Any failure (these changed, or a field it refuses) propagates to `index.build_into`,
which then builds the index with Whoosh's public writer and logs it once.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from whoosh import formats
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from glossapp.search.whoosh.analysis import TOKEN_RE, FoldingStemAnalyzer, fold_for_index, stem_word

_PACKED = [pack_uint(n) for n in range(256)]
# A term's postings: document numbers, frequencies, encoded values (None: the packed
# frequency) and weights (None: from the frequencies).
_Slot = tuple["array[int]", "array[int]", list[bytes] | None, list[float] | None]
_TERM_CACHE_LIMIT = 500_000  # distinct words a field remembers the stems of


class _FieldPostings:
    """One field's postings, by term: document numbers, frequencies and, when the
    format's value is more than the frequency, the encoded values and weights."""

    __slots__ = ("field", "terms", "lengths", "fast", "positions", "_terms_of_words")

    def __init__(self, field: Any) -> None:
        self.field = field
        # term (str when analysed here, else bytes) -> (docnums, frequencies, values or
        # None, weights or None)
        self.terms: dict[str | bytes, _Slot] = {}
        self.lengths: dict[int, int] = {}  # docnum -> length as the length column reads
        analyzer = field.analyzer if field.indexed else None
        self.fast = (
            type(analyzer) is FoldingStemAnalyzer
            and field.scorable
            and type(field.format) in (formats.Frequency, formats.Positions)
        )
        self.positions = type(field.format) is formats.Positions
        self._terms_of_words: dict[str, str] = {}

    def add(self, value: object, docnum: int) -> int:
        """Index one document's value; returns the field length `add_field` records."""
        if not self.fast:
            return self._add_generic(value, docnum)
        index_term = self._index_term
        words = getattr(value, "words", None)  # a `TokenisedText` is split already
        if words is None:
            words = TOKEN_RE.findall(
                fold_for_index(value if isinstance(value, str) else str(value))
            )
        terms = self.terms
        if self.positions:
            # positions count kept words only, as the analyzer numbers them
            found: dict[str, list[int]] = {}
            position = 0
            for word in words:
                stem = index_term(word)
                if stem:
                    found.setdefault(stem, []).append(position)
                    position += 1
            encode = self.field.format.encode
            for stem, kept in found.items():
                slot = terms.get(stem)
                if slot is None:
                    slot = terms[stem] = (array("I"), array("I"), [], None)
                docs, freqs, values, _ = slot
                docs.append(docnum)
                freqs.append(len(kept))
                if values is not None:
                    values.append(encode(kept))
            length = position
        else:
            counts: dict[str, int] = {}
            known = self._terms_of_words
            for word, count in Counter(words).items():
                term = known.get(word)
                if term is None:
                    term = index_term(word)
                if term:
                    counts[term] = counts.get(term, 0) + count
            for stem, count in counts.items():
                slot = terms.get(stem)
                if slot is None:
                    slot = terms[stem] = (array("I"), array("I"), None, None)
                slot[0].append(docnum)
                slot[1].append(count)
            length = sum(counts.values())
        if length:
            self.lengths[docnum] = byte_to_length(length_to_byte(length))
        return length

    def _index_term(self, word: str) -> str:
        """The stem the analyzer gives a folded word, or "" for a word it drops."""
        analyzer = self.field.analyzer
        keep = len(word) >= analyzer.minsize and word not in analyzer.stoplist
        stem = stem_word(word) if keep else ""
        if len(self._terms_of_words) < _TERM_CACHE_LIMIT:
            self._terms_of_words[word] = stem
        return stem

    def _add_generic(self, value: object, docnum: int) -> int:
        field = self.field
        terms = self.terms
        length = 0
        for btext, freq, weight, vbytes in field.index(value):
            if field.scorable:
                length += freq
            slot = terms.get(btext)
            if slot is None:
                slot = terms[btext] = (array("I"), array("I"), [], [])
            docs, freqs, values, weights = slot
            docs.append(docnum)
            freqs.append(freq)
            if values is not None and weights is not None:
                values.append(vbytes)
                weights.append(weight)
        if length:
            self.lengths[docnum] = byte_to_length(length_to_byte(length))
        return length

    def block_columns(self, slot: _Slot) -> tuple[array[int], list[float], list[bytes]]:
        """A term's document numbers, weights and (non-empty) values."""
        docs, freqs, values, weights = slot
        if weights is None:
            boost = self.field.format.field_boost
            # Whoosh's formats sum a 1.0 boost per occurrence, then scale by the field's
            weights = [float(f) * boost for f in freqs]
        if values is None:  # Frequency: the value is the packed frequency
            values = [_PACKED[f] if f < 256 else pack_uint(f) for f in freqs]
        return docs, weights, values


def write_segment(ix: Any, documents: Iterable[Mapping[str, object]], limitmb: int = 128) -> Any:
    """Write `documents` (dicts as `add_document` takes them) as one finished,
    uncommitted segment of `ix` and return it; the caller adds it to the index."""
    writer = SegmentWriter(ix, _lk=False, limitmb=limitmb)
    try:
        for name, field in writer.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"field {name!r}: vectors and spelling are not written here")
        segment = _write(writer, documents)
    except BaseException:
        writer.cancel()
        raise
    return segment


def _write(writer: Any, documents: Iterable[Mapping[str, object]]) -> Any:
    schema = writer.schema
    perdoc = writer.perdocwriter
    postings = {name: _FieldPostings(field) for name, field in schema.items() if field.indexed}
    docnum = writer.docnum
    for fields in documents:
        perdoc.start_doc(docnum)
        for name in sorted(fields):
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = postings[name].add(value, docnum) if field.indexed else 0
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        docnum += 1
    writer.docnum = docnum
    perdoc.close()
    _write_postings(writer.fieldwriter, postings)
    writer.fieldwriter.close()
    writer._close_segment()
    writer._assemble_segment()
    return writer.get_segment()


def _write_postings(fieldwriter: Any, postings: dict[str, _FieldPostings]) -> None:
    """What `FieldWriter.add_postings` does with the sorted pool, a block at a time."""
    for name in sorted(postings):
        table = postings[name]
        if not table.terms:
            continue
        fmt = table.field.format
        lengths = table.lengths
        fieldwriter.start_field(name, table.field)
        postwriter = fieldwriter._postwriter
        blocklimit = postwriter._blocklimit
        # terms analysed here are str, others bytes already: sorted as Whoosh sorts bytes
        keys = sorted((_utf8(text), text) for text in table.terms)
        for btext, key in keys:
            docs, weights, values = table.block_columns(table.terms[key])
            fieldwriter._btext = btext
            postwriter.start_postings(fmt, W3TermInfo())
            count = len(docs)
            for start in range(0, count, blocklimit):
                if start:
                    postwriter._write_block()
                _fill_block(postwriter, docs, weights, values, lengths, start, start + blocklimit)
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _fill_block(
    postwriter: Any,
    docs: array[int],
    weights: list[float],
    values: list[bytes],
    lengths: dict[int, int],
    start: int,
    end: int,
) -> None:
    """The writer's buffer as `add_posting` leaves it after postings start..end."""
    ids = docs[start:end]
    block_weights = weights[start:end]
    postwriter._ids = ids
    postwriter._weights = array("f", block_weights)
    postwriter._values = [v for v in values[start:end] if v]
    postwriter._maxweight = max(0, max(block_weights))
    found = [lengths[d] for d in ids if d in lengths]
    postwriter._minlength = min(found) if found else None
    postwriter._maxlength = max(found) if found else 0


def _utf8(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text
