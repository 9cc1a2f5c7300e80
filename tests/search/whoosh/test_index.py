import concurrent.futures

import pytest

from glossapp.glossary import library
from glossapp.search.engine import SearchEngine
from glossapp.search.whoosh import index as index_module
from glossapp.search.whoosh.index import META_FILE, IndexCancelled, build_into, wanted_sources
from glossapp.util import paths
from tests.search.fixtures import write_small_library


class Progress:
    def __init__(self):
        self.calls = []

    def __call__(self, done, total):
        self.calls.append((done, total))

    @property
    def total(self):
        return self.calls[-1][1] if self.calls else None


def engine_for(folder, index_dir):
    return SearchEngine(library.load([folder]), index_dir)


def text_terms(engine, query):
    return [hit.term for hit in engine.search(query + " ").hits if hit.match == "text"]


@pytest.fixture
def small(tmp_path):
    folder = tmp_path / "glossaries"
    write_small_library(folder)
    return folder, tmp_path / "index"


def test_first_build_reports_progress_and_reopening_builds_nothing(small):
    folder, index_dir = small
    progress = Progress()
    engine = engine_for(folder, index_dir)
    assert not engine.full_text_ready
    engine.ensure_index(progress)
    assert engine.full_text_ready
    assert progress.calls[0] == (0, 4) and progress.calls[-1] == (4, 4)
    assert text_terms(engine, "dies electrical") == ["wafer map"]
    engine.close()

    again = Progress()
    reopened = engine_for(folder, index_dir)
    reopened.ensure_index(again)
    assert again.calls == []
    assert text_terms(reopened, "dies electrical") == ["wafer map"]


def test_changed_source_is_reindexed_alone(small):
    folder, index_dir = small
    engine_for(folder, index_dir).ensure_index()
    beta = folder / "beta.txt"
    beta.write_text(beta.read_text().replace("electrical test", "parametric probing"))
    progress = Progress()
    engine = engine_for(folder, index_dir)
    engine.ensure_index(progress)
    assert progress.total == 2  # only beta's two entries
    assert text_terms(engine, "parametric probing") == ["wafer map"]
    assert text_terms(engine, "electrical") == []
    assert text_terms(engine, "reference ageing") == ["calibration drift"]


def test_removed_source_disappears_and_moved_source_is_not_reindexed(small, tmp_path):
    folder, index_dir = small
    engine_for(folder, index_dir).ensure_index()
    (folder / "beta.txt").unlink()
    engine = engine_for(folder, index_dir)
    progress = Progress()
    engine.ensure_index(progress)
    assert progress.total == 0
    assert text_terms(engine, "thermal") == []
    engine.close()

    moved = tmp_path / "moved"
    (folder).rename(moved)
    progress = Progress()
    engine_for(moved, index_dir).ensure_index(progress)
    assert progress.calls == []  # same file name and content: nothing to do


@pytest.mark.parametrize("damage", ["segments", "meta", "schema", "vocabulary", "toc"])
def test_damaged_index_is_rebuilt_not_fatal(small, damage):
    folder, index_dir = small
    engine_for(folder, index_dir).ensure_index()
    if damage == "segments":
        for path in index_dir.glob("*.seg"):
            path.write_bytes(b"\x00garbage" * 10)
    elif damage == "meta":
        (index_dir / META_FILE).write_text("{not json")
    elif damage == "schema":
        meta = (index_dir / META_FILE).read_text()
        (index_dir / META_FILE).write_text(meta.replace('"schema": ', '"schema": 1000'))
    elif damage == "vocabulary":
        for path in index_dir.glob("glossapp-words*"):
            path.write_bytes(b"\x01\x02")
    else:
        for path in index_dir.glob("*.toc"):
            path.unlink()
    progress = Progress()
    engine = engine_for(folder, index_dir)
    engine.ensure_index(progress)
    assert progress.total == 4
    assert text_terms(engine, "dies electrical") == ["wafer map"]


def test_search_survives_an_index_damaged_while_open(small):
    folder, index_dir = small
    engine = engine_for(folder, index_dir)
    engine.ensure_index()
    with engine._index.reading() as reader:
        reader._searcher.close()  # what a vanished or broken file looks like mid-session
    response = engine.search("wafer map")
    assert [hit.term for hit in response.hits] == ["wafer map"]  # the name tier still answers
    assert not engine.full_text_ready


def test_cancelled_build_leaves_no_index_and_cancelled_update_keeps_the_old(small):
    folder, index_dir = small
    engine = engine_for(folder, index_dir)
    with pytest.raises(IndexCancelled):
        engine.ensure_index(cancel=lambda: True)
    assert not index_dir.exists()
    assert not engine.full_text_ready
    assert [h.term for h in engine.search("wafer").hits] == ["wafer map"]

    engine.ensure_index()
    engine.close()
    beta = folder / "beta.txt"
    beta.write_text(beta.read_text().replace("electrical test", "parametric probing"))
    changed = engine_for(folder, index_dir)
    with pytest.raises(IndexCancelled):
        changed.ensure_index(cancel=lambda: True)
    stale = engine_for(library_folder := folder, index_dir)
    progress = Progress()
    stale.ensure_index(progress)
    assert progress.total == 2  # the cancelled update was not half-applied
    assert text_terms(stale, "parametric") == ["wafer map"]
    assert library_folder.exists()


def test_prebuilt_bundled_index_is_copied_when_it_matches(small, tmp_path, monkeypatch):
    folder, index_dir = small
    bundle = tmp_path / "bundle"
    build_into(bundle / "index", wanted_sources(library.load([folder])))

    def bundled(name):
        if (bundle / name).is_dir():
            return bundle / name
        raise FileNotFoundError(name)

    monkeypatch.setattr(paths, "bundled", bundled)
    progress = Progress()
    engine = engine_for(folder, index_dir)
    engine.ensure_index(progress)
    assert progress.calls == []  # copied, not built
    assert (index_dir / META_FILE).exists()
    assert text_terms(engine, "dies electrical") == ["wafer map"]
    engine.close()

    (folder / "alpha.txt").write_text("other term, misc\nSomething else entirely.\n")
    rebuilt = Progress()
    mismatch = engine_for(folder, tmp_path / "other-index")
    mismatch.ensure_index(rebuilt)
    assert rebuilt.total == 3  # the bundle no longer matches: built from the library


def test_parallel_build_gives_the_same_results(small, monkeypatch):
    folder, index_dir = small
    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 1)
    engine = engine_for(folder, index_dir)
    engine.ensure_index()
    assert text_terms(engine, "dies electrical") == ["wafer map"]
    assert text_terms(engine, "independence") == ["naive bayes"]


def test_parallel_build_reports_progress_and_can_be_cancelled(small, monkeypatch):
    folder, index_dir = small
    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 1)
    engine = engine_for(folder, index_dir)
    with pytest.raises(IndexCancelled):
        engine.ensure_index(cancel=lambda: True)
    assert not index_dir.exists()
    progress = Progress()
    engine.ensure_index(progress)
    total = progress.total
    assert progress.calls[0] == (0, total) and progress.calls[-1] == (total, total)
    assert text_terms(engine, "independence") == ["naive bayes"]


def test_default_index_lives_in_the_cache_dir(small):
    folder, _ = small
    engine = SearchEngine(library.load([folder]))
    engine.ensure_index()
    assert engine.index_folder == paths.cache_dir() / "index"
    assert (paths.cache_dir() / "index" / META_FILE).exists()


def test_build_finishes_in_process_when_workers_cannot_start(small, monkeypatch):
    folder, index_dir = small

    class NoWorkers:
        def __init__(self, *args, **kwargs):
            raise OSError("cannot spawn")

    monkeypatch.setattr(index_module, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoWorkers)
    engine = engine_for(folder, index_dir)
    engine.ensure_index()
    assert text_terms(engine, "dies electrical") == ["wafer map"]
