"""A bookmark as a record, and the rules its fields follow wherever they come from (the
store, an import, the window): tags, timestamps, and the key that finds an entry again.

A bookmark points at an entry's stable id and also keeps a copy of its term, title,
category and glossary name, so it stays readable when the entry is gone and can find
the entry again when it returns under a new id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from glossapp.glossary.model import Entry

# Ids of bookmarks imported without an entry id; the store's `resolve` re-points them by
# their fields.
PLACEHOLDER_PREFIX = "unresolved:"


@dataclass(frozen=True, slots=True)
class Bookmark:
    entry_id: str
    term: str
    title: str
    category: str
    source: str  # the glossary's display name (Entry.source_name)
    note: str
    added: str  # ISO 8601, UTC
    tags: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        return match_key(self.term, self.category, self.source)

    @classmethod
    def for_entry(cls, entry: Entry, note: str = "", added: str | None = None) -> Bookmark:
        return cls(
            entry_id=entry.id,
            term=entry.term,
            title=entry.title,
            category=entry.category,
            source=entry.source_name,
            note=note,
            added=added or now_iso(),
        )


def match_key(term: str, category: str, source: str) -> tuple[str, str, str]:
    """What finds an entry again when its id changed: same term, category and glossary."""
    return (term.strip().casefold(), category.strip().casefold(), source.strip().casefold())


def placeholder_id(term: str, category: str, source: str) -> str:
    digest = hashlib.blake2b("\x1f".join(match_key(term, category, source)).encode(), digest_size=8)
    return PLACEHOLDER_PREFIX + digest.hexdigest()


def now_iso() -> str:
    return format_timestamp(datetime.now(UTC))


def format_timestamp(moment: datetime) -> str:
    """One fixed layout, so ordering by the text orders by time."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalise_timestamp(text: str) -> str | None:
    """Any ISO 8601 time in the fixed layout (naive times taken as UTC); None if unreadable."""
    try:
        moment = datetime.fromisoformat(text.strip())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return format_timestamp(moment)
    except (ValueError, AttributeError, OverflowError):
        # OverflowError: year 1 with an offset east of UTC falls before year 1 in UTC.
        return None


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags are trimmed, comma-free (CSV joins them with commas), unique, in given order."""
    seen: dict[str, None] = {}
    for tag in tags:
        tag = " ".join(tag.replace(",", " ").split())
        if tag and tag.casefold() not in {t.casefold() for t in seen}:
            seen[tag] = None
    return tuple(seen)
