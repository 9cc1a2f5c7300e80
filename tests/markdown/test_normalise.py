"""`normalise_markdown`: blocks separated, fences moved to the margin and closed by the
one fence rule (`markdown.blocks`)."""

from __future__ import annotations

import pytest

from glossapp.markdown.normalise import normalise_markdown
from tests.conftest import FENCE_IN_FENCE_BODY


def test_an_opening_line_inside_a_fence_stays_in_it():
    assert normalise_markdown(FENCE_IN_FENCE_BODY) == (
        "A plain fence quoting a fenced example:\n\n"
        "```\nWrite it as:\n```python\nprint(1)\n```\n\n"
        "A real mention of Target Thing here."
    )


@pytest.mark.parametrize(
    ("body", "normalised"),
    [
        ("  ~~~ sh extra\n  code\n    deeper\n  ~~~", "~~~sh\ncode\n  deeper\n~~~"),
        ("````\n```\n````\nafter", "````\n```\n````\n\nafter"),
        ("```\nunclosed", "```\nunclosed\n```"),
        ("```\n``` ```\n```", "```\n``` ```\n```"),  # a run, a space and a run: content
        ("```a`b\ntext", "```a`b\n\ntext"),  # not a fence: two paragraphs
    ],
)
def test_fences_as_blocks_reads_them(body, normalised):
    assert normalise_markdown(body) == normalised


def test_a_fence_does_not_count_its_blank_lines_as_paragraph_breaks():
    # with no blank line outside fences every line is its own block
    assert normalise_markdown("one\ntwo\n```\n\n```") == "one\n\ntwo\n\n```\n\n```"
    assert normalise_markdown("one\ntwo\n\nthree") == "one\ntwo\n\nthree"
