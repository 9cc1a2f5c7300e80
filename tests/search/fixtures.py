"""Small glossaries and a seed engine shared by the search tests."""

from __future__ import annotations

from pathlib import Path

ALPHA = """\
calibration drift, metrology
**Calibration drift** is the slow change of an instrument's reading over time.
- **Cause**: ageing of the reference.
naive bayes, machine learning
**Naïve Bayes** is a probabilistic classifier with strong independence assumptions.
"""

BETA = """\
wafer map, yield
**Wafer map** shows which dies on a wafer pass or fail electrical test.
thermal budget, process
**Thermal budget** is the total heat a wafer receives during processing.
"""


def write_small_library(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    alpha = folder / "alpha.txt"
    beta = folder / "beta.txt"
    alpha.write_text(ALPHA, encoding="utf-8")
    beta.write_text(BETA, encoding="utf-8")
    return [alpha, beta]
