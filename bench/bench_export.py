"""Document export speed: 100 and 1,000 entries to PDF, ODT, HTML and Markdown.

    QT_QPA_PLATFORM=offscreen python -m bench.bench_export

Entries come from `bench.corpus` (the seed's real bodies under new names: tables, lists,
code and diagrams). Each figure is one export from a fresh `GlossaryDocument` (so the
entries are rendered every time) to bytes, as the command and the dialog do, with the
library's `Renderer` already built (the window has one). Target: 1,000 entries to PDF
in a few seconds. `run()` returns the report lines; `main()` prints them.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus
from glossapp.glossary import library
from glossapp.render.document import DocumentOptions, GlossaryDocument
from glossapp.render.renderer import Renderer

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = REPO_ROOT / "seeds" / "ai-semiconductor-glossary.txt"
SIZES = (100, 1_000)
FORMATS = ("pdf", "odt", "html", "md")
PDF_TARGET_S = 5.0  # "a few seconds" for 1,000 entries


def run(sizes: tuple[int, ...] = SIZES) -> list[str]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from glossapp.ui import documents

    documents.ensure_gui_application()
    lines = []
    with tempfile.TemporaryDirectory(prefix="glossapp-bench-export-") as scratch:
        folder = Path(scratch)
        generated = corpus.generate(max(sizes), SEED_FILE)
        loaded = library.load(corpus.write_library(generated, folder / "library"))
        renderer = Renderer(loaded)
        entries = list(loaded.entries)
        for size in sizes:
            chosen = entries[:size]
            row = []
            for fmt in FORMATS:
                document = GlossaryDocument(renderer, chosen, DocumentOptions(title="Bench"))
                started = time.perf_counter()
                data = documents.document_bytes(document, fmt)
                seconds = time.perf_counter() - started
                extra = ""
                if fmt == "pdf":
                    extra = f", {len(data) / 1e6:.1f} MB"
                    if size >= 1_000:
                        verdict = "met" if seconds <= PDF_TARGET_S else "MISSED"
                        extra += f", target ≤ {PDF_TARGET_S:.0f} s {verdict}"
                row.append(f"{fmt} {seconds:6.2f} s{extra}")
            lines.append(f"{size:>5} entries: " + "   ".join(row))
    return lines


def main(argv: list[str] | None = None) -> int:
    print("Document export (fresh document each time; renderer already built)")
    for line in run():
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
