from glossapp.util import paths


def test_env_override_puts_everything_under_one_folder(isolated_dirs):
    assert paths.data_dir() == isolated_dirs / "data"
    assert paths.cache_dir() == isolated_dirs / "cache"
    assert paths.config_dir() == isolated_dirs / "config"
    assert paths.cache_dir().is_dir()


def test_explicit_base_dir_wins_over_env(tmp_path):
    paths.set_base_dir(tmp_path / "portable")
    assert paths.data_dir() == (tmp_path / "portable" / "data").resolve()


def test_without_override_platform_dirs_are_used(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.ENV_BASE_DIR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    assert paths.cache_dir() == tmp_path / "xdg-cache" / "glossapp"


def test_bundled_folders_are_found():
    assert (paths.bundled_seeds() / "ai-semiconductor-glossary.txt").is_file()
    assert paths.bundled("resources").is_dir()


def test_a_folder_that_cannot_be_created_is_returned_and_reported(tmp_path):
    from tests.util.tmpfs import read_only, tmpfs

    with tmpfs(tmp_path / "mnt") as mnt, read_only(mnt):
        paths.set_base_dir(mnt / "profile")
        assert paths.config_dir() == mnt / "profile" / "config"  # no exception
        (problem,) = [p for p in paths.problems() if p.kind == "config"]
        assert problem.reason == "Read-only file system"
        assert str(problem) == (
            f"the settings folder {mnt / 'profile' / 'config'} cannot be written "
            "(Read-only file system)"
        )
        assert {p.kind for p in paths.profile_problems()} == {"data", "cache", "config"}


def test_an_existing_read_only_folder_is_found_by_profile_problems(tmp_path):
    from tests.util.tmpfs import read_only, tmpfs

    with tmpfs(tmp_path / "mnt") as mnt:
        paths.set_base_dir(mnt)
        paths.config_dir(), paths.data_dir(), paths.cache_dir()
        assert paths.profile_problems() == []
        with read_only(mnt):
            assert paths.problems() == []  # the folders exist
            found = paths.profile_problems()
            assert [p.kind for p in found] == ["data", "cache", "config"]
            assert all(p.reason == "Read-only file system" for p in found)


def test_check_base_dir(tmp_path):
    paths.set_base_dir(tmp_path / "new")
    assert paths.check_base_dir() is None
    (tmp_path / "file").write_text("x")
    paths.set_base_dir(tmp_path / "file")
    assert paths.check_base_dir() == f"{tmp_path / 'file'}: not a folder"
