"""What the window's start-up postpones until its first frame is on screen.

Qt-free, so the command line can pause the collector before it imports Qt.

- The cyclic garbage collector: until the first frame, start-up makes only objects that
  live as long as the process (modules, Qt types, the library), so collector passes find
  nothing. `pause_collector` and `resume_collector` bracket that pause, made by
  `glossapp.util.collector`, the one way to pause the collector.
- The modules in `DEFERRED_MODULES`: the window imports them after its first frame
  (`MainWindow.finish_startup`), and a test holds it to that.
"""

from __future__ import annotations

from glossapp.util import collector

DEFERRED_MODULES = (
    "whoosh",  # the full-text index: the search engine opens it after the first frame
    "sqlite3",  # the bookmark store
    "glossapp.bookmarks.store",
    "markdown",  # the renderer: prepared on the index thread
    "pygments",
    "glossapp.ui.workers",  # the index and query threads
)


def pause_collector() -> None:
    """Pause the cyclic collector for start-up; `resume_collector` ends the pause."""
    collector.pause()


def resume_collector() -> None:
    """End the start-up pause, once the first frame is up."""
    collector.resume()
