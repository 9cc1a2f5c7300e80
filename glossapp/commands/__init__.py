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
    "lookup": ("glossapp.commands.lookup", "look up TEXT, or the selection, in a popup"),
}
