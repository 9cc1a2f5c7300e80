"""Name keys: every name of every entry, normalised for lookup, sorted with its entry's
position. The parse cache stores them per file, and the search name tier reads them."""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from glossapp.glossary.model import Entry
from glossapp.util.textnorm import normalize

# A list of entries' name keys, sorted, and beside each key its entry's position.
NameKeys = tuple[list[str], list[int]]


def name_keys(entries: Sequence[Entry]) -> NameKeys:
    """Every normalised and compact name of `entries` with its entry's position, sorted by
    key then position. Worth keeping: it is most of the cost of a `NameIndex` (the parse
    cache saves it per file)."""
    pairs: set[tuple[str, int]] = set()
    for position, entry in enumerate(entries):
        for name in entry.names:
            key = normalize(name)
            if key:
                pairs.add((key, position))
                if " " in key:
                    pairs.add((key.replace(" ", ""), position))
    ordered = sorted(pairs)
    return [key for key, _ in ordered], [position for _, position in ordered]


def packed(keys: NameKeys) -> tuple[str, bytes]:
    """`keys` as one string and one byte string, which store and load much faster than
    lists of objects."""
    # Normalised keys never hold a newline (it is a separator, so it became a space).
    return "\n".join(keys[0]), array("q", keys[1]).tobytes()


def unpacked(packed_keys: tuple[str, bytes]) -> NameKeys:
    text, positions = packed_keys
    return (text.split("\n") if text else []), array("q", positions).tolist()
