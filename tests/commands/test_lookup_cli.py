"""`glossapp lookup [TEXT]`: handed to the running app without importing Qt, or a popup alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from glossapp.cli import build_parser, main
from glossapp.ui import instance
from glossapp.ui.lookup import lookup_text, window_command
from tests.conftest import REPO_ROOT, SEED_FILE

TIMEOUT_MS = 60_000


def glossapp_command(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "glossapp", "--data-dir", str(data_dir), *args]


def test_lookup_is_a_command_with_optional_text(capsys):
    with pytest.raises(SystemExit):
        main(["lookup", "--help"])
    out = capsys.readouterr().out
    assert "TEXT" in out and "--alone" in out and "--exit-at-first-frame" not in out
    args = build_parser(["lookup"]).parse_args(["lookup", "multi", "head"])
    assert args.text == ["multi", "head"] and args.func is not None
    assert build_parser(["lookup"]).parse_args(["lookup"]).text == []


def test_the_text_is_trimmed_and_absent_text_means_the_selection():
    assert lookup_text(["  multi", "head\n", "attention "]) == "multi head attention"
    assert lookup_text([]) is None and lookup_text(["  "]) is None


def test_open_in_window_starts_the_window_as_this_app_was_started(seed_library, tmp_path):
    from glossapp.util import paths

    paths.set_base_dir(tmp_path)
    program, arguments = window_command(seed_library.entries[0], [str(SEED_FILE)])
    assert program == sys.executable
    assert arguments[:2] == ["-m", "glossapp"]
    assert arguments[arguments.index("--data-dir") + 1] == str(tmp_path.resolve())
    assert arguments[-2:] == ["--show", seed_library.entries[0].term]


@pytest.mark.gui
@pytest.mark.skipif(sys.platform == "win32", reason="the Qt-free client is POSIX only")
def test_lookup_hands_off_to_the_running_app_without_importing_qt(qtbot, qapp, tmp_path):
    from PySide6.QtCore import QProcess

    received: list[instance.Request] = []
    server = instance.InstanceServer(instance.server_name(tmp_path / "data"), received.append)
    assert server.listen()
    try:
        process = QProcess()
        process.setWorkingDirectory(str(REPO_ROOT))
        command = glossapp_command(tmp_path, "lookup", "multi-head", "attention")
        with qtbot.waitSignal(process.finished, timeout=TIMEOUT_MS):
            process.start(command[0], ["-X", "importtime", *command[1:]])
        errors = bytes(process.readAllStandardError().data()).decode()
        assert process.exitCode() == 0, errors
        assert "PySide6" not in errors  # -X importtime lists every import: none of Qt
        qtbot.waitUntil(lambda: bool(received), timeout=TIMEOUT_MS)
        assert received[0].action == "lookup" and received[0].text == "multi-head attention"

        with qtbot.waitSignal(process.finished, timeout=TIMEOUT_MS):
            process.start(command[0], glossapp_command(tmp_path, "lookup")[1:])
        qtbot.waitUntil(lambda: len(received) == 2, timeout=TIMEOUT_MS)
        assert received[1].text is None  # the running app reads the selection itself
    finally:
        server.close()


def run_alone(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        glossapp_command(
            tmp_path, "--glossary", str(SEED_FILE), "lookup", *args, "--exit-at-first-frame"
        ),
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )


@pytest.mark.gui
def test_with_no_app_running_a_popup_starts_alone(tmp_path):
    done = run_alone(tmp_path, "MuseNet")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "first-frame"


@pytest.mark.gui
def test_alone_shows_its_own_popup_even_with_an_app_running(qapp, tmp_path):
    name = instance.server_name(tmp_path / "data", [str(SEED_FILE)])
    server = instance.InstanceServer(name, lambda request: pytest.fail("handed off"))
    assert server.listen()
    try:
        done = run_alone(tmp_path, "--alone", "no such term here")
        assert done.returncode == 0, done.stderr
        assert "first-frame" in done.stdout
    finally:
        server.close()
