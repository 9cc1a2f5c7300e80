"""Rendering speed: per seed entry (cold and cached), each output, and a large library.

    python -m bench.bench_render          (also part of `make bench`)

`run()` returns the report lines; `bench/__main__.py` prints them under "Rendering".
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from glossapp.glossary import library
from glossapp.markdown.plain_text import index_plain_text
from glossapp.render.renderer import Renderer, body_plain_text

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = REPO_ROOT / "seeds" / "ai-semiconductor-glossary.txt"
LARGE_SIZE = 10_000
LARGE_SAMPLE = 200


def _ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _summary(label: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"{label:<44} median {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms   "
        f"max {ordered[-1]:7.2f} ms   (n={len(ordered)})"
    )


def seed_report(loaded: library.Library) -> list[str]:
    entries = loaded.entries
    lines = []
    build = _ms(lambda: Renderer(loaded))
    renderer = Renderer(loaded)
    relations = _ms(lambda: renderer.backlinks(entries[0]))
    lines.append(f"{'Renderer(library) build, 50 seed entries':<44} {build:7.2f} ms")
    lines.append(f"{'backlinks index, first use':<44} {relations:7.2f} ms")
    lines.append(
        _summary("html(entry), cold", [_ms(lambda e=e: renderer.html(e)) for e in entries])
    )
    lines.append(
        _summary("html(entry), cached", [_ms(lambda e=e: renderer.html(e)) for e in entries])
    )
    for label, output in (
        ("plain_text(entry, citation=True)", lambda e: renderer.plain_text(e, citation=True)),
        ("markdown(entry, citation=True)", lambda e: renderer.markdown(e, citation=True)),
        ("clipboard_html(entry, citation=True)", lambda e: renderer.clipboard_html(e, True)),
        ("body_plain_text(body) (clipboard and CLI text)", lambda e: body_plain_text(e.body)),
        ("index_plain_text(body) (search index text)", lambda e: index_plain_text(e.body)),
    ):
        lines.append(_summary(label, [_ms(lambda e=e, out=output: out(e)) for e in entries]))
    return lines


def large_report(size: int = LARGE_SIZE) -> list[str]:
    from bench import corpus

    with tempfile.TemporaryDirectory() as folder:
        corpus.write_library(corpus.generate(size, SEED_FILE), Path(folder))
        loaded = library.load([folder])
    holder: list[Renderer] = []
    build = _ms(lambda: holder.append(Renderer(loaded)))
    renderer = holder[0]
    sample = loaded.entries[:: max(1, len(loaded.entries) // LARGE_SAMPLE)][:LARGE_SAMPLE]
    size = f"{len(loaded.entries):,}"
    # cold: a fresh renderer, so the first entry pays for the whole-library tables
    # (bodies as one text, the word-frequency sample) as the first view would
    body_only = [_ms(lambda e=e: renderer.html(e, related=False)) for e in sample]
    related = [_ms(lambda e=e: renderer.related_html(e)) for e in sample]
    fresh = Renderer(loaded)
    whole = [_ms(lambda e=e: fresh.html(e)) for e in sample]
    return [
        f"{f'Renderer(library) build, {size} entries':<44} {build:7.0f} ms",
        _summary(f"html(entry, related=False), cold, {size}", body_only),
        _summary(f"related_html(entry), cold, {size}", related),
        f"{'  of which the first (whole-library tables)':<44} {related[0]:7.0f} ms",
        _summary(f"html(entry), cold, {size}-entry library", whole),
    ]


HOSTILE_BODIES = {
    "1,000-level nested list": "\n".join("  " * i + f"- level {i}" for i in range(1000)),
    "1,000 list markers on one line": "- " * 1000 + "deep",
    "10,000 nested quotes": ">" * 10000 + " deep",
    "10,000 nested brackets": "[" * 10000 + "deep" + "]" * 10000,
    "10,000 emphasis markers": "*" * 10000 + "deep" + "*" * 10000,
    "20,000-item list": "\n".join(f"- item {i}" for i in range(20000)),
}


def hostile_report() -> list[str]:
    """Deeply nested or huge bodies must render (flattened) within a second each."""
    return [
        f"{f'body_plain_text: {label}':<44} {_ms(lambda b=body: body_plain_text(b)):7.1f} ms"
        for label, body in HOSTILE_BODIES.items()
    ]


def run(large_size: int = LARGE_SIZE) -> list[str]:
    loaded = library.load([SEED_FILE])
    lines = [f"Seed: {len(loaded.entries)} entries, {SEED_FILE.name}"]
    lines += seed_report(loaded)
    lines.append("Hostile bodies:")
    lines += hostile_report()
    if large_size:
        lines.append(f"Generated library ({large_size:,} entries, bench/corpus.py):")
        lines += large_report(large_size)
    return lines


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else LARGE_SIZE
    print("\n".join(run(size)))
