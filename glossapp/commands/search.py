"""`glossapp search QUERY`: ranked entries as text or JSON; "did you mean" on stderr."""

from __future__ import annotations

import argparse
import json
import sys

from glossapp.commands import positive_int
from glossapp.commands.index import ProgressBar
from glossapp.glossary import library
from glossapp.search.engine import SearchEngine


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "search",
        parents=[common],
        help="search the library (names, then full text)",
        description="Search terms, titles, aliases, categories and definitions. Whoosh "
        'syntax works too: "exact phrase", AND, OR, NOT, category:spc, mult*.',
    )
    parser.add_argument("query", nargs="+", metavar="QUERY", help="words to look for")
    parser.add_argument(
        "--limit", type=positive_int, default=20, metavar="N", help="at most N results"
    )
    parser.add_argument("--category", metavar="C", help="only entries in category C")
    parser.add_argument("--json", action="store_true", help="print a JSON list of results")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    loaded = library.load_default(args.glossary)
    for problem in loaded.load_problems():  # a damaged library.json, a --glossary typo
        print(f"glossapp: {problem}", file=sys.stderr)
    if args.glossary and loaded.missing:  # asked for and not there: an error
        return 1
    engine = SearchEngine(loaded)
    engine.ensure_index(progress=ProgressBar("Indexing", sys.stderr))
    # the window's ranking: the same text gives the same order (SearchEngine.search)
    response = engine.search(" ".join(args.query), limit=args.limit, category=args.category)
    engine.close()
    if response.suggestion:
        print(f"did you mean: {response.suggestion}", file=sys.stderr)
    if args.json:
        rows = [
            {
                "term": hit.term,
                "title": hit.title,
                "category": hit.category,
                "source": hit.source,
                "score": round(hit.score, 4),
                "snippet": hit.snippet,
            }
            for hit in response.hits
        ]
        json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if not response.hits:
        print("no results", file=sys.stderr)
        return 1
    for rank, hit in enumerate(response.hits, start=1):
        category = f" [{hit.category}]" if hit.category else ""
        print(f"{rank:>2}. {hit.title or hit.term}{category}  ({hit.source}, {hit.score:.2f})")
        if hit.snippet:
            print(f"    {hit.snippet}")
    return 0
