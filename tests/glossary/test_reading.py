"""Bad files: what is refused, what is read another way, and that nothing blocks.

Every glossary file is opened through `reading.read_glossary`; the tests make it fail
there. Timing is measured in `bench/bench_parse.py`, never here.
"""

from __future__ import annotations

import errno
import os
import random
import threading
from pathlib import Path

import pytest

from glossapp.glossary import library, reading
from glossapp.glossary.model import Entry, Severity
from glossapp.glossary.parser import parse_bytes, parse_file

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06"


def load_one(path: Path) -> library.SourceFile:
    (source,) = library.load([path]).files
    return source


def only_error(source: library.SourceFile) -> str:
    (diagnostic,) = source.diagnostics
    assert diagnostic.severity is Severity.ERROR and diagnostic.line == 0
    assert not source.readable and source.entries == []
    return diagnostic.message


def in_a_thread(function, *args):
    """Run `function`; a refusal that blocked would leave the thread alive."""
    result: list = []
    worker = threading.Thread(target=lambda: result.append(function(*args)), daemon=True)
    worker.start()
    worker.join(60)  # a guard against hanging the suite, not a timing assertion
    assert not worker.is_alive(), "blocked"
    return result[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    source = in_a_thread(load_one, fifo)
    assert "not a regular file (a FIFO (named pipe))" in only_error(source)
    assert in_a_thread(parse_file, fifo).refused


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_swapped_in_after_the_stat_is_opened_without_blocking(tmp_path, monkeypatch):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    checks = []
    real_check = reading.check_readable

    def passes_the_first_time(status):  # as if a regular file stood there at the stat
        checks.append(status)
        if len(checks) > 1:
            real_check(status)

    monkeypatch.setattr(reading, "check_readable", passes_the_first_time)
    outcome = in_a_thread(_outcome, reading.read_glossary, fifo)
    assert isinstance(outcome, reading.GlossaryReadError) and "FIFO" in str(outcome)
    assert len(checks) == 2  # the fstat of the open file refused it


def _outcome(function, *args):
    try:
        return function(*args)
    except OSError as error:
        return error


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused(device):
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    assert "not a regular file (a device)" in only_error(in_a_thread(load_one, Path(device)))


def test_a_folder_given_as_a_file_is_refused(tmp_path):
    with pytest.raises(reading.GlossaryReadError, match="a folder"):
        reading.read_glossary(tmp_path)


def test_a_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_bytes(b"alpha, cat\n" + b"x" * 2000)
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1024 * 1024 // 1024)
    message = only_error(load_one(big))
    assert "over the limit of" in message and "not read" in message
    assert reading.MAX_FILE_BYTES == 1024
    monkeypatch.undo()
    assert reading.MAX_FILE_BYTES == 256 * 1024 * 1024


def test_a_file_growing_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    grows = tmp_path / "grows.txt"
    grows.write_bytes(b"alpha, cat\nbody\n")
    # the size checks saw it small; by the time it is read it is over the limit
    monkeypatch.setattr(reading, "check_readable", lambda status: None)
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 8)
    with pytest.raises(reading.GlossaryReadError, match="grew past the limit"):
        reading.read_glossary(grows)


def test_the_one_open_function_failing_gives_one_line_and_the_rest_loads(tmp_path, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_text("alpha, cat\nbody\n", encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text("beta, cat\nbody\n", encoding="utf-8")
    real = reading.read_glossary

    def failing(path):
        if path.name == "locked.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(reading, "read_glossary", failing)
    loaded = library.load([good, locked])
    assert [entry.term for entry in loaded.entries] == ["alpha"]
    assert only_error(loaded.files[1]) == "cannot read file: permission denied"
    assert parse_file(locked).diagnostics[0].message == "cannot read file: permission denied"


def test_a_latin1_file_is_read_as_windows_1252_with_one_warning(tmp_path):
    text = "café, boissons\nUn café crème, très chaud; à la française.\nnaïve, mots\nNaïve.\n"
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(text.encode("latin-1"))
    source = load_one(latin1)
    assert [entry.term for entry in source.entries] == ["café", "naïve"]
    assert source.entries[0].body == "Un café crème, très chaud; à la française."
    (warning,) = source.diagnostics
    assert warning.severity is Severity.WARNING and "read as Windows-1252" in warning.message
    assert source.readable


def test_windows_1252_quotes_and_dashes_are_read_as_such():
    data = "quote, marks\n“Curly” — and ‘single’ … €5\n".encode("cp1252")
    result = parse_bytes(data, "g.txt")
    assert result.entries[0].body == "“Curly” — and ‘single’ … €5"
    assert len(result.diagnostics) == 1


def test_a_mostly_utf8_file_keeps_utf8_and_reports_each_bad_line():
    data = "alpha, cat\nnaïve café\n".encode() + b"one \xff bad\nbeta, cat\n\xe9\n"
    result = parse_bytes(data, "g.txt")
    assert result.entries[0].body == "naïve café\none \ufffd bad"
    assert [(d.line, d.message) for d in result.diagnostics] == [
        (3, "1 byte(s) that are not valid UTF-8 replaced with \ufffd"),
        (5, "1 byte(s) that are not valid UTF-8 replaced with \ufffd"),
    ]


def test_a_file_undefined_in_windows_1252_stays_utf8_with_replacements():
    # 0x81 is undefined in Windows-1252: not read as it, the bad bytes are replaced
    result = parse_bytes(b"alpha, cat\nbad \x81\x81 \xe9\n", "g.txt")
    assert result.entries[0].body == "bad \ufffd\ufffd \ufffd"
    assert "3 byte(s)" in result.diagnostics[0].message


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(PNG_HEADER + random.Random(1).randbytes(20_000), id="png"),
        pytest.param(random.Random(2).randbytes(100_000), id="random"),
        pytest.param(b"\x00" * 5000, id="nuls"),
        pytest.param(b"alpha, cat\n" + bytes(range(32)) * 40, id="controls"),
    ],
)
def test_a_binary_file_is_refused_with_one_message(tmp_path, data):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(data)
    message = only_error(load_one(binary))
    assert message.startswith("binary file, not text (") and "not read" in message


def test_text_with_a_stray_nul_or_a_bom_is_still_text():
    assert not parse_bytes(b"alpha, cat\nbo\x00dy\n", "g.txt").refused
    utf16 = "alpha, cat\nbody\n".encode("utf-16")
    assert [e.term for e in parse_bytes(utf16, "g.txt").entries] == ["alpha"]


def test_fifteen_thousand_aliases_are_all_kept_once():
    aliases = [f"alias {n}" for n in range(15_000)]
    header = ",".join(["term", *aliases, "alias 3", "term"])
    result = parse_bytes(f"{header}\nbody\n".encode(), "g.txt")
    (entry,) = result.entries
    assert len(entry.aliases) == 15_002
    assert entry.names == ("term", *aliases)  # first spelling of each, any case


def test_names_keep_the_first_spelling_case_insensitively():
    entry = Entry("x", "Alpha", "ALPHA", "", ("alpha", "Beta", "beta", ""), "", "g", 1)
    assert entry.names == ("Alpha", "Beta")
