"""Background work for the window: building the index and running full-text queries.

Results come back to the UI thread by queued signals. Full-text queries run on a pool of
one thread, so they never pile up: a newer query drops the queued ones, and the answer to
a query that was superseded while running is ignored by its generation number.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal


class IndexBuilder(QThread):
    """Runs `engine.ensure_index` off the UI thread, reporting progress by signal.

    `prepare`, when given, runs first and its result is delivered by `prepared`: other
    one-off work over the whole library (the renderer's cross-link tables) that must not
    freeze the window either.
    """

    progress = Signal(int, int)
    prepared = Signal(object)
    ready = Signal()
    failed = Signal(str)

    def __init__(self, engine, parent=None, prepare=None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._prepare = prepare
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    def run(self) -> None:
        try:
            if self._prepare is not None:
                self.prepared.emit(self._prepare())
            if self._cancelled.is_set():
                return
            self._engine.ensure_index(progress=self.progress.emit, cancel=self._cancelled.is_set)
            self._engine.warm_name_hits(cancel=self._cancelled.is_set)
        except Exception as error:  # noqa: BLE001 - any failure is reported, the app keeps running
            if self._cancelled.is_set():
                return
            _print_traceback()
            self.failed.emit(f"{type(error).__name__}: {error}")
            return
        finally:
            # the engine and the library belong to the window: a finished builder that
            # waits for its deletion must not keep them (and their index files) alive
            self._engine = self._prepare = None
        if not self._cancelled.is_set():
            self.ready.emit()


class _QueryResults(QObject):
    finished = Signal(int, object)
    failed = Signal(int, str)


class _QueryJob(QRunnable):
    def __init__(self, generation: int, run_query, results: _QueryResults) -> None:
        super().__init__()
        self._generation = generation
        self._run_query = run_query
        self._results = results

    def run(self) -> None:
        try:
            response = self._run_query()
        except Exception as error:  # noqa: BLE001 - reported to the window, never crashes it
            _print_traceback()
            self._results.failed.emit(self._generation, str(error))
            return
        finally:
            self._run_query = None  # its closure holds the engine
        self._results.finished.emit(self._generation, response)


class QueryRunner(QObject):
    """Runs one full-text query at a time; only the newest query's answer is delivered."""

    answered = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._results = _QueryResults(self)
        self._results.finished.connect(self._deliver)
        self._results.failed.connect(self._deliver_failure)
        self.generation = 0

    def submit(self, run_query) -> int:
        self.generation += 1
        self._pool.clear()  # queued, not yet started queries are stale now
        self._pool.start(_QueryJob(self.generation, run_query, self._results))
        return self.generation

    def supersede(self) -> None:
        """Forget any query in flight (e.g. the box was cleared)."""
        self.generation += 1
        self._pool.clear()

    def busy(self) -> bool:
        return self._pool.activeThreadCount() > 0

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)

    def _deliver(self, generation: int, response) -> None:
        if generation == self.generation:
            self.answered.emit(generation, response)

    def _deliver_failure(self, generation: int, message: str) -> None:
        if generation == self.generation:
            self.failed.emit(generation, message)


def _print_traceback() -> None:
    import traceback  # only ever needed when a worker fails: kept out of start-up

    traceback.print_exc()
