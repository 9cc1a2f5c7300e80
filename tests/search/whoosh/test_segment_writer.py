"""`write_segment` must write exactly the segment Whoosh's own writer writes."""

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from glossapp.search.whoosh.index import entry_document, make_schema, source_key
from glossapp.search.whoosh.segment_writer import write_segment


def segment_parts(folder, segment) -> dict[str, bytes]:
    """Each file inside a compound segment, named without the segment's random id."""
    compound = segment.open_compound_file(FileStorage(str(folder)))
    parts = {name.split(".", 1)[1]: compound.open_file(name).read() for name in compound.list()}
    compound.close()
    return parts


def both_ways(tmp_path, schema, documents):
    written = {}
    for way in ("whoosh", "ours"):
        folder = tmp_path / way
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), schema)
        if way == "ours":
            segment = write_segment(ix, iter(documents))
        else:
            writer = SegmentWriter(ix, _lk=False)
            for document in documents:
                writer.add_document(**document)
            segment = writer._finalize_segment()
        written[way] = (segment, segment_parts(folder, segment))
    return written["whoosh"], written["ours"]


def test_seed_documents_give_the_same_segment_files(tmp_path, seed_library):
    source = seed_library.files[0]
    documents = [entry_document(entry, source_key(source))[0] for entry in source.entries]
    (theirs, their_parts), (ours, our_parts) = both_ways(tmp_path, make_schema(), documents)
    assert set(our_parts) == {"pst", "trm", "_stored.col"} | {
        f"_{name}_len.col" for name in ("body", "category", "lead", "name")
    }
    assert our_parts == their_parts
    assert ours.doc_count_all() == theirs.doc_count_all() == len(documents)
    assert ours._fieldlengths == theirs._fieldlengths


def test_long_posting_lists_accents_stop_words_and_empty_fields_match(tmp_path):
    # "common" is in 300 documents: posting lists longer than Whoosh's 128-posting
    # blocks; 300+ occurrences give frequencies past one byte; some fields are empty
    # or analyse to nothing (only stop words and one-letter words).
    documents = []
    for number in range(300):
        body = f"Common words {number} Étude naïve café ﬁle x₂ ΣΑΣ the a I " * (1 + number % 3)
        documents.append(
            {
                "id": f"id-{number}",
                "source": "glossary.txt:abc" if number % 2 else "other.txt:def",
                "cat": "" if number % 5 == 0 else f"cat {number % 4}",
                "name": f"Term {number} common Common-Term" if number % 7 else "the a",
                "category": "" if number % 5 == 0 else "Semiconductor Physics",
                "body": body + "common " * (number if number > 290 else 0),
                "plain": body.encode("utf-8"),
            }
        )
    (theirs, their_parts), (ours, our_parts) = both_ways(tmp_path, make_schema(), documents)
    assert our_parts == their_parts
    assert ours._fieldlengths == theirs._fieldlengths


def test_fields_with_other_analyzers_go_through_whoosh(tmp_path):
    schema = Schema(key=ID(stored=True), text=TEXT(stored=True), kept=STORED)
    documents = [
        {"key": "a", "text": "Hello hello world", "kept": 1},
        {"key": "b", "text": "World of Whoosh", "kept": [2]},
        {"key": "c", "kept": None},
    ]
    (_, their_parts), (_, our_parts) = both_ways(tmp_path, schema, documents)
    assert our_parts == their_parts


def test_vectors_are_refused(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), Schema(text=TEXT(vector=True)))
    with pytest.raises(ValueError, match="vectors"):
        write_segment(ix, [{"text": "a b"}])
