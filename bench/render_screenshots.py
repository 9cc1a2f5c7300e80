"""Pictures of rendered seed entries in a QTextBrowser, to check the detail pane by eye.

    QT_QPA_PLATFORM=offscreen python -m bench.render_screenshots [OUT_DIR] [--theme dark]

Saves `render-<name>.png` for an entry with a table, one with ASCII diagrams in fences and
one with lists (the seed has no indented sub-lists, so a fixture file supplies a nested one).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "ai-semiconductor-glossary.txt"
NESTED_FIXTURE = REPO / "tests" / "fixtures" / "glossaries" / "blank-lines-nested.md"
SHOTS = {
    "table": (SEED, "multilingual nlp"),
    "diagram": (SEED, "multimodal fusion"),
    "lists": (SEED, "multifc"),
    "nested": (NESTED_FIXTURE, "photolithography"),
}


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", nargs="?", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--theme", default="light", choices=("light", "dark"))
    parser.add_argument("--width", type=int, default=820)
    parser.add_argument("--height", type=int, default=1100)
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication, QTextBrowser

    from glossapp.glossary import library
    from glossapp.render.renderer import Renderer, background_color, stylesheet

    app = QApplication.instance() or QApplication([])
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.theme == "light" else f"-{args.theme}"
    for name, (path, term) in SHOTS.items():
        if not path.exists():
            print(f"skipped {name}: {path} missing", file=sys.stderr)
            continue
        loaded = library.load([path])
        entry = loaded.with_term(term)[0]
        renderer = Renderer(loaded)
        browser = QTextBrowser()
        browser.setOpenLinks(False)
        browser.resize(args.width, args.height)
        browser.setStyleSheet(
            f"QTextBrowser {{ background-color: {background_color(args.theme)}; }}"
        )
        browser.document().setDefaultStyleSheet(stylesheet(args.theme))
        browser.setHtml(renderer.html(entry))
        browser.show()
        app.processEvents()
        target = out_dir / f"render-{name}{suffix}.png"
        browser.grab().save(str(target))
        print(target)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
