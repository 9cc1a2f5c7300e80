"""Subcommands of `glossapp`; each module has `register(subparsers, common)`."""

from glossapp.commands import bookmarks, check

COMMAND_MODULES = [check, bookmarks]
