"""One running app per data folder: real processes hand their requests to the first over a
real local socket; stale sockets are replaced; malformed input is ignored."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys

import pytest
from PySide6.QtCore import QProcess

from glossapp.ui import instance
from glossapp.ui.instance import Request
from tests.conftest import REPO_ROOT

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(sys.platform == "win32", reason="Unix domain sockets"),
]

TIMEOUT_MS = 30_000

CLIENT = """
import sys
from glossapp.ui import instance
request = instance.Request(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
print("handed-off" if instance.hand_off(request, sys.argv[1]) else "no-app", flush=True)
"""

SERVER = """
import json, sys
from PySide6.QtCore import QCoreApplication
from glossapp.ui import instance
app = QCoreApplication([])
server = instance.InstanceServer(
    sys.argv[1], handler=lambda r: print(json.dumps([r.action, r.text]), flush=True)
)
print("listening" if server.listen() else "not-listening", flush=True)
app.exec()
"""


@pytest.fixture
def name(tmp_path):
    path = instance.server_name(tmp_path / "data")
    yield path
    for leftover in (path, path + ".lock"):
        if os.path.exists(leftover):
            os.unlink(leftover)


@pytest.fixture
def server(qapp, name):
    """The first app: listening in this process, recording what it is handed."""
    received: list[Request] = []
    made = instance.InstanceServer(name, handler=received.append)
    assert made.listen()
    made.received = received  # type: ignore[attr-defined]
    yield made
    made.close()


def run_client(qtbot, name: str, action: str, text: str | None = None) -> str:
    """A second process (real, started with QProcess so this event loop keeps serving)."""
    process = QProcess()
    process.setWorkingDirectory(str(REPO_ROOT))
    arguments = ["-c", CLIENT, name, action] + ([text] if text is not None else [])
    with qtbot.waitSignal(process.finished, timeout=TIMEOUT_MS):
        process.start(sys.executable, arguments)
    assert process.exitCode() == 0, bytes(process.readAllStandardError().data()).decode()
    return bytes(process.readAllStandardOutput().data()).decode().strip()


def start_server_process(name: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, name],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "listening"
    return process


# ---------------------------------------------------------------------- the protocol


def test_requests_survive_the_round_trip():
    for request in (Request("open"), Request("show", "GPU"), Request("lookup", "x", "tok")):
        line = instance.encode(request)
        assert line.endswith(b"\n") and line.count(b"\n") == 1
        assert instance.decode(line.rstrip(b"\n")) == request
    assert instance.decode(instance.encode(Request("lookup"))) == Request("lookup", None)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        b'"lookup"',
        b'{"action": "lookup"}',  # no version
        b'{"glossapp": 2, "action": "lookup"}',  # another version
        b'{"glossapp": 1, "action": "format-disk"}',
        b'{"glossapp": 1, "action": "lookup", "text": 5}',
        b'{"glossapp": 1, "action": "lookup", "token": []}',
        b'{"glossapp": 1, "action": "show"}',  # show what?
        b'{"glossapp": 1, "action": "lookup", "text": "' + b"x" * instance.MAX_MESSAGE + b'"}',
        b"[" * 100_000,
    ],
)
def test_malformed_messages_decode_to_nothing(data):
    assert instance.decode(data) is None


def test_long_text_is_cut():
    request = instance.decode(
        b'{"glossapp": 1, "action": "lookup", "text": "' + b"y" * 5000 + b'"}'
    )
    assert request is not None and request.text == "y" * instance.MAX_TEXT


def test_the_name_derives_from_the_data_folder_and_the_glossaries(tmp_path):
    first = instance.server_name(tmp_path / "a")
    assert instance.server_name(tmp_path / "a") == first
    assert instance.server_name(tmp_path / "b") != first  # a different --data-dir
    assert instance.server_name(tmp_path / "a", ["x.txt"]) != first  # a window on other files
    assert instance.server_name(tmp_path / "a", ["y", "x"]) == instance.server_name(
        tmp_path / "a", ["x", "y"]
    )
    assert len(first.encode()) <= 100 and os.path.basename(first).startswith("glossapp-")


def test_the_default_name_follows_the_data_dir_setting(tmp_path):
    from glossapp.util import paths

    paths.set_base_dir(tmp_path / "base")
    assert instance.server_name() == instance.server_name(paths.data_dir())


# ---------------------------------------------------------------------- handing off


def test_a_second_process_hands_its_request_to_the_first(qtbot, server, name):
    assert run_client(qtbot, name, "lookup", "multi-head attention") == "handed-off"
    qtbot.waitUntil(lambda: len(server.received) == 1, timeout=TIMEOUT_MS)
    assert server.received == [Request("lookup", "multi-head attention")]
    assert run_client(qtbot, name, "show", "GPU") == "handed-off"
    assert run_client(qtbot, name, "open") == "handed-off"
    qtbot.waitUntil(lambda: len(server.received) == 3, timeout=TIMEOUT_MS)
    assert server.received[1:] == [Request("show", "GPU"), Request("open")]


def test_without_a_running_app_nothing_takes_the_request(qtbot, name):
    assert not os.path.exists(name)
    assert instance.hand_off(Request("open"), name) is False
    assert run_client(qtbot, name, "open") == "no-app"


def test_requests_wait_for_the_handler(qtbot, qapp, name):
    server = instance.InstanceServer(name)
    assert server.listen()
    try:
        run_client(qtbot, name, "show", "TPU")
        qtbot.waitUntil(lambda: len(server._queue) == 1, timeout=TIMEOUT_MS)
        received: list[Request] = []
        server.set_handler(received.append)
        assert received == [Request("show", "TPU")]
    finally:
        server.close()


def test_a_failing_handler_does_not_stop_the_server(qtbot, qapp, name):
    calls: list[Request] = []

    def handler(request: Request) -> None:
        calls.append(request)
        raise RuntimeError("boom")

    server = instance.InstanceServer(name, handler=handler)
    assert server.listen()
    try:
        for _ in range(2):
            assert run_client(qtbot, name, "open") == "handed-off"
        qtbot.waitUntil(lambda: len(calls) == 2, timeout=TIMEOUT_MS)
    finally:
        server.close()


def test_a_different_data_folder_is_a_different_app(qtbot, server, tmp_path):
    other = instance.server_name(tmp_path / "elsewhere")
    assert run_client(qtbot, other, "open") == "no-app"
    assert server.received == []


# ---------------------------------------------------------------------- stale sockets


def test_a_stale_socket_is_detected_and_replaced(qtbot, qapp, name):
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(name)  # a socket file nobody listens on, as a crash leaves it
    stale.close()
    assert os.path.exists(name)
    assert instance.hand_off(Request("open"), name) is False  # connecting fails: no app
    received: list[Request] = []
    server = instance.InstanceServer(name, handler=received.append)
    try:
        assert server.listen()
        assert run_client(qtbot, name, "open") == "handed-off"
        qtbot.waitUntil(lambda: received == [Request("open")], timeout=TIMEOUT_MS)
    finally:
        server.close()


def test_the_socket_of_a_crashed_app_is_replaced(qtbot, qapp, name):
    crashed = start_server_process(name)
    crashed.send_signal(signal.SIGKILL)
    crashed.wait(timeout=30)
    assert os.path.exists(name)  # killed: nothing removed its socket
    received: list[Request] = []
    server = instance.InstanceServer(name, handler=received.append)
    try:
        assert server.listen()
        assert run_client(qtbot, name, "show", "GPU") == "handed-off"
        qtbot.waitUntil(lambda: received == [Request("show", "GPU")], timeout=TIMEOUT_MS)
    finally:
        server.close()


def test_two_apps_in_this_process_are_one_too_many(qapp, name):
    first = instance.InstanceServer(name)
    second = instance.InstanceServer(name)
    try:
        assert first.listen() and first.listening
        assert second.listen() is False  # the first holds the lock and answers
    finally:
        first.close()
        second.close()
    third = instance.InstanceServer(name)  # the first closed: the name is free again
    assert third.listen()
    third.close()


def test_a_live_app_keeps_its_name(qapp, name):
    first = start_server_process(name)
    try:
        second = instance.InstanceServer(name)
        assert second.listen() is False  # then hand off to the first
        assert instance.hand_off(Request("lookup", "NPU"), name) is True
        assert first.stdout is not None
        assert json.loads(first.stdout.readline()) == ["lookup", "NPU"]
        second.close()
    finally:
        first.terminate()
        first.wait(timeout=30)


def test_another_users_socket_is_never_used_or_removed(qapp, name, monkeypatch):
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(name)
    stale.close()
    monkeypatch.setattr(os, "getuid", lambda: os.stat(name).st_uid + 1)
    assert instance.hand_off(Request("open"), name) is False
    server = instance.InstanceServer(name)
    assert server.listen() is False  # nor its lock file
    assert os.path.exists(name)
    server.close()


# ---------------------------------------------------------------------- malformed input


def raw_client(name: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(name)
    sock.setblocking(False)
    return sock


def reply_of(qtbot, sock: socket.socket) -> bytes:
    got = bytearray()

    def has_line_or_closed() -> bool:
        try:
            chunk = sock.recv(4096)
        except BlockingIOError:
            return False
        got.extend(chunk)
        return not chunk or b"\n" in got

    qtbot.waitUntil(has_line_or_closed, timeout=TIMEOUT_MS)
    return bytes(got)


def test_malformed_input_is_answered_or_dropped_and_never_crashes(qtbot, server, name, monkeypatch):
    monkeypatch.setattr(instance, "MESSAGE_TIMEOUT_MS", 300)
    garbage = raw_client(name)
    garbage.sendall(b"\x00\xffnot json at all\n")
    answer = json.loads(reply_of(qtbot, garbage))
    assert answer["ok"] is False and answer["glossapp"] == instance.PROTOCOL
    garbage.close()

    flood = raw_client(name)
    with contextlib.suppress(BlockingIOError):
        flood.sendall(b"x" * (instance.MAX_MESSAGE + 10))  # no newline, too long
    assert reply_of(qtbot, flood) == b""  # dropped
    flood.close()

    silent = raw_client(name)  # connects and never speaks
    assert reply_of(qtbot, silent) == b""  # dropped once MESSAGE_TIMEOUT_MS passes
    silent.close()

    hang_up = raw_client(name)  # sends and hangs up at once
    hang_up.sendall(instance.encode(Request("lookup", "sent and gone")))
    hang_up.close()

    assert run_client(qtbot, name, "lookup", "still here") == "handed-off"
    qtbot.waitUntil(lambda: len(server.received) == 2, timeout=TIMEOUT_MS)
    assert {r.text for r in server.received} == {"sent and gone", "still here"}
    qtbot.waitUntil(lambda: not server._connections, timeout=TIMEOUT_MS)
