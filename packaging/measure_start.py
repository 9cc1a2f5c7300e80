"""Start time of the frozen app against the venv, side by side in one run.

    .venv/bin/python packaging/measure_start.py [--rounds 15] [--dist dist]

Each sample is the wall time of one process that starts, shows the main window
(offscreen), grabs it to a PNG and exits: the same `--screenshot` path for both, taken at
the window's first frame (the target: frozen at most 1.3 times the venv; the exit status
says whether it holds) and once start-up has settled (index open, list filled). The two variants alternate (and swap which goes first every
round) so machine load hits both alike; each has its own warmed-up `--data-dir`, so
neither pays for a first-start index. A terminal `search` and `--version` are timed too
(no Qt); `--version` isolates the frozen bootloader's own cost.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from smoke import Bundle  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WARM_UP_RUNS = 2


def timed(command: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("GLOSSAPP_DATA_DIR", None)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr}")
    return seconds


def measure(variants: dict[str, list[str]], extra: list[str], rounds: int) -> dict[str, list]:
    samples: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for round_number in range(WARM_UP_RUNS + rounds):
        order = names if round_number % 2 == 0 else names[::-1]
        for name in order:
            seconds = timed([*variants[name], *extra])
            if round_number >= WARM_UP_RUNS:
                samples[name].append(seconds)
    return samples


def report(label: str, samples: dict[str, list[float]]) -> float:
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, values in samples.items():
        print(
            f"{label:<20} {name:<7} median {medians[name] * 1000:6.0f} ms"
            f"   min {min(values) * 1000:6.0f} ms   max {max(values) * 1000:6.0f} ms"
            f"   (n={len(values)})"
        )
    ratio = medians["frozen"] / medians["venv"]
    print(f"{label:<20} ratio frozen/venv: {ratio:.2f}")
    return ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    bundle = Bundle.find(args.dist.resolve())
    with tempfile.TemporaryDirectory(prefix="glossapp-start-") as scratch:
        folder = Path(scratch)
        variants = {
            "frozen": [str(bundle.gui), "--data-dir", str(folder / "frozen")],
            "venv": [sys.executable, "-m", "glossapp", "--data-dir", str(folder / "venv")],
        }
        print(f"frozen: {bundle.gui}\nvenv:   {sys.executable} -m glossapp\n")
        shot = ["--screenshot", str(folder / "window.png")]
        window_ratio = report(
            "window first frame",
            measure(variants, [*shot, "--screenshot-at", "first-frame"], args.rounds),
        )
        report("window ready", measure(variants, [*shot, "--screenshot-at", "ready"], args.rounds))
        report("search (terminal)", measure(variants, ["search", "multilingual"], args.rounds))
        report("--version", measure(variants, ["--version"], args.rounds))
    size = sum(
        p.stat().st_size
        for p in bundle.data_root.parent.rglob("*")
        if p.is_file() and not p.is_symlink()
    )
    print(f"\nonedir size: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB) in {bundle.gui.parent}")
    return 0 if window_ratio <= 1.3 else 1


if __name__ == "__main__":
    sys.exit(main())
