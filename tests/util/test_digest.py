import hashlib

from glossapp.glossary.model import stable_entry_id
from glossapp.util.digest import hex_digest


def test_digest_is_hashlibs_blake2b():
    for data, size in ((b"", 8), (b"multi-vt design", 12), (bytes(range(256)) * 40, 16)):
        assert hex_digest(data, size) == hashlib.blake2b(data, digest_size=size).hexdigest()


def test_entry_ids_are_blake2b_of_the_resolved_path_and_the_header(tmp_path):
    # ids are stored in users' bookmarks: for a file that stays where it is, the value for
    # a known header must never move, whichever digest module computes it
    source = tmp_path / "seed.txt"
    key = "\x1f".join((str(source.resolve()), "musegan", "audio & speech", "", "0"))
    expected = hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
    assert stable_entry_id(str(source), "musegan", "audio & speech", (), 0) == expected


def test_two_files_of_one_name_in_different_folders_get_different_ids(tmp_path):
    work, personal = tmp_path / "work" / "glossary.txt", tmp_path / "personal" / "glossary.txt"
    assert stable_entry_id(str(work), "api", "", (), 0) != stable_entry_id(
        str(personal), "api", "", (), 0
    )
