"""Loading bad glossary files takes time linear in their size (issue 16).

    python -m bench.bench_parse

Each input is parsed from bytes at 1x, 2x and 4x its base size, and timed through the
library too (the one read function, a regular file on disk). Linear time doubles with
the size, so each ratio to the 1x time should be near 2 and 4; a quadratic cost would
show 4 and 16. Inputs:

- Latin-1: a Latin-1 glossary of ~320 KB (read as Windows-1252, one warning);
- mostly UTF-8: UTF-8 text with one invalid byte on every line (one warning per line);
- binary: random bytes after a PNG header (refused at once);
- aliases: one header with 15,000 aliases (18 s before the fix).

`main()` prints the table; `run()` returns its lines.
"""

from __future__ import annotations

import gc
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from glossapp.glossary import library
from glossapp.glossary.parser import parse_bytes

SCALES = (1, 2, 4)
REPEATS = 5
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06"


def latin1(scale: int) -> bytes:
    entry = (
        "café {n}, boissons\nUn café crème, très chaud; à la française, naïve et "
        "dégustée. Déjà vu à Besançon, Noël, l'été.\n"
    )
    return "".join(entry.format(n=n) for n in range(2500 * scale)).encode("latin-1")


def mostly_utf8(scale: int) -> bytes:
    line = "Une ligne en UTF-8 : café, naïve, déjà — ".encode() + b"\xff\n"
    return b"".join(f"entry {n}, cat\n".encode() + line * 4 for n in range(2000 * scale))


def binary(scale: int) -> bytes:
    return PNG_HEADER + random.Random(scale).randbytes(256 * 1024 * scale)


def aliases(scale: int) -> bytes:
    names = ",".join(f"alias {n}" for n in range(15_000 * scale))
    return f"term,{names}\nbody\n".encode()


INPUTS: dict[str, Callable[[int], bytes]] = {
    "Latin-1": latin1,
    "mostly UTF-8": mostly_utf8,
    "binary": binary,
    "aliases": aliases,
}


def _best_seconds(action: Callable[[], object]) -> float:
    """The best of `REPEATS` runs, each from a collected heap with the collector paused
    (as `library.load` runs): the collector's passes are not the parser's cost."""
    best = float("inf")
    for _ in range(REPEATS):
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            action()
            best = min(best, time.perf_counter() - started)
        finally:
            gc.enable()
    return best


def run() -> list[str]:
    lines = [
        f"{'input':<20}{'size 1x':>10}  "
        + "  ".join(f"{f'{scale}x ms':>9}" for scale in SCALES)
        + "  ratios (linear: 1 : 2 : 4)"
    ]
    with tempfile.TemporaryDirectory() as folder:
        for name, make in INPUTS.items():
            for way in ("bytes", "file"):
                times = []
                size = 0
                for scale in SCALES:
                    data = make(scale)
                    size = size or len(data)
                    if way == "bytes":
                        times.append(_best_seconds(lambda data=data: parse_bytes(data, "x.txt")))
                    else:
                        path = Path(folder) / f"{name}-{scale}.txt"
                        path.write_bytes(data)
                        times.append(
                            _best_seconds(lambda path=path: library.load([path], use_cache=False))
                        )
                ratios = " : ".join(f"{t / times[0]:.1f}" for t in times)
                lines.append(
                    f"{name + ' ' + way:<20}{size / 1024:>7,.0f} KB  "
                    + "  ".join(f"{t * 1000:>9.1f}" for t in times)
                    + f"  {ratios}"
                )
    return lines


def main() -> int:
    print("Parsing bad input (issue 16): time at 1x, 2x, 4x the size")
    for line in run():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
