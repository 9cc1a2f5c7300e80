"""Cross-links: first mention, longest match, whole words, any case, never in code or links
or to the entry itself; plus backlinks ("Mentioned in") and "See also"."""

from __future__ import annotations

from glossapp.glossary.library import Library
from glossapp.glossary.model import Entry
from glossapp.render.crosslinks import NameMatcher, prose
from glossapp.render.renderer import Renderer
from tests.conftest import FENCE_IN_FENCE_BODY
from tests.render.helpers import read_html


def _entry(term: str, body: str = "", category: str = "", aliases=(), title: str = "") -> Entry:
    return Entry(
        id=f"id-{term.replace(' ', '-')}-{len(body)}-{category}",
        term=term,
        title=title or term,
        category=category,
        aliases=tuple(aliases),
        body=body or f"Definition of {term}.",
        source="/tmp/glossary.txt",
        line=1,
    )


def _library(*entries: Entry) -> Library:
    return Library(entries=list(entries), _by_id={e.id: e for e in entries})


def _links(renderer: Renderer, entry: Entry) -> list[tuple[str, str]]:
    """(target term, link text) for every cross-link in the entry's body."""
    reader = read_html(renderer.linked_body_html(entry))
    by_id = {e.id: e for e in renderer._entries}
    return [
        (by_id[href[6:]].term, text) for href, text in reader.links if href.startswith("entry:")
    ]


WAFER = _entry("wafer", aliases=("substrate",))
FUSION = _entry("fusion")
MM_FUSION = _entry("multimodal fusion")
CPP = _entry("c++", title="C++")


def test_first_mention_only_and_case_kept():
    reader = _entry("reader", "A Wafer is cut. Every wafer is polished; WAFER again.")
    renderer = Renderer(_library(WAFER, reader))
    assert _links(renderer, reader) == [("wafer", "Wafer")]


def test_longest_match_wins():
    reader = _entry("reader", "Multimodal fusion combines inputs; plain fusion later.")
    renderer = Renderer(_library(FUSION, MM_FUSION, reader))
    assert _links(renderer, reader) == [
        ("multimodal fusion", "Multimodal fusion"),
        ("fusion", "fusion"),
    ]


def test_whole_words_only():
    reader = _entry("reader", "Wafers and prewafer and wafer-level and wafer_x; then wafer.")
    renderer = Renderer(_library(WAFER, reader))
    # "wafer-level" counts (the hyphen ends the word), "wafers" and "wafer_x" do not.
    assert _links(renderer, reader) == [("wafer", "wafer")]
    linked = renderer.linked_body_html(reader)
    assert "Wafers and prewafer and <a" in linked


def test_names_with_symbols_and_spaces_across_line_breaks():
    planarization = _entry("chemical mechanical planarization")
    reader = _entry("reader", "C++ code, then chemical mechanical\nplanarization.\n\nEnd.")
    renderer = Renderer(_library(CPP, planarization, reader))
    assert [term for term, _ in _links(renderer, reader)] == [
        "c++",
        "chemical mechanical planarization",
    ]


def test_aliases_and_titles_link_too():
    titled = _entry("cmp", title="Chemical Mechanical Polishing")
    reader = _entry("reader", "Each substrate goes through chemical mechanical polishing.")
    renderer = Renderer(_library(WAFER, titled, reader))
    assert _links(renderer, reader) == [
        ("wafer", "substrate"),
        ("cmp", "chemical mechanical polishing"),
    ]


def test_never_inside_code():
    body = "Inline `wafer` code.\n```\nwafer in a diagram\n```\nProse wafer last."
    reader = _entry("reader", body)
    renderer = Renderer(_library(WAFER, reader))
    rendered = renderer.linked_body_html(reader)
    assert "<code>wafer</code>" in rendered and "wafer in a diagram" in rendered
    assert _links(renderer, reader) == [("wafer", "wafer")]
    assert rendered.index('href="entry:') > rendered.index("Prose")


def test_never_inside_another_link():
    reader = _entry("reader", "See [the wafer guide](https://example.com/wafer) then wafer.")
    renderer = Renderer(_library(WAFER, reader))
    reader_links = read_html(renderer.linked_body_html(reader)).links
    assert reader_links[0] == ("https://example.com/wafer", "the wafer guide")
    assert _links(renderer, reader) == [("wafer", "wafer")]


def test_never_to_itself_even_through_a_shared_name():
    self_ref = _entry("wafer", "A wafer is a wafer; a substrate too.", category="other")
    renderer = Renderer(_library(WAFER, self_ref))
    # "wafer" names this entry (and its duplicate): no link to itself.
    assert _links(renderer, self_ref) == [("wafer", "substrate")]
    assert renderer.duplicates(self_ref) == [WAFER, self_ref]


def test_alias_that_is_part_of_the_entrys_own_name_is_not_linked():
    topic = _entry("multimodal", aliases=("fusion",))
    reader = _entry("multimodal fusion", "Early fusion and late fusion; see multimodal.")
    renderer = Renderer(_library(topic, reader))
    assert _links(renderer, reader) == [("multimodal", "multimodal")]


def test_aliases_found_in_most_bodies_are_not_links():
    generic = _entry("multimodal", aliases=("text", "llava"))
    others = [_entry(f"topic {i}", f"Some text about topic {i}.") for i in range(12)]
    reader = _entry("reader", "Text and images, then llava.")
    renderer = Renderer(_library(generic, *others, reader))
    # "text" is in 13 of 14 bodies: too common to name an entry; "llava" is not.
    assert _links(renderer, reader) == [("multimodal", "llava")]


def test_backlinks_list_entries_that_mention_an_entry():
    mentions = _entry("cmp", "Planarises a wafer.")
    code_only = _entry("etch", "Etches `wafer` layers.\n```\nwafer\n```")
    renderer = Renderer(_library(WAFER, mentions, code_only))
    assert renderer.backlinks(WAFER) == [mentions]
    assert renderer.backlinks(mentions) == []
    assert renderer.mentions(mentions) == [WAFER]
    html = renderer.html(WAFER)
    assert "Mentioned in" in html and f'href="entry:{mentions.id}"' in html


def test_see_also_from_shared_words_with_category_only_a_tie_breaker():
    a = _entry("multilingual model", category="nlp")
    b = _entry("multilingual embeddings", category="rag")
    c = _entry("tokenizer", category="nlp")
    d = _entry("unrelated thing", category="fab")
    renderer = Renderer(_library(a, b, c, d))
    # c shares only the category: not related
    assert renderer.see_also(a) == [b]
    assert len(renderer.see_also(a, limit=1)) == 1
    assert "See also" in renderer.html(a)
    tie_x = _entry("multilingual corpus", category="other")
    tie_y = _entry("multilingual speech", category="nlp")
    renderer = Renderer(_library(a, tie_x, tie_y, c, d))
    assert renderer.see_also(a) == [tie_y, tie_x]  # equal words: the category decides


def test_see_also_reads_the_definitions_not_only_the_names():
    fillers = [_entry(f"filler {i}", f"Plain text number {i}.") for i in range(30)]
    quicksort = _entry("quicksort", "Sorts a list by partitioning around a pivot, recursively.")
    mergesort = _entry("mergesort", "Sorts a list by merging sorted halves, recursively.")
    pivot = _entry("pivot table", "A spreadsheet summary.")
    renderer = Renderer(_library(quicksort, pivot, *fillers, mergesort))
    assert renderer.see_also(quicksort)[0] == mergesort


def test_see_also_counts_mentions_both_ways():
    fillers = [_entry(f"filler {i}", f"Plain text number {i}.") for i in range(30)]
    target = _entry("haskell", "A lazy functional language.")
    mentions_it = _entry("gofer", "A small dialect of haskell.")
    mentioned = _entry("miranda", "Strict, unlike nothing.")
    reader = _entry("lazy ml", "Inspired by miranda, quite lazy and functional too.")
    renderer = Renderer(_library(target, mentions_it, mentioned, reader, *fillers))
    assert set(renderer.see_also(target)) >= {mentions_it}
    assert mentioned in renderer.see_also(reader)


def test_see_also_ranks_rarer_shared_words_higher():
    fillers = [_entry(f"filler {i}", category="misc") for i in range(40)]
    target = _entry("overlay metrology", category="litho")
    rare = _entry("overlay error", category="etch")
    common = [_entry(f"metrology tool {i}", category="etch") for i in range(8)]
    renderer = Renderer(_library(target, rare, *common, *fillers))
    assert renderer.see_also(target)[0] == rare


def test_see_also_skips_duplicates_of_the_same_term():
    first = _entry("multirc", category="evaluation")
    second = _entry("multirc", "Another multirc.", category="evaluation")
    other = _entry("multinli", category="evaluation")
    renderer = Renderer(_library(first, second, other))
    assert renderer.see_also(first) == [other]


def test_matcher_is_leftmost_longest_on_whole_words():
    names = ["wafer", "wafer level", "wafer level packaging", "level", "c++", "multi-vt design"]
    matcher = NameMatcher(
        [_entry(name, title=name.upper() if name == "c++" else "") for name in names]
    )
    text = "Wafer Level\nPackaging, wafer levels, C++ and c+, multi-vt design; level."
    found = [(text[start:end], key) for start, end, key in matcher.finditer(text)]
    assert found == [
        ("Wafer Level\nPackaging", "wafer level packaging"),
        ("wafer", "wafer"),  # "wafer levels": "level" is not a whole word there
        ("C++", "c++"),
        ("multi-vt design", "multi-vt design"),
        # and never "level" alone: a very common English word
    ]


def test_matching_keeps_offsets_when_lower_case_is_longer():
    matcher = NameMatcher([_entry("wafer")])
    text = "İİ wafer"  # "İ".lower() has two characters
    assert [(text[s:e]) for s, e, _ in matcher.finditer(text)] == ["wafer"]


def test_matcher_handles_thousands_of_names():
    entries = [_entry(f"term number {i}", aliases=(f"alias{i}",)) for i in range(3000)]
    matcher = NameMatcher(entries)
    found = [key for _, _, key in matcher.finditer("See term number 2999 and alias17.")]
    assert found == ["term number 2999", "alias17"]


def test_seed_cross_links(seed_library):
    renderer = Renderer(seed_library)
    fusion = seed_library.with_term("multimodal fusion hierarchical")[0]
    linked_terms = {term for term, _ in _links(renderer, fusion)}
    assert "multimodal fusion" in linked_terms
    topic = seed_library.with_term("multimodal")[0]
    assert fusion in renderer.backlinks(topic) or fusion in renderer.backlinks(
        seed_library.with_term("multimodal")[1]
    )
    for entry in seed_library.entries:
        targets = [href for href, _ in read_html(renderer.linked_body_html(entry)).links]
        assert f"entry:{entry.id}" not in targets, entry.term
        assert len(targets) == len(set(targets)), entry.term  # first mention only


def test_mentioned_in_is_capped_with_a_note():
    target = _entry("wafer")
    readers = [_entry(f"reader {i}", f"Uses a wafer, number {i}.") for i in range(35)]
    renderer = Renderer(_library(target, *readers))
    assert renderer.backlinks(target) == readers
    assert renderer.backlinks(target, limit=3) == readers[:3]
    section = renderer.html(target).split("Mentioned in")[1].split("</p>")[0]
    assert section.count('href="entry:') == 30 and "and more" in section


def test_backlinks_find_names_wrapped_across_lines():
    target = _entry("chemical mechanical planarization")
    reader = _entry("reader", "Then chemical mechanical\nplanarization of the wafer.")
    assert Renderer(_library(target, reader)).backlinks(target) == [reader]


def test_an_entry_missing_from_the_library_still_renders():
    renderer = Renderer(_library(WAFER, FUSION))
    stray = _entry("wafer fusion", "Mentions wafer.")
    html = renderer.html(stray)
    assert f'href="entry:{WAFER.id}"' in html and renderer.duplicates(stray) == [stray]
    assert set(renderer.see_also(stray)) == {WAFER, FUSION}


def test_a_stray_entry_sharing_a_term_is_counted_among_duplicates():
    renderer = Renderer(_library(WAFER))
    stray = _entry("wafer", "Another wafer.", category="other")
    assert renderer.duplicates(stray) == [WAFER, stray]
    assert "Entry 2 of 2" in renderer.html(stray)


def test_a_mention_after_a_fence_that_quotes_a_fence_is_linked_and_backlinked():
    # "```python" inside the plain fence is content, as it renders: the mention after the
    # fence is prose to the cross-links and so to "Mentioned in" too
    target = _entry("target thing")
    python = _entry("print")
    quoter = _entry("quoter", FENCE_IN_FENCE_BODY)
    assert "Target Thing" in prose(FENCE_IN_FENCE_BODY)
    assert "print" not in prose(FENCE_IN_FENCE_BODY) and "Write" not in prose(FENCE_IN_FENCE_BODY)
    renderer = Renderer(_library(target, python, quoter))
    assert _links(renderer, quoter) == [("target thing", "Target Thing")]
    assert renderer.mentions(quoter) == [target]
    assert renderer.backlinks(target) == [quoter]
    assert renderer.backlinks(python) == []


def test_prose_drops_fences_of_every_kind_and_code_spans():
    body = "a\n~~~\nin tildes\n~~~\n````\n```\nin four\n````\nb `in span` c\n  ```\nindented\n"
    assert prose(body).split() == ["a", "b", "c"]


def test_related_lists_name_each_entry_once_even_when_definitions_share_a_term():
    target = _entry("wafer", "A thin slice of silicon crystal.")
    first = _entry("dicing", "Cuts a silicon wafer into dies.", category="fab")
    second = _entry("dicing", "Cuts a silicon wafer into dies, again.", category="fab")
    crystal = _entry("ingot", "A silicon crystal grown for slicing.")
    renderer = Renderer(_library(target, first, second, crystal))
    assert renderer.backlinks(target) == [first, second]
    page = renderer.html(target)
    mentioned = page.split("Mentioned in")[1].split("</p>")[0]
    assert mentioned.count('href="entry:') == 1  # two definitions, one label
    see_also = page.split("See also")[1].split("</p>")[0]
    assert f"entry:{crystal.id}" in see_also
    assert f"entry:{first.id}" not in see_also and f"entry:{second.id}" not in see_also
    assert [e.term for e in renderer.see_also(crystal)].count("dicing") <= 1
