"""The one ranking (`SearchEngine.search`) on a small computing glossary built in memory:
prefixes before fuzzy matches, acronyms from definitions, symbols in names, one typo among
several words, and the same order for the window's and the command line's calls."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossapp.glossary import library
from glossapp.glossary.library import Library, SourceFile
from glossapp.glossary.model import Entry, stable_entry_id
from glossapp.search.engine import SearchEngine
from glossapp.search.names import TIER_EXACT, TIER_PREFIX, TIER_WORD_PREFIX, NameIndex

# (term, category, body): headers with symbols are built directly, whatever the parser
# accepts today.
GLOSSARY = [
    ("multilegalpile", "corpus", "**MultiLegalPile** is a legal text corpus."),
    ("quicksort", "algorithm", "**quicksort**\n\nA sorting algorithm that partitions a list."),
    ("quick", "jargon", "**quick**\n\nFast, as in quick and dirty."),
    (
        "network address translation",
        "networking",
        "**Network Address Translation**\n\nAlso: NAT, Network Address Translator\n\n"
        "(NAT) A router rewrites the addresses of packets.",
    ),
    ("natural", "language", "**NATURAL**\n\nA language; NAT is not its name."),
    ("native compiler", "programming", "**native compiler**\n\nCompiles to the host's code."),
    (
        "dynamic random-access memory",
        "storage",
        "**dynamic random-access memory**\n\n(DRAM) Memory that must be refreshed.",
    ),
    ("dram refresh", "storage", "**DRAM refresh**\n\nRewriting each DRAM row in time."),
    ("c", "language", "**C**\n\nA language; C# and C++ came later."),
    ("c#", "language", "**C#**\n\nMicrosoft's language for .NET, like C++ and Java."),
    ("c++", "language", "**C++**\n\nC with classes."),
    ("c+-", "language", "**C+-**\n\nA joke language."),
    (".net framework", "language", "**.NET framework**\n\nAlso: .NET\n\nA runtime."),
    ("net", "networking", "**net**\n\nA network."),
    ("un*x", "operating system", "**Un*x**\n\nAny Unix-like system."),
    ("unix", "operating system", "**Unix**\n\nAn operating system; un*x means its family."),
    ("turing machine", "computability", "**Turing machine**\n\nA model of computation."),
    ("state machine", "computability", "**state machine**\n\nA machine with states."),
    ("machinable", "jargon", "**machinable**\n\nFit for a machine."),
    ("bubble sort", "algorithm", "**bubble sort**\n\nA simple sorting algorithm."),
]
# Bodies that say "multiple" and "turing" often: fuzzy and body matches to beat.
FILLER = [
    (f"filler {i}", "misc", f"**Filler {i}**\n\nMultiple uses of Turing's work, item {i}.")
    for i in range(12)
]


def made_library(rows) -> Library:
    entries = [
        Entry(
            stable_entry_id("made.txt", term, category, (), 0),
            term,
            body.split("**")[1],
            category,
            (),
            body,
            "made.txt",
            line,
        )
        for line, (term, category, body) in enumerate(rows, 1)
    ]
    return Library.from_files([SourceFile(Path("made.txt"), entries)])


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = SearchEngine(made_library(GLOSSARY + FILLER), tmp_path_factory.mktemp("index"))
    engine.ensure_index()
    yield engine
    engine.close()


def terms(engine, text, n=3):
    return [hit.term for hit in engine.search(text).hits[:n]]


def test_a_name_prefix_beats_fuzzy_and_body_matches(engine):
    response = engine.search("multileg")
    assert response.hits[0].term == "multilegalpile"
    assert response.suggestion is None and not response.fuzzy
    assert terms(engine, "quicks", 1) == ["quicksort"]
    assert terms(engine, "bubble so", 1) == ["bubble sort"]


def test_name_tiers_exact_then_prefix_of_a_name_then_prefix_of_a_word():
    index = NameIndex(made_library(GLOSSARY).entries)
    matches = index.lookup("sort")
    assert [(m.entry.term, m.tier) for m in matches] == [("bubble sort", TIER_WORD_PREFIX)]
    matches = index.lookup("quick")
    assert [(m.entry.term, m.tier) for m in matches] == [
        ("quick", TIER_EXACT),
        ("quicksort", TIER_PREFIX),
    ]


def test_acronyms_from_definitions_find_the_defining_entry_first(engine):
    assert terms(engine, "NAT", 1) == ["network address translation"]
    assert terms(engine, "DRAM", 1) == ["dynamic random-access memory"]
    assert engine.search("NAT").hits[0].match == "name"


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("c#", "c#"),
        ("c++", "c++"),
        ("C++", "c++"),
        ("c", "c"),
        (".net", ".net framework"),
        ("un*x", "un*x"),  # a name, not a wildcard
    ],
)
def test_symbols_in_names_are_answered_exactly(engine, text, first):
    assert terms(engine, text, 1) == [first]


def test_c_plus_plus_is_not_an_exact_match_for_c(engine):
    hits = engine.search("c++").hits
    assert hits[0].term == "c++" and hits[0].score > hits[1].score


def test_one_misspelled_word_among_several_is_corrected(engine):
    response = engine.search("turring machine")
    assert response.hits[0].term == "turing machine"
    assert response.suggestion == "turing machine"
    # the matches of "machine" alone come after the corrected match
    assert [hit.term for hit in response.hits].index("state machine") > 0


def test_correct_words_are_never_corrected(engine):
    response = engine.search("turing machine")
    assert response.suggestion is None and not response.fuzzy
    assert response.hits[0].term == "turing machine"


def test_trailing_spaces_do_not_change_the_order(engine):
    for text in ("quicks", "NAT", "c++", "turring machine", "multiple uses"):
        typed, finished = engine.search(text), engine.search(text + " ")
        assert [h.entry_id for h in typed.hits] == [h.entry_id for h in finished.hits]
        assert typed.suggestion == finished.suggestion


def test_the_window_and_the_command_line_get_the_same_order(tmp_path, capsys):
    """One test drives both callers as they call the engine: the window with the text as
    typed (`ui.window.search`: stripped, no trailing space), `glossapp search --json` with
    its words joined (today plus a trailing space)."""
    from glossapp.cli import main

    glossary = tmp_path / "computing.txt"
    glossary.write_text(
        "quicksort, algorithm\n**quicksort**\nA sorting algorithm.\n"
        "quick, jargon\n**quick**\nFast. Quick and quicker.\n"
        "quicksilver, chemistry\n**quicksilver**\nMercury, quick to move.\n"
        "turing machine, computability\n**Turing machine**\nA model of computation.\n"
        "state machine, computability\n**state machine**\nA machine with states.\n",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    for words in (["quicks"], ["quick"], ["turring", "machine"], ["machine"]):
        assert main(["--data-dir", str(data), "--glossary", str(glossary), "search", "--json",
                     "--limit", "50", *words]) == 0  # fmt: skip
        cli_terms = [row["term"] for row in json.loads(capsys.readouterr().out)]
        engine = SearchEngine(library.load([glossary]), tmp_path / f"index-{words[0]}")
        engine.ensure_index()
        window_terms = [hit.term for hit in engine.search(" ".join(words), limit=50).hits]
        engine.close()
        assert cli_terms == window_terms, words


def test_the_lead_field_holds_the_definitions_first_sentence():
    from glossapp.search.whoosh.index import lead_sentence

    plain = "router\n\nAlso: gateway\n\nA device which forwards packets. It reads tables."
    assert lead_sentence(plain, ["router"]) == "A device which forwards packets."
    assert lead_sentence("x\n\n" + "word " * 100, ["x"]).startswith("word word")
    assert len(lead_sentence("x\n\n" + "word " * 100, ["x"])) <= 300
