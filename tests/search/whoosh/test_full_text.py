"""`FullTextIndex`: every fast path fails soft to plain Whoosh, with the same results.

Each test makes one optimised path raise (as a Whoosh upgrade could) and checks that
the same hits come back, that the failure is logged once, and that full text stays on.
Only an index Whoosh itself cannot read turns full text off.
"""

import logging

import pytest

from glossapp.glossary import library
from glossapp.search.engine import SearchEngine
from glossapp.search.whoosh import fail_soft, segment_writer
from glossapp.search.whoosh import index as index_module
from glossapp.search.whoosh.collect import BudgetCollector
from glossapp.search.whoosh.field_rank import FieldRanker
from tests.search.fixtures import write_small_library

QUERIES = [
    "language model",
    '"language model"',
    "wafer yield",
    "multimodal fus",
    "calibraton",
    "threshold AND voltage",
]


def hits_of(response):
    return [(h.entry_id, h.snippet, h.match) for h in response.hits]


def broken(*_args, **_kwargs):
    raise RuntimeError("a fast path that no longer fits Whoosh")


@pytest.fixture
def engine(seed_library, tmp_path):
    opened = SearchEngine(seed_library, tmp_path / "index")
    opened.ensure_index()
    yield opened
    opened.close()


@pytest.fixture
def fresh_failures(monkeypatch):
    monkeypatch.setattr(fail_soft, "_failures", {})


@pytest.mark.parametrize("category", [None, "NLP"])
@pytest.mark.parametrize(
    ("target", "method", "path"),
    [
        (FieldRanker, "top", "field_rank"),
        (BudgetCollector, "collect_matches", "budget collector"),
    ],
)
def test_a_failing_fast_path_gives_the_same_hits_through_plain_whoosh(
    engine, monkeypatch, caplog, fresh_failures, target, method, path, category
):
    expected = [engine.search(query, category=category) for query in QUERIES]
    monkeypatch.setattr(target, method, broken)
    with caplog.at_level(logging.WARNING, logger="glossapp.search.whoosh"):
        fallen = [engine.search(query, category=category) for query in QUERIES]
    assert engine.full_text_ready  # full text stays on for the session
    assert any(hits_of(response) for response in expected)
    for before, after in zip(expected, fallen, strict=True):
        assert hits_of(after) == hits_of(before)
        assert [h.score for h in after.hits] == pytest.approx([h.score for h in before.hits])
        assert after.suggestion == before.suggestion and after.fuzzy == before.fuzzy
    assert fail_soft.failures()[path] >= 2
    logged = [r for r in caplog.records if path in r.getMessage()]
    assert len(logged) == 1  # once, with the traceback
    assert logged[0].exc_info is not None


def test_an_engine_failure_costs_one_query_its_full_text_not_the_session(engine, monkeypatch):
    from glossapp.search import engine as engine_module

    monkeypatch.setattr(engine_module, "window", broken)  # a bug after ranking
    response = engine.search("multimodal")
    assert response.hits and all(h.match == "name" for h in response.hits)
    assert engine.full_text_ready
    monkeypatch.undo()
    assert any(h.match == "text" for h in engine.search("language model").hits)


def test_an_unreadable_index_turns_full_text_off(engine, monkeypatch):
    with engine._index.reading() as reader:
        monkeypatch.setattr(reader._searcher, "search", broken)
    monkeypatch.setattr(FieldRanker, "top", broken)
    monkeypatch.setattr(BudgetCollector, "collect_matches", broken)
    response = engine.search("multimodal fusion")
    assert response.hits and all(h.match == "name" for h in response.hits)
    assert not engine.full_text_ready


def test_a_failing_segment_writer_builds_the_same_index_with_whoosh(
    tmp_path, monkeypatch, caplog, fresh_failures
):
    folder = tmp_path / "glossaries"
    write_small_library(folder)
    loaded = library.load([folder])
    fast = SearchEngine(loaded, tmp_path / "fast")
    fast.ensure_index()
    monkeypatch.setattr(segment_writer, "write_segment", broken)
    with caplog.at_level(logging.WARNING, logger="glossapp.search.whoosh"):
        plain = SearchEngine(loaded, tmp_path / "plain")
        plain.ensure_index()
    assert fail_soft.failures() == {"segment writer": 1}
    for query in ("dies electrical", "independence", "calibraton", "wafer"):
        assert hits_of(plain.search(query)) == hits_of(fast.search(query))
    assert plain.stored_plain_texts() == fast.stored_plain_texts()


def test_a_failing_commit_of_written_segments_falls_back_too(tmp_path, monkeypatch, fresh_failures):
    folder = tmp_path / "glossaries"
    write_small_library(folder)
    monkeypatch.setattr(index_module, "commit_segments", broken)
    engine = SearchEngine(library.load([folder]), tmp_path / "index")
    engine.ensure_index()
    assert fail_soft.failures() == {"segment writer": 1}
    assert [h.term for h in engine.search("dies electrical").hits] == ["wafer map"]
