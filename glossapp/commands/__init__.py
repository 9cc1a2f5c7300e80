"""Subcommands of `glossapp`; each module has `register(subparsers, common)`."""

from glossapp.commands import check

COMMAND_MODULES = [check]
