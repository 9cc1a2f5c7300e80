"""`glossapp export`: bookmarks, search results or named entries as one document.

    glossapp export (--bookmarks [--tag T] | --query Q | --term T ...)
                    --format pdf|odt|html|md -o FILE [--title TEXT]

The entries are sorted by term (see `render.document`). PDF and ODT need Qt: the command
makes a QGuiApplication, offscreen when there is no display (`ui.documents`). The file is
written whole to a temporary name and then renamed, so a failure never leaves half a file;
an unwritable place is reported in one line before any work is done.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from glossapp.commands import COMMANDS
from glossapp.glossary import library
from glossapp.glossary.model import Entry
from glossapp.render.document import DocumentOptions, GlossaryDocument
from glossapp.render.renderer import Renderer

FORMATS = ("pdf", "odt", "html", "md")
PAGE_SIZES = ("A4", "Letter", "A5", "Legal")  # ui.documents.PAGE_SIZES, without Qt
_SUFFIXES = {".pdf": "pdf", ".odt": "odt", ".html": "html", ".htm": "html", ".md": "md"}
DEFAULT_QUERY_LIMIT = 50


class ExportError(Exception):
    """A problem to report in one line, with exit status 1."""


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "export",
        parents=[common],
        help=COMMANDS["export"][1],  # the one line `glossapp --help` shows
        description="Write a set of entries, sorted by term, as one document for readers "
        "(a glossary appendix). Choose the entries with --bookmarks, --query or --term.",
    )
    chosen = parser.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--bookmarks", action="store_true", help="every bookmarked entry")
    chosen.add_argument("--query", metavar="Q", help="the results of a search for Q")
    chosen.add_argument(
        "--term",
        action="extend",
        nargs="+",
        metavar="T",
        help="the entries named T (term, title or alias); repeatable",
    )
    parser.add_argument("--tag", metavar="T", help="with --bookmarks: only those tagged T")
    parser.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_QUERY_LIMIT,
        metavar="N",
        help=f"with --query: at most N results (default {DEFAULT_QUERY_LIMIT})",
    )
    parser.add_argument(
        "--format", choices=FORMATS, help="default: from the extension of -o's file name"
    )
    parser.add_argument("-o", "--output", metavar="FILE", required=True, help="write here")
    parser.add_argument("--title", help="the document's title (default: Glossary)")
    parser.add_argument("--intro", default="", help="a short introduction (Markdown)")
    parser.add_argument("--cite", action="store_true", help="end each entry with a citation")
    parser.add_argument(
        "--page-size", choices=PAGE_SIZES, default="A4", help="PDF paper (default: A4)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except ExportError as problem:
        print(f"glossapp export: {problem}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    output = Path(args.output)
    fmt = args.format or _SUFFIXES.get(output.suffix.lower())
    if fmt is None:
        raise ExportError(
            f"cannot tell the format of '{output.name}'; give --format pdf|odt|html|md"
        )
    if args.tag is not None and not args.bookmarks:
        raise ExportError("--tag goes with --bookmarks")
    check_writable(output)
    loaded = library.load_default(args.glossary)
    entries = _chosen_entries(args, loaded)
    if not entries:
        raise ExportError("nothing to export: no entries were chosen")
    options = DocumentOptions(title=args.title or "Glossary", intro=args.intro, citation=args.cite)
    document = GlossaryDocument(Renderer(loaded), entries, options)
    try:
        if fmt in ("pdf", "odt"):
            from glossapp.ui import documents

            documents.ensure_gui_application()
            documents.export_document(document, fmt, output, documents.PageSetup(args.page_size))
        else:
            from glossapp.util.atomic import atomic_write_text

            text = document.html() if fmt == "html" else document.markdown()
            atomic_write_text(output, text)
    except OSError as error:
        raise ExportError(f"cannot write {output}: {error.strerror or error}") from error
    count = len(document)
    print(f"exported {count} entr{'y' if count == 1 else 'ies'} to {output}", file=sys.stderr)
    return 0


def check_writable(path: Path) -> None:
    """Fail early, in one line, when `path` cannot be written (before any rendering)."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ExportError(f"cannot write {path}: permission denied")


def _chosen_entries(args: argparse.Namespace, loaded: library.Library) -> list[Entry]:
    if args.bookmarks:
        return _bookmarked(loaded, args.tag)
    if args.query is not None:
        return _results(loaded, args.query, args.limit)
    entries: list[Entry] = []
    unknown = []
    for term in args.term:
        found = loaded.with_term(term)
        if not found:
            unknown.append(term)
        entries.extend(found)
    if unknown:
        names = ", ".join(f"'{term}'" for term in unknown)
        raise ExportError(f"no entry named {names}")
    return entries


def _bookmarked(loaded: library.Library, tag: str | None) -> list[Entry]:
    from glossapp.bookmarks.store import BookmarkStore

    with BookmarkStore() as store:
        resolved = store.resolve(loaded)
    wanted = tag.strip().casefold() if tag is not None else None
    chosen = [
        (bookmark, entry)
        for bookmark, entry in resolved
        if wanted is None or wanted in (t.casefold() for t in bookmark.tags)
    ]
    missing = sum(entry is None for _, entry in chosen)
    if missing:
        print(
            f"glossapp export: skipping {missing} bookmark(s) whose entry is not in the library",
            file=sys.stderr,
        )
    if not chosen and wanted is not None:
        raise ExportError(f"no bookmark is tagged '{tag}'")
    return [entry for _, entry in chosen if entry is not None]


def _results(loaded: library.Library, query: str, limit: int) -> list[Entry]:
    from glossapp.commands.index import ProgressBar
    from glossapp.search.engine import SearchEngine

    engine = SearchEngine(loaded)
    try:
        engine.ensure_index(progress=ProgressBar("Indexing", sys.stderr))
        response = engine.search(query, limit=limit)
    finally:
        engine.close()
    if not response.hits:
        raise ExportError(f"no results for '{query}'")
    return [entry for hit in response.hits if (entry := loaded.get(hit.entry_id)) is not None]
