import json
import os
import subprocess
import sys

import pytest

from glossapp.cli import main


def test_check_seed_prints_count(capsys, seed_file):
    assert main(["check", str(seed_file)]) == 0
    out = capsys.readouterr().out
    assert f"{seed_file}: 50 entries" in out


def test_check_reports_diagnostics_and_unreadable_files(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"intro\nalpha, cat\nbad \xff\n")
    assert main(["check", str(bad), str(tmp_path / "nope.txt")]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:1: warning: text before the first header" in out
    assert f"{bad}:1: warning: file is not UTF-8 (1 byte(s) are not valid UTF-8); " in out
    assert "nope.txt:0: error: no such file or folder" in out


def test_check_json_shape(capsys, tmp_path, seed_file):
    bad = tmp_path / "bad.txt"
    bad.write_text("alpha, cat\n```\ncode\n", encoding="utf-8")
    assert main(["check", "--json", str(seed_file), str(bad)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [set(obj) for obj in report] == [{"path", "entries", "terms", "diagnostics"}] * 2
    assert report[0]["entries"] == 50
    assert report[0]["terms"][0] == "multi-vt design"
    assert report[1]["diagnostics"] == [
        {
            "line": 2,
            "severity": "warning",
            "message": "code fence (```) never closed; closed at the end of entry 'alpha'",
        }
    ]


def test_python_dash_m_and_options_after_subcommand(tmp_path, seed_file):
    result = subprocess.run(
        [sys.executable, "-m", "glossapp", "check", str(seed_file), "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "50 entries" in result.stdout


def test_opening_the_window_imports_no_subcommand():
    """Start-up speed: the window path must not import Whoosh, SQLite or the exporters."""
    code = (
        "import sys\n"
        "from glossapp.cli import build_parser\n"
        "build_parser([]).parse_args([])\n"
        "heavy = [m for m in ('whoosh', 'sqlite3', 'glossapp.commands.search') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_command_list_help_matches_each_command():
    """`glossapp --help` shows placeholders; their help must be the command's own."""
    from glossapp.cli import build_parser
    from glossapp.commands import COMMANDS

    for name, (_module, placeholder_help) in COMMANDS.items():
        parser = build_parser([name])
        subparsers = next(a for a in parser._actions if a.dest == "command")
        own_help = next(c.help for c in subparsers._choices_actions if c.dest == name)
        assert own_help == placeholder_help, name


def test_window_options_parse_without_the_commands_and_mistakes_still_name_them(capsys):
    from glossapp.cli import parse_args

    args = parse_args(["--data-dir", "d", "--screenshot-at", "first-frame", "--query", "nli"])
    assert (args.command, args.data_dir, args.screenshot_at, args.query) == (
        None,
        "d",
        "first-frame",
        "nli",
    )
    assert parse_args(["search", "nli", "--limit", "3"]).command == "search"
    with pytest.raises(SystemExit):
        parse_args(["serch", "nli"])
    error = capsys.readouterr().err
    assert "invalid choice: 'serch'" in error and "search" in error


def test_check_lists_every_odd_term_as_an_entry(capsys):
    from tests.glossary.test_parser import ISSUE_TERMS
    from tests.render.helpers import FIXTURES

    glossary = FIXTURES / "symbol-terms.txt"
    assert main(["check", "--terms", str(glossary)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{glossary}: 30 entries\n")
    listed = [line.split(": ", 1)[1].rsplit(" [", 1)[0] for line in out.splitlines()[1:]]
    assert listed == ISSUE_TERMS


def test_check_prints_info_diagnostics_with_file_line_and_reason(capsys):
    from tests.render.helpers import FIXTURES

    glossary = FIXTURES / "prose-body-lines.md"
    assert main(["check", str(glossary)]) == 0
    out = capsys.readouterr().out
    assert f"{glossary}: 2 entries, 12 diagnostics (12 info)" in out
    assert (
        f"{glossary}:4: info: read as body text, not as a header: it looks like a list item"
    ) in out
    assert (
        f"{glossary}:12: info: read as body text, not as a header: it looks like a block quote"
        in out
    )


@pytest.mark.parametrize(("content", "what"), [(b"", "empty"), (b"  \n\t\r\n\n", "blank")])
def test_check_json_on_an_empty_or_blank_file_gives_a_diagnostic(capsys, tmp_path, content, what):
    glossary = tmp_path / "empty.txt"
    glossary.write_bytes(content)
    assert main(["check", "--json", str(glossary)]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert report["entries"] == 0 and report["terms"] == []
    (diagnostic,) = report["diagnostics"]
    assert diagnostic["severity"] == "info" and diagnostic["line"] == 1
    assert f"file is {what}" in diagnostic["message"]
    assert "`term, category`" in diagnostic["message"]


def test_check_json_keeps_odd_terms_literal(capsys):
    from tests.render.helpers import FIXTURES

    assert main(["check", "--json", str(FIXTURES / "symbol-terms.txt")]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert "<script>alert(1)</script>" in report["terms"]
    assert "**bold term** [x](javascript:alert(2))" in report["terms"]


@pytest.mark.parametrize("command", [["check"], ["search", "alpha"], ["show", "alpha"]])
def test_a_missing_glossary_path_is_an_error_naming_it(capsys, tmp_path, command):
    typo = tmp_path / "typo.txt"
    if command == ["check"]:
        assert main(["check", str(typo)]) == 1
        assert f"{typo}:0: error: no such file or folder" in capsys.readouterr().out
        return
    assert main([*command, "--glossary", str(typo), "--data-dir", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"glossapp: {typo}: no such file or folder\n"
    assert captured.out == ""


@pytest.mark.parametrize("command", [["search", "multirc"], ["show", "multirc"]])
def test_a_damaged_library_json_is_one_line_on_stderr_and_kept(capsys, tmp_path, command):
    from glossapp.util import paths

    paths.set_base_dir(tmp_path)
    config = paths.config_dir() / "library.json"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('{"sources": "/"}', encoding="utf-8")
    assert main([*command, "--data-dir", str(tmp_path)]) == 0  # the seeds still answer
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f'glossapp: {config}: "sources" must be a list of paths, found a string; '
        "using the bundled glossary only"
    )
    assert not any("Traceback" in line for line in err)
    assert config.read_text(encoding="utf-8") == '{"sources": "/"}'


@pytest.mark.parametrize(
    ("make", "says"),
    [
        pytest.param(
            lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
            "binary",
            id="png",
        ),
        pytest.param(lambda p: os.mkfifo(p), "FIFO", id="fifo"),
    ],
)
def test_check_refuses_binary_files_and_fifos_in_one_line(capsys, tmp_path, make, says):
    path = tmp_path / "bad.txt"
    make(path)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}: 0 entries, 1 diagnostic (1 error)"
    assert len(out) == 2 and says in out[1] and out[1].startswith(f"  {path}:0: error: ")


def test_check_reads_a_latin1_file_with_one_warning(capsys, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("café, boissons\nUn café crème.\n".encode("latin-1"))
    assert main(["check", "--terms", str(path)]) == 0
    out = capsys.readouterr().out
    assert "1: café [boissons]" in out and "read as Windows-1252" in out
