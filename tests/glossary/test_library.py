from pathlib import Path

import pytest

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


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "not valid JSON"),
        ('["/a"]', "expected a JSON object, found a list"),
        ('{"sources": "/"}', '"sources" must be a list of paths, found a string'),
        ('{"sources": {"a": 1}}', '"sources" must be a list of paths, found an object'),
        ('{"sources": ["/a", 3]}', "item 2 is a number"),
        ('{"sources": [null]}', "item 1 is null"),
        ('{"sources": [""]}', "empty path"),
    ],
)
def test_a_damaged_source_list_is_kept_reported_and_not_interpreted(content, says):
    config = paths.config_dir() / "library.json"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(content, encoding="utf-8")
    sources = library.SourceList()
    assert sources.user_sources() == []
    assert sources.problem is not None and says in sources.problem.message
    loaded = library.load_default()
    assert len(loaded.entries) == 50  # the seeds only: `/` is never indexed
    assert loaded.config_problem == sources.problem
    (line,) = loaded.load_problems()
    assert line.startswith(f"{config}: ") and says in line and "bundled glossary only" in line
    assert config.read_text(encoding="utf-8") == content  # kept as it is
    assert not config.with_name("library.json.damaged").exists()
    with pytest.raises(library.DamagedSourceList):
        sources.add(config.parent)  # saving would overwrite the user's file
    assert config.read_text(encoding="utf-8") == content


def test_a_source_list_that_is_not_utf8_or_not_readable_is_reported(tmp_path):
    config = paths.config_dir() / "library.json"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_bytes(b'{"sources": ["\xff"]}')
    sources = library.SourceList()
    assert sources.user_sources() == [] and "not UTF-8" in sources.problem.message
    config.unlink()
    config.mkdir()  # reading a folder fails with an OSError
    assert sources.user_sources() == [] and "cannot be read" in sources.problem.message


def test_reset_keeps_the_damaged_file_beside_a_fresh_one():
    config = paths.config_dir() / "library.json"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('{"sources": "/"}', encoding="utf-8")
    sources = library.SourceList()
    kept = sources.reset()
    assert kept == config.with_name("library.json.damaged")
    assert kept.read_text(encoding="utf-8") == '{"sources": "/"}'
    assert sources.user_sources() == [] and sources.problem is None
    assert library.load_default().config_problem is None


def test_a_missing_path_is_named(tmp_path):
    loaded = library.load_default([str(tmp_path / "typo.txt")])
    assert loaded.missing == [tmp_path / "typo.txt"]
    assert loaded.load_problems() == [f"{tmp_path / 'typo.txt'}: no such file or folder"]
    assert library.load_default().load_problems() == []


def test_same_file_name_in_two_folders_gives_distinct_ids(tmp_path):
    work = write(tmp_path / "work" / "glossary.txt", "alpha, cat\nat work\n")
    personal = write(tmp_path / "personal" / "glossary.txt", "alpha, cat\nat home\n")
    loaded = library.load([work, personal])
    first, second = loaded.entries
    assert first.id != second.id
    assert loaded.get(first.id).body == "at work" and loaded.get(second.id).body == "at home"
    # stable while the file stays where it is, whichever way the path is spelled
    again = library.load([tmp_path / "work" / ".." / "work" / "glossary.txt"], use_cache=False)
    assert again.entries[0].id == first.id


def test_glossary_option_replaces_the_library(tmp_path):
    glossary = write(tmp_path / "only.txt", "delta, cat\nbody\n")
    assert [e.term for e in library.load_default([str(glossary)]).entries] == ["delta"]
