"""`field_rank` ranks "every word in one field" exactly as Whoosh's own And/Or queries do."""

import random
import time

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.collectors import TopCollector

from glossapp.search.engine import SearchEngine
from glossapp.search.whoosh import field_rank
from glossapp.search.whoosh.field_rank import FieldRanker
from glossapp.search.whoosh.index import make_schema

WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "theta",
    "kappa",
    "lambda",
    "sigma",
    "omega",
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    """Three segments, one with deleted documents, common words spanning many blocks."""
    folder = tmp_path_factory.mktemp("field-rank-index")
    ix = whoosh_index.create_in(folder, make_schema())
    rng = random.Random(7)
    number = 0
    for _ in range(3):
        writer = ix.writer()
        for _ in range(400):
            words = rng.choices(WORDS, weights=range(len(WORDS), 0, -1), k=rng.randint(3, 60))
            name = " ".join(rng.choices(WORDS, k=rng.randint(1, 3)))
            writer.add_document(id=f"d{number}", name=name, category="", body=" ".join(words))
            number += 1
        writer.add_document(id=f"rare{number}", name="", category="", body="alpha quux")
        writer.commit(merge=False)
    writer = ix.writer()
    for deleted in range(0, 1200, 7):
        writer.delete_by_term("id", f"d{deleted}")
    writer.commit(merge=False)
    opened = ix.searcher()
    assert len(opened.leaf_searchers()) == 3
    assert any(sub.reader().has_deletions() for sub, _ in opened.leaf_searchers())
    yield opened
    opened.close()


def whoosh_top(searcher, clauses, limit, allowed=None, fieldname="body"):
    """Whoosh's ranking of every matching document, cut to `limit`.

    Ranked in full: with a small limit Whoosh's own top-N shortcuts (`replace`) may drop a
    document whose terms add up to a place in it.
    """
    ors = [wq.Or([wq.Term(fieldname, t) for t in terms]) for terms in clauses]
    collector = TopCollector(10_000, usequality=False)
    searcher.search_with_collector(ors[0] if len(ors) == 1 else wq.And(ors), collector)
    hits = [(h.docnum, h.score) for h in collector.results()]
    return [(d, score) for d, score in hits if allowed is None or d in allowed][:limit]


@pytest.mark.parametrize(
    "clauses",
    [
        [["alpha"]],
        [["alpha"], ["beta"]],
        [["kappa"], ["gamma", "omega"]],
        [["theta", "zeta"], ["alpha"], ["sigma"]],
        [["omega"], ["lambda"]],
        [["quux"]],  # one document a segment
        [["alpha"], ["quux", "omega"]],
    ],
)
def test_same_documents_and_scores_as_whoosh(searcher, clauses):
    ours, truncated = FieldRanker(searcher).top("body", clauses, 40, time.perf_counter() + 60)
    theirs = whoosh_top(searcher, clauses, 40)
    assert not truncated
    assert ours
    assert [docnum for docnum, _ in ours] == [docnum for docnum, _ in theirs]
    assert [score for _, score in ours] == pytest.approx([score for _, score in theirs])


@pytest.mark.parametrize("clauses", [[["alpha"]], [["beta"], ["gamma", "omega"]]])
def test_names_too(searcher, clauses):
    """Names carry a field boost in their weights and are short: Whoosh's own B and lengths."""
    ours, _ = FieldRanker(searcher).top("name", clauses, 40, time.perf_counter() + 60)
    theirs = whoosh_top(searcher, clauses, 40, fieldname="name")
    assert ours
    assert [docnum for docnum, _ in ours] == [docnum for docnum, _ in theirs]
    assert [score for _, score in ours] == pytest.approx([score for _, score in theirs])


def test_deleted_documents_never_come_back(searcher):
    ranked, _ = FieldRanker(searcher).top("body", [["alpha"]], 5_000, time.perf_counter() + 60)
    deleted = {
        offset + docnum
        for sub, offset in searcher.leaf_searchers()
        for docnum in sub.reader().deleted_docs_set
    }
    assert deleted
    assert ranked
    assert not deleted & {docnum for docnum, _ in ranked}


def test_allowed_documents_only(searcher):
    allowed = set(range(0, 1200, 3))
    clauses = [["beta"], ["gamma"]]
    ranked, _ = FieldRanker(searcher).top("body", clauses, 30, time.perf_counter() + 60, allowed)
    assert [docnum for docnum, _ in ranked] == [
        d for d, _ in whoosh_top(searcher, clauses, 30, allowed)
    ]


def test_unknown_term_or_past_deadline(searcher):
    ranker = FieldRanker(searcher)
    assert ranker.top("body", [["alpha"], ["nosuchword"]], 10, time.perf_counter() + 60) == (
        [],
        False,
    )
    assert ranker.top("body", [["alpha"]], 10, time.perf_counter() - 1) == ([], True)


@pytest.mark.parametrize(
    "query",
    ["language model", '"language model"', "wafer yield", "multimodal fus", "calibraton"],
)
def test_engine_gives_the_same_hits_with_or_without_it(seed_library, tmp_path, monkeypatch, query):
    engine = SearchEngine(seed_library, tmp_path / "index")
    engine.ensure_index()
    fast = engine.search(query)

    def unsupported(*_args, **_kwargs):
        raise field_rank.Unsupported("test")

    monkeypatch.setattr(FieldRanker, "top", unsupported)
    slow = engine.search(query)
    engine.close()
    assert fast.hits
    assert [(h.entry_id, h.snippet) for h in fast.hits] == [
        (h.entry_id, h.snippet) for h in slow.hits
    ]
    assert [h.score for h in fast.hits] == pytest.approx([h.score for h in slow.hits])
