"""Starting the window: the Qt application, the library, and `--screenshot`/`--show`/`--query`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from glossapp import __version__
from glossapp.glossary import library
from glossapp.ui import instance, startup
from glossapp.ui.window.main_window import MainWindow
from glossapp.util import paths

if TYPE_CHECKING:
    from glossapp.ui.instance import InstanceServer

SCREENSHOT_TIMEOUT_MS = 60_000


def application() -> QApplication:
    """The one QApplication, made on first call with the Fusion style (the light and dark
    palettes of `ui.theme` are made for it) and the app's names and version."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else None
    if app is None:
        app = QApplication([*sys.argv[:1], "-style", "Fusion"])
    app.setApplicationName("Glossapp")
    app.setApplicationDisplayName("Glossapp")
    app.setOrganizationName("Glossapp")
    app.setDesktopFileName("org.glossapp.Glossapp")
    app.setApplicationVersion(__version__)
    return app


def set_app_icon(app: QApplication) -> None:
    """The app's icon, from the bundled SVG (set after the first frame, see `ui.startup`)."""
    from PySide6.QtGui import QIcon

    icon = paths.resource("icons/glossapp.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))


def open_window(
    glossaries: list[str] | None,
    show: str | None = None,
    query: str | None = None,
    on_first_frame: Callable[[MainWindow], bool | None] | None = None,
    server: InstanceServer | None = None,
) -> MainWindow:
    """Create and show the main window; the rest of start-up runs once it is on screen.

    After the first frame the garbage collector is resumed (see `ui.startup`), then
    `on_first_frame(window)` runs; unless it returns False, the window gets its icon and
    tray icon, finishes start-up (`MainWindow.finish_startup`), takes the requests of
    later starts from `server` (if any; without one nothing listens) and shows the entry
    named `show`.
    """
    window = MainWindow(library.load_default(glossaries), glossaries=glossaries)
    if query:
        window.search_box.setText(query)
    window.show()

    def finish() -> None:
        startup.resume_collector()
        if on_first_frame is not None and on_first_frame(window) is False:
            return
        set_app_icon(application())
        window.finish_startup()
        lookup = window.lookup
        assert lookup is not None  # made by finish_startup
        from glossapp.ui.tray import install_tray

        tray, keep = install_tray(
            window,
            lookup.look_up_clipboard,
            window.show_bookmarks_tab,
            keep_in_tray=window.state.keep_in_tray,
            before_hide=window.save_state,
        )
        window.set_tray(tray, keep)
        if server is not None:
            server.set_handler(lookup.handle)
        if show:
            matches = window.library.with_term(show)
            if matches:
                window.show_entry(matches[0].id)
            else:
                window.show_message(f"No entry named '{show}'", 10000)

    QTimer.singleShot(0, finish)
    return window


def save_screenshot(window: MainWindow, path: str, app: QApplication) -> None:
    ok = window.grab().save(path)
    if not ok:
        print(f"glossapp: could not save screenshot to {path}", file=sys.stderr)
    app.exit(0 if ok else 1)


def save_screenshot_when_settled(window: MainWindow, path: str, app: QApplication) -> None:
    """Grab the window once start-up, indexing and the search have all finished."""
    waited = {"ms": 0}
    timer = QTimer(window)
    timer.setInterval(10)

    def poll() -> None:
        waited["ms"] += timer.interval()
        if window.is_settled() or waited["ms"] >= SCREENSHOT_TIMEOUT_MS:
            timer.stop()
            save_screenshot(window, path, app)

    timer.timeout.connect(poll)
    timer.start()


def run_window(args: argparse.Namespace) -> int:
    """The window for the command line's options; returns the exit code.

    `cli.main` pauses the collector before it imports Qt; the first frame resumes it.

    One app per data folder and glossary set (see `ui.instance`): if one runs, it gets
    the request (raise, or show `--show`) and this start ends at once, before any Qt
    application is made. `--screenshot` always runs on its own and never listens.
    """
    single = not args.screenshot
    name = instance.server_name(glossaries=args.glossary or ())
    request = instance.Request(
        "show" if args.show else "open", args.show, instance.activation_token()
    )
    if single and instance.hand_off(request, name):
        return 0
    app = application()
    server = instance.InstanceServer(name) if single else None
    if server is not None and not server.listen():
        if instance.hand_off(request, name):
            return 0
        server = None  # no socket: this app runs on alone
    at_first_frame = bool(args.screenshot) and args.screenshot_at == "first-frame"

    def grab_first_frame(window: MainWindow) -> bool:
        save_screenshot(window, args.screenshot, app)
        return False

    window = open_window(
        args.glossary,
        show=args.show,
        query=args.query,
        on_first_frame=grab_first_frame if at_first_frame else None,
        server=server,
    )
    if args.screenshot and not at_first_frame:
        save_screenshot_when_settled(window, args.screenshot, app)
    code = app.exec()
    if server is not None:
        server.close()
    window.close()
    return code
