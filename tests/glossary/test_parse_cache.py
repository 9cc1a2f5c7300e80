import dataclasses
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glossapp.glossary import library, model, parse_cache
from glossapp.glossary.model import Entry
from glossapp.glossary.name_keys import name_keys
from glossapp.glossary.parse_cache import RACY_NS, ParseCache


def settled_glossary(path, text):
    """A glossary whose modification time is old enough to be cached."""
    path.write_text(text, encoding="utf-8")
    past = time.time_ns() - 2 * RACY_NS
    os.utime(path, ns=(past, past))
    return path


def test_second_load_comes_from_the_cache_and_is_identical(tmp_path):
    glossary = settled_glossary(tmp_path / "g.txt", "intro\nalpha, cat\nbody\nbeta,x,y\n```\n")
    first = library.load([glossary])
    assert list(ParseCache().folder.glob("*.marshal"))
    second = library.load([glossary])
    assert second.entries == first.entries
    assert second.files[0].diagnostics == first.files[0].diagnostics
    assert second.files[0].digest == first.files[0].digest
    assert library.load([glossary], use_cache=False).entries == first.entries


def test_a_changed_file_is_parsed_again(tmp_path):
    glossary = settled_glossary(tmp_path / "g.txt", "alpha, cat\nbody\n")
    library.load([glossary])
    settled_glossary(glossary, "gamma, cat\nbody\n")  # same size, other time
    assert [e.term for e in library.load([glossary]).entries] == ["gamma"]


def test_a_file_written_moments_ago_is_not_cached(tmp_path):
    glossary = tmp_path / "g.txt"
    glossary.write_text("alpha, cat\nbody\n", encoding="utf-8")
    library.load([glossary])
    assert not list(ParseCache().folder.glob("*.marshal"))


def test_damaged_cache_files_are_misses(tmp_path):
    glossary = settled_glossary(tmp_path / "g.txt", "alpha, cat\nbody\n")
    library.load([glossary])
    for cached in ParseCache().folder.glob("*.marshal"):
        cached.write_bytes(b"not a cache file")
    assert [e.term for e in library.load([glossary]).entries] == ["alpha"]


def test_the_seed_round_trips(seed_file, tmp_path):
    cache = ParseCache(tmp_path / "cache")
    stat = seed_file.stat()
    parsed = library.load_file(seed_file)
    cache.put(seed_file, stat, (parsed.digest, parsed.entries, parsed.diagnostics, "extra"))
    digest, entries, diagnostics, extra = cache.get(seed_file, stat)
    assert (digest, entries, diagnostics) == (parsed.digest, parsed.entries, parsed.diagnostics)
    assert [e.names for e in entries] == [e.names for e in parsed.entries]
    assert extra == "extra"
    assert len(entries) == 50


def test_cached_entries_keep_their_names_and_the_file_its_name_keys(tmp_path):
    text = "intro\nMulti-NLI, data, MultiNLI, multi nli bench\nbody\nbeta,x\nmore\n"
    glossary = settled_glossary(tmp_path / "g.txt", text)
    parsed = library.load([glossary], use_cache=False)
    library.load([glossary])  # fills the cache
    cached = library.load([glossary])
    assert [e.names for e in cached.entries] == [e.names for e in parsed.entries]
    assert cached.files[0].name_keys == name_keys(parsed.entries)
    assert parsed.files[0].name_keys is None  # not cached, not computed


def test_an_entry_pickles_to_an_equal_entry_with_the_same_names(seed_library):
    for entry in seed_library.entries[:10]:
        restored = pickle.loads(pickle.dumps(entry, protocol=5))
        assert restored == entry
        assert restored.names == entry.names
        assert hash(restored) == hash(entry)
        with pytest.raises(dataclasses.FrozenInstanceError):
            restored.term = "changed"


def test_an_unpickled_body_stays_encoded_until_first_read():
    entry = Entry("id1", "term", "Title", "cat", (), "naïve — body \udc80 end", "g.txt", 3)
    restored = pickle.loads(pickle.dumps(entry, protocol=5))
    stored_body = model._GETTERS[model._BODY]
    assert isinstance(stored_body(restored), bytes)
    assert restored.body == entry.body
    assert isinstance(stored_body(restored), str)
    assert restored == entry and repr(restored) == repr(entry)
    assert dataclasses.replace(restored, body="new").body == "new"


def test_packed_entries_keep_their_bodies_encoded_until_read(seed_library):
    entries = seed_library.entries[:5]
    restored = model.unpacked_entries(model.packed_entries(entries))
    stored_body = model._GETTERS[model._BODY]
    assert all(isinstance(stored_body(entry), tuple) for entry in restored)
    assert restored[2].body == entries[2].body
    assert isinstance(stored_body(restored[2]), str)
    assert isinstance(stored_body(restored[3]), tuple)
    assert restored == entries
    # repacking or pickling a body still held as a span copies only that body
    again = model.unpacked_entries(model.packed_entries(restored))
    assert [e.body for e in again] == [e.body for e in entries]
    alone = pickle.dumps(restored[4], protocol=5)
    assert len(alone) < 2 * len(entries[4].body.encode()) + 1000
    assert pickle.loads(alone) == entries[4]


def test_packing_no_entries():
    assert model.unpacked_entries(model.packed_entries([])) == []


def test_every_glossapp_module_the_parser_imports_is_in_the_stamp():
    # the parser's output depends on these files: a change to any must miss the cache
    probe = (
        "import sys, glossapp.glossary.parser, glossapp.glossary.name_keys\n"
        "print('\\n'.join(sorted(m.__file__ for n, m in sys.modules.items()"
        " if n.startswith('glossapp.') and getattr(m, '__file__', None)"
        " and not m.__file__.endswith('__init__.py'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    stamped = {path.resolve() for path in parse_cache._stamped_sources()}
    assert loaded and {Path(name).resolve() for name in loaded} <= stamped


def test_a_same_size_same_mtime_rewrite_is_parsed_again(tmp_path):
    glossary = settled_glossary(tmp_path / "g.txt", "alpha, cat\nbody\n")
    before = glossary.stat()
    assert [e.term for e in library.load([glossary]).entries] == ["alpha"]
    glossary.write_text("gamma, cat\nbody\n", encoding="utf-8")  # same size
    os.utime(glossary, ns=(before.st_atime_ns, before.st_mtime_ns))  # same mtime
    after = glossary.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert [e.term for e in library.load([glossary]).entries] == ["gamma"]


def test_a_file_replaced_by_another_inode_is_parsed_again(tmp_path):
    glossary = settled_glossary(tmp_path / "g.txt", "alpha, cat\nbody\n")
    library.load([glossary])
    stat = glossary.stat()
    other = settled_glossary(tmp_path / "other.txt", "delta, cat\nbody\n")
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    other.replace(glossary)  # an editor saving by rename: new inode
    assert [e.term for e in library.load([glossary]).entries] == ["delta"]
