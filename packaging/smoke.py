"""Run the frozen app the way a user would and fail loudly if anything is missing.

    .venv/bin/python packaging/smoke.py [--dist dist]

Every run uses a throw-away `--data-dir`, so the user's own data is never touched. Checks:
the bundle's layout (resources, seeds, prebuilt index), `--version`, `check` of the bundled
glossary (50 entries), `search` and `show` against it without indexing at first start,
every subcommand's `--help` (they are imported lazily), bookmarks (SQLite), `export` of
a PDF (Qt on the offscreen platform, no display) and of HTML, a
large user glossary indexed by spawned worker processes (which must work frozen), the
window shown offscreen and grabbed to a PNG, and that nothing was written into the bundle.
Any traceback on stderr fails the run even when the exit status is 0.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_ENTRIES = 50
LARGE_GLOSSARY_ENTRIES = 1_600  # above the index's threshold for spawning worker processes
MIN_WINDOW_SIZE = (600, 400)
TIMEOUT_S = 180


class SmokeFailure(Exception):
    pass


@dataclass(frozen=True)
class Bundle:
    """Where one OS's build puts the executables and the bundled data folders."""

    gui: Path
    cli: Path  # the same file as gui except on Windows, where it is a console executable
    data_root: Path  # sys._MEIPASS of the frozen app

    @classmethod
    def find(cls, dist: Path) -> Bundle:
        if sys.platform == "darwin":
            contents = dist / "Glossapp.app" / "Contents"
            gui = contents / "MacOS" / "glossapp"
            return cls(gui, gui, contents / "Frameworks")
        folder = dist / "glossapp"
        if sys.platform == "win32":
            return cls(folder / "glossapp.exe", folder / "glossapp-cli.exe", folder / "_internal")
        return cls(folder / "glossapp", folder / "glossapp", folder / "_internal")


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str
    seconds: float


class Smoke:
    def __init__(self, bundle: Bundle, scratch: Path) -> None:
        self.bundle = bundle
        self.scratch = scratch
        self.data_dir = scratch / "data"
        self.passed = 0

    def run(
        self,
        *args: str,
        executable: Path | None = None,
        expect_code: int = 0,
        extra_env: dict[str, str] | None = None,
    ) -> Result:
        command = [str(executable or self.bundle.cli), "--data-dir", str(self.data_dir), *args]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(extra_env or {})}
        env.pop("GLOSSAPP_DATA_DIR", None)
        started = time.perf_counter()
        done = subprocess.run(
            command, capture_output=True, text=True, encoding="utf-8", env=env, timeout=TIMEOUT_S
        )
        result = Result(done.returncode, done.stdout, done.stderr, time.perf_counter() - started)
        shown = " ".join(args)
        if "Traceback (most recent call last)" in done.stderr:
            raise SmokeFailure(f"`{shown}` printed a traceback:\n{done.stderr}")
        if done.returncode != expect_code:
            raise SmokeFailure(
                f"`{shown}` exited {done.returncode}, expected {expect_code}\n"
                f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
            )
        return result

    def ok(self, message: str) -> None:
        self.passed += 1
        print(f"ok    {message}")

    def require(self, condition: bool, message: str, detail: str = "") -> None:
        if not condition:
            raise SmokeFailure(f"{message}\n{detail}".rstrip())
        self.ok(message)

    # --- the checks, in order ---

    def layout(self) -> None:
        for executable in {self.bundle.gui, self.bundle.cli}:
            self.require(executable.is_file(), f"executable {executable.name} exists")
        for folder in ("resources", "seeds", "index"):
            path = self.bundle.data_root / folder
            self.require(path.is_dir() and any(path.iterdir()), f"bundled folder {folder}/")
        icon = self.bundle.data_root / "resources" / "icons" / "glossapp.svg"
        self.require(icon.is_file(), "app icon bundled")

    def version(self) -> None:
        expected = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        wanted = f"glossapp {expected['project']['version']}"
        shown = self.run("--version").stdout.strip()
        self.require(shown == wanted, f"--version prints '{wanted}'", f"got '{shown}'")

    def check_seed(self) -> None:
        seeds = self.bundle.data_root / "seeds"
        report = json.loads(self.run("check", "--json", str(seeds)).stdout)
        entries = sum(source["entries"] for source in report)
        self.require(
            entries == SEED_ENTRIES, f"check: bundled glossary has {SEED_ENTRIES} entries", entries
        )
        text = self.run("check", str(seeds)).stdout
        self.require(f": {SEED_ENTRIES} entries" in text, "check: text report", text)

    def search_seed(self) -> None:
        result = self.run("search", "--json", "multilingual")
        hits = json.loads(result.stdout)
        self.require(
            len(hits) >= 3 and any("ultilingual" in (hit["title"] or "") for hit in hits),
            f"search: 'multilingual' finds {len(hits)} entries",
            result.stdout,
        )
        self.require(
            "Indexing" not in result.stderr,
            "search: first start used the prebuilt index (no indexing)",
            result.stderr,
        )
        missing = self.run("search", "zzzqqqxxx", expect_code=1)
        self.require("no results" in missing.stderr, "search: no results exits 1")

    def show_seed(self) -> None:
        text = self.run("show", "multifc").stdout
        self.require(
            text.startswith("MultiFC") and "What Is MultiFC?" in text,
            "show: 'multifc' prints its definition",
            text,
        )
        html = self.run("show", "--format", "html", "multifc").stdout
        self.require(
            all(tag in html for tag in ("<strong>", "<li", "<table")),
            "show: HTML rendered by Markdown with its extensions (tables)",
            html,
        )
        missing = self.run("show", "zzzqqqxxx", expect_code=1)
        self.require(missing.stdout == "", "show: an unknown term exits 1")

    def every_command_loads(self) -> None:
        listing = self.run("--help").stdout
        commands = re.findall(r"^ {4}(\w+) {2,}", listing, re.MULTILINE)
        self.require(
            {"check", "search", "show", "index", "bookmarks", "export"} <= set(commands),
            f"--help lists the commands: {' '.join(commands)}",
            listing,
        )
        for command in commands:
            self.run(command, "--help")
        self.ok("every command's module imports in the frozen app")

    def bookmarks(self) -> None:
        self.run("bookmarks", "add", "multifc")
        listed = self.run("bookmarks", "list").stdout
        self.require("MultiFC" in listed, "bookmarks: added and listed (SQLite)", listed)
        exported = self.run("bookmarks", "export", "--format", "md").stdout
        self.require("MultiFC" in exported, "bookmarks: exported as Markdown", exported)

    def export_documents(self) -> None:
        pdf = self.scratch / "appendix.pdf"
        env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
        result = self.run(
            "export",
            "--term",
            "multifc",
            "multilingual nlp",
            "--format",
            "pdf",
            "--title",
            "Smoke appendix",
            "-o",
            str(pdf),
            extra_env=env,
        )
        data = pdf.read_bytes() if pdf.is_file() else b""
        self.require(
            data.startswith(b"%PDF-") and b"%%EOF" in data[-64:] and len(data) > 10_000,
            f"export: a PDF of 2 entries without a display ({len(data) // 1024} KB, "
            f"{result.seconds:.1f} s)",
            result.stderr,
        )
        page = self.scratch / "appendix.html"
        self.run("export", "--term", "multifc", "-o", str(page))
        html = page.read_text(encoding="utf-8") if page.is_file() else ""
        self.require(
            "<table" in html and "entry:" not in html, "export: a self-contained HTML page", html
        )
        bad = self.run(
            "export", "--term", "multifc", "-o", str(self.scratch / "no" / "x.pdf"), expect_code=1
        )
        self.require(
            bad.stderr.startswith("glossapp export: cannot write"),
            "export: an unwritable path is one line and exit 1",
            bad.stderr,
        )

    def large_user_glossary(self) -> None:
        glossary = self.scratch / "large-glossary.txt"
        lines = []
        for number in range(LARGE_GLOSSARY_ENTRIES):
            lines.append(f"synthetic term {number:04d}, smoke testing")
            lines.append(f"**Synthetic Term {number:04d}** checks the frozen index build.")
            lines.append(f"- **Marker**: quasar{number:04d} appears in exactly one entry.")
        glossary.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = self.run("--glossary", str(glossary), "index")
        self.require(
            f"{LARGE_GLOSSARY_ENTRIES} entries indexed" in result.stderr,
            f"index: {LARGE_GLOSSARY_ENTRIES} user entries built ({result.seconds:.1f} s)",
            result.stderr,
        )
        # The build quietly falls back to one process when its worker fails; a frozen
        # worker that re-ran the command line instead of working prints its usage.
        self.require(
            "usage:" not in result.stderr and "resource_tracker" not in result.stderr,
            "index: the spawned worker process ran as a worker",
            result.stderr,
        )
        found = json.loads(
            self.run("--glossary", str(glossary), "search", "--json", "quasar1234").stdout
        )
        self.require(
            [hit["term"] for hit in found][:1] == ["synthetic term 1234"],
            "search: a user glossary's own index answers",
            found,
        )

    def window(self) -> None:
        runs = (
            ("window", ()),
            ("window-show", ("--show", "multifc")),
            ("window-query", ("--query", "multilingual")),
        )
        for name, extra in runs:
            picture = self.scratch / f"{name}.png"
            result = self.run(
                "--screenshot",
                str(picture),
                *extra,
                executable=self.bundle.gui,
                extra_env={"QT_DEBUG_PLUGINS": "1"},
            )
            width, height = png_size(picture)
            self.require(
                width >= MIN_WINDOW_SIZE[0] and height >= MIN_WINDOW_SIZE[1],
                f"window shown offscreen and grabbed: {picture.name} {width}x{height} "
                f"({result.seconds:.1f} s)",
            )
        # Qt reports every plugin it loads or fails to load; the app icon needs the SVG one.
        self.require(
            "Cannot load library" not in result.stderr, "every Qt plugin tried loads", result.stderr
        )
        self.require("qsvgicon" in result.stderr, "SVG icon plugin loaded for the app icon")

    def bundle_untouched(self, before: dict[str, int]) -> None:
        after = snapshot(self.bundle.data_root.parent)
        changed = sorted(set(before.items()) ^ set(after.items()))
        self.require(not changed, "nothing was written inside the bundle", changed[:10])


def png_size(path: Path) -> tuple[int, int]:
    if not path.is_file():
        raise SmokeFailure(f"no screenshot at {path}")
    header = path.read_bytes()[:24]
    if len(header) < 24 or header[:8] != b"\x89PNG\r\n\x1a\n":
        raise SmokeFailure(f"{path} is not a PNG")
    return struct.unpack(">II", header[16:24])


def snapshot(folder: Path) -> dict[str, int]:
    return {
        str(path.relative_to(folder)): path.lstat().st_size
        for path in folder.rglob("*")
        if not path.is_dir() or path.is_symlink()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="PyInstaller's dist/")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="copy the screenshots into DIR for a look"
    )
    args = parser.parse_args(argv)
    bundle = Bundle.find(args.dist.resolve())
    with tempfile.TemporaryDirectory(prefix="glossapp-smoke-") as scratch:
        smoke = Smoke(bundle, Path(scratch))
        try:
            smoke.layout()
            before = snapshot(bundle.data_root.parent)
            smoke.version()
            smoke.check_seed()
            smoke.search_seed()
            smoke.show_seed()
            smoke.every_command_loads()
            smoke.bookmarks()
            smoke.export_documents()
            smoke.large_user_glossary()
            smoke.window()
            smoke.bundle_untouched(before)
        except (SmokeFailure, subprocess.TimeoutExpired, json.JSONDecodeError) as failure:
            print(f"FAIL  {failure}", file=sys.stderr)
            return 1
        finally:
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                for picture in Path(scratch).glob("*.png"):
                    (args.keep / picture.name).write_bytes(picture.read_bytes())
    print(f"package smoke test passed: {smoke.passed} checks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
