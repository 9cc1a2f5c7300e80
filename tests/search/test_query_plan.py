"""The fast phrase test finds a phrase exactly where the highlighting pattern does."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossapp.search import query_plan as q
from glossapp.search.vocabulary import Vocabulary


def plans_for(phrase: str):
    return q.plan_words(Vocabulary({}), q.query_words(phrase), last_is_prefix=False)


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        ("language model", "A Language-Models survey", True),
        ("language model", "the multilanguage model", False),  # must start a word
        ("language model", "language, then a model", False),
        ("fusion strategy", "late fusion strategies", True),
        ("model of the", "a model of them", False),  # stop words match whole
        ("model of the", "the MODEL OF THE year", True),
        ("cost function", "cost\nfunction", True),
        ("c++ code", "c code", True),  # the tokenizer keeps words only
    ],
)
def test_examples(phrase, text, found):
    plans = plans_for(phrase)
    assert q.phrase_test(plans)(text) is found
    assert (q.phrase_pattern(plans).search(text) is not None) is found


ALPHABET = st.sampled_from(list("abcdeLMNO .,-_9\n"))


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.text(ALPHABET, min_size=1, max_size=6), min_size=2, max_size=3),
    text=st.text(ALPHABET, max_size=60),
)
def test_agrees_with_the_highlighting_pattern(words, text):
    plans = plans_for(" ".join(words))
    if len(plans) < 2:
        return
    expected = q.phrase_pattern(plans).search(text) is not None
    assert q.phrase_test(plans)(text) is expected
