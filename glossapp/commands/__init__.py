"""Subcommands of `glossapp`; each module has `register(subparsers, common)`."""

from glossapp.commands import bookmarks, check, index, search, show

COMMAND_MODULES = [check, bookmarks, search, index, show]
