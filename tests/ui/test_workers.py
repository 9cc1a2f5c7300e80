"""Signals from worker threads: PySide6 6.12.0 crashed here (refcount error in shiboken)."""

import pytest
from PySide6.QtCore import QCoreApplication

from glossapp.ui.workers import IndexBuilder, QueryRunner

pytestmark = pytest.mark.gui


class CountingEngine:
    def __init__(self, steps: int) -> None:
        self.steps = steps

    def ensure_index(self, progress, cancel) -> None:
        for done in range(self.steps):
            if cancel():
                return
            progress(done + 1, self.steps)

    def warm_name_hits(self, cancel) -> None:
        pass


def test_index_builder_reports_every_progress_step(qtbot):
    builder = IndexBuilder(CountingEngine(20_000))
    seen = []
    builder.progress.connect(lambda done, total: seen.append(done))
    with qtbot.waitSignal(builder.ready, timeout=60_000):
        builder.start()
    builder.wait()
    qtbot.waitUntil(lambda: len(seen) == 20_000, timeout=10_000)
    assert seen[-1] == 20_000


def test_index_builder_reports_failure(qtbot):
    class Broken:
        def ensure_index(self, progress, cancel):
            raise OSError("disk full")

    builder = IndexBuilder(Broken())
    with qtbot.waitSignal(builder.failed, timeout=10_000) as blocker:
        builder.start()
    builder.wait()
    assert blocker.args == ["OSError: disk full"]


def test_query_runner_delivers_only_the_newest_answer(qtbot):
    runner = QueryRunner()
    answers = []
    runner.answered.connect(lambda generation, response: answers.append(response))
    for number in range(50):
        runner.submit(lambda n=number: n)
    with qtbot.waitSignal(runner.answered, timeout=10_000):
        runner.submit(lambda: "newest")
    runner.wait()
    QCoreApplication.processEvents()  # deliver any stale answer still queued, to be dropped
    assert answers == ["newest"]
