import codecs
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossapp.glossary.model import Severity
from glossapp.glossary.parser import (
    BODY_GUARDS,
    body_reason,
    header_shape,
    is_header,
    parse_bytes,
    parse_file,
    parse_text,
    split_header,
)


def parse(text: str, source: str = "g.txt"):
    return parse_bytes(text.encode("utf-8"), source)


def messages(result) -> list[str]:
    return [f"{d.line}:{d.severity}:{d.message}" for d in result.diagnostics]


# ---------------------------------------------------------------- the seed glossary


def test_seed_parses_to_fifty_entries_in_file_order(seed_file):
    result = parse_file(seed_file)
    assert len(result.entries) == 50
    assert result.entries[0].term == "multi-vt design"
    assert result.entries[-1].term == "music recommendation"
    assert result.diagnostics == []


def test_seed_titles_come_from_leading_bold_name_or_term(seed_file):
    by_line = {e.line: e for e in parse_file(seed_file).entries}
    assert by_line[3].title == "Multi-VT libraries"
    assert by_line[21].title == "MultiFC"
    # the first entry's body starts with plain text, so the title is the term
    assert by_line[1].title == "multi-vt design"


def test_seed_two_items_are_category_three_or_more_are_aliases(seed_file):
    entries = {e.line: e for e in parse_file(seed_file).entries}
    assert (entries[21].term, entries[21].category, entries[21].aliases) == (
        "multifc",
        "evaluation",
        (),
    )
    music = entries[1058]
    assert (music.term, music.category) == ("music generation", "audio")
    nlp = entries[186]
    assert nlp.term == "multilingual nlp"
    assert nlp.category == ""
    assert nlp.aliases == (
        "cross lingual transfer",
        "multilingual model",
        "language transfer",
        "xlm roberta",
    )


def test_seed_duplicates_stay_separate_with_distinct_ids(seed_file):
    entries = parse_file(seed_file).entries
    multirc = [e for e in entries if e.term == "multirc"]
    assert len(multirc) == 2
    assert multirc[0].id != multirc[1].id
    assert multirc[0].body != multirc[1].body
    mva = [e for e in entries if e.term == "multivariate analysis"]
    assert {e.category for e in mva} == {"data analysis", "manufacturing operations"}
    assert len({e.id for e in entries}) == 50


def test_seed_fenced_lines_stay_in_body(seed_file):
    nlp = next(e for e in parse_file(seed_file).entries if e.term == "multilingual nlp")
    assert "```\nTraining:" in nlp.body
    assert "Swahili (zero-shot): 65% F1\n```" in nlp.body


def test_ids_survive_reparsing_reordering_and_body_edits():
    original = parse("alpha, cat\nbody a\nbeta, cat\nbody b\n").entries
    reordered = parse("beta, cat\nchanged body\nalpha, cat\nbody a\n").entries
    assert {e.term: e.id for e in original} == {e.term: e.id for e in reordered}


# ---------------------------------------------------------------- headers


ISSUE_TERMS = [
    "c#", "a#", "sml#", ".net framework", ".cshrc", ".login", "/dev/null", "/me", "un*x",
    "a* search", "*lisp", "modula-2*", "case*method", "[incr tcl]", "<g>", "(tm)", "(c)",
    "()", "@stake", "@-party", "-oid", "-ware", "\\begin", "$1", "??", "c|n>k", "x*act",
    "cancelmoose[tm]", "<script>alert(1)</script>", "**bold term** [x](javascript:alert(2))",
]  # fmt: skip


@pytest.mark.parametrize(
    "line",
    [
        "multirc, evaluation",
        "music generation,audio",
        "a,b,c",
        "term,",
        "term,, cat",
        "ü-term, kategorie",
        "this is a sentence, with an end.",  # the format has no sentence rule
        "1.5, version",  # no space after the dot: not a list item
        "2)x, odd",
        "#define, c",  # no space after the hash: not a heading
        "##x, y",
        ">>=, haskell",  # no space after '>': not a block quote
        "-, dash",
        *[f"{term}, language" for term in ISSUE_TERMS],
    ],
)
def test_header_lines(line):
    assert is_header(line)
    assert body_reason(line) is None


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("- item, with comma", "list item"),
        ("* item, with comma", "list item"),
        ("+ item, with comma", "list item"),
        ("-\titem, with a tab", "list item"),
        ("1. first, second", "numbered list item"),
        ("12) first, second", "numbered list item"),
        ("| a, b | c |", "table row"),
        ("|a,b", "table row"),
        ("> quoted, text", "block quote"),
        ("# heading, text", "heading"),
        ("###### heading, text", "heading"),
        ("[label, x]: https://example.com/a,b", "link reference definition"),
        (" indented, line", "indented"),
        ("\tindented, line", "indented"),
        (",,,", "no term"),
        (", cat", "no term"),
    ],
)
def test_every_guard_keeps_its_line_as_body(line, reason):
    assert header_shape(line)
    assert not is_header(line)
    assert reason in body_reason(line)


@pytest.mark.parametrize("line", ["Multirc, evaluation", "no comma here", "C#, language"])
def test_lines_without_the_header_shape(line):
    assert not header_shape(line)
    assert not is_header(line)


def test_every_guard_is_written_down_with_its_reason():
    assert all(reason for _, reason in BODY_GUARDS)


def test_the_issues_terms_all_load_as_entries():
    text = "".join(f"{term}, computing\nA definition of {term!r}.\n\n" for term in ISSUE_TERMS)
    result = parse(text)
    assert [entry.term for entry in result.entries] == ISSUE_TERMS
    assert all(entry.category == "computing" for entry in result.entries)
    assert result.diagnostics == []


# ---------------------------------------------------------------- no silent decision


def test_each_header_shaped_body_line_gets_an_info_diagnostic():
    lines = [
        "wafer, manufacturing",
        "A **wafer** is thin.",
        "- a list item, with a comma",
        "1. a numbered item, with a comma",
        "| a, b |",
        "> a quote, with a comma",
        "# a heading, with a comma",
        "  indented, with a comma",
        ", no term",
        "```text, info",
        "inside a fence, never a header",
        "```",
        "Capitals, so not a header shape.",
        "no comma so nothing to say",
    ]
    result = parse("\n".join(lines))
    assert [entry.term for entry in result.entries] == ["wafer"]
    infos = [d for d in result.diagnostics if d.severity is Severity.INFO]
    assert [d.line for d in infos] == [3, 4, 5, 6, 7, 8, 9, 10]
    assert all(d.path == "g.txt" for d in infos)
    assert "read as body text, not as a header: it looks like a list item" in infos[0].message
    assert "'- a list item, with a comma'" in infos[0].message
    assert "indented" in infos[5].message and "'  indented, with a comma'" in infos[5].message
    assert "opens a code fence" in infos[7].message
    assert len(result.diagnostics) == len(infos)


@pytest.mark.parametrize(("text", "what"), [("", "empty"), (" \n\t\n\n", "blank")])
def test_a_file_with_nothing_in_it_says_so_and_shows_the_header_shape(text, what):
    result = parse(text)
    assert result.entries == []
    (diagnostic,) = result.diagnostics
    assert diagnostic.severity is Severity.INFO and diagnostic.line == 1
    assert f"file is {what}" in diagnostic.message
    assert "`term, category`" in diagnostic.message


def test_a_file_of_guarded_lines_only_has_no_entry_and_says_why():
    result = parse("- a list item, with a comma\nMore text.\n")
    assert result.entries == []
    severities = [d.severity for d in result.diagnostics]
    assert severities.count(Severity.INFO) == 1 and Severity.ERROR in severities
    assert any("`term, category`" in d.message for d in result.diagnostics)


def test_split_header_trims_and_ignores_empty_items():
    assert split_header("term,") == ("term", "", ())
    assert split_header("term,, cat") == ("term", "cat", ())
    assert split_header(" a , b , c ") == ("a", "", ("b", "c"))


def test_header_inside_fence_is_body():
    result = parse("alpha, cat\n```\nnot, a header\n```\nafter\n")
    assert [e.term for e in result.entries] == ["alpha"]
    assert "not, a header" in result.entries[0].body


# ---------------------------------------------------------------- bad input


def test_utf8_bom_is_stripped():
    result = parse_bytes(codecs.BOM_UTF8 + b"alpha, cat\nbody\n", "g.txt")
    assert result.entries[0].term == "alpha"
    assert result.diagnostics == []


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings(newline):
    text = newline.join(["alpha, cat", "one", "beta, cat", "two"]) + newline
    result = parse(text)
    assert [(e.term, e.body, e.line) for e in result.entries] == [
        ("alpha", "one", 1),
        ("beta", "two", 3),
    ]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16_with_bom_is_detected(codec):
    text = "alpha, cat\nbody ü\n"
    data = text.encode(codec)
    if codec != "utf-16":
        data = (codecs.BOM_UTF16_BE if codec.endswith("be") else codecs.BOM_UTF16_LE) + data
    result = parse_bytes(data, "g.txt")
    assert result.entries[0].body == "body ü"
    assert any("UTF-16" in d.message for d in result.diagnostics)


def test_invalid_utf8_is_replaced_and_reported_with_its_line():
    # mostly UTF-8 (the two é), so read as UTF-8 with the bad bytes replaced
    data = "alpha, cat\nfiné é\nbad ".encode() + b"\xff\xfe byte\nbeta, cat\nalso \xc3 bad\n"
    result = parse_bytes(data, "g.txt")
    assert result.entries[0].body == "finé é\nbad \ufffd\ufffd byte"
    bad = [d for d in result.diagnostics if "UTF-8" in d.message]
    assert [d.line for d in bad] == [3, 5]
    assert all(d.path == "g.txt" and d.severity == Severity.WARNING for d in bad)


def test_nul_bytes_are_dropped_and_reported():
    result = parse_bytes(b"alpha, cat\nbo\x00dy\n", "g.txt")
    assert result.entries[0].body == "body"
    assert any(d.line == 2 and "NUL" in d.message for d in result.diagnostics)


def test_text_before_first_header_is_reported_not_glued():
    result = parse("stray intro\nmore intro\nalpha, cat\nbody\n")
    assert result.entries[0].body == "body"
    (diag,) = result.diagnostics
    assert (diag.line, diag.end_line, diag.severity) == (1, 2, Severity.WARNING)
    assert "stray intro" in diag.message and "lines 1-2" in diag.message


def test_unclosed_fence_is_closed_at_end_of_its_entry():
    result = parse("alpha, cat\ntext\n```\ncode line\nbeta, cat\nbody b\n")
    assert [e.term for e in result.entries] == ["alpha", "beta"]
    assert result.entries[0].body == "text\n```\ncode line\n```"
    assert result.entries[1].body == "body b"
    (diag,) = result.diagnostics
    assert diag.line == 3 and "never closed" in diag.message and "alpha" in diag.message


def test_unclosed_fence_at_end_of_file():
    result = parse("alpha, cat\n```\ncode\n")
    assert result.entries[0].body == "```\ncode\n```"
    assert [d.line for d in result.diagnostics] == [2]


def test_an_opening_line_inside_a_fence_is_content_not_a_close():
    # "```python" inside a plain fence opens nothing and closes nothing (the renderer's
    # rule, markdown.blocks): the header-like line after it is still code
    result = parse("alpha, cat\n```\n```python\nnot, a header\n```\nafter\n")
    assert [e.term for e in result.entries] == ["alpha"]
    assert "not, a header" in result.entries[0].body and result.diagnostics == []


def test_tilde_and_longer_fences_keep_header_like_lines_in_the_body():
    text = "alpha, cat\n~~~\nnot, a header\n~~~\n````\nx, y\n```\nz, w\n````\nend\n"
    result = parse(text)
    assert [e.term for e in result.entries] == ["alpha"] and result.diagnostics == []


def test_an_indented_fence_is_a_fence():
    result = parse("alpha, cat\n    ```\n    not, a header\n    ```\n")
    assert [e.term for e in result.entries] == ["alpha"] and result.diagnostics == []


def test_only_a_matching_run_later_on_keeps_an_unclosed_fence_open():
    # a later ``` cannot close a ```` fence: that fence is never closed, so it gives up
    # "beta, cat", and it is closed with its own marker at the end of its entry
    result = parse("alpha, cat\n````\ncode\nbeta, cat\nbody\n```\n")
    assert [e.term for e in result.entries] == ["alpha", "beta"]
    assert result.entries[0].body == "````\ncode\n````"
    assert [(d.line, "````" in d.message) for d in result.diagnostics] == [(2, True), (6, False)]


def test_fence_with_code_that_looks_like_a_header_stays_code():
    body = "```\nx, y = compute(a, b)\n[a] -> [b], c\n```"
    result = parse(f"alpha, cat\n{body}\n")
    assert result.entries[0].body == body
    assert result.diagnostics == []


def test_file_without_header_explains_the_format():
    result = parse("Just some notes\nwith no header at all\n")
    assert result.entries == []
    errors = [d for d in result.diagnostics if d.severity == Severity.ERROR]
    assert errors and "term, category" in errors[0].message


def test_empty_entry_is_reported():
    result = parse("alpha, cat\nbeta, cat\nbody\n")
    assert result.entries[0].body == ""
    assert any(d.line == 1 and "no definition" in d.message for d in result.diagnostics)


def test_unreadable_file_gives_an_error(tmp_path):
    result = parse_file(tmp_path / "missing.txt")
    assert result.entries == []
    assert result.diagnostics[0].severity == Severity.ERROR
    assert "missing.txt" in result.diagnostics[0].path


def test_huge_entry_and_huge_term_load_quickly():
    big_body = "\n".join(f"- line {i} of a very large definition body text" for i in range(110_000))
    huge_term = "a" * 100_000
    text = f"big, cat\n{big_body}\n{huge_term}, cat\nbody\n"
    assert len(text) > 5_000_000
    started = time.perf_counter()
    result = parse(text)
    elapsed = time.perf_counter() - started
    assert [e.term[:3] for e in result.entries] == ["big", "aaa"]
    assert len(result.entries[1].term) == 100_000
    # a generous bound that only catches quadratic behaviour, not a benchmark
    assert elapsed < 20


# ---------------------------------------------------------------- property


def _covered_lines(result) -> set[int]:
    covered: set[int] = set()
    for entry in result.entries:
        covered.add(entry.line)
        body_lines = entry.body.count("\n") + 1 if entry.body else 0
        covered.update(range(entry.line + 1, entry.line + 1 + body_lines))
    for diag in result.diagnostics:
        covered.update(range(diag.line, max(diag.line, diag.end_line) + 1))
    return covered


line_text = st.one_of(
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x85\u2028\u2029"),
        max_size=30,
    ),
    st.sampled_from(
        ["alpha, cat", "```", "beta,x,y", "- item", "| a | b |", "", "**Bold** text", "x, y"]
    ),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line_text, max_size=30))
def test_random_text_never_raises_and_loses_no_line(lines):
    text = "\n".join(lines)
    result = parse_text(text, "random.txt")
    covered = _covered_lines(result)
    for number, line in enumerate(lines, start=1):
        if line.strip():
            assert number in covered, (number, line)


@settings(max_examples=200)
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(data):
    parse_bytes(data, "random.bin")


# ---------------------------------------------------------------- property: terms round-trip

_TERM_CHARS = st.sampled_from(list("abcxyz019 #*./<>[]|\\@$?()-+&:;!'\"=`~_{}^%") + ["é", "ß"])


def _writable(term: str) -> bool:
    """A term the format can hold: a header line made of it is a header."""
    line = f"{term}, category"
    return term == term.strip() and "," not in term and is_header(line)


_terms = st.text(_TERM_CHARS, min_size=1, max_size=16).filter(_writable)
_body_lines = st.one_of(
    st.text(st.sampled_from(list("abc ,.#*|-:") + ["é"]), max_size=30).map(lambda s: "Z" + s),
    st.sampled_from(
        [
            "- a list item, with a comma",
            "1. a numbered item, with a comma",
            "| a, b | c |",
            "> a quote, with a comma",
            "# a heading, with a comma",
            "  an indented line, with a comma",
            "```\ninside, a fence\n```",
            "",
            "Prose with Capitals, and a comma.",
        ]
    ),
)
_entries = st.lists(
    st.tuples(
        _terms,
        st.lists(_terms, max_size=3),
        st.lists(_body_lines, min_size=1, max_size=5),
    ),
    max_size=12,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(_entries)
def test_any_entry_list_written_in_the_format_parses_back_to_the_same_terms(entries):
    lines = []
    for term, aliases, body in entries:
        items = [term, *aliases] if len(aliases) >= 2 else [term, "category"]
        lines.append(",".join(items))
        lines.extend(body)
    result = parse_text("\n".join(lines), "generated.txt")
    assert [entry.term for entry in result.entries] == [term for term, _, _ in entries]
    for entry, (_, aliases, _) in zip(result.entries, entries, strict=True):
        if len(aliases) >= 2:
            assert entry.aliases == tuple(aliases)
        else:
            assert entry.category == "category"
    assert not any(d.severity is Severity.ERROR for d in result.diagnostics)
