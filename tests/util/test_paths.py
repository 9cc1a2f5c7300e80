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
