"""The core must never import Qt: the CLI and the tests rely on it."""

import subprocess
import sys
from pathlib import Path

import glossapp.core

CORE = Path(glossapp.core.__file__).parent


def test_core_modules_import_without_qt():
    modules = sorted(f"glossapp.core.{p.stem}" for p in CORE.glob("*.py") if p.stem != "__init__")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "leaked = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not leaked, leaked\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_subcommands_do_not_load_qt():
    code = (
        "import sys\n"
        "from glossapp.cli import main\n"
        "main(['check', '--help']) if False else None\n"
        "import glossapp.commands\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
