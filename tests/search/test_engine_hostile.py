"""Any string at all is a query: it returns a response, never an exception."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossapp.search.engine import SearchResponse

SYNTAX_PIECES = st.sampled_from(
    ['"', "(", ")", "*", "?", "~", "^", ":", "AND", "OR", "NOT", "[", "]", "{", "}", "-", " "]
)
QUERIES = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(SYNTAX_PIECES, st.text(max_size=6)), max_size=12).map("".join),
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=QUERIES, category=st.one_of(st.none(), st.sampled_from(["spc", "nlp", "", "nope"])))
def test_any_string_returns_a_list(seed_engine, query, category):
    response = seed_engine.search(query, limit=10, category=category)
    assert isinstance(response, SearchResponse)
    assert isinstance(response.hits, list)
    assert len(response.hits) <= 10
    assert isinstance(seed_engine.lookup_names(query), list)
