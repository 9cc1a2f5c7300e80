"""Cross-links per entry on the seed and on a real glossary (FOLDOC), and what they link.

    python -m bench.bench_links [GLOSSARY ...]

Without arguments: the seed and `/tmp/glossaries/foldoc.txt` when it exists (make it with
`python -m bench.dictd foldoc jargon --out /tmp/glossaries`). For each glossary it renders
every entry's body (or an evenly spread sample of `SAMPLE` entries) with cross-links and
reports links per entry (mean, median, share of entries with one or more), the most
linked mention texts, links whose text is three characters or fewer, and links that
touch a word character or a dot on either side (a piece of a word, or of a host name).
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from glossapp.glossary import library
from glossapp.render.renderer import Renderer

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = REPO_ROOT / "seeds" / "ai-semiconductor-glossary.txt"
FOLDOC_FILE = Path("/tmp/glossaries/foldoc.txt")
SAMPLE = 2000
TOP = 25
_XREF = re.compile(r"<a [^>]*class=\"xref\"[^>]*>(.*?)</a>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def _plain(fragment: str) -> str:
    import html

    return html.unescape(_TAGS.sub("", fragment))


def measure(path: Path, sample: int = SAMPLE) -> list[str]:
    loaded = library.load([path])
    started = time.perf_counter()
    renderer = Renderer(loaded)
    build = time.perf_counter() - started
    entries = loaded.entries
    if len(entries) > sample:
        entries = entries[:: len(entries) // sample][:sample]
    per_entry: list[int] = []
    texts: Counter[str] = Counter()
    short = 0
    glued = 0
    started = time.perf_counter()
    for entry in entries:
        rendered = renderer.linked_body_html(entry)
        found = list(_XREF.finditer(rendered))
        per_entry.append(len(found))
        for match in found:
            text = _plain(match.group(1))
            texts[text.lower()] += 1
            if len(text) <= 3:
                short += 1
            before = _plain(rendered[: match.start()])[-1:]
            after = _plain(rendered[match.end() :])[:1]
            if re.match(r"[\w.]", before) or re.match(r"\w", after):
                glued += 1
    elapsed = time.perf_counter() - started
    total = sum(per_entry)
    top = ", ".join(f"{text!r} {count}" for text, count in texts.most_common(TOP))
    return [
        f"{path.name}: {len(loaded.entries):,} entries, {len(entries):,} rendered "
        f"(renderer built in {build:.2f} s, bodies in {elapsed:.1f} s)",
        f"  links per entry: mean {total / max(1, len(entries)):.2f}, "
        f"median {statistics.median(per_entry) if per_entry else 0:g}, "
        f"entries with a link {sum(1 for n in per_entry if n) / max(1, len(entries)):.0%}, "
        f"distinct texts {len(texts):,}",
        f"  links of 3 characters or fewer: {short:,} of {total:,}; "
        f"touching a word character or a dot: {glued:,}",
        f"  most linked: {top}",
    ]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(arg) for arg in args] or [SEED_FILE, FOLDOC_FILE]
    for path in paths:
        if not path.exists():
            print(f"{path}: not found (python -m bench.dictd foldoc --out {path.parent})")
            continue
        print("\n".join(measure(path)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
