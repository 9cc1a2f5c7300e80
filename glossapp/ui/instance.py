"""One running app per data folder: a second start hands its request over and exits.

The first app listens on a local socket (`InstanceServer`, a QLocalServer: a Unix domain
socket on Linux and macOS, a named pipe on Windows; nothing leaves the machine). A
second start (`glossapp`, `glossapp --show TERM`, `glossapp lookup TEXT`) calls
`hand_off` first: if an app answers, it has the request and the second process exits at
once. `server_name` derives the socket from the data folder and the `--glossary` set, so
a different `--data-dir` (or a window on other files) is a different app.

The protocol (`PROTOCOL`): one UTF-8 JSON object per connection, ended by a newline, at
most `MAX_MESSAGE` bytes:

    {"glossapp": 1, "action": "open" | "show" | "lookup", "text": "...", "token": "..."}

`text` is the term to show or the text to look up (absent for "open"; absent for "lookup"
means the running app reads the selection itself); `token` the asking process's
activation token (XDG_ACTIVATION_TOKEN or DESKTOP_STARTUP_ID), so a Wayland or X11
desktop lets the running app raise its window. The server answers with
`{"glossapp": 1, "ok": true, "pid": N}` and acts once the client has hung up (on Windows
the client first lets process N take the foreground). Anything malformed (not JSON, not
an object, another version, an unknown action, a wrong type, too long, too slow) is
answered with `"ok": false` or dropped, and never raises.

A socket file left by a crash is stale: connecting to it fails (so `hand_off` says no
app runs), and its app no longer holds the lock beside it, so `InstanceServer.listen`
removes it and listens again. In the shared temporary folder, a socket or lock file that
another user owns is never used or removed.

Start-up: the client is Qt-free on Linux and macOS (the `socket` module), so a hand-off
costs no Qt import; the server imports QtNetwork only when made.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from PySide6.QtNetwork import QLocalSocket
    from PySide6.QtWidgets import QWidget

__all__ = [
    "ACTIONS",
    "PROTOCOL",
    "InstanceServer",
    "Request",
    "decode",
    "encode",
    "hand_off",
    "raise_window",
    "server_name",
]

PROTOCOL = 1
ACTIONS = ("open", "show", "lookup")
MAX_MESSAGE = 16 * 1024  # bytes, newline included
MAX_TEXT = 1000  # characters of `text`; longer is cut
MAX_TOKEN = 512
CONNECT_TIMEOUT_S = 0.5
REPLY_TIMEOUT_S = 3.0
MESSAGE_TIMEOUT_MS = 2000  # the server drops a client that has not sent a message by then
HANG_UP_WAIT_MS = 250
LOCK_WAIT_S = 1.0  # how long a second app waits for the lock holder to answer  # then acts even if the client has not hung up
MAX_QUEUED = 16  # requests kept until the app sets a handler
_WINDOWS = sys.platform == "win32"


class Request:
    """One request: `action` (one of ACTIONS), its `text`, and the asking process's
    activation `token`, if it had one. (A plain class: `dataclasses` costs a hand-off
    more to import than all of this module.)"""

    __slots__ = ("action", "text", "token")

    def __init__(self, action: str, text: str | None = None, token: str = "") -> None:
        self.action = action
        self.text = text
        self.token = token

    def _key(self) -> tuple[str, str | None, str]:
        return (self.action, self.text, self.token)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Request) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Request({self.action!r}, {self.text!r}, {self.token!r})"


def _log():
    import logging

    return logging.getLogger(__name__)


def _sha256(data: bytes) -> str:
    # the built-in module first: OpenSSL's, through hashlib, takes longer to load
    for name in ("_sha2", "_sha256"):
        try:
            return __import__(name).sha256(data).hexdigest()
        except ImportError:
            pass
    import hashlib

    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------- the protocol


def encode(request: Request) -> bytes:
    """The request as one line of the protocol."""
    message: dict[str, object] = {"glossapp": PROTOCOL, "action": request.action}
    if request.text is not None:
        message["text"] = request.text[:MAX_TEXT]
    if request.token:
        message["token"] = request.token[:MAX_TOKEN]
    return json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n"


def decode(data: bytes) -> Request | None:
    """The request in one line of the protocol, or None for anything malformed."""
    if len(data) > MAX_MESSAGE:
        return None
    try:
        message = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(message, dict) or message.get("glossapp") != PROTOCOL:
        return None
    action, text, token = message.get("action"), message.get("text"), message.get("token", "")
    if action not in ACTIONS or not isinstance(token, str):
        return None
    if text is not None and not isinstance(text, str):
        return None
    if action == "show" and not text:
        return None
    return Request(action, None if text is None else text[:MAX_TEXT], token[:MAX_TOKEN])


def _reply(ok: bool) -> bytes:
    return json.dumps({"glossapp": PROTOCOL, "ok": ok, "pid": os.getpid()}).encode() + b"\n"


def _read_reply(data: bytes) -> tuple[bool, int] | None:
    try:
        message = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(message, dict) or message.get("glossapp") != PROTOCOL:
        return None
    pid = message.get("pid")
    return message.get("ok") is True, pid if isinstance(pid, int) else 0


def activation_token() -> str:
    """This process's activation token, handed to the running app so it may take focus."""
    return os.environ.get("XDG_ACTIVATION_TOKEN") or os.environ.get("DESKTOP_STARTUP_ID") or ""


# ---------------------------------------------------------------------- the socket's name


def _user() -> str:
    if hasattr(os, "getuid"):
        return str(os.getuid())
    return f"{os.environ.get('USERDOMAIN', '')}\\{os.environ.get('USERNAME', '')}"


def _socket_folder() -> str:
    """A folder only this user writes to where there is one, else the temporary folder."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime) and os.access(runtime, os.W_OK):
        return runtime
    import tempfile

    return tempfile.gettempdir()


def server_name(data_dir: str | os.PathLike | None = None, glossaries: Iterable[str] = ()) -> str:
    """The running app's socket for this user, data folder and `--glossary` set: a full
    path on POSIX, a pipe name on Windows. `data_dir` defaults to `paths.data_dir()`."""
    if data_dir is None:
        from glossapp.util import paths

        data_dir = paths.data_dir()
    folder = os.path.realpath(os.path.expanduser(os.fspath(data_dir)))
    files = sorted(os.path.realpath(os.path.expanduser(g)) for g in glossaries)
    key = json.dumps([PROTOCOL, _user(), folder, files])
    digest = _sha256(key.encode("utf-8"))[:20]
    if _WINDOWS:
        return f"glossapp-{digest}"
    path = os.path.join(_socket_folder(), f"glossapp-{digest}.sock")
    if len(path.encode()) > 100:  # sockaddr_un holds about 104 bytes
        path = f"/tmp/glossapp-{digest}.sock"
    return path


def _foreign(path: str) -> bool:
    """True when a file at `path` belongs to another user: never connect to it or remove it."""
    try:
        return hasattr(os, "getuid") and os.lstat(path).st_uid != os.getuid()
    except OSError:
        return False


# ---------------------------------------------------------------------- the client


def hand_off(request: Request, name: str | None = None, timeout: float = REPLY_TIMEOUT_S) -> bool:
    """Give `request` to the app listening on `name`; True if one took it.

    False when no app listens (no socket, or a stale one) or the one that does refuses
    the request. An app that accepts the connection but does not answer within
    `timeout` is taken to be busy, not gone: True (starting a second app would not help).
    """
    name = name or server_name()
    try:
        if _WINDOWS:
            answer = _exchange_qt(name, encode(request), timeout)
        else:
            answer = _exchange_posix(name, encode(request), timeout)
    except OSError:
        return False
    if answer is None:
        return False
    ok, pid = answer
    if ok and _WINDOWS and pid:
        _allow_foreground(pid)
    return ok


_NO_SERVER = None
_BUSY = (True, 0)


def _exchange_posix(path: str, message: bytes, timeout: float) -> tuple[bool, int] | None:
    import socket

    if _foreign(path):
        return _NO_SERVER
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(CONNECT_TIMEOUT_S)
        try:
            sock.connect(path)
        except OSError:  # no file, or a stale one (refused): no app listens
            return _NO_SERVER
        sock.settimeout(timeout)
        try:
            sock.sendall(message)
            reply = b""
            while b"\n" not in reply and len(reply) < MAX_MESSAGE:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                reply += chunk
        except TimeoutError:
            return _BUSY
        except OSError:
            return _NO_SERVER
    return _read_reply(reply.split(b"\n", 1)[0]) if reply else _NO_SERVER


def _exchange_qt(name: str, message: bytes, timeout: float) -> tuple[bool, int] | None:
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(int(CONNECT_TIMEOUT_S * 1000)):
        return _NO_SERVER
    sock.write(message)
    sock.waitForBytesWritten(int(timeout * 1000))
    reply = b""
    while b"\n" not in reply and len(reply) < MAX_MESSAGE:
        if not sock.waitForReadyRead(int(timeout * 1000)):
            if sock.state() == QLocalSocket.LocalSocketState.ConnectedState:
                sock.abort()
                return _BUSY
            break
        reply += bytes(sock.readAll().data())
    sock.disconnectFromServer()
    return _read_reply(reply.split(b"\n", 1)[0]) if reply else _NO_SERVER


def _allow_foreground(pid: int) -> None:
    """Windows gives the foreground only to the process the user last used: this one."""
    try:
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(pid)  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        pass


# ---------------------------------------------------------------------- the server


class InstanceServer:
    """Listens on `name` (default `server_name()`) and hands each valid request to
    `handler`. Until `set_handler` is called, requests wait in a short queue, so the app
    may listen before its window exists and handle them once it does.

    Make it after the QApplication; `listen` says whether it listens. False means either
    that another app took the name first (then `hand_off` to it) or that the socket
    could not be made (then the app runs on alone).
    """

    def __init__(
        self, name: str | None = None, handler: Callable[[Request], None] | None = None
    ) -> None:
        from PySide6.QtNetwork import QLocalServer

        self.name = name or server_name()
        self._handler = handler
        self._queue: list[Request] = []
        self._connections: set[_Connection] = set()
        self._lock: int | None = None
        self._server = QLocalServer()
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Listen on the name, replacing a stale socket a crashed app left behind.

        On POSIX the app that listens holds an exclusive lock on `<name>.lock` for as
        long as it runs (the system drops it when the process dies, however it dies):
        without the lock a socket file is stale, whatever it looks like; with it held
        elsewhere, another app is listening or about to (then False, once it answers or
        a second has passed).
        """
        from PySide6.QtNetwork import QLocalServer

        if self._server.isListening():
            return True
        if not _WINDOWS:
            self._lock = _take_lock(self.name + ".lock")
            if self._lock is None:
                _wait_until_answers(self.name, LOCK_WAIT_S)
                return False
            if _foreign(self.name):
                return False
            QLocalServer.removeServer(self.name)  # stale: its app is gone
        if self._server.listen(self.name):
            return True
        _log().warning("cannot listen on %s: %s", self.name, self._server.errorString())
        return False

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def set_handler(self, handler: Callable[[Request], None]) -> None:
        """Handle requests from now on, the queued ones first."""
        self._handler = handler
        queued, self._queue = self._queue, []
        for request in queued:
            self._deliver(request)

    def close(self) -> None:
        self._server.close()
        for connection in list(self._connections):
            connection.socket.abort()
        self._connections.clear()
        if self._lock is not None:
            os.close(self._lock)  # releases the lock
            self._lock = None

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            if sock is not None:
                self._connections.add(_Connection(sock, self))

    def _finished(self, connection: _Connection, request: Request | None) -> None:
        self._connections.discard(connection)
        connection.socket.deleteLater()
        if request is not None:
            self._deliver(request)

    def _deliver(self, request: Request) -> None:
        if self._handler is None:
            if len(self._queue) < MAX_QUEUED:
                self._queue.append(request)
            return
        try:
            self._handler(request)
        except Exception:  # noqa: BLE001 - one bad request must not end the app
            _log().exception("handling %r failed", request)


def _answers(name: str) -> bool:
    """Whether an app listens on `name` (a stale socket file refuses connections)."""
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(CONNECT_TIMEOUT_S)
        try:
            sock.connect(name)
        except OSError:
            return False
    return True


def _wait_until_answers(name: str, seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _answers(name):
            return True
        time.sleep(0.02)
    return False


def _take_lock(path: str) -> int | None:
    """An open descriptor holding an exclusive lock on `path`, or None if another
    process holds it (or the file is another user's)."""
    import fcntl

    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:
        return None
    try:
        if os.fstat(descriptor).st_uid != os.getuid():
            raise OSError("another user's lock file")
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        return None
    return descriptor


class _Connection:
    """One client: read one message, answer, act once it hangs up."""

    def __init__(self, sock: QLocalSocket, server: InstanceServer) -> None:
        from PySide6.QtCore import QTimer

        self.socket = sock
        self._server = server
        self._buffer = b""
        self._request: Request | None = None
        self._answered = False
        self._done = False
        self._timer = QTimer(sock)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._timed_out)
        self._timer.start(MESSAGE_TIMEOUT_MS)
        sock.readyRead.connect(self._read)
        sock.disconnected.connect(self._hung_up)
        self._read()

    def _read(self) -> None:
        if not self.socket.isOpen() or self.socket.bytesAvailable() <= 0:
            return
        if self._done or self._answered:
            self.socket.readAll()  # one message per connection; the rest is ignored
            return
        self._buffer += bytes(self.socket.readAll().data())
        line, newline, _rest = self._buffer.partition(b"\n")
        if not newline:
            if len(self._buffer) >= MAX_MESSAGE:
                self.socket.abort()
                self._finish()
            return
        request = decode(line)
        # settled before answering: writing to a client that has hung up emits
        # `disconnected` at once
        self._answered = True
        self._request = request
        if request is not None:
            self._timer.start(HANG_UP_WAIT_MS)  # act once the client hangs up, or then
        self.socket.write(_reply(request is not None))
        self.socket.flush()
        if request is None:
            self.socket.disconnectFromServer()
            self._finish()

    def _hung_up(self) -> None:
        if not self._answered:
            self._read()  # a client may send and hang up before its data was read
        self._finish()

    def _timed_out(self) -> None:
        if self._request is None:
            self.socket.abort()
        self._finish()

    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        self._timer.stop()
        self._server._finished(self, self._request)


# ---------------------------------------------------------------------- raising the window


def raise_window(window: QWidget, token: str = "") -> None:
    """Bring `window` to the front, restored if minimised or hidden, with the asking
    process's activation token where the desktop wants one (Wayland's xdg-activation
    reads XDG_ACTIVATION_TOKEN; X11 desktops DESKTOP_STARTUP_ID)."""
    from PySide6.QtCore import Qt

    if token:
        os.environ["XDG_ACTIVATION_TOKEN"] = token
        os.environ["DESKTOP_STARTUP_ID"] = token
    state = window.windowState()
    if state & Qt.WindowState.WindowMinimized:
        window.setWindowState(state & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
