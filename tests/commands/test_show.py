"""`glossapp show TERM`: every matching entry, three formats, helpful failure."""

from __future__ import annotations

from html.parser import HTMLParser

from glossapp.cli import main
from tests.render.helpers import FIXTURES, leftover_markers


def test_show_prints_every_entry_with_the_term_in_file_order(capsys, seed_file):
    assert main(["--glossary", str(seed_file), "show", "multirc"]) == 0
    out = capsys.readouterr().out
    first = out.index("MultiRC (Multi-Sentence Reading Comprehension)\nevaluation")
    second = out.index("MultiRC\nevaluation")
    assert first < out.index("═" * 60) < second
    assert "**" not in out and "• " in out


def test_show_matches_aliases_titles_and_any_case(capsys, seed_file):
    assert main(["show", "--glossary", str(seed_file), "XLM", "RoBERTa"]) == 0
    assert capsys.readouterr().out.startswith("Multilingual NLP and Cross-Lingual Transfer\n")


def test_show_markdown_and_citation(capsys, seed_file):
    args = ["--glossary", str(seed_file), "show", "multivariate analysis", "--format", "markdown"]
    assert main([*args, "--cite"]) == 0
    out = capsys.readouterr().out
    assert out.count("# Multivariate Analysis") == 2 and "\n---\n" in out
    assert "— Multivariate Analysis (MVA), ai-semiconductor-glossary" in out


def test_show_html_is_a_standalone_page_without_internal_links(capsys):
    glossary = FIXTURES / "tight-nested.txt"
    assert main(["--glossary", str(glossary), "show", "cmp", "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and "<table" in page and "entry:" not in page
    assert leftover_markers(page) == []


def test_show_unknown_term_fails_with_suggestions(capsys, seed_file):
    assert main(["--glossary", str(seed_file), "show", "multimodl"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no entry named 'multimodl'" in captured.err
    assert "did you mean: multimodal" in captured.err


def test_show_uses_the_library_when_no_glossary_is_given(capsys):
    assert main(["show", "musegan"]) == 0  # the bundled seed is part of the default library
    assert capsys.readouterr().out.startswith("MuseGAN\n")


SCRIPT = "<script>alert(1)</script>"
BOLD_LINK = "**bold term** [x](javascript:alert(2))"


class _Texts(HTMLParser):
    def __init__(self, **options):
        super().__init__(**options)
        self.texts: list[str] = []

    def handle_data(self, data):
        self.texts.append(data)


def test_show_prints_odd_terms_as_literal_text_in_every_format(capsys):
    glossary = str(FIXTURES / "symbol-terms.txt")
    headings = {
        SCRIPT: r"# &lt;script\>alert(1)&lt;/script\>",
        BOLD_LINK: r"# \*\*bold term\*\* \[x\](javascript:alert(2))",
    }
    for term in (SCRIPT, BOLD_LINK):
        assert main(["--glossary", glossary, "show", term]) == 0
        assert capsys.readouterr().out.startswith(f"{term}\n")
        assert main(["--glossary", glossary, "show", term, "--format", "markdown"]) == 0
        assert capsys.readouterr().out.split("\n")[0] == headings[term]
        assert main(["--glossary", glossary, "show", term, "--format", "html"]) == 0
        page = capsys.readouterr().out
        assert "<script>" not in page and "javascript:" not in page.replace(
            "javascript:alert(2))", ""
        )
        reader = _Texts(convert_charrefs=True)
        reader.feed(page)
        texts = reader.texts
        assert term in texts  # the <title> and the heading hold the literal term
        assert texts.count(term) == 2


def test_show_suggests_odd_names_literally(capsys):
    assert main(["--glossary", str(FIXTURES / "symbol-terms.txt"), "show", "<script>"]) == 1
    err = capsys.readouterr().err
    assert "no entry named '<script>'" in err
