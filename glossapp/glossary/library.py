"""The library: which glossary files are open, and loading them all together.

The default library is the bundled `seeds/` folder plus the files and folders the user
added (remembered in `library.json` in the config dir). `--glossary` replaces it for one
run. Each file is parsed on its own, so one bad file never stops the others loading.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from glossapp.glossary.model import Diagnostic, Entry, Severity, glossary_name
from glossapp.glossary.parse_cache import ParseCache
from glossapp.util import paths
from glossapp.util.atomic import atomic_write_text
from glossapp.util.digest import hex_digest

if TYPE_CHECKING:
    from glossapp.glossary.name_keys import NameKeys

GLOSSARY_SUFFIXES = frozenset({".txt", ".md", ".glossary"})
CONFIG_FILE = "library.json"
MISSING = "no such file or folder"


@dataclass(slots=True)
class SourceFile:
    """One glossary file as loaded: its entries, its diagnostics and a digest of its bytes."""

    path: Path
    entries: list[Entry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    digest: str = ""
    readable: bool = True
    missing: bool = False  # the path given does not exist
    # `name_keys.packed(name_keys.name_keys(entries))` when loaded through the parse cache (the
    # search engine's name tier reuses it instead of normalising every name at start-up).
    packed_name_keys: tuple[str, bytes] | None = field(default=None, repr=False, compare=False)
    # The file's optional `% key: value` block (title, url, licence; see the parser), or
    # None until read: a file from the parse cache reads it from its first bytes on first use.
    read_metadata: dict[str, str] | None = field(default=None, repr=False, compare=False)

    @property
    def metadata(self) -> dict[str, str]:
        """The glossary's own title, URL, licence and so on, as its file gives them."""
        if self.read_metadata is None:
            if not self.readable:
                return {}
            from glossapp.glossary.parser import metadata_of_file

            self.read_metadata = metadata_of_file(self.path)
        return self.read_metadata

    @property
    def title(self) -> str:
        """The glossary's title: its metadata's `title`, else the file name's stem."""
        return self.metadata.get("title") or self.name

    @property
    def name(self) -> str:
        return glossary_name(str(self.path))

    @property
    def name_keys(self) -> NameKeys | None:
        """`name_keys.name_keys(entries)` when the parse cache gave or took them, else None."""
        from glossapp.glossary.name_keys import unpacked  # for the search engine, after start-up

        kept = self.packed_name_keys
        return unpacked(kept) if kept is not None else None


@dataclass(slots=True)
class Library:
    files: list[SourceFile] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    _by_id: dict[str, Entry] = field(default_factory=dict, repr=False)
    # `library.json` could not be used (damaged, wrong types): the window shows a banner
    # with Open and Reset, the CLI one line on stderr (`load_problems`). None when fine.
    config_problem: ConfigProblem | None = None

    @classmethod
    def from_files(cls, files: list[SourceFile]) -> Library:
        entries = [entry for source in files for entry in source.entries]
        return cls(files=files, entries=entries, _by_id={entry.id: entry for entry in entries})

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def source_file(self, source: str) -> SourceFile | None:
        """The loaded file an entry comes from (`entry.source`), or None."""
        for loaded in self.files:
            if str(loaded.path) == source:
                return loaded
        return None

    def with_term(self, term: str) -> list[Entry]:
        """Every entry whose term (or another name) matches, in library order."""
        wanted = term.strip().casefold()
        return [e for e in self.entries if any(n.casefold() == wanted for n in e.names)]

    @property
    def missing(self) -> list[Path]:
        """The paths given (`--glossary`, or the user's sources) that do not exist."""
        return [source.path for source in self.files if source.missing]

    def load_problems(self) -> list[str]:
        """One line each for what stops the library being what the user asked for: a
        damaged `library.json`, and every path given that does not exist."""
        lines = [str(self.config_problem)] if self.config_problem is not None else []
        lines.extend(f"{path}: {MISSING}" for path in self.missing)
        return lines

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for source in self.files for d in source.diagnostics]

    def fingerprint(self) -> dict[str, str]:
        """Path to content digest for every readable file: what the search index is keyed by."""
        return {str(source.path): source.digest for source in self.files if source.readable}


def glossary_files(path: Path) -> Iterator[Path]:
    """A file as itself; a folder as its glossary files, recursively, in a stable order."""
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.suffix.lower() in GLOSSARY_SUFFIXES and child.is_file():
                yield child
    else:
        yield path


def load_file(path: Path, cache: ParseCache | None = None) -> SourceFile:
    """One file, read through `reading.read_glossary` (which refuses what is not a regular
    file, or too large) or taken from the parse cache when unchanged."""
    # imported here: a cache hit needs neither the parser nor the name keys
    from glossapp.glossary import reading

    source = SourceFile(path=path)
    try:
        status = os.stat(path)
        reading.check_readable(status)
        cached = cache.get(path, status) if cache is not None else None
        if cached is not None:
            source.digest, source.entries, source.diagnostics, kept = cached
            source.packed_name_keys = _packed_name_keys(kept)
            return source
        data, status = reading.read_glossary(path)
    except OSError as error:
        from glossapp.glossary.parser import cannot_read

        source.readable = False
        source.diagnostics.append(cannot_read(str(path), error))
        return source
    from glossapp.glossary.name_keys import name_keys, packed
    from glossapp.glossary.parser import parse_bytes

    result = parse_bytes(data, str(path))
    source.entries = result.entries
    source.diagnostics = result.diagnostics
    source.read_metadata = result.metadata
    source.readable = not result.refused
    source.digest = hex_digest(data, 16)
    if cache is not None and not result.refused:
        source.packed_name_keys = packed(name_keys(source.entries))
        cached = (source.digest, source.entries, source.diagnostics, source.packed_name_keys)
        cache.put(path, status, cached)
    return source


def _packed_name_keys(kept: object) -> tuple[str, bytes] | None:
    """What the parse cache kept alongside a file's entries, when it is packed name keys
    (`name_keys.packed`); anything else is ignored and the keys are computed when needed."""
    if isinstance(kept, tuple) and len(kept) == 2:
        text, positions = kept
        if isinstance(text, str) and isinstance(positions, bytes):
            return text, positions
    return None


def load(locations: Iterable[str | os.PathLike], use_cache: bool = True) -> Library:
    """Load every glossary file under the given files and folders, each file once.

    Files unchanged since an earlier load come back from the parse cache (see
    `parse_cache`) instead of being parsed again.
    """
    cache = ParseCache() if use_cache else None
    with _collector_paused():
        return Library.from_files(_load_files(locations, cache))


def _load_files(
    locations: Iterable[str | os.PathLike], cache: ParseCache | None
) -> list[SourceFile]:
    files: list[SourceFile] = []
    seen: set[Path] = set()
    for location in locations:
        location = Path(location).expanduser()
        if not location.exists():
            missing = SourceFile(path=location, readable=False, missing=True)
            missing.diagnostics.append(
                Diagnostic(str(location), 0, Severity.ERROR, f"{MISSING}: not read")
            )
            files.append(missing)
            continue
        for path in glossary_files(location):
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                files.append(load_file(path, cache))
    return files


@contextlib.contextmanager
def _collector_paused():
    """Loading makes many objects that all stay (entries, their strings and tuples), and
    they keep setting off the cycle collector, whose older-generation passes walk
    every object made so far and find nothing to free: it is paused while loading."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """Why `library.json` was not used. The file is left as it is, never renamed or
    overwritten, until the user resets it (`SourceList.reset`)."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}; using the bundled glossary only"


class DamagedSourceList(ValueError):
    """Adding or removing a source while `library.json` is damaged: saving would
    overwrite the user's file. `problem` says what is wrong with it."""

    def __init__(self, problem: ConfigProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class SourceList:
    """The files and folders the user added, remembered in the config dir as
    `{"sources": ["/path", ...]}`.

    A file that cannot be read, is not JSON, or does not have that shape (an object whose
    `sources` is a list of strings) is not interpreted: `problem` says what is wrong, the
    user's sources count as none, and the file is kept as it is.
    """

    def __init__(self, config_file: Path | None = None) -> None:
        self.config_file = config_file or paths.config_dir() / CONFIG_FILE
        self.problem: ConfigProblem | None = None

    def user_sources(self) -> list[Path]:
        self.problem = None
        try:
            text = self.config_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except UnicodeDecodeError:
            return self._damaged("not UTF-8 text")
        except OSError as error:
            return self._damaged(f"cannot be read: {(error.strerror or str(error)).lower()}")
        import json  # only once the user has added a source: most starts need none

        try:
            data = json.loads(text)
        except ValueError as error:
            return self._damaged(f"not valid JSON ({error})")
        if not isinstance(data, dict):
            return self._damaged(f"expected a JSON object, found {_json_type(data)}")
        sources = data.get("sources", [])
        if not isinstance(sources, list):
            return self._damaged(f'"sources" must be a list of paths, found {_json_type(sources)}')
        wrong = [index for index, item in enumerate(sources) if not isinstance(item, str)]
        if wrong:
            return self._damaged(
                f'"sources" must be a list of paths; item {wrong[0] + 1} is '
                f"{_json_type(sources[wrong[0]])}"
            )
        if any(not item.strip() for item in sources):
            return self._damaged('"sources" holds an empty path')
        return [Path(item) for item in sources]

    def all_sources(self) -> list[Path]:
        return [paths.bundled_seeds(), *self.user_sources()]

    def add(self, path: str | os.PathLike) -> bool:
        """Remember `path`; False when it already is. Raises `DamagedSourceList` rather
        than overwrite a damaged file, and `OSError` when the file cannot be written."""
        path = Path(path).expanduser().resolve()
        sources = self._sources_to_change()
        if path in sources:
            return False
        self._save([*sources, path])
        return True

    def remove(self, path: str | os.PathLike) -> bool:
        path = Path(path).expanduser().resolve()
        sources = self._sources_to_change()
        if path not in sources:
            return False
        self._save([p for p in sources if p != path])
        return True

    def reset(self) -> Path | None:
        """Start an empty list (the banner's Reset). A damaged file is kept beside it as
        `library.json.damaged` (the path returned), never deleted."""
        kept = None
        if self.config_file.exists():
            self.user_sources()
            if self.problem is not None:
                kept = self.config_file.with_name(self.config_file.name + ".damaged")
                self.config_file.replace(kept)
        self._save([])
        self.problem = None
        return kept

    def _sources_to_change(self) -> list[Path]:
        sources = self.user_sources()
        if self.problem is not None:
            raise DamagedSourceList(self.problem)
        return sources

    def _damaged(self, message: str) -> list[Path]:
        self.problem = ConfigProblem(self.config_file, message)
        return []

    def _save(self, sources: list[Path]) -> None:
        import json

        payload = json.dumps({"sources": [str(p) for p in sources]}, indent=2)
        atomic_write_text(self.config_file, payload + "\n")


def _json_type(value: object) -> str:
    names = {str: "a string", bool: "true or false", int: "a number", float: "a number"}
    names |= {list: "a list", dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def load_default(glossaries: list[str] | None = None) -> Library:
    """`--glossary` paths when given, otherwise the bundled seeds plus the user's sources
    (a damaged `library.json` leaves only the seeds, and is named in `config_problem`)."""
    if glossaries:
        return load(glossaries)
    sources = SourceList()
    loaded = load(sources.all_sources())
    loaded.config_problem = sources.problem
    return loaded
