"""A Whoosh collector with a time budget, so no keystroke waits on a pathological query.

Whoosh scores every document a query matches, in Python: two words found in most of a
large library mean tens of thousands of documents scored. This collector stops scoring
when the deadline passes and keeps the best documents seen so far; `truncated` tells the
caller the ranking covered only part of the library.

It overrides `collect_matches`, the hook Whoosh documents for "intervening between
finding matches and adding them", and uses what that hook is given: `matches()`,
`collect()` and `offset`. If it fails, `full_text.IndexReader` runs the same query
through `Searcher.search` (no budget) and logs it once.
"""

from __future__ import annotations

import time

from whoosh.collectors import TopCollector

# Checking the clock costs about as much as scoring a document: look every so often.
CLOCK_EVERY = 64


class BudgetCollector(TopCollector):
    """Whoosh's `TopCollector`, but only for `allowed` documents and until `deadline`."""

    def __init__(self, limit: int, deadline: float, allowed: set[int] | None = None) -> None:
        super().__init__(limit)
        self.deadline = deadline
        self.allowed = allowed  # global document numbers the category filter lets through
        self.truncated = False

    def collect_matches(self) -> None:
        collect = self.collect
        allowed = self.allowed
        offset = self.offset
        clock = time.perf_counter
        deadline = self.deadline
        for count, sub_docnum in enumerate(self.matches(), start=1):
            if allowed is None or offset + sub_docnum in allowed:
                collect(sub_docnum)
            if count % CLOCK_EVERY == 0 and clock() > deadline:
                self.truncated = True
                return
