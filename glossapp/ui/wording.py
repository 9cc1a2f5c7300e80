"""Counted nouns for status lines: "1 entry", "2 entries", "1,204 results"."""


def count(number: int, singular: str, plural: str | None = None) -> str:
    noun = singular if number == 1 else (plural or singular + "s")
    return f"{number:,} {noun}"
