"""One rule for every fast path that leans on Whoosh's internals: fall back, say so once.

An optimised path (`field_rank`, `collect`, `segment_writer`, the import-time patches)
that raises for any reason is abandoned for that call, and the plain public Whoosh API
does the work instead. `fell_back` logs the first failure of each path, with its
traceback, on the `glossapp.search.whoosh` logger; later ones are counted, not logged.
"""

from __future__ import annotations

import logging
import threading

LOG = logging.getLogger("glossapp.search.whoosh")

_lock = threading.Lock()
_failures: dict[str, int] = {}


def fell_back(path: str, error: BaseException) -> None:
    """Record that the fast path `path` failed with `error` and its fallback ran."""
    with _lock:
        count = _failures[path] = _failures.get(path, 0) + 1
    if count == 1:
        LOG.warning(
            "%s failed; using plain Whoosh instead (logged once)",
            path,
            exc_info=(type(error), error, error.__traceback__),
        )


def failures() -> dict[str, int]:
    """How often each fast path has fallen back in this process (for tests and the bench)."""
    with _lock:
        return dict(_failures)
