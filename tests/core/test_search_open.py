"""Opening the engine reuses what the parse cache kept, with the same answers."""

import os
import time

from glossapp.core import library
from glossapp.core.parse_cache import RACY_NS
from glossapp.core.search import SearchEngine


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
