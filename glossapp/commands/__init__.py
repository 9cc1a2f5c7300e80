"""Subcommands of `glossapp`; each module has `register(subparsers, common)`.

They are imported only when asked for: opening the window must not pay for importing
Whoosh, SQLite and the exporters before the first frame.
"""

# name: (module, one-line help shown by `glossapp --help`)
COMMANDS = {
    "check": ("glossapp.commands.check", "validate glossary files and list every problem"),
    "search": ("glossapp.commands.search", "search the library (names, then full text)"),
    "show": ("glossapp.commands.show", "print the definition of a term"),
    "index": ("glossapp.commands.index", "build or update the search index"),
    "bookmarks": ("glossapp.commands.bookmarks", "list, add, remove, export and import bookmarks"),
    "export": (
        "glossapp.commands.export",
        "write entries as a PDF, ODT, HTML or Markdown document",
    ),
    "lookup": ("glossapp.commands.lookup", "look up TEXT, or the selection, in a popup"),
}


def positive_int(text: str) -> int:
    """An argparse `type` for counts such as `--limit`: a whole number, at least 1."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value
