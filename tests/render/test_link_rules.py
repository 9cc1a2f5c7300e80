"""The rules a cross-link must pass (issue 15): whole words, never in a URL, host or path,
no stop words or very common words, case for short names, a term beats an alias, and the
first mention only."""

from __future__ import annotations

from glossapp.render.common_words import COMMON_WORDS
from glossapp.render.crosslinks import NameMatcher
from glossapp.render.renderer import Renderer
from tests.render.test_crosslinks import _entry, _library, _links


def _found(matcher: NameMatcher, text: str) -> list[str]:
    return [text[start:end] for start, end, _ in matcher.finditer(text)]


def test_never_a_piece_of_a_word():
    ve_entry = _entry("ve", title="ve")
    vt = _entry("vt", title="Vt")
    matcher = NameMatcher([ve_entry, vt, _entry("re", title="re")])
    text = "You've seen multi-Vt, re-entrant code and Vt-tuning? ve, re and Vt."
    # "re" is a common word (from "you're"): never a link on its own either
    assert _found(matcher, text) == ["ve", "Vt"]


def test_a_longer_name_still_ends_at_a_hyphen_or_a_possessive():
    matcher = NameMatcher([_entry("unix", title="Unix")])
    assert _found(matcher, "Unix's shell, Unix-like systems") == ["Unix", "Unix"]
    assert _found(matcher, "Unixes and Unix'd") == []


def test_never_inside_a_url_host_path_or_address():
    org = _entry("org", title="org")
    foldoc = _entry("foldoc", title="FOLDOC")
    usr = _entry("usr", title="usr")
    bin_entry = _entry("bin", title="bin")
    matcher = NameMatcher([org, foldoc, usr, bin_entry])
    text = (
        "See http://foldoc.org/usr or www.foldoc.org, mail denis@foldoc.org, files in "
        "/usr/bin and C:\\usr; foldoc.org. Then org and bin, and FOLDOC."
    )
    assert _found(matcher, text) == ["org", "bin", "FOLDOC"]


def test_stop_words_and_very_common_words_are_not_links():
    assert {"is", "and", "at", "in", "it", "same", "point", "less", "than"} <= COMMON_WORDS
    names = [
        _entry("is", title="IS"),
        _entry("and", title="AND"),
        _entry("same", title="SAME"),
        _entry("point", title="point"),
        _entry("to be", title="to be"),
        _entry("less than", title="less than"),
        _entry("my", title="my"),
        _entry("jargon file", title="Jargon File"),
    ]
    matcher = NameMatcher(names)
    text = "It is the same point, to be less than my Jargon File: A AND B is SAME."
    # Common words link only written as the glossary writes them, with a capital
    # after the first letter; "point", "to be", "less than" and "my" never do.
    assert _found(matcher, text) == ["Jargon File", "AND", "SAME"]
    assert "point" not in matcher.targets and "my" not in matcher.targets


def test_short_names_link_only_in_their_case():
    nat = _entry("nat", title="NAT")
    # no bold title: the case comes from the definition's first spelling
    vt = _entry("vt", body="The Vt of a transistor.")
    matcher = NameMatcher([nat, vt])
    assert _found(matcher, "nat, Nat and NAT; vt, VT and Vt.") == ["NAT", "Vt"]


def test_a_term_wins_over_an_alias():
    owner = _entry("multimodal", aliases=("fusion", "alignment"))
    strategies = _entry("multimodal fusion", title="Multimodal Fusion Strategies")
    alignment = _entry("alignment", title="Alignment")
    reader = _entry("reader", "Visual encoder plus LLM Fusion; then alignment, multimodal.")
    renderer = Renderer(_library(owner, strategies, alignment, reader))
    # "alignment" is a term; "fusion" names a kind: the two-word term ending in it
    assert _links(renderer, reader) == [
        ("multimodal fusion", "Fusion"),
        ("alignment", "alignment"),
        ("multimodal", "multimodal"),
    ]


def test_an_alias_still_links_to_its_owner_when_nothing_else_names_it():
    owner = _entry("network address translation", aliases=("masquerading",))
    reader = _entry("reader", "IP masquerading hides hosts.")
    renderer = Renderer(_library(owner, reader))
    assert _links(renderer, reader) == [("network address translation", "masquerading")]


def test_first_mention_of_each_target_only():
    target = _entry("quicksort", title="Quicksort")
    alias_owner = _entry("sorting", aliases=("sort",))
    reader = _entry("reader", "Quicksort is a sort. Quicksort and sorting and sort again.")
    renderer = Renderer(_library(target, alias_owner, reader))
    assert _links(renderer, reader) == [("quicksort", "Quicksort"), ("sorting", "sort")]


def test_the_tail_of_a_compound_after_a_letter_or_two_is_no_mention():
    # FOLDOC's C# entry: "Also: C-sharp, D-Flat" linked "sharp" and "Flat"
    matcher = NameMatcher([_entry("sharp", title="sharp"), _entry("flat", title="flat")])
    text = "Also: C-sharp, D-flat, e-sharp. The sharp sign; a flat key; key-sharp."
    assert _found(matcher, text) == ["sharp", "flat", "sharp"]
