"""`glossapp index [--rebuild] [--output DIR]`: build or update the search index.

The index in the cache is verified after it is brought up to date (every segment
opened, postings and stored fields read): a damaged one is rebuilt from scratch, with a
message saying why. Builds queue on a lock file, and a build that was killed continues
where it stopped (`search.whoosh.index`).

`--output DIR` takes an empty folder, or one holding only a Glossapp index (its own
files, `INDEX_FILE_PATTERNS`): those are replaced, nothing else is touched, and a folder
holding anything else is refused. The new index is built in a hidden folder inside DIR
first, so a failed build leaves the old one in place.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import TextIO

from glossapp.glossary import library
from glossapp.search.engine import IndexDamaged, SearchEngine
from glossapp.search.whoosh.index import META_FILE, build_into, wanted_sources


class ProgressBar:
    """A one-line `done/total` bar on a terminal; silent when nothing needs building."""

    def __init__(self, label: str, stream: TextIO, width: int = 30) -> None:
        self.label = label
        self.stream = stream
        self.width = width
        self._shown = False
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        filled = self.width * done // total
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total}")
        self._shown = True
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "index",
        parents=[common],
        help="build or update the search index",
        description="Bring the search index in the cache up to date with the library "
        "(only changed glossaries are re-indexed), or build one into a folder for packaging.",
    )
    parser.add_argument("--rebuild", action="store_true", help="build from scratch")
    parser.add_argument(
        "--output",
        metavar="DIR",
        help="build a standalone index of the library into DIR (for a prebuilt bundle)",
    )
    parser.set_defaults(func=run)


# What `build_into` writes into a folder: Whoosh's table of contents, segments (compound
# or not) and lock, our meta and vocabulary files, and atomic writes' temporary files; and
# the staging folder below, left by an interrupted build.
STAGING_PREFIX = ".glossapp-build-"
INDEX_FILE_PATTERNS = (
    re.compile(r"_MAIN_\d+\.toc"),
    re.compile(r"MAIN_[A-Za-z0-9]+\.[a-z]+"),
    re.compile(r"MAIN_WRITELOCK"),
    re.compile(re.escape(META_FILE)),
    re.compile(r"glossapp-words(-by-source)?\.marshal"),
    re.compile(r"\.glossapp-[\w.-]+\.tmp"),
)


def is_index_file(path: Path) -> bool:
    if path.name.startswith(STAGING_PREFIX) and path.is_dir():
        return True
    return path.is_file() and any(p.fullmatch(path.name) for p in INDEX_FILE_PATTERNS)


def foreign_files(folder: Path) -> list[Path]:
    """What in `folder` is not part of a Glossapp index."""
    return sorted(path for path in folder.iterdir() if not is_index_file(path))


def build_output(output: Path, loaded: library.Library, progress: ProgressBar) -> None:
    """A fresh index of `loaded` in `output`, replacing only a previous index's files."""
    output.mkdir(parents=True, exist_ok=True)
    staging = output / f"{STAGING_PREFIX}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        build_into(staging, wanted_sources(loaded), progress)
        for old in output.iterdir():
            if old != staging and is_index_file(old):
                shutil.rmtree(old) if old.is_dir() else old.unlink()
        for new in staging.iterdir():
            new.replace(output / new.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    progress = ProgressBar("Indexing", sys.stderr)
    if args.output:
        output = Path(args.output)
        if output.exists() and not output.is_dir():
            return _fail(f"cannot build an index in {output}: not a folder")
        try:
            foreign = foreign_files(output) if output.is_dir() else []
        except OSError as error:
            return _fail(f"cannot read {output}: {error.strerror or error}")
        if foreign:
            names = ", ".join(f"'{p.name}'" for p in foreign[:3])
            more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
            print(
                f"{output}: holds files that are not a Glossapp index ({names}{more}); "
                "choose an empty folder or one holding only an index",
                file=sys.stderr,
            )
            return 2
    loaded = library.load_default(args.glossary)
    started = time.perf_counter()
    if args.output:
        try:
            build_output(output, loaded, progress)
        except OSError as error:
            return _fail(f"cannot build an index in {output}: {error.strerror or error}")
        where = output
    else:
        engine = SearchEngine(loaded)
        try:
            engine.ensure_index(progress=progress, rebuild=args.rebuild, strict=True)
            try:
                engine.verify_index()
            except IndexDamaged as damage:
                print(
                    f"the search index in {engine.index_folder} is damaged ({damage}): "
                    "rebuilding it",
                    file=sys.stderr,
                )
                engine.ensure_index(progress=progress, rebuild=True, strict=True, resume=False)
                engine.verify_index()
        except IndexDamaged as damage:
            return _fail(f"the search index in {engine.index_folder} is still damaged: {damage}")
        except OSError as error:
            where = Path(error.filename) if error.filename else engine.index_folder
            return _fail(f"cannot write the search index in {where}: {error.strerror or error}")
        finally:
            engine.close()
        where = engine.index_folder
    elapsed = time.perf_counter() - started
    print(f"{len(loaded.entries)} entries indexed in {where} ({elapsed:.1f} s)", file=sys.stderr)
    return 0
