"""`glossapp bookmarks list|add|remove|export|import`: the bookmark store from the terminal.

On a read-only data folder `list` and `export` work; the commands that write say why they
cannot. Every failure is one line on stderr naming the path and the cause, exit code 1.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from pathlib import Path

from glossapp.bookmarks.exchange import FORMATS, check_format, format_for_path
from glossapp.bookmarks.model import Bookmark
from glossapp.bookmarks.store import ORDERS, BookmarkStore, BookmarksUnavailable
from glossapp.glossary import library
from glossapp.glossary.model import Entry
from glossapp.util.atomic import atomic_write_text


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "bookmarks",
        parents=[common],
        help="list, add, remove, export and import bookmarks",
        description="Manage bookmarks, kept in the data folder and shared with the window.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", parents=[common], help="show every bookmark")
    listing.add_argument("--order", choices=ORDERS, default="newest", help="default: newest")
    listing.set_defaults(func=run_list)

    add = actions.add_parser(
        "add",
        parents=[common],
        help="bookmark the entries named TERM",
        description="Bookmark every entry named TERM (term, title or alias), "
        "or only the ones chosen with --category or --nth.",
    )
    _add_choice_options(add, "in glossary order")
    add.add_argument("--note", default="", help="a note kept with the new bookmark(s)")
    add.set_defaults(func=run_add)

    remove = actions.add_parser(
        "remove",
        parents=[common],
        help="remove the bookmarks named TERM",
        description="Remove every bookmark named TERM (also ones whose entry is missing), "
        "or only the ones chosen with --category or --nth.",
    )
    _add_choice_options(remove, "in `bookmarks list` order, newest first")
    remove.set_defaults(func=run_remove)

    export = actions.add_parser("export", parents=[common], help="write every bookmark out")
    export.add_argument(
        "--format",
        choices=FORMATS,
        help="md (a readable mini-glossary), csv or json; default: from -o's extension, else md",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    export.set_defaults(func=run_export)

    importer = actions.add_parser(
        "import",
        parents=[common],
        help="merge bookmarks from a file",
        description="Add the file's bookmarks that are not there yet; existing ones "
        "(and their notes) are never changed.",
    )
    importer.add_argument("file", metavar="FILE", help="an exported .md, .csv or .json file")
    importer.add_argument("--format", choices=FORMATS, help="default: from the file's extension")
    importer.set_defaults(func=run_import)


def _add_choice_options(parser: argparse.ArgumentParser, counted: str) -> None:
    parser.add_argument("term", metavar="TERM")
    parser.add_argument("--category", help="only entries of this category")
    parser.add_argument(
        "--nth", type=int, metavar="N", help=f"only the Nth match, counted {counted} from 1"
    )


def _reporting(verb: str) -> Callable[[Callable[[argparse.Namespace], int]], Callable]:
    """Turn the store's `BookmarksUnavailable` into "cannot VERB bookmarks: PATH: cause"."""

    def decorate(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        @functools.wraps(run)
        def reported(args: argparse.Namespace) -> int:
            try:
                return run(args)
            except BookmarksUnavailable as error:
                print(f"cannot {verb} bookmarks: {error}", file=sys.stderr)
                return 1

        return reported

    return decorate


def _open_store() -> BookmarkStore:
    store = BookmarkStore()
    if store.recovered_from is not None:
        print(
            f"warning: the bookmark database could not be read; it was kept as "
            f"{store.recovered_from} and a new one started",
            file=sys.stderr,
        )
    return store


def _describe(bookmark: Bookmark) -> str:
    where = ", ".join(part for part in (bookmark.category, bookmark.source) if part)
    name = (
        bookmark.title
        if bookmark.title.casefold() == bookmark.term.casefold()
        else (f"{bookmark.title} ({bookmark.term})")
    )
    return f"{name} [{where}]" if where else name


def _choose(candidates: list, args: argparse.Namespace, category_of) -> tuple[list, str | None]:
    """Apply --category and --nth; the second value explains an empty result."""
    if args.category is not None:
        wanted = args.category.strip().casefold()
        candidates = [c for c in candidates if category_of(c).casefold() == wanted]
        if not candidates:
            return [], f"nothing named '{args.term}' in category '{args.category}'"
    if args.nth is not None:
        if not 1 <= args.nth <= len(candidates):
            return [], f"--nth {args.nth}: there are {len(candidates)} match(es) for '{args.term}'"
        candidates = [candidates[args.nth - 1]]
    return candidates, None


@_reporting("list")
def run_list(args: argparse.Namespace) -> int:
    loaded = library.load_default(args.glossary)
    with _open_store() as store:
        resolved = store.resolve(loaded, order=args.order)
    if not resolved:
        print("no bookmarks")
        return 0
    for bookmark, entry in resolved:
        mark = "*" if entry is not None else "!"
        suffix = "  (missing: entry not in the library)" if entry is None else ""
        print(f"{mark} {_describe(bookmark)}  added {bookmark.added[:10]}{suffix}")
        for line in bookmark.note.splitlines():
            print(f"    {line}")
        if bookmark.tags:
            print(f"    tags: {', '.join(bookmark.tags)}")
    missing = sum(entry is None for _, entry in resolved)
    total = len(resolved)
    print(
        f"{total} bookmark{'s' if total != 1 else ''}" + (f", {missing} missing" if missing else "")
    )
    return 0


@_reporting("add")
def run_add(args: argparse.Namespace) -> int:
    loaded = library.load_default(args.glossary)
    matches: list[Entry] = loaded.with_term(args.term)
    if not matches:
        print(f"no entry named '{args.term}'", file=sys.stderr)
        return 1
    chosen, problem = _choose(matches, args, lambda entry: entry.category)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    with _open_store() as store:
        for entry in chosen:
            already = store.is_bookmarked(entry.id)
            bookmark = store.add(entry, note=args.note)
            label = "already bookmarked" if already else "added"
            if already and args.note and bookmark.note != args.note:
                label += " (its note is kept; --note applies to new bookmarks only)"
            number = f"[{matches.index(entry) + 1}] " if len(matches) > 1 else ""
            print(f"{number}{label}: {_describe(bookmark)}")
    if len(matches) > 1 and len(chosen) == len(matches):
        print(f"({len(matches)} entries are named '{args.term}'; use --nth or --category for one)")
    return 0


@_reporting("remove")
def run_remove(args: argparse.Namespace) -> int:
    loaded = library.load_default(args.glossary)
    wanted = args.term.strip().casefold()
    with _open_store() as store:
        resolved = store.resolve(loaded)

        def named(pair: tuple[Bookmark, Entry | None]) -> bool:
            bookmark, entry = pair
            names = entry.names if entry is not None else (bookmark.term, bookmark.title)
            return bookmark.entry_id == args.term or any(n.casefold() == wanted for n in names)

        matches = [pair for pair in resolved if named(pair)]
        if not matches:
            print(f"no bookmark named '{args.term}'", file=sys.stderr)
            return 1
        chosen, problem = _choose(matches, args, lambda pair: pair[0].category)
        if problem:
            print(problem, file=sys.stderr)
            return 1
        for bookmark, _ in chosen:
            store.remove(bookmark.entry_id)
            print(f"removed: {_describe(bookmark)}")
    return 0


@_reporting("export")
def run_export(args: argparse.Namespace) -> int:
    fmt = args.format or (format_for_path(args.output) if args.output else None) or "md"
    output = Path(args.output) if args.output else None
    if output is not None and output.is_dir():
        print(f"cannot export to {output}: it is a folder; give a file name", file=sys.stderr)
        return 1
    loaded = library.load_default(args.glossary)
    with _open_store() as store:
        text = store.export(fmt, loaded)
        count = len(store)
    if output is not None:
        try:
            atomic_write_text(output, text)
        except OSError as error:
            print(f"cannot write {output}: {error.strerror or error}", file=sys.stderr)
            return 1
        print(
            f"exported {count} bookmark{'s' if count != 1 else ''} to {args.output}",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
    return 0


@_reporting("import")
def run_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    fmt = args.format or format_for_path(path)
    if fmt is None:
        print(
            f"cannot tell the format of '{path.name}'; give --format md|csv|json", file=sys.stderr
        )
        return 2
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        print(f"cannot read {path}: {error}", file=sys.stderr)
        return 1
    with _open_store() as store:
        report = store.import_(text, check_format(fmt))
    for bookmark in report.added:
        print(f"added: {_describe(bookmark)}")
    for bookmark in report.skipped:
        print(f"skipped (already bookmarked, kept as is): {_describe(bookmark)}")
    for problem in report.problems:
        print(f"problem: {problem}", file=sys.stderr)
    print(report.summary())
    return 1 if report.problems and not report.added and not report.skipped else 0
