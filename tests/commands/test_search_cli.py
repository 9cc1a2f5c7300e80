import json

import pytest

from glossapp.cli import main
from glossapp.search.whoosh.index import META_FILE
from tests.conftest import SEED_FILE
from tests.search.fixtures import write_small_library


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """Options that reuse one seed index across this module's search tests."""
    return ["--glossary", str(SEED_FILE), "--data-dir", str(tmp_path_factory.mktemp("data"))]


def test_search_json_shape(capsys, shared):
    assert main(["search", *shared, "--json", "xlm", "roberta"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(
        set(row) == {"term", "title", "category", "source", "score", "snippet"} for row in rows
    )
    assert rows[0]["term"] == "multilingual nlp"
    assert rows[0]["source"] == "ai-semiconductor-glossary"
    assert isinstance(rows[0]["score"], float)


def test_did_you_mean_goes_to_stderr(capsys, shared):
    assert main(["search", *shared, "--json", "multinomal"]) == 0
    captured = capsys.readouterr()
    assert "did you mean: multinomial" in captured.err
    assert json.loads(captured.out)[0]["term"] == "multinomial diffusion"


def test_text_output_limit_and_category(capsys, shared):
    code = main(
        [
            "search",
            *shared,
            "--limit",
            "2",
            "--category",
            "spc",
            "multivariate",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith(" 1. Multivariate control charts [spc]")
    assert " 2. " not in out


def test_no_results_exit_status(capsys, shared):
    assert main(["search", *shared, "qqqqzzzz"]) == 1
    assert "no results" in capsys.readouterr().err


def test_index_builds_once_with_progress_then_rebuilds_on_request(capsys, tmp_path):
    folder = tmp_path / "g"
    write_small_library(folder)
    assert main(["index", "--glossary", str(folder)]) == 0
    first = capsys.readouterr().err
    assert "4/4" in first and "4 entries indexed" in first
    assert main(["index", "--glossary", str(folder)]) == 0
    assert "4/4" not in capsys.readouterr().err  # already up to date
    assert main(["index", "--glossary", str(folder), "--rebuild"]) == 0
    assert "4/4" in capsys.readouterr().err


def test_index_output_builds_a_standalone_index(capsys, tmp_path):
    folder = tmp_path / "g"
    write_small_library(folder)
    output = tmp_path / "prebuilt"
    assert main(["index", "--glossary", str(folder), "--output", str(output)]) == 0
    assert (output / META_FILE).exists()
    assert main(["index", "--glossary", str(folder), "--output", str(output)]) == 0  # replaced
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    assert main(["index", "--glossary", str(folder), "--output", str(busy)]) == 2
    assert (busy / "notes.txt").read_text() == "mine"


def test_search_prints_odd_terms_as_literal_text(capsys, tmp_path):
    from tests.render.helpers import FIXTURES

    options = ["--glossary", str(FIXTURES / "symbol-terms.txt"), "--data-dir", str(tmp_path)]
    assert main(["search", *options, "--json", "--limit", "40", "definition"]) == 0
    rows = json.loads(capsys.readouterr().out)
    terms = {row["term"] for row in rows}
    assert "<script>alert(1)</script>" in terms
    assert "**bold term** [x](javascript:alert(2))" in terms
    by_term = {row["term"]: row for row in rows}
    assert by_term["<script>alert(1)</script>"]["title"] == "<script>alert(1)</script>"
    assert main(["search", *options, "--limit", "40", "definition"]) == 0
    out = capsys.readouterr().out
    assert ". <script>alert(1)</script> [symbols]  (symbol-terms, " in out
    assert ". **bold term** [x](javascript:alert(2)) [computing]  (symbol-terms, " in out
