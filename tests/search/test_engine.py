"""Ranking and behaviour of the search engine on the seed glossary."""

from collections import Counter

import pytest

from glossapp.search.engine import SearchEngine, SearchHit, SearchResponse


def top_terms(engine, query, n=3, **options):
    return [hit.term for hit in engine.search(query, **options).hits[:n]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("multinli", "multinli"),
        ("MultiNLI", "multinli"),
        ("NLI", "multinli"),
        ("xlm roberta", "multilingual nlp"),
        ("multi nli", "multinli"),
        ("code mixing", "multilingual code-mixing"),
        ("Multi-VT Libraries", "multi-vt libraries"),
        ("murphy yield model", "murphy yield model"),
        ("natural language inference", "multinli"),
        ("fact checking claims dataset", "multifc"),
        ("transistors with different threshold voltages", "multi-vt design"),
    ],
)
def test_the_expected_entry_ranks_first(seed_engine, query, expected):
    assert top_terms(seed_engine, query, 1) == [expected]


def test_exact_names_outrank_body_mentions(seed_engine):
    hits = seed_engine.search("musenet").hits
    assert hits[0].term == "musenet"
    assert hits[0].match == "name"
    assert any(hit.match == "text" for hit in hits[1:])  # mentioned in other bodies too
    hits = seed_engine.search("multimodal fusion strategies").hits
    assert hits[0].term == "multimodal fusion strategies"


def test_last_word_is_a_prefix_while_typing(seed_engine):
    assert top_terms(seed_engine, "musen", 1) == ["musenet"]
    assert "multiscale simulation" in top_terms(seed_engine, "multiscale sim")
    assert "music recommendation" in top_terms(seed_engine, "music rec")
    # A prefix found only in bodies still completes, without a name match to help it.
    assert any("calibrat" in hit.snippet.lower() for hit in seed_engine.search("calibrat").hits)


def test_typo_falls_back_to_fuzzy_and_suggests(seed_engine):
    response = seed_engine.search("multinomal diffusion")
    assert response.suggestion == "multinomial diffusion"
    assert response.hits[0].term == "multinomial diffusion"
    response = seed_engine.search("calibraton ")
    assert response.fuzzy
    assert response.suggestion == "calibration"
    assert response.hits and all("calibrat" in h.snippet.lower() for h in response.hits)


def test_correct_queries_have_no_suggestion(seed_engine):
    response = seed_engine.search("threshold voltage ")
    assert response.suggestion is None
    assert not response.fuzzy


def test_snippets_are_plain_text_with_bold_matches(seed_engine):
    hit = next(h for h in seed_engine.search("leakage threshold ").hits if h.match == "text")
    assert "**" not in hit.snippet
    assert "<b>threshold</b>" in hit.snippet_html.lower() or "<b>leakage</b>" in hit.snippet_html
    assert hit.snippet_html.replace("<b>", "").replace("</b>", "") == hit.snippet.replace(
        "&", "&amp;"
    ).replace("<", "&lt;").replace(">", "&gt;")
    assert hit.source == "ai-semiconductor-glossary"


def test_whoosh_syntax_is_honoured(seed_engine):
    assert top_terms(seed_engine, "category:spc", 1) == ["multivariate control charts"]
    phrase = seed_engine.search('"threshold voltages"').hits
    assert {h.term for h in phrase[:2]} == {"multi-vt design", "multi-vt libraries"}
    assert all("threshold voltage" in h.snippet.lower().replace("-", " ") for h in phrase)
    mult = seed_engine.search("mult*").hits
    assert mult and all(h.term.startswith("mult") or "mult" in h.snippet.lower() for h in mult)
    excluded = top_terms(seed_engine, "music NOT recommendation", 10)
    assert "music recommendation" not in excluded and "music generation" in excluded


@pytest.mark.parametrize(
    "hostile", ['"unbalanced', "AND OR", "*", "(((", "x" * 10_000, "a" * 50 + "*", "title:", "]["]
)
def test_malformed_syntax_never_raises(seed_engine, hostile):
    response = seed_engine.search(hostile)
    assert isinstance(response, SearchResponse)
    assert all(isinstance(hit, SearchHit) for hit in response.hits)


def test_category_filter_and_counts(seed_engine):
    hits = seed_engine.search("multivariate", category="spc").hits
    assert [h.term for h in hits] == ["multivariate control charts"]
    categories = dict(seed_engine.categories())
    expected = Counter(e.category for e in seed_engine.library.entries if e.category)
    assert categories == expected
    assert categories["spc"] == 1
    names = [name for name, _ in seed_engine.categories()]
    assert names == sorted(names, key=str.casefold)


def test_results_are_unique_and_limited(seed_engine):
    hits = seed_engine.search("model", limit=7).hits
    assert len(hits) == 7
    assert len({h.entry_id for h in hits}) == 7


def test_name_tier_answers_before_the_index_exists(seed_library, tmp_path):
    engine = SearchEngine(seed_library, tmp_path / "never-built")
    assert not engine.full_text_ready
    response = engine.search("multi nli")
    assert [h.term for h in response.hits] == ["multinli"]
    assert response.hits[0].snippet.startswith("MultiNLI")
    assert engine.lookup_names("xlm roberta")[0].term == "multilingual nlp"
    assert engine.search("leakage").hits == []  # bodies need the index


def test_time_budget_cuts_ranking_short_without_failing(seed_engine, monkeypatch):
    from glossapp.search import engine as search

    monkeypatch.setattr(search, "FULL_TEXT_BUDGET", -1.0)
    response = seed_engine.search("multimodal")
    assert response.truncated
    assert response.hits[0].term == "multimodal"  # the name tier still answers
    monkeypatch.undo()
    assert not seed_engine.search("multimodal").truncated


def test_quoted_phrase_needs_its_words_in_a_row(seed_engine):
    hits = seed_engine.search('"threshold voltage options"').hits
    assert {h.term for h in hits} == {"multi-vt libraries", "multi-vt design"}
    assert seed_engine.search('"voltage threshold"').hits == []
    stop_words = seed_engine.search('"state of the art"').hits
    assert stop_words and all("state-of-the-art" in h.snippet.lower() for h in stop_words)


def test_phrase_inside_a_syntax_query_needs_all_its_words(seed_engine):
    terms = top_terms(seed_engine, '"threshold voltage" AND leakage', 10)
    assert terms[:2] and set(terms[:2]) == {"multi-vt design", "multi-vt libraries"}
    assert seed_engine.full_text_ready


def test_warmed_name_hits_are_the_same_hits(seed_library, tmp_path):
    cold = SearchEngine(seed_library, tmp_path / "a").lookup_names("mu")
    warm_engine = SearchEngine(seed_library, tmp_path / "b")
    warm_engine.warm_name_hits()
    assert warm_engine.lookup_names("mu") == cold
