"""`glossapp lookup [TEXT]`: the lookup popup, from a key bound on the desktop.

The work is in `glossapp.ui.lookup` (a running app takes the lookup; otherwise a popup
alone), imported only when the command runs.
"""

from __future__ import annotations

import argparse


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "lookup",
        parents=[common],
        help="look up TEXT, or the selection, in a popup",
        description="Show the definition of TEXT in a small popup near the mouse pointer. "
        "Without TEXT, look up the primary selection (X11, Wayland), else the clipboard. "
        "A running Glossapp for the same data folder shows the popup; otherwise a popup "
        "starts alone. Bind this command to a key: see the README, 'Look up from anywhere'.",
    )
    parser.add_argument("text", nargs="*", metavar="TEXT", help="what to look up")
    parser.add_argument(
        "--alone",
        action="store_true",
        help="show the popup in this process even when Glossapp is running",
    )
    # for `bench/bench_lookup.py`: print the time of the popup's first frame and exit
    parser.add_argument("--exit-at-first-frame", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from glossapp.ui.lookup import run_lookup

    return run_lookup(args)
