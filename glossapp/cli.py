"""The `glossapp` command: the window by default, or a subcommand for the terminal.

Each subcommand lives in `glossapp/commands/` and registers itself through `register()`;
this module only wires the shared options (`--glossary`, `--data-dir`) and dispatches.

It is also the last line of defence: an `OSError` or `sqlite3.Error` a command did not
report itself becomes one line on stderr (`glossapp: PATH: cause`) and exit code 1, never
a traceback; so does a failure to write standard output (`> /dev/full`).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from glossapp import __version__
from glossapp.commands import COMMANDS
from glossapp.util import paths

if TYPE_CHECKING:
    import sqlite3  # not imported for real: the window defers it past its first frame


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
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    # Every command's --limit counts results: at least one (commands.positive_int).
    if getattr(args, "limit", 1) is not None and getattr(args, "limit", 1) < 1:
        parser.error(f"argument --limit: must be at least 1, not {args.limit}")
    return args


def error_line(error: OSError | sqlite3.Error) -> str:
    """One line for the user: the path (when the error names one) and the cause."""
    if isinstance(error, OSError):
        cause = error.strerror or str(error)
        if error.filename is not None:
            where = os.fsdecode(error.filename)
            if getattr(error, "filename2", None) is not None:
                where += f" -> {os.fsdecode(error.filename2)}"
            return f"{where}: {cause}"
        return cause
    return str(error) or type(error).__name__


class _WatchedStdout:
    """Standard output as given, remembering a failure to write it (`> /dev/full`): the
    error has no file name, so only this tells it from a failure elsewhere."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.failure: OSError | None = None

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except OSError as error:
            self.failure = error
            raise

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as error:
            self.failure = error
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _is_user_error(error: BaseException) -> bool:
    """An error the user's files, folders or disk can cause: reported, not a traceback."""
    sqlite = sys.modules.get("sqlite3")  # loaded only by the commands that use it
    return isinstance(error, OSError) or (sqlite is not None and isinstance(error, sqlite.Error))


def _silence_stdout() -> None:
    # What is still buffered must not fail again when Python flushes it at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.data_dir:
        paths.set_base_dir(args.data_dir)
    problem = paths.check_base_dir()
    if problem:
        print(f"glossapp: --data-dir {problem}", file=sys.stderr)
        return 1
    if args.command is None:
        # Until the window is up, start-up makes only objects that live as long as the
        # process: `ui.startup.resume_collector` ends this pause at the first frame.
        from glossapp.ui import startup

        startup.pause_collector()
        from glossapp.app import run_window

        return run_window(args)
    watched = _WatchedStdout(sys.stdout)
    sys.stdout = watched
    try:
        code = args.func(args)
        watched.flush()
        return code
    except BrokenPipeError:
        # `glossapp search x | head` closes stdout early: not an error worth a traceback.
        _silence_stdout()
        sys.stderr.close()
        return 0
    except Exception as error:
        if not _is_user_error(error):
            raise
        if error is watched.failure:
            _silence_stdout()
            print(f"glossapp: standard output: {error_line(error)}", file=sys.stderr)
            return 1
        print(f"glossapp: {error_line(error)}", file=sys.stderr)  # type: ignore[arg-type]
        return 1
    finally:
        if sys.stdout is watched:
            sys.stdout = watched.stream


if __name__ == "__main__":
    sys.exit(main())
