"""Index health: damage found by a query or by `verify`, the id scheme, stale folders,
queued builds, resumable builds and workers that die with their parent (real processes)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glossapp.glossary import library
from glossapp.search.engine import DAMAGED_MESSAGE, SearchEngine
from glossapp.search.whoosh import index as index_module
from glossapp.search.whoosh.index import BUILD_FILE, META_FILE, IndexDamaged
from tests.search.fixtures import write_small_library

REPO = Path(__file__).resolve().parents[3]


def engine_for(folder, index_dir):
    return SearchEngine(library.load([folder]), index_dir)


class Progress:
    def __init__(self):
        self.calls = []

    def __call__(self, done, total):
        self.calls.append((done, total))


def damage(index_dir: Path, start: int = 1000) -> None:
    """Overwrite 500 bytes of the segment: the open check passes, reading does not."""
    segment = next(index_dir.glob("*.seg"))
    data = bytearray(segment.read_bytes())
    data[start : start + 500] = b"\xff" * 500
    segment.write_bytes(bytes(data))


@pytest.fixture
def small(tmp_path):
    folder = tmp_path / "glossaries"
    write_small_library(folder)
    return folder, tmp_path / "index"


def test_a_query_that_cannot_read_the_index_marks_it_damaged_and_repair_rebuilds(
    small, monkeypatch
):
    folder, index_dir = small
    engine = engine_for(folder, index_dir)
    assert engine.ensure_index()
    with engine._index.reading() as reader:  # its files unreadable from now on
        searcher = reader._searcher

    def unreadable(*args, **kwargs):
        raise OSError(5, "Input/output error")

    for name in ("search", "search_with_collector", "stored_fields", "docs_for_query"):
        monkeypatch.setattr(searcher, name, unreadable)
    monkeypatch.setattr(reader, "_ranker", None)  # its fast path fails too
    seen = []
    engine.on_index_damaged = seen.append
    engine.search("dies electrical")
    assert engine.index_damaged and seen == [DAMAGED_MESSAGE]
    assert engine.index_problem == DAMAGED_MESSAGE and not engine.full_text_ready
    assert [h.term for h in engine.search("wafer map").hits][:1] == ["wafer map"]  # names
    finished = []
    engine.repair_index_in_background(done=finished.append).join(60)
    assert finished == [None] and engine.full_text_ready and not engine.index_damaged
    assert [h.term for h in engine.search("dies electrical").hits] == ["wafer map"]
    engine.verify_index()


def test_verify_reads_every_segment(small):
    folder, index_dir = small
    engine = engine_for(folder, index_dir)
    engine.ensure_index()
    engine.verify_index()
    engine.close()
    damage(index_dir, 12000)
    with pytest.raises(IndexDamaged):
        engine_for(folder, index_dir).verify_index()


def test_an_index_of_another_id_scheme_is_rebuilt(small):
    folder, index_dir = small
    engine_for(folder, index_dir).ensure_index()
    meta = json.loads((index_dir / META_FILE).read_text())
    del meta["ids"]  # as an index written before ids followed the file path
    (index_dir / META_FILE).write_text(json.dumps(meta))
    progress = Progress()
    engine = engine_for(folder, index_dir)
    engine.ensure_index(progress)
    assert progress.calls[-1] == (4, 4)  # rebuilt, not reused
    assert json.loads((index_dir / META_FILE).read_text())["ids"] == index_module.ID_SCHEME
    assert [h.term for h in engine.search("dies electrical").hits] == ["wafer map"]


def test_stale_staging_folders_are_removed(small):
    folder, index_dir = small
    for name in ("index.new-99999", "index.old-4242"):
        (index_dir.parent / name / "sub").mkdir(parents=True)
    engine_for(folder, index_dir).ensure_index(rebuild=True)
    left = sorted(p.name for p in index_dir.parent.iterdir() if p.name.startswith("index"))
    assert left == ["index", "index.lock"]


def _cli(data_dir: Path, *args: str) -> subprocess.Popen:
    environment = {**os.environ, "GLOSSAPP_DATA_DIR": str(data_dir)}
    return subprocess.Popen(
        [sys.executable, "-m", "glossapp", *args],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_four_concurrent_rebuilds_all_succeed(small, tmp_path):
    folder, _ = small
    data = tmp_path / "data"
    runs = [_cli(data, "--glossary", str(folder), "index", "--rebuild") for _ in range(4)]
    results = [(run.wait(120), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    cache = next(p for p in data.rglob("index") if (p / META_FILE).exists())
    assert sorted(p.name for p in cache.parent.iterdir() if p.name.startswith("index")) == [
        "index",
        "index.lock",
    ]


def write_generated(folder: Path, files: int, per_file: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    words = [
        "wafer",
        "yield",
        "probe",
        "thermal",
        "budget",
        "drift",
        "reference",
        "voltage",
        "sensor",
        "etch",
    ]
    for number in range(files):
        lines = []
        for entry in range(per_file):
            name = f"term{number}x{entry}"
            body = " ".join(words[(entry + k) % len(words)] for k in range(60))
            lines.append(f"{name}, cat{number % 3}\n**{name}** is {body}.\n")
        (folder / f"g{number:02d}.txt").write_text("".join(lines), encoding="utf-8")
    return files * per_file


# Runs `glossapp index` with small segments, so that a short build has many of them.
BUILD_SCRIPT = """
import sys
from glossapp.search.whoosh import index
index.SEGMENT_SIZE = int(sys.argv[1])
index.PARALLEL_THRESHOLD = 1
from glossapp.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _build(data: Path, folder: Path, segment: int, *extra: str) -> subprocess.Popen:
    environment = {**os.environ, "GLOSSAPP_DATA_DIR": str(data)}
    return subprocess.Popen(
        [sys.executable, "-c", BUILD_SCRIPT, str(segment), "--glossary", str(folder)]
        + ["index", *extra],
        cwd=REPO,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in text:
            found.append(int(status.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _batches_done(data: Path) -> int:
    for record in data.rglob(BUILD_FILE):
        try:
            return len(json.loads(record.read_text())["batches"])
        except (OSError, ValueError, KeyError):
            return 0
    return 0


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_kill_9_mid_build_workers_exit_and_the_build_resumes(tmp_path):
    folder = tmp_path / "glossaries"
    total = write_generated(folder, files=40, per_file=150)
    data = tmp_path / "data"
    build = _build(data, folder, 150, "--rebuild")
    try:
        _wait_for(lambda: _batches_done(data) >= 3 or build.poll() is not None, 120)
        assert build.poll() is None, "the build ended before it could be killed"
        workers = [pid for pid in _children(build.pid) if _alive(pid)]
        assert workers, "the build has no worker process"
        os.kill(build.pid, signal.SIGKILL)
        build.wait(10)
    finally:
        if build.poll() is None:
            build.kill()
    done_before = _batches_done(data)
    assert 3 <= done_before < 40, "the build finished before it was killed"
    # the workers notice within a second or two and exit, rather than block forever
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers), 10), workers
    partial = next(data.rglob("index.partial"))
    record = json.loads((partial / BUILD_FILE).read_text())
    resumed = sum(record["sources"].values())
    assert resumed >= 3 * 150

    # the restarted build continues: its first progress counts the finished work
    progress = Progress()
    index_module_segment = index_module.SEGMENT_SIZE
    try:
        index_module.SEGMENT_SIZE = 150
        engine = SearchEngine(library.load([folder]), partial.with_name("index"))
        engine.ensure_index(progress)
    finally:
        index_module.SEGMENT_SIZE = index_module_segment
    assert progress.calls[0] == (resumed, total) and progress.calls[-1] == (total, total)
    assert all(a[0] <= b[0] for a, b in zip(progress.calls, progress.calls[1:], strict=False))
    assert not partial.exists()
    engine.verify_index()
    hits = engine.search("term39x3").hits
    assert hits and hits[0].term == "term39x3"
    assert len(engine.stored_plain_texts()) == total
