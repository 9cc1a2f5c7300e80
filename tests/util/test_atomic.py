import os

import pytest

from glossapp.util.atomic import atomic_write_text


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_files_get_the_users_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        atomic_write_text(tmp_path / "f.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "f.txt").stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_folder_is_refused_by_name_and_nothing_is_left(tmp_path):
    with pytest.raises(IsADirectoryError) as raised:
        atomic_write_text(tmp_path, "x")
    assert raised.value.filename == str(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_leaves_the_old_file_and_no_temporary(tmp_path):
    from tests.util.tmpfs import fill, tmpfs

    with tmpfs(tmp_path / "mnt", size="64k") as mnt:
        target = mnt / "f.txt"
        atomic_write_text(target, "old")
        fill(mnt)
        with pytest.raises(OSError):
            atomic_write_text(target, "new" * 100_000)
        assert target.read_text() == "old"
        assert sorted(p.name for p in mnt.iterdir()) == ["f.txt", "filler"]
