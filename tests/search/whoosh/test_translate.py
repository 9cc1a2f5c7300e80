"""Query descriptions become the Whoosh queries they describe, one to one."""

from whoosh import query as wq

from glossapp.search.queries import AllOf, AnyOf, FieldWords, Phrase, Term
from glossapp.search.whoosh.translate import to_whoosh


def test_each_description_becomes_its_whoosh_query():
    assert to_whoosh(Term("name", "multinli", boost=2.0)) == wq.Term("name", "multinli", boost=2.0)
    assert to_whoosh(AllOf((Term("body", "a"), AnyOf((Term("name", "b"), Term("body", "b")))))) == (
        wq.And([wq.Term("body", "a"), wq.Or([wq.Term("name", "b"), wq.Term("body", "b")])])
    )
    assert to_whoosh(Phrase("name", ("threshold", "voltag"))) == wq.Phrase(
        "name", ["threshold", "voltag"]
    )
    assert to_whoosh(FieldWords("body", (("x",), ("y", "z")))) == wq.And(
        [wq.Term("body", "x"), wq.Or([wq.Term("body", "y"), wq.Term("body", "z")])]
    )
