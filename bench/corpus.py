"""A deterministic N-entry library made from the seed's real sentences under new names.

Each generated entry gets a new two- or three-word name built from the seed's own
vocabulary, a seed category (or, one time in four, aliases instead), and a body of seed
lines: a first line re-headed with the new name, then lines drawn from the seed's
bodies (fences kept whole). Entries are split over files of `FILE_SIZE` entries plus one
small file of `SMALL_FILE_SIZE`, the one the incremental re-index benchmark edits.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from glossapp.glossary import library

FILE_SIZE = 1_000
SMALL_FILE_SIZE = 50
SMALL_FILE_NAME = "bench-small.txt"
_LEADING_BOLD = re.compile(r"^\*\*[^*]+\*\*")
_WORD = re.compile(r"[a-z]{4,12}")


@dataclass(frozen=True, slots=True)
class GeneratedEntry:
    term: str
    header: str
    body_lines: tuple[str, ...]


def _seed_material(seed_file: Path):
    loaded = library.load([seed_file])
    first_lines: list[str] = []
    blocks: list[list[str]] = []  # a single line, or a whole ``` fence
    vocabulary: set[str] = set()
    categories = sorted({e.category for e in loaded.entries if e.category})
    for entry in loaded.entries:
        lines = entry.body.split("\n")
        if lines and _LEADING_BOLD.match(lines[0]):
            first_lines.append(lines[0])
        fence: list[str] | None = None
        for line in lines[1:]:
            if line.startswith("```"):
                if fence is None:
                    fence = [line]
                    continue
                fence.append(line)
                blocks.append(fence)
                fence = None
            elif fence is not None:
                fence.append(line)
            elif line.strip():
                blocks.append([line])
        for name in entry.names:
            vocabulary.update(_WORD.findall(name.lower()))
        vocabulary.update(_WORD.findall(entry.body.lower()))
    return first_lines, blocks, sorted(vocabulary), categories


def generate(count: int, seed_file: Path, seed: int = 20261128) -> list[GeneratedEntry]:
    rng = random.Random(seed)
    first_lines, blocks, vocabulary, categories = _seed_material(seed_file)
    entries: list[GeneratedEntry] = []
    used: set[str] = set()
    while len(entries) < count:
        words = rng.sample(vocabulary, rng.choice((2, 2, 3)))
        term = " ".join(words)
        if term in used:
            continue
        used.add(term)
        title = " ".join(w.capitalize() for w in words)
        if rng.random() < 0.25:
            aliases = [" ".join(rng.sample(vocabulary, 2)) for _ in range(rng.choice((2, 3)))]
            header = ",".join([term, *aliases])
        else:
            header = f"{term}, {rng.choice(categories)}"
        first = _LEADING_BOLD.sub(f"**{title}**", rng.choice(first_lines), count=1)
        body = [first]
        for _ in range(rng.randint(10, 30)):
            body.extend(rng.choice(blocks))
        entries.append(GeneratedEntry(term, header, tuple(body)))
    return entries


def write_library(entries: list[GeneratedEntry], folder: Path) -> list[Path]:
    """Glossary files in `folder`: the small one first, then the rest in FILE_SIZE chunks."""
    folder.mkdir(parents=True, exist_ok=True)
    chunks = [(SMALL_FILE_NAME, entries[:SMALL_FILE_SIZE])]
    rest = entries[SMALL_FILE_SIZE:]
    for number, start in enumerate(range(0, len(rest), FILE_SIZE)):
        chunks.append((f"bench-{number:03d}.txt", rest[start : start + FILE_SIZE]))
    written = []
    for name, chunk in chunks:
        text = "\n".join(f"{e.header}\n" + "\n".join(e.body_lines) for e in chunk) + "\n"
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
