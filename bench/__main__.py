"""`make bench` (`python -m bench [--sizes 1000,10000]`): search speed and quality.

For each library size, in one run on one generated corpus and one query mix: our index
(Whoosh plus the in-memory tiers) against SQLite FTS5 (porter, bm25) over the same plain
text. Then search quality (hit@3, MRR) on the seed and on FOLDOC (`bench.dictd`, skipped
when it cannot be fetched), rendering, the window, and the single features' benches
(parsing bad input, cross-links, export, lookup, start-up side by side with GoldenDict);
`--scale` adds 200,000 entries.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus, fts5, quality, real_queries
from glossapp.glossary import library
from glossapp.search.engine import SearchEngine

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = REPO_ROOT / "seeds" / "ai-semiconductor-glossary.txt"
ACRONYMS = ["LLM", "CLIP", "GPT", "TCAD", "OCR", "DFT", "BLIP", "SVT", "NLI", "VQA", "TPP", "SPC"]
TARGETS = {  # size: (type-ahead p95 ms, full-text p95 ms, max ms, build s)
    10_000: (1.0, 50.0, 500.0, 15.0),
    50_000: (1.0, 120.0, 500.0, None),
}
_WORD_RE = re.compile(r"[A-Za-z]{4,}")
_STOP = {"with", "that", "this", "from", "their", "which", "into", "than", "each", "more"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated sizes")
    parser.add_argument("--workdir", help="keep corpora and indexes here (default: a temp dir)")
    parser.add_argument("--no-quality", action="store_true", help="skip the quality table")
    parser.add_argument("--no-window", action="store_true", help="skip the window benchmarks")
    parser.add_argument(
        "--quality-only", action="store_true", help="only the quality tables (seed and FOLDOC)"
    )
    parser.add_argument(
        "--no-extras",
        action="store_true",
        help="skip parsing, links, export, lookup and the GoldenDict side by side",
    )
    parser.add_argument(
        "--scale", action="store_true", help="also 200,000 entries (index build: many minutes)"
    )
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    print(
        f"glossapp search benchmark — {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{time.strftime('%Y-%m-%d %H:%M')}"
    )
    with tempfile.TemporaryDirectory(prefix="glossapp-bench-") as temporary:
        workdir = Path(args.workdir or temporary)
        # the parse cache, settings and indexes of generated libraries stay out of the
        # user's own folders
        os.environ.setdefault("GLOSSAPP_DATA_DIR", str(workdir / "home"))
        # fresh processes here start like an installed app's, with cached bytecode
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        if not args.no_quality:
            print_quality(workdir)
        if args.quality_only:
            return 0
        for size in sizes:
            run_size(size, workdir)
    run_render_bench()
    if not args.no_window:
        run_window_bench()
    if not args.no_extras:
        run_extra_benches(window=not args.no_window)
    if args.scale:
        _run_section("200,000 entries", "bench.bench_scale")
    return 0


# -- quality ---------------------------------------------------------------------------


def print_quality(workdir: Path) -> None:
    """hit@3 and MRR, ours and FTS5's: the seed's queries, then FOLDOC's (and its held-out
    set) when `bench.dictd` can fetch it; without apt or network that part is skipped."""
    seed = library.load([SEED_FILE])
    _quality_table("the seed", seed, workdir / "index-seed", quality.QUERIES, 1.00)
    foldoc = real_glossary(workdir)
    if foldoc is None:
        print("\n## Quality on FOLDOC: skipped (the dictd package could not be fetched)")
        return
    loaded = library.load([foldoc])
    index_dir = workdir / "index-foldoc"
    _quality_table("FOLDOC", loaded, index_dir, real_queries.QUERIES, 0.95)
    _quality_table("FOLDOC, held out", loaded, index_dir, real_queries.HELD_OUT, None)


def real_glossary(workdir: Path) -> Path | None:
    """FOLDOC converted into our format (`bench.dictd`), or None when it cannot be fetched."""
    from bench import dictd

    try:
        found = dictd.fetch(["foldoc"])
        if "foldoc" not in found:
            return None
        return dictd.convert("foldoc", found["foldoc"], workdir / "glossaries").path
    except Exception as error:  # noqa: BLE001 - a missing corpus skips its table, never fails
        print(f"bench: FOLDOC unavailable ({error})", file=sys.stderr)
        return None


def _quality_table(
    title: str,
    loaded: library.Library,
    index_dir: Path,
    queries: quality.Queries,
    target: float | None,
) -> None:
    engine = SearchEngine(loaded, index_dir)
    engine.ensure_index()
    connection, terms_by_row = _fts5_for(engine, loaded)
    ours = [[hit.term for hit in engine.search(query, 10).hits] for _, query, _ in queries]
    peer = [[terms_by_row[row] for row in fts5.search(connection, q, 10)] for _, q, _ in queries]
    print(f"\n## Quality on {title} ({len(queries)} queries, {len(loaded.entries):,} entries)")
    print(f"{'kind':<13}{'ours hit@3':>11}{'FTS5 hit@3':>11}")
    kinds = dict.fromkeys(kind for kind, _, _ in queries)
    for kind in kinds:
        picked = [i for i, (k, _, _) in enumerate(queries) if k == kind]
        ok_ours = sum(_in_top3(ours[i], queries[i][2]) for i in picked)
        ok_peer = sum(_in_top3(peer[i], queries[i][2]) for i in picked)
        print(f"{kind:<13}{ok_ours:>8}/{len(picked):<2}{ok_peer:>8}/{len(picked):<2}")
    hit_ours, mrr_ours = quality.score(ours, queries)
    hit_peer, mrr_peer = quality.score(peer, queries)
    goal = f"   (target hit@3 >= {target:.2f} and > FTS5)" if target is not None else ""
    print(f"{'all':<13}{hit_ours:>11.2f}{hit_peer:>11.2f}{goal}")
    print(f"{'MRR':<13}{mrr_ours:>11.2f}{mrr_peer:>11.2f}")
    misses = [
        f"{q} (#{quality.rank_of(ours[i], want) or '-'})"
        for i, (_, q, want) in enumerate(queries)
        if not _in_top3(ours[i], want)
    ]
    if misses:
        print("ours missed (not in top 3): " + "; ".join(misses))
    engine.close()


def _in_top3(terms: list[str], expected: tuple[str, ...]) -> bool:
    return any(term in expected for term in terms[:3])


def _fts5_for(engine: SearchEngine, loaded: library.Library):
    plain = engine.stored_plain_texts()
    entries = [e for e in loaded.entries if e.id in plain]
    names = [" ".join(e.names) for e in entries]
    started = time.perf_counter()
    connection = fts5.build(names, [e.category for e in entries], [plain[e.id] for e in entries])
    _fts5_for.build_seconds = time.perf_counter() - started
    return connection, [e.term for e in entries]


# -- speed -----------------------------------------------------------------------------


def run_size(size: int, workdir: Path) -> None:
    print(f"\n## {size:,} entries")
    folder = workdir / f"library-{size}"
    index_dir = workdir / f"index-{size}"
    files = corpus.write_library(corpus.generate(size, SEED_FILE), folder)
    started = time.perf_counter()
    loaded = library.load([folder])
    load_seconds = time.perf_counter() - started

    engine = SearchEngine(loaded, index_dir)
    started = time.perf_counter()
    engine.ensure_index(rebuild=True)
    build_seconds = time.perf_counter() - started
    index_bytes = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
    engine.close()

    engine = SearchEngine(loaded, index_dir)
    started = time.perf_counter()
    engine.ensure_index()
    open_seconds = time.perf_counter() - started
    connection, _ = _fts5_for(engine, loaded)
    fts5_build = _fts5_for.build_seconds

    queries = make_queries(loaded, random.Random(size))
    for _, text in queries[:15]:  # warm both engines' caches the same way
        engine.search(text)
        fts5.search(connection, text)
    ours: dict[str, list[float]] = {}
    peer: dict[str, list[float]] = {}
    truncated = 0
    for kind, text in queries:
        started = time.perf_counter()
        truncated += engine.search(text).truncated
        ours.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        peer.setdefault(kind, []).append(_time_ms(lambda t=text: fts5.search(connection, t)))
    typed = [text for kind, text in queries if kind == "typed"]
    cold_engine = SearchEngine(loaded, index_dir)  # fresh name hits, as after start-up
    typeahead_cold = [_time_ms(lambda t=text: cold_engine.lookup_names(t)) for text in typed]
    engine.warm_name_hits()  # what the app does on its worker after ensure_index
    typeahead = [_time_ms(lambda t=text: engine.lookup_names(t)) for text in typed * 3]

    small = next(p for p in files if p.name == corpus.SMALL_FILE_NAME)
    small.write_text(small.read_text(encoding="utf-8").replace(" the ", " the very ", 1))
    engine.close()
    changed = library.load([folder])
    engine = SearchEngine(changed, index_dir)
    started = time.perf_counter()
    engine.ensure_index()
    incremental_seconds = time.perf_counter() - started
    engine.close()

    # A data dir of their own: this process's loads above already filled the parse cache.
    fresh_home = workdir / f"home-fresh-{size}"
    shutil.rmtree(fresh_home, ignore_errors=True)
    first_start = fresh_process_open(folder, index_dir, fresh_home)  # parses, fills the cache
    fresh = fresh_process_open(folder, index_dir, fresh_home)

    all_ours = [t for times in ours.values() for t in times]
    all_peer = [t for times in peer.values() for t in times]
    p50o, p95o, maxo = _p(all_ours, 50), _p(all_ours, 95), max(all_ours)
    p50f, p95f, maxf = _p(all_peer, 50), _p(all_peer, 95), max(all_peer)
    target = TARGETS.get(size)
    print(
        f"library: {len(loaded.entries):,} entries in {len(files)} files, "
        f"loaded in {load_seconds:.2f} s; {len(queries)} queries"
    )
    print(f"{'':<34}{'ours':>10}{'FTS5':>10}{'ratio':>8}")
    _row("build (s)", build_seconds, fts5_build, "{:.1f}", "ours incl. Markdown to plain text")
    print(f"{'index size (MB)':<34}{index_bytes / 1e6:>10.1f}{'(memory)':>10}")
    _row("open, warm (ms)", open_seconds * 1000, None, "{:.0f}")
    _row("query p50 (ms)", p50o, p50f, "{:.2f}")
    _row("query p95 (ms)", p95o, p95f, "{:.2f}")
    _row("query max (ms)", maxo, maxf, "{:.1f}")
    for kind in ours:
        _row(f"  p50 {kind} (ms)", _p(ours[kind], 50), _p(peer[kind], 50), "{:.2f}")
    print(f"{'queries cut by the time budget':<34}{truncated:>10}")
    print(f"{'type-ahead p50 / p95 (ms)':<34}{_p(typeahead, 50):>10.3f}{_p(typeahead, 95):>10.3f}")
    print(
        f"{'  first keystrokes, cold':<34}{_p(typeahead_cold, 50):>10.3f}"
        f"{_p(typeahead_cold, 95):>10.3f}"
    )
    print(f"{'re-index 1 changed 50-entry file':<34}{incremental_seconds:>10.2f} s")
    print(
        f"{'core open, fresh process (ms)':<34}{fresh['open_ms']:>10.0f}"
        f"   (library load {fresh['load_ms']:.0f} + engine {fresh['engine_ms']:.0f}; "
        f"first start, nothing cached: {first_start['open_ms']:.0f})"
    )
    print(f"{'peak RSS, core loaded (MB)':<34}{fresh['maxrss_mb']:>10.0f}")
    if target:
        ta, p95t, maxt, buildt = target
        verdicts = [
            ("type-ahead p95", _p(typeahead, 95) < ta),
            (f"query p95 < {p95t:.0f} ms", p95o < p95t),
            (f"query max < {maxt:.0f} ms", maxo < maxt),
            ("within 3x of FTS5 p95", p95o <= 3 * p95f),
            ("re-index < 2 s", incremental_seconds < 2),
        ]
        if buildt:
            verdicts.append((f"build < {buildt:.0f} s", build_seconds < buildt))
        if size == 10_000:
            verdicts.append(("core open < 300 ms", fresh["open_ms"] < 300))
        print(
            "targets: " + ", ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in verdicts)
        )


def _row(label: str, ours: float, peer: float | None, fmt: str, note: str = "") -> None:
    peer_text = fmt.format(peer) if peer is not None else ""
    ratio = f"{ours / peer:.1f}x" if peer else ""
    print(f"{label:<34}{fmt.format(ours):>10}{peer_text:>10}{ratio:>8}  {note}".rstrip())


def _time_ms(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _p(values: list[float], percent: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def make_queries(loaded: library.Library, rng: random.Random) -> list[tuple[str, str]]:
    """An as-you-type mix: every prefix of words as typed, two words, phrases, typos, acronyms."""
    entries = rng.sample(loaded.entries, 40)
    queries: list[tuple[str, str]] = []
    for entry in entries[:4]:
        word = max(entry.term.split(), key=len)
        queries += [("typed", word[:i]) for i in range(1, len(word) + 1)]
    second = max(entries[4].term.split(), key=len)
    queries += [("typed", f"{entries[4].term.split()[0]} {second[:i]}") for i in range(1, 6)]
    for entry in entries[5:35]:
        words = [w.lower() for w in _WORD_RE.findall(entry.body) if w.lower() not in _STOP]
        if len(words) < 8:
            continue
        start = rng.randrange(len(words) - 1)
        queries.append(("two words", f"{words[start]} {words[start + 1]}"))
        start = rng.randrange(len(words) - 1)
        queries.append(("phrase", f'"{words[start]} {words[start + 1]}"'))
        long_words = [w for w in words if len(w) >= 7]
        if long_words:
            typo = rng.choice(long_words)
            cut = rng.randrange(2, len(typo) - 1)
            queries.append(("typo", typo[:cut] + typo[cut + 1 :]))
    queries += [("acronym", acronym) for acronym in ACRONYMS]
    return queries


def fresh_process_open(folder: Path, index_dir: Path, data_dir: Path) -> dict:
    """Load the library and open the existing index in a new process, as the app starts,
    with `data_dir` as its data dir (where the parse cache lives)."""
    code = f"""
import json, resource, time
started = time.perf_counter()
from glossapp.glossary import library
from glossapp.search.engine import SearchEngine
loaded = library.load([{str(folder)!r}])
loaded_at = time.perf_counter()
engine = SearchEngine(loaded, __import__("pathlib").Path({str(index_dir)!r}))
engine.ensure_index()
engine.search("model")
opened_at = time.perf_counter()
for text in ("transformer", "yield model", "calibraton", '"threshold voltage"', "mult"):
    engine.search(text)
# ru_maxrss survives exec on Linux (it would report the benchmark's own peak): prefer
# the kernel's high-water mark for this process image.
try:
    status = open("/proc/self/status").read()
    peak_kb = int(status.split("VmHWM:")[1].split()[0])
except (OSError, IndexError, ValueError):
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"load_ms": (loaded_at - started) * 1000,
                  "engine_ms": (opened_at - loaded_at) * 1000,
                  "open_ms": (opened_at - started) * 1000,
                  "maxrss_mb": peak_kb / 1024}}))
"""
    environment = {**os.environ, "GLOSSAPP_DATA_DIR": str(data_dir)}
    output = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=environment,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def run_render_bench() -> None:
    from bench import bench_render

    _print_section("Rendering", bench_render.run())


def run_window_bench() -> None:
    from bench import bench_window

    _print_section("Window", bench_window.run())


def run_extra_benches(window: bool = True) -> None:
    """The benches of single features, each printing its own table."""
    _run_section("Bad input parsed in linear time", "bench.bench_parse")
    _run_section("Cross-links per entry", "bench.bench_links")
    _run_section("Document export", "bench.bench_export")
    if window:
        _run_section("Look up from anywhere", "bench.bench_lookup")
        _run_section("Side by side with GoldenDict", "bench.side_by_side")


def _run_section(title: str, module: str) -> None:
    """`python -m <module>` in its own process (each starts Qt or builds libraries its own
    way); a failure is printed and the other sections still run."""
    print(f"\n## {title}", flush=True)
    done = subprocess.run([sys.executable, "-m", module], cwd=REPO_ROOT)
    if done.returncode:
        print(f"({module} exited with {done.returncode})")


def _print_section(title: str, lines: list[str]) -> None:
    print(f"\n## {title}")
    for line in lines:
        print(line)


if __name__ == "__main__":
    sys.exit(main())
