"""`make screenshots`: the window offscreen in a few states, saved as PNG for the README."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from glossapp.util import paths  # noqa: E402

STATES = [
    # file name, query, term to show ("" = open the top row: a stack when it has several
    # definitions), theme, terms bookmarked first (shown in their tab), text found in page
    ("main-table.png", "", "multilingual nlp", "light", (), ""),
    ("search-snippets.png", "leakage power", "multi-vt design", "light", (), ""),
    ("dark-theme.png", "fusion", "multimodal fusion", "dark", (), ""),
    (
        "bookmarks.png",
        "",
        "musegan",
        "light",
        ("multimodal fusion", "multi-vt design", "musegan"),
        "",
    ),
    ("stacked-definitions.png", "multimodal large language model", "", "light", (), ""),
    ("find-in-page.png", "musegan", "musegan", "light", (), "music"),
]


def wait_until(predicate, timeout_ms: int = 60_000) -> None:
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(30)
    waited = [0]

    def poll() -> None:
        waited[0] += 30
        if predicate() or waited[0] > timeout_ms:
            loop.quit()

    timer.timeout.connect(poll)
    timer.start()
    loop.exec()
    timer.stop()


def main(out_dir: str) -> int:
    from glossapp.app import application, open_window

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    with tempfile.TemporaryDirectory(prefix="glossapp-shots-") as home:
        paths.set_base_dir(home)
        for name, query, term, theme, bookmarked, find in STATES:
            window = open_window(None, show=term or None, query=query or None)
            window.resize(1200, 760)
            if not term:
                wait_until(lambda w=window: w.is_settled() and w.model.rowCount() > 0)
                window.open_row(0)
            wait_until(lambda w=window: w.is_settled() and w.current_entry() is not None)
            if find:
                window.show_find_bar()
                assert window.find_bar is not None
                window.find_bar.box.setText(find)
                window.find_bar.find_next()
            for bookmarked_term in bookmarked:
                window.bookmarks_controller.set_bookmarked(
                    window.library.with_term(bookmarked_term)[0].id, True
                )
            if bookmarked:
                # one bookmark shows what a kept note and tags look like in the list
                first = window.library.with_term(bookmarked[0])[0].id
                store = window.bookmarks_controller.store
                assert store is not None  # opened by the settled window
                store.set_tags(first, ["talk", "architecture"])
                store.set_note(first, "Compare early and late fusion costs.")
                window.bookmarks_controller.refresh()
            if bookmarked:
                window.show_bookmarks_tab()
            else:
                window.sidebar_tabs.setCurrentIndex(0)  # the Terms tab, whatever was kept
            window.set_theme(theme)
            wait_until(window.is_settled)  # the page again, its related links from a worker
            app.processEvents()
            window.grab().save(str(out / name))
            print(out / name)
            window.close()
            window.set_theme("light")
        paths.set_base_dir(None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
