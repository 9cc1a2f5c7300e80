"""Starting the window: the Qt application, the library, and `--screenshot`."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow

from glossapp import __version__
from glossapp.core import library


def run_window(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Glossapp")
    app.setApplicationVersion(__version__)
    loaded = library.load_default(args.glossary)
    window = QMainWindow()
    window.setWindowTitle("Glossapp")
    terms = QListWidget()
    terms.addItems([entry.title for entry in loaded.entries])
    window.setCentralWidget(terms)
    window.resize(900, 600)
    window.show()
    if args.screenshot:
        def save_and_quit() -> None:
            window.grab().save(args.screenshot)
            app.quit()

        QTimer.singleShot(0, save_and_quit)
    return app.exec()
