"""Opening the engine reuses what the parse cache kept, with the same answers."""

import os
import time
from array import array
from pathlib import Path

from glossapp.glossary import library
from glossapp.glossary.name_keys import unpacked
from glossapp.glossary.parse_cache import RACY_NS, ParseCache
from glossapp.search.engine import LIBRARY_NAME_KEYS, SearchEngine
from glossapp.search.names import NameIndex


def _settled_copy(seed_file, folder):
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        copy = folder / name
        copy.write_bytes(seed_file.read_bytes())
        past = time.time_ns() - 2 * RACY_NS
        os.utime(copy, ns=(past, past))
    return folder


def test_name_tier_from_cached_name_keys_answers_as_one_built_from_scratch(seed_file, tmp_path):
    folder = _settled_copy(seed_file, tmp_path / "lib")
    library.load([folder])  # fills the parse cache
    cached = library.load([folder])
    assert all(source.name_keys is not None for source in cached.files)
    fresh = library.load([folder], use_cache=False)
    from_cache = SearchEngine(cached, tmp_path / "i1")
    from_scratch = SearchEngine(fresh, tmp_path / "i2")
    for query in ("transformer", "m", "multi nli", "llm", "wafer map", "zzz"):
        assert [h.entry_id for h in from_cache.lookup_names(query)] == [
            h.entry_id for h in from_scratch.lookup_names(query)
        ]


def test_a_library_put_together_by_hand_names_only_its_own_entries(seed_library, tmp_path):
    kept = seed_library.entries[1:]
    subset = library.Library(files=seed_library.files, entries=kept)
    engine = SearchEngine(subset, tmp_path / "index")
    left_out = seed_library.entries[0]
    assert left_out.id not in [h.entry_id for h in engine.lookup_names(left_out.term)]
    assert engine.lookup_names(kept[0].term)[0].entry_id == kept[0].id


def test_the_whole_librarys_name_keys_are_kept_and_reused_until_a_file_changes(seed_file, tmp_path):
    folder = _settled_copy(seed_file, tmp_path / "lib")
    loaded = library.load([folder])
    first = SearchEngine(loaded, tmp_path / "i1")
    contents = tuple((str(s.path), s.digest) for s in loaded.files)
    kept = ParseCache().recall(LIBRARY_NAME_KEYS, contents)
    assert kept is not None and unpacked(kept) == first._names.keys
    again = SearchEngine(library.load([folder]), tmp_path / "i2")
    assert again._names.keys == first._names.keys
    assert [h.entry_id for h in again.lookup_names("m")] == [
        h.entry_id for h in first.lookup_names("m")
    ]

    changed = folder / "a.txt"
    changed.write_text("brand new term, cat\nbody\n", encoding="utf-8")
    reloaded = library.load([folder])
    engine = SearchEngine(reloaded, tmp_path / "i3")
    assert [h.term for h in engine.lookup_names("brand new")] == ["brand new term"]
    assert engine._names.keys == NameIndex(reloaded.entries).keys


def test_damaged_kept_name_keys_are_rebuilt(seed_file, tmp_path):
    folder = _settled_copy(seed_file, tmp_path / "lib")
    loaded = library.load([folder])
    SearchEngine(loaded, tmp_path / "i1")
    contents = tuple((str(s.path), s.digest) for s in loaded.files)
    ParseCache().keep(LIBRARY_NAME_KEYS, contents, ("zzz", array("q", [10**6]).tobytes()))
    engine = SearchEngine(loaded, tmp_path / "i2")
    assert engine._names.keys == NameIndex(loaded.entries).keys


def test_libraries_built_by_hand_never_share_kept_name_keys(seed_library, tmp_path):
    def hand_built(entries):
        return library.Library.from_files([library.SourceFile(Path("g.txt"), list(entries))])

    first = SearchEngine(hand_built(seed_library.entries[:10]), tmp_path / "i1")
    second = SearchEngine(hand_built(seed_library.entries[10:20]), tmp_path / "i2")
    assert second._names.keys == NameIndex(seed_library.entries[10:20]).keys
    assert first._names.keys == NameIndex(seed_library.entries[:10]).keys
