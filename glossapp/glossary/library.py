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


@dataclass(slots=True)
class SourceFile:
    """One glossary file as loaded: its entries, its diagnostics and a digest of its bytes."""

    path: Path
    entries: list[Entry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    digest: str = ""
    readable: bool = True
    # `name_keys.packed(name_keys.name_keys(entries))` when loaded through the parse cache (the
    # search engine's name tier reuses it instead of normalising every name at start-up).
    packed_name_keys: tuple[str, bytes] | None = field(default=None, repr=False, compare=False)

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

    @classmethod
    def from_files(cls, files: list[SourceFile]) -> Library:
        entries = [entry for source in files for entry in source.entries]
        return cls(files=files, entries=entries, _by_id={entry.id: entry for entry in entries})

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def with_term(self, term: str) -> list[Entry]:
        """Every entry whose term (or another name) matches, in library order."""
        wanted = term.strip().casefold()
        return [e for e in self.entries if any(n.casefold() == wanted for n in e.names)]

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
    source = SourceFile(path=path)
    try:
        stat = path.stat()
        cached = cache.get(path, stat) if cache is not None else None
        if cached is not None:
            source.digest, source.entries, source.diagnostics, kept = cached
            source.packed_name_keys = _packed_name_keys(kept)
            return source
        data = path.read_bytes()
    except OSError as error:
        source.readable = False
        reason = error.strerror or str(error)
        source.diagnostics.append(
            Diagnostic(str(path), 0, Severity.ERROR, f"cannot read file: {reason}")
        )
        return source
    # imported here: a cache hit needs neither
    from glossapp.glossary.name_keys import name_keys, packed
    from glossapp.glossary.parser import parse_bytes

    result = parse_bytes(data, str(path))
    source.entries = result.entries
    source.diagnostics = result.diagnostics
    source.digest = hex_digest(data, 16)
    if cache is not None:
        source.packed_name_keys = packed(name_keys(source.entries))
        cached = (source.digest, source.entries, source.diagnostics, source.packed_name_keys)
        cache.put(path, stat, cached)
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
            missing = SourceFile(path=location, readable=False)
            missing.diagnostics.append(
                Diagnostic(
                    str(location), 0, Severity.ERROR, "cannot read file: no such file or folder"
                )
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


class SourceList:
    """The files and folders the user added, remembered in the config dir."""

    def __init__(self, config_file: Path | None = None) -> None:
        self.config_file = config_file or paths.config_dir() / CONFIG_FILE

    def user_sources(self) -> list[Path]:
        try:
            text = self.config_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except (OSError, ValueError):
            self._keep_unreadable_copy()
            return []
        import json  # only once the user has added a source: most starts need none

        try:
            data = json.loads(text)
            return [Path(p) for p in data.get("sources", []) if isinstance(p, str)]
        except (ValueError, AttributeError):
            self._keep_unreadable_copy()
            return []

    def all_sources(self) -> list[Path]:
        return [paths.bundled_seeds(), *self.user_sources()]

    def add(self, path: str | os.PathLike) -> bool:
        path = Path(path).expanduser().resolve()
        sources = self.user_sources()
        if path in sources:
            return False
        self._save([*sources, path])
        return True

    def remove(self, path: str | os.PathLike) -> bool:
        path = Path(path).expanduser().resolve()
        sources = self.user_sources()
        if path not in sources:
            return False
        self._save([p for p in sources if p != path])
        return True

    def _save(self, sources: list[Path]) -> None:
        import json

        payload = json.dumps({"sources": [str(p) for p in sources]}, indent=2)
        atomic_write_text(self.config_file, payload + "\n")

    def _keep_unreadable_copy(self) -> None:
        """A damaged config is the user's: move it aside instead of overwriting it later."""
        with contextlib.suppress(OSError):
            self.config_file.replace(self.config_file.with_suffix(".json.damaged"))


def load_default(glossaries: list[str] | None = None) -> Library:
    """`--glossary` paths when given, otherwise the bundled seeds plus the user's sources."""
    return load(glossaries if glossaries else SourceList().all_sources())
