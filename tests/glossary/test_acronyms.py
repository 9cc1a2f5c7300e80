"""Acronyms a definition gives for its own entry: each pattern, and no false ones."""

import pytest

from glossapp.glossary.acronyms import (
    Acronym,
    acronym_shaped,
    defined_acronyms,
    entry_acronyms,
    spells,
)
from glossapp.glossary.model import Entry


def found(title, body, names=()):
    return [(a.text, a.source) for a in defined_acronyms(title, body, names)]


def test_full_name_then_acronym_in_the_title_plural_dropped():
    body = "**Multimodal Large Language Models (MLLMs)** are AI systems that see and read."
    assert found("Multimodal Large Language Models (MLLMs)", body) == [("MLLM", "title")]
    acronym = defined_acronyms("Multivariate Analysis (MVA)", "")[0]
    assert acronym == Acronym("MVA", "title", "Multivariate Analysis")


def test_acronym_then_full_name_and_acronym_colon_full_name_in_the_title():
    assert found("x", "**TCP (Transmission Control Protocol)** carries streams.") == [
        ("TCP", "title")
    ]
    body = "**CLIP: Contrastive Language-Image Pretraining — unified embeddings**\nCLIP..."
    assert found("multimodal contrastive learning", body) == [("CLIP", "title")]


def test_also_line():
    body = "**Network Address Translation**\n\nAlso: NAT, Network Address Translator\n\nA way."
    assert found("Network Address Translation", body) == [("NAT", "also")]


def test_opening_parenthesis_of_the_definition():
    body = "**dynamic random-access memory**\n\n(DRAM) A type of semiconductor memory."
    assert found("dynamic random-access memory", body) == [("DRAM", "opening")]
    body = "**Network Address Translation**\n\n(NAT, or Network Address Translator) A way."
    assert found("Network Address Translation", body) == [("NAT", "opening")]


def test_full_name_then_acronym_in_the_definition_when_the_name_is_the_entrys():
    body = "**MultiNLI**\nA corpus for Natural Language Inference (NLI) across genres."
    assert found("MultiNLI", body, ("multinli", "natural language inference")) == [
        ("NLI", "definition")
    ]
    # the same sentence in another entry defines another concept's acronym
    assert found("Java", "**Java**\nCalls through the Java Native Interface (JNI).") == []


@pytest.mark.parametrize(
    "body",
    [
        "**blue wire**\n\n(IBM) Patch wires added to circuit boards.",  # whose jargon
        "**kernel**\n\nThe Kernel (THE) is not this entry's name. I said so.",
        "**http**\n\nHTTP/1.1 is (as of 1999) the version most servers speak.",
        "**foo**\n\nIt uses TCP and UDP, and THE LOUD WORDS OF AN ALL-CAPS SENTENCE.",
        "**bar**\n\nAlso: bar code, Bar\n\nSee The Book (Second Edition) by I. Someone.",
    ],
)
def test_no_false_acronyms_from_ordinary_capitalised_words(body):
    title = body.split("**")[1]
    assert found(title, body, (title.lower(),)) == []


def test_acronym_shape_and_spelling():
    assert [acronym_shaped(t) for t in ("NAT", "IPv6", "PL/I", "RS-232", "MLLMs")] == [
        "NAT",
        "IPv6",
        "PL/I",
        "RS-232",
        "MLLM",
    ]
    assert [acronym_shaped(t) for t in ("The", "I", "Java", "X.25", "ABCDEFGHIJKL")] == [None] * 5
    assert spells("DRAM", "Dynamic Random-Access Memory")
    assert not spells("IBM", "blue wire")
    assert not spells("NAT", "Transmission Control Protocol")


def test_an_acronym_that_is_already_a_name_is_not_repeated():
    entry = Entry("i", "nat", "NAT", "", (), "**NAT**\n\nAlso: NAT, NAPT\n\n", "x.txt", 1)
    assert [a.text for a in entry_acronyms(entry)] == ["NAPT"]
