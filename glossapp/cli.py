"""The `glossapp` command: the window by default, or a subcommand for the terminal.

Each subcommand lives in `glossapp/commands/` and registers itself through `register()`;
this module only wires the shared options (`--glossary`, `--data-dir`) and dispatches.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from glossapp import __version__
from glossapp.commands import COMMANDS
from glossapp.util import paths


def _common_options(suppress_defaults: bool) -> argparse.ArgumentParser:
    # Subparsers get the same options so they may come after the subcommand too; their
    # defaults are suppressed so they never overwrite a value given before it.
    default = argparse.SUPPRESS if suppress_defaults else None
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--glossary",
        action="append",
        metavar="PATH",
        default=default,
        help="open this glossary file or folder instead of the library (repeatable)",
    )
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="keep data, cache and config under DIR (also GLOSSAPP_DATA_DIR)",
    )
    return common


def build_parser(argv: Sequence[str], with_commands: bool = True) -> argparse.ArgumentParser:
    """The parser, with the full definition only of the subcommand named in `argv`.

    The others get a placeholder with their help line, so `glossapp --help` lists them
    all while `glossapp` (the window) imports none of them. Without `with_commands` it
    knows the window's options only.
    """
    parser = argparse.ArgumentParser(
        prog="glossapp",
        description="Offline reference for technical glossaries. Without a command, opens the window.",
        parents=[_common_options(suppress_defaults=False)],
    )
    parser.add_argument("--version", action="version", version=f"glossapp {__version__}")
    parser.add_argument(
        "--screenshot", metavar="FILE", help="save a picture of the window to FILE and exit"
    )
    parser.add_argument(
        "--screenshot-at",
        choices=["ready", "first-frame"],
        default="ready",
        help="when to take the screenshot: once everything is loaded (default), or at the "
        "window's first frame (for measuring start-up)",
    )
    parser.add_argument("--show", metavar="TERM", help="open the window on this entry")
    parser.add_argument("--query", metavar="Q", help="open the window with this search")
    if not with_commands:
        return parser
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subcommon = _common_options(suppress_defaults=True)
    wanted = next((arg for arg in argv if arg in COMMANDS), None)
    for name, (module_name, help_text) in COMMANDS.items():
        if name == wanted:
            importlib.import_module(module_name).register(subparsers, subcommon)
        else:
            subparsers.add_parser(name, help=help_text, add_help=False)
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    if not any(arg in COMMANDS or arg in ("-h", "--help") for arg in argv):
        # Opening the window: the commands' parsers (start-up time for nothing) are built
        # only if something is left over, so that argparse's error can name the commands.
        args, rest = build_parser(argv, with_commands=False).parse_known_args(argv)
        if not rest:
            args.command = None
            return args
    return build_parser(argv).parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.data_dir:
        paths.set_base_dir(args.data_dir)
    if args.command is None:
        # Until the window is up, start-up makes only objects that live as long as the
        # process: `ui.startup.resume_collector` ends this pause at the first frame.
        from glossapp.ui import startup

        startup.pause_collector()
        from glossapp.app import run_window

        return run_window(args)
    try:
        return args.func(args)
    except BrokenPipeError:
        # `glossapp search x | head` closes stdout early: not an error worth a traceback.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
