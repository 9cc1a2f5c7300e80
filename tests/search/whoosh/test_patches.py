"""The import-time patches of `search.whoosh._patches`: what they leave out, what still
works, and that a patch that cannot be applied leaves Whoosh as shipped."""

import json
import subprocess
import sys

import pytest

from glossapp.search.engine import SearchEngine


def _fresh(code: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_importing_the_search_core_skips_urllib_asyncio_and_word_variations():
    loaded = _fresh(
        "import json, sys\n"
        "from glossapp.search.engine import SearchEngine\n"
        "import glossapp.search.whoosh.index\n"
        "print(json.dumps(sorted(name for name in ('urllib.request', 'asyncio', "
        "'cached_property', 'whoosh.lang.morph_en', 'markdown', 'multiprocessing') "
        "if name in sys.modules)))\n"
    )
    assert loaded == []


def test_the_real_modules_still_import_after_the_stand_ins_left():
    found = _fresh(
        "import json\n"
        "import glossapp.search.engine\n"
        "import urllib.request, cached_property\n"
        "from whoosh import compat\n"
        "from whoosh.lang import morph_en\n"
        "print(json.dumps([hasattr(urllib.request, 'Request'),\n"
        "    callable(cached_property.cached_property), callable(compat.urlretrieve),\n"
        "    morph_en.__file__.endswith('morph_en.py'),\n"
        "    'models' in morph_en.variations('model')]))\n"
    )
    assert found == [True, True, True, True, True]


def test_whoosh_word_variations_work_through_the_stand_in():
    from whoosh.query import terms

    assert "models" in terms.variations("model")


def test_cached_reader_property_still_computed_once(seed_engine: SearchEngine):
    with seed_engine._index.reading() as index_reader:
        reader = index_reader._searcher.reader()
    first = reader.deleted_docs_set
    assert first == frozenset()
    assert reader.deleted_docs_set is first


def test_whoosh_buffer_files_read_the_mapping_in_place_like_a_bytesio():
    from io import BytesIO

    from whoosh.filedb.structfile import BufferFile

    data = bytes(range(16)) * 4
    opened = BufferFile(memoryview(data), name="part")
    model = BytesIO(data)
    assert opened.get(2, 3) == data[2:5]
    assert list(opened.get_array(0, "B", 4)) == [0, 1, 2, 3]
    for whence, offset, size in ((0, 16, 2), (1, 3, 4), (2, -5, 10), (0, 100, 3), (1, -90, -1)):
        assert opened.seek(offset, whence) == model.seek(offset, whence)
        assert opened.read(size) == model.read(size)
        assert opened.tell() == model.tell()
    opened.seek(5)
    assert opened.read_int() == int.from_bytes(data[5:9], "big", signed=True)
    opened.seek(3)
    assert opened.readline() == data[3:11]  # b"\n" is byte 10
    target = bytearray(4)
    assert opened.file.readinto(target) == 4 and bytes(target) == data[11:15]
    assert opened.file._copy is None  # nothing copied so far
    opened.file.getbuffer()  # not a reading method: answered by a copy from now on
    assert opened.file._copy is not None
    assert opened.read(2) == data[15:17]
    opened.close()
    assert opened.is_closed


def test_a_closed_view_stream_fails_as_a_closed_bytesio():
    from whoosh.filedb.structfile import BufferFile

    opened = BufferFile(memoryview(b"abcdef"), name="part")
    assert not opened.file.closed
    opened.close()
    assert opened.file.closed
    with pytest.raises(ValueError):
        opened.read(1)
    with pytest.raises(ValueError):
        opened.seek(0)


def test_whoosh_reads_a_pickle_from_the_mapping_without_copying_it():
    import pickle

    from whoosh.filedb.structfile import BufferFile

    data = b"head" + pickle.dumps((3, 1.5, "x"), protocol=2) + b"tail"
    opened = BufferFile(memoryview(data), name="part")
    opened.seek(4)
    assert opened.read_pickle() == (3, 1.5, "x")
    assert opened.read(4) == b"tail"
    assert opened.file._copy is None


def test_stored_texts_read_through_the_mapping_match_the_library(seed_engine: SearchEngine):
    plain = seed_engine.stored_plain_texts()
    assert set(plain) == {entry.id for entry in seed_engine.library.entries}
    assert all(text for text in plain.values())


def test_a_patch_that_fails_leaves_plain_whoosh_and_the_import_working():
    found = _fresh(
        "import json, logging\n"
        "logging.disable(logging.CRITICAL)\n"
        "from whoosh.filedb import structfile\n"
        "original = structfile.BufferFile.__init__\n"
        "structfile.BufferFile.get = lambda self, position, length: b'wrong'\n"
        "import glossapp.search.whoosh\n"
        "from glossapp.search.whoosh.fail_soft import failures\n"
        "print(json.dumps([structfile.BufferFile.__init__ is original, sorted(failures())]))\n"
    )
    assert found == [True, ["patch 'buffer files read in place'"]]


def test_a_lean_import_that_fails_lets_whoosh_import_the_ordinary_way():
    found = _fresh(
        "import json, logging, sys\n"
        "logging.disable(logging.CRITICAL)\n"
        "class Finder:\n"  # the first import of whoosh.query.terms fails
        "    calls = 0\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'whoosh.query.terms' and not Finder.calls:\n"
        "            Finder.calls += 1\n"
        "            raise ImportError('simulated')\n"
        "sys.meta_path.insert(0, Finder())\n"
        "import glossapp.search.whoosh\n"
        "from glossapp.search.whoosh.fail_soft import failures\n"
        "import urllib.request, whoosh.compat\n"
        "from whoosh.query import terms\n"
        "print(json.dumps([sorted(failures()), Finder.calls,\n"
        "    whoosh.compat.urlretrieve is urllib.request.urlretrieve,\n"
        "    'models' in terms.variations('model')]))\n"
    )
    assert found == [["patch 'lean import'"], 1, True, True]
