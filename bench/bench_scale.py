"""`python -m bench.bench_scale [--size 200000] [--workdir DIR]`: the index at scale.

Prints, for a generated library (`bench.corpus`): the time and peak RSS of
`glossapp index --rebuild` (a fresh process, the parse cache filled first so the row is
the index build alone), then in another fresh process the core open (library load +
engine + index open), type-ahead p95 (`lookup_names` per keystroke) and full-text p95
(`search`), against issue 19's targets: keystroke -> list p95 < 50 ms, full text p95
< 150 ms, RSS < 600 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = REPO_ROOT / "seeds" / "ai-semiconductor-glossary.txt"

PROBE = """
import json, random, statistics, time
started = time.perf_counter()
from glossapp.glossary import library
from glossapp.search.engine import SearchEngine
loaded = library.load([{folder!r}])
engine = SearchEngine(loaded)
engine.ensure_index()
opened = time.perf_counter() - started
rng = random.Random(7)
typed, text = [], []
for entry in rng.sample(loaded.entries, 30):
    word = max(entry.term.split(), key=len)
    for i in range(1, len(word) + 1):
        t = time.perf_counter(); engine.lookup_names(word[:i]); typed.append(time.perf_counter() - t)
    body = [w for w in entry.body.split() if w.isalpha() and len(w) > 4]
    if len(body) > 3:
        query = " ".join(body[1:3])
        t = time.perf_counter(); engine.search(query); text.append(time.perf_counter() - t)
peak = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
q = lambda v: statistics.quantiles(v, n=100, method="inclusive")[94] * 1000
print(json.dumps({{"open_s": opened, "typeahead_p95": q(typed), "text_p95": q(text),
                  "rss_mb": peak / 1024}}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_scale", description=__doc__)
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--workdir", help="keep the library and index here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="glossapp-scale-") as temporary:
        workdir = Path(args.workdir or temporary)
        folder = workdir / f"library-{args.size}"
        if not folder.exists():
            corpus.write_library(corpus.generate(args.size, SEED_FILE), folder)
        environment = {**os.environ, "GLOSSAPP_DATA_DIR": str(workdir / "home")}
        command = [sys.executable, "-m", "glossapp", "--glossary", str(folder)]
        # fill the parse cache first: the build row is then the index alone
        subprocess.run([*command, "show", "zzzz-none"], env=environment, capture_output=True)
        started = time.perf_counter()
        subprocess.run([*command, "index", "--rebuild"], env=environment, check=True)
        build = time.perf_counter() - started
        build_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        probe = PROBE.format(folder=str(folder))
        done = subprocess.run(
            [sys.executable, "-c", probe],
            env=environment,
            check=True,
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
        )
        figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"## index at {args.size:,} generated entries")
    print(f"{'glossapp index --rebuild (s)':<36}{build:>10.1f}")
    print(f"{'  peak RSS of a process (MB)':<36}{build_rss:>10.0f}")
    print(f"{'core open, fresh process (s)':<36}{figures['open_s']:>10.2f}")
    print(f"{'type-ahead p95 (ms)':<36}{figures['typeahead_p95']:>10.2f}")
    print(f"{'full text p95 (ms)':<36}{figures['text_p95']:>10.1f}")
    print(f"{'peak RSS, opened and searched (MB)':<36}{figures['rss_mb']:>10.0f}")
    verdicts = [
        ("keystroke p95 < 50 ms", figures["typeahead_p95"] < 50),
        ("full text p95 < 150 ms", figures["text_p95"] < 150),
        ("RSS < 600 MB", figures["rss_mb"] < 600),
    ]
    print("targets: " + ", ".join(f"{n}: {'met' if ok else 'MISSED'}" for n, ok in verdicts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
