"""The one way to pause Python's cyclic garbage collector.

Worth it only where a burst of work makes many objects that live on (start-up, loading a
library, building an index): collector passes over them find nothing to free and only
cost time. Pauses nest: the collector comes back on when the outermost pause ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_depth = 0
_was_enabled = True


def pause() -> None:
    """Start a pause; every `pause` is matched by one `resume`."""
    global _depth, _was_enabled
    if _depth == 0:
        _was_enabled = gc.isenabled()
        gc.disable()
    _depth += 1


def resume() -> None:
    """End the innermost pause; the collector returns to its state before the outermost."""
    global _depth
    if _depth == 0:
        return
    _depth -= 1
    if _depth == 0 and _was_enabled:
        gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """The collector paused for the `with` block."""
    pause()
    try:
        yield
    finally:
        resume()
