from pathlib import Path

from glossapp.glossary import library
from glossapp.glossary.model import Severity
from glossapp.util import paths


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_default_library_is_the_bundled_seed():
    loaded = library.load_default()
    assert len(loaded.entries) == 50
    assert [f.path.name for f in loaded.files] == ["ai-semiconductor-glossary.txt"]


def test_folders_files_and_bad_files_load_together(tmp_path):
    folder = tmp_path / "mine"
    write(folder / "a.txt", "alpha, cat\nbody\n")
    write(folder / "sub" / "b.md", "beta, cat\nbody\n")
    write(folder / "notes.pdf", "ignored")
    write(folder / "broken.txt", "no header here\n")
    loaded = library.load([folder, tmp_path / "missing.txt"])
    assert sorted(e.term for e in loaded.entries) == ["alpha", "beta"]
    by_name = {f.path.name: f for f in loaded.files}
    assert set(by_name) == {"a.txt", "b.md", "broken.txt", "missing.txt"}
    assert by_name["broken.txt"].diagnostics[0].severity == Severity.ERROR
    assert not by_name["missing.txt"].readable
    assert by_name["a.txt"].digest and by_name["a.txt"].digest != by_name["b.md"].digest


def test_same_file_given_twice_loads_once(tmp_path):
    glossary = write(tmp_path / "g.txt", "alpha, cat\nbody\n")
    assert len(library.load([glossary, tmp_path]).entries) == 1


def test_lookup_by_id_and_term(seed_library):
    multirc = seed_library.with_term("MultiRC")
    assert len(multirc) == 2
    assert seed_library.get(multirc[1].id) is multirc[1]
    assert seed_library.with_term("xlm roberta")[0].term == "multilingual nlp"


def test_user_sources_are_remembered_in_config_dir(tmp_path):
    extra = write(tmp_path / "extra.txt", "gamma, cat\nbody\n")
    sources = library.SourceList()
    assert sources.add(extra)
    assert not sources.add(extra)
    assert (paths.config_dir() / "library.json").exists()
    reloaded = library.load_default()
    assert "gamma" in [e.term for e in reloaded.entries]
    assert len(reloaded.entries) == 51
    assert library.SourceList().remove(extra)
    assert len(library.load_default().entries) == 50


def test_damaged_source_list_is_kept_aside(tmp_path):
    config = paths.config_dir() / "library.json"
    config.write_text("{not json", encoding="utf-8")
    assert library.SourceList().user_sources() == []
    assert config.with_suffix(".json.damaged").read_text() == "{not json"


def test_glossary_option_replaces_the_library(tmp_path):
    glossary = write(tmp_path / "only.txt", "delta, cat\nbody\n")
    assert [e.term for e in library.load_default([str(glossary)]).entries] == ["delta"]
