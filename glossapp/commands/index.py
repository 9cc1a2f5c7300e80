"""`glossapp index [--rebuild] [--output DIR]`: build or update the search index."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import TextIO

from glossapp.glossary import library
from glossapp.search.engine import SearchEngine
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


def run(args: argparse.Namespace) -> int:
    loaded = library.load_default(args.glossary)
    progress = ProgressBar("Indexing", sys.stderr)
    started = time.perf_counter()
    if args.output:
        output = Path(args.output)
        if output.exists() and any(output.iterdir()):
            if not (output / META_FILE).exists():
                print(f"{output}: not empty and not a glossapp index", file=sys.stderr)
                return 2
            shutil.rmtree(output)
        build_into(output, wanted_sources(loaded), progress)
        where = output
    else:
        engine = SearchEngine(loaded)
        engine.ensure_index(progress=progress, rebuild=args.rebuild)
        where = engine.index_folder
        engine.close()
    elapsed = time.perf_counter() - started
    print(f"{len(loaded.entries)} entries indexed in {where} ({elapsed:.1f} s)", file=sys.stderr)
    return 0
