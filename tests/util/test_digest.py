import hashlib

from glossapp.glossary.model import stable_entry_id
from glossapp.util.digest import hex_digest


def test_digest_is_hashlibs_blake2b():
    for data, size in ((b"", 8), (b"multi-vt design", 12), (bytes(range(256)) * 40, 16)):
        assert hex_digest(data, size) == hashlib.blake2b(data, digest_size=size).hexdigest()


def test_entry_ids_did_not_change_with_the_digest_module():
    # ids are stored in users' bookmarks: the value for a known header must never move
    key = "\x1f".join(("seed.txt", "musegan", "audio & speech", "", "0"))
    expected = hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
    assert stable_entry_id("/any/dir/seed.txt", "musegan", "audio & speech", (), 0) == expected
