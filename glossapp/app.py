"""Starting the window: the Qt application, the library, and `--screenshot`/`--show`/`--query`."""

from __future__ import annotations

import argparse
import gc
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from glossapp import __version__
from glossapp.glossary import library
from glossapp.util import paths

SCREENSHOT_TIMEOUT_MS = 60_000


def application() -> QApplication:
    # Fusion on every platform: the light and dark palettes of `ui.theme` are made for it
    app = QApplication.instance() or QApplication([*sys.argv[:1], "-style", "Fusion"])
    app.setApplicationName("Glossapp")
    app.setApplicationDisplayName("Glossapp")
    app.setOrganizationName("Glossapp")
    app.setDesktopFileName("org.glossapp.Glossapp")
    app.setApplicationVersion(__version__)
    return app


def set_app_icon(app: QApplication) -> None:
    """Loading the SVG icon engine takes a few ms: the window does it after its first frame."""
    from PySide6.QtGui import QIcon

    icon = paths.resource("icons/glossapp.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))


def open_window(
    glossaries: list[str] | None,
    show: str | None = None,
    query: str | None = None,
    on_first_frame=None,
):
    """Create and show the main window; the slow half of start-up runs once it is visible.

    `on_first_frame(window)` runs after the window's first frame, before that slow half,
    which it skips by returning False.
    """
    from glossapp.ui.window.main_window import MainWindow

    window = MainWindow(library.load_default(glossaries), glossaries=glossaries)
    if query:
        window.search_box.setText(query)
    window.show()

    def finish() -> None:
        gc.enable()  # paused by `cli.main` for start-up
        if on_first_frame is not None and on_first_frame(window) is False:
            return
        set_app_icon(QApplication.instance())
        window.finish_startup()
        if show:
            matches = window.library.with_term(show)
            if matches:
                window.show_entry(matches[0].id)
            else:
                window.statusBar().showMessage(f"No entry named '{show}'", 10000)

    QTimer.singleShot(0, finish)
    return window


def save_screenshot(window, path: str, app: QApplication) -> None:
    ok = window.grab().save(path)
    if not ok:
        print(f"glossapp: could not save screenshot to {path}", file=sys.stderr)
    app.exit(0 if ok else 1)


def save_screenshot_when_settled(window, path: str, app: QApplication) -> None:
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
    app = application()
    at_first_frame = args.screenshot and args.screenshot_at == "first-frame"

    def grab_first_frame(window) -> bool:
        save_screenshot(window, args.screenshot, app)
        return False

    window = open_window(
        args.glossary,
        show=args.show,
        query=args.query,
        on_first_frame=grab_first_frame if at_first_frame else None,
    )
    if args.screenshot and not at_first_frame:
        save_screenshot_when_settled(window, args.screenshot, app)
    code = app.exec()
    window.close()
    return code
