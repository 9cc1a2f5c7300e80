"""`glossapp check PATH...`: entry counts and every diagnostic, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from glossapp.glossary import library
from glossapp.glossary.model import Severity


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "check",
        parents=[common],
        help="validate glossary files and list every problem",
        description="Parse glossary files and report entry counts and diagnostics. "
        "Exit status 1 when a file cannot be read at all.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="glossary file or folder")
    parser.add_argument(
        "--json", action="store_true", help="print a JSON list, one object per file"
    )
    parser.add_argument(
        "--terms", action="store_true", help="also list every entry: line, term and category"
    )
    parser.set_defaults(func=run)


def summary(source: library.SourceFile) -> str:
    """`path: N entries, M diagnostics (e errors, w warnings, i info)`."""
    line = f"{source.path}: {len(source.entries)} entries"
    problems = source.diagnostics
    if problems:
        counts = Counter(d.severity for d in problems)
        parts = [
            f"{counts[severity]} {severity}{'s' if counts[severity] != 1 and severity != Severity.INFO else ''}"
            for severity in Severity
            if counts[severity]
        ]
        line += (
            f", {len(problems)} diagnostic{'s' if len(problems) != 1 else ''} ({', '.join(parts)})"
        )
    return line


def run(args: argparse.Namespace) -> int:
    loaded = library.load(args.paths)
    if args.json:
        report = [
            {
                "path": str(source.path),
                "entries": len(source.entries),
                "terms": [entry.term for entry in source.entries],
                "diagnostics": [d.as_json() for d in source.diagnostics],
            }
            for source in loaded.files
        ]
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for source in loaded.files:
            print(summary(source))
            if args.terms:
                for entry in source.entries:
                    category = f" [{entry.category}]" if entry.category else ""
                    print(f"  {entry.line}: {entry.term}{category}")
            for diagnostic in source.diagnostics:
                print(f"  {diagnostic}")
    return 1 if any(not source.readable for source in loaded.files) else 0
