"""Start-up side by side with GoldenDict, on the same real glossary, under one Xvfb.

GoldenDict (Debian package `goldendict`) reads a dictd database; Glossapp reads the same
database converted by `bench.dictd`. Each round starts, in turn, a bare PySide6 window,
Glossapp and GoldenDict, with warm caches (a first run of each builds its index and is
not timed). What the user sees is measured from outside, by grabbing the screen every
few milliseconds from a separate watcher process, not by the apps' own clocks:

- first pixels: the first grab that differs from the empty screen;
- settled: the last change before the screen stays the same for `SETTLE_S` seconds
  (the list filled, the entry rendered, progress bars gone; a blinking text cursor,
  a change a few pixels wide, does not count);
- RSS: the app's resident memory at the settled moment.

    python -m bench.side_by_side [--rounds 5] [--glossary foldoc]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import dictd

DISPLAY = ":89"
SETTLE_S = 0.8
TIMEOUT_S = 30.0
REPO_ROOT = Path(__file__).resolve().parent.parent

# Runs on the Xvfb display: prints "first <t>" and "settled <t>" (time.time()) and exits.
WATCHER = r"""
import sys, time
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1] + ["-platform", "xcb"])
screen = app.primaryScreen()
settle, timeout = float(sys.argv[1]), float(sys.argv[2])
def grab():
    image = screen.grabWindow(0).toImage()
    data, stride = bytes(image.constBits()), image.bytesPerLine()
    return [data[i:i + stride] for i in range(0, len(data), stride)]
def changed(old, new):
    # A blinking text cursor is not the app changing: a change confined to a column a
    # few pixels wide is ignored.
    left, right = None, None
    for a, b in zip(old, new):
        if a != b:
            start = next(i for i in range(len(a)) if a[i] != b[i])
            end = next(i for i in range(len(a) - 1, -1, -1) if a[i] != b[i])
            left = start if left is None else min(left, start)
            right = end if right is None else max(right, end)
            if right - left > 16:
                return True
    return False
previous = grab()
print("ready", flush=True)
started = time.time()
first = last_change = None
while time.time() - started < timeout:
    current = grab()
    now = time.time()
    if changed(previous, current):
        last_change = now
        if first is None:
            first = now
        previous = current
    elif last_change is not None and now - last_change >= settle:
        break
    time.sleep(0.004)
print(f"first {first or 0}", flush=True)
print(f"settled {last_change or 0}", flush=True)
"""

BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QListWidget())
window.resize(1100, 720)
window.show()
sys.exit(app.exec())
"""


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(first pixels, settled) in ms from launch, and RSS in MB at settling."""
    watcher = subprocess.Popen(
        [sys.executable, "-c", WATCHER, str(SETTLE_S), str(TIMEOUT_S)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert watcher.stdout is not None
    watcher.stdout.readline()  # "ready": the empty screen is known
    launched = time.time()
    app = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    marks = {}
    for line in watcher.stdout:
        key, _, value = line.partition(" ")
        marks[key] = float(value)
        if key == "settled":
            break
    rss = _rss_mb(app.pid)
    watcher.wait()
    _stop(app)
    time.sleep(0.3)  # the screen is empty again before the next start
    first = (marks.get("first", 0) - launched) * 1000 if marks.get("first") else float("nan")
    settled = (marks.get("settled", 0) - launched) * 1000 if marks.get("settled") else float("nan")
    return first, settled, rss


def _goldendict_home(base: Path, dictd_folder: Path, name: str) -> Path:
    home = base / "goldendict-home"
    dictionaries = base / "goldendict-dicts"
    dictionaries.mkdir(parents=True, exist_ok=True)
    for suffix in (".index", ".dict.dz"):
        shutil.copy(dictd_folder / f"{name}{suffix}", dictionaries)
    (home / ".goldendict").mkdir(parents=True, exist_ok=True)
    (home / ".goldendict" / "config").write_text(
        f"""<config>
 <paths><path recursive="1">{dictionaries}</path></paths>
 <preferences>
  <checkForNewReleases>0</checkForNewReleases>
  <enableTrayIcon>0</enableTrayIcon>
  <scanPopupEnabled>0</scanPopupEnabled>
 </preferences>
</config>
""",
        encoding="utf-8",
    )
    return home


def run(rounds: int, name: str) -> list[str]:
    if not shutil.which("Xvfb") or not shutil.which("goldendict"):
        return ["side by side with GoldenDict: skipped (needs Debian's xvfb and goldendict)"]
    folders = dictd.fetch([name])
    if name not in folders:
        return [f"side by side with GoldenDict: skipped ({name} could not be fetched)"]
    with tempfile.TemporaryDirectory(prefix="glossapp-side-") as scratch:
        base = Path(scratch)
        converted = dictd.convert(name, folders[name], base / "glossaries")
        xvfb = subprocess.Popen(
            ["Xvfb", DISPLAY, "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        try:
            env = {**os.environ, "DISPLAY": DISPLAY}
            env.pop("QT_QPA_PLATFORM", None)
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            gd_env = {**env, "HOME": str(_goldendict_home(base, folders[name], name))}
            data_dir = base / "glossapp-data"
            glossapp = [
                sys.executable,
                "-m",
                "glossapp",
                "--data-dir",
                str(data_dir),
                "--glossary",
                str(converted.path),
            ]
            apps = {
                "bare PySide6": ([sys.executable, "-c", BARE_WINDOW], env),
                "Glossapp": (glossapp, env),
                "GoldenDict": (["goldendict"], gd_env),
            }
            # first runs build each app's index: not timed
            subprocess.run(
                [*glossapp[:5], "index", "--glossary", str(converted.path)],
                env=env,
                capture_output=True,
                cwd=REPO_ROOT,
            )
            for command, app_env in apps.values():
                measure(command, app_env)
            results: dict[str, list[tuple[float, float, float]]] = {key: [] for key in apps}
            for _ in range(rounds):
                for key, (command, app_env) in apps.items():
                    results[key].append(measure(command, app_env))
        finally:
            _stop(xvfb)
    lines = [
        f"side by side with GoldenDict on {name} ({converted.entries:,} entries), median of "
        f"{rounds} interleaved rounds, warm; from launch, by screen grabs",
        f"  {'':14s} {'first pixels':>13s} {'settled':>10s} {'RSS':>8s}",
    ]
    medians = {}
    for key, values in results.items():
        first = statistics.median(v[0] for v in values)
        settled = statistics.median(v[1] for v in values)
        rss = statistics.median(v[2] for v in values)
        medians[key] = (first, settled, rss)
        lines.append(f"  {key:14s} {first:10.0f} ms {settled:7.0f} ms {rss:5.0f} MB")
    ours, theirs = medians["Glossapp"], medians["GoldenDict"]
    verdict = "met" if ours[1] <= theirs[1] else "MISSED"
    lines.append(
        f"  Glossapp / GoldenDict: first pixels {ours[0] / theirs[0]:.2f}x, settled "
        f"{ours[1] / theirs[1]:.2f}x (target settled <= 1.0x: {verdict}), RSS "
        f"{ours[2] / theirs[2]:.2f}x"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--glossary", default="foldoc", choices=sorted(dictd.PACKAGES))
    args = parser.parse_args(argv)
    print("\n".join(run(args.rounds, args.glossary)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
