"""`glossapp show TERM`: every entry with that name, as plain text, Markdown or HTML."""

from __future__ import annotations

import argparse
import difflib
import html
import sys

from glossapp.glossary import library
from glossapp.render.renderer import Renderer

FORMATS = ("text", "markdown", "html")
_TEXT_SEPARATOR = "\n" + "═" * 60 + "\n\n"
_MARKDOWN_SEPARATOR = "\n---\n\n"


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "show",
        parents=[common],
        help="print the definition of a term",
        description="Print every entry whose term, title or alias is TERM (any case), in "
        "library order. Exit status 1 when nothing matches.",
    )
    parser.add_argument("term", nargs="+", metavar="TERM", help="the name to look up")
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument("--cite", action="store_true", help="end each entry with a citation line")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    loaded = library.load_default(args.glossary)
    for problem in loaded.load_problems():  # a damaged library.json, a --glossary typo
        print(f"glossapp: {problem}", file=sys.stderr)
    if args.glossary and loaded.missing:  # asked for and not there: an error
        return 1
    term = " ".join(args.term)
    entries = loaded.with_term(term)
    if not entries:
        print(f"glossapp show: no entry named '{term}'", file=sys.stderr)
        suggestions = close_names(term, [name for e in loaded.entries for name in e.names])
        if suggestions:
            print(f"did you mean: {', '.join(suggestions)}?", file=sys.stderr)
        return 1
    renderer = Renderer(loaded)
    if args.format == "markdown":
        output = _MARKDOWN_SEPARATOR.join(renderer.markdown(e, citation=args.cite) for e in entries)
    elif args.format == "html":
        output = html_document(term, [renderer.clipboard_html(e, args.cite) for e in entries])
    else:
        output = _TEXT_SEPARATOR.join(renderer.plain_text(e, citation=args.cite) for e in entries)
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return 0


def close_names(term: str, names: list[str], limit: int = 5) -> list[str]:
    """Names that look like `term`, best first, without case duplicates."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(name.casefold(), name)
    matches = difflib.get_close_matches(term.casefold(), list(by_key), n=limit, cutoff=0.6)
    return [by_key[key] for key in matches]


def html_document(title: str, fragments: list[str]) -> str:
    """A standalone page: the fragments carry their styles inline."""
    body = "\n<hr>\n".join(fragments)
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
