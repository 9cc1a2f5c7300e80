"""Query descriptions are plain data, and `FieldWords` means the And of Ors it stands for."""

from glossapp.search.queries import AllOf, AnyOf, FieldWords, Term


def test_field_words_as_a_plain_query():
    wanted = FieldWords("body", (("wafer",), ("yield", "yielding")))
    assert wanted.as_query() == AllOf(
        (Term("body", "wafer"), AnyOf((Term("body", "yield"), Term("body", "yielding"))))
    )
    assert FieldWords("name", (("wafer",),)).as_query() == Term("name", "wafer")
