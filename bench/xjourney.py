"""Drive the real window under Xvfb with xdotool, as a user does, and take screenshots.

Needs Debian's xvfb, xdotool, openbox and imagemagick (`import`), and the X11 plugin's
libraries (libxcb-icccm4, libxcb-keysyms1, libxcb-cursor0). A journey is a list of steps:

    type TEXT      type it into the focused widget, key by key
    key KEYS       one xdotool key chord, e.g. Return, Down, Escape, ctrl+f, ctrl+shift+c
    wait SECONDS   let the app work (the only way to wait on another process's window)
    shot NAME      save a screenshot of the screen as OUT/NAME.png
    clip           print the clipboard's text (xclip, when installed)

    python -m bench.xjourney --glossary seeds/ai-semiconductor-glossary.txt --out /tmp/j \\
        "type music" "wait 1" "key Return" "wait 1" "shot after-enter"
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DISPLAY = ":77"


class Screen:
    """An Xvfb screen with a window manager, torn down on exit."""

    def __init__(self, display: str = DISPLAY, size: str = "1400x900x24") -> None:
        self.display = display
        self.env = {**os.environ, "DISPLAY": display}
        self.env.pop("QT_QPA_PLATFORM", None)
        self._xvfb = subprocess.Popen(
            ["Xvfb", display, "-screen", "0", size, "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        self._wm = subprocess.Popen(
            ["openbox"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(0.3)

    def xdotool(self, *args: str) -> str:
        done = subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=30
        )
        return done.stdout.strip()

    def shot(self, path: Path) -> None:
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True)

    def close(self) -> None:
        for process in (self._wm, self._xvfb):
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    screen = Screen()
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="glossapp-journey-"))
    command = [sys.executable, "-m", "glossapp", "--data-dir", str(data_dir)]
    if args.source:  # another checkout of the app, e.g. a git worktree of an older commit
        screen.env["PYTHONPATH"] = str(Path(args.source).resolve())
    for glossary in args.glossary:
        command += ["--glossary", glossary]
    app = subprocess.Popen(command, env=screen.env, stderr=subprocess.PIPE, text=True)
    try:
        window = screen.xdotool("search", "--sync", "--onlyvisible", "--name", "Glossapp")
        window = window.splitlines()[0] if window else ""
        if window:
            screen.xdotool("windowactivate", "--sync", window)
            screen.xdotool("windowsize", window, "1300", "820")
        time.sleep(args.settle)
        for step in args.steps:
            verb, _, rest = step.partition(" ")
            if verb == "type":
                screen.xdotool("type", "--delay", "60", rest)
            elif verb == "key":
                screen.xdotool("key", "--clearmodifiers", rest)
            elif verb == "wait":
                time.sleep(float(rest))
            elif verb == "shot":
                screen.shot(out / f"{rest}.png")
                print(out / f"{rest}.png")
            elif verb == "clip" and shutil.which("xclip"):
                text = subprocess.run(
                    ["xclip", "-o", "-selection", "clipboard"],
                    env=screen.env,
                    capture_output=True,
                    text=True,
                ).stdout
                print(f"clipboard: {text[:500]!r}")
            else:
                print(f"unknown step {step!r}", file=sys.stderr)
        print("title:", screen.xdotool("getwindowname", window) if window else "(no window)")
    finally:
        app.terminate()
        try:
            _, errors = app.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
            _, errors = app.communicate()
        screen.close()
    if errors and errors.strip():
        print("stderr of the app:\n" + errors, file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("steps", nargs="*")
    parser.add_argument("--glossary", action="append", default=[])
    parser.add_argument("--data-dir")
    parser.add_argument("--source", help="run the app from this checkout instead")
    parser.add_argument("--out", default="/tmp/glossapp-journey")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds after the window maps")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
