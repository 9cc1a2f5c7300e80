"""Bookmarks to and from Markdown, CSV and JSON.

Every format carries every field, so export then import gives back equal bookmarks.
The Markdown is a mini-glossary meant to be read on its own; each definition also
carries its bookmark's fields in an HTML comment (invisible once rendered), which is
what import reads back.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from glossapp.core.bookmarks import Bookmark, clean_tags, normalise_timestamp, now_iso
from glossapp.core.library import Library
from glossapp.core.model import Entry

FORMATS = ("md", "csv", "json")
FIELDS = tuple(f.name for f in fields(Bookmark))
_SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json"}
_MARKER = "glossapp-bookmark"
_MARKER_PATTERN = re.compile(r"<!--\s*" + _MARKER + r"\s+(\{.*?\})\s*-->")
_FENCE = "```"


@dataclass(slots=True)
class ImportReport:
    added: list[Bookmark] = field(default_factory=list)
    skipped: list[Bookmark] = field(default_factory=list)  # already bookmarked; left as they were
    problems: list[str] = field(default_factory=list)  # records that could not be read

    def summary(self) -> str:
        text = f"added {len(self.added)}, skipped {len(self.skipped)} already bookmarked"
        if self.problems:
            text += f", {len(self.problems)} unreadable"
        return text


def format_for_path(path: str | Path) -> str | None:
    return _SUFFIX_FORMATS.get(Path(path).suffix.lower())


def check_format(fmt: str) -> str:
    fmt = fmt.lower().lstrip(".")
    fmt = "md" if fmt == "markdown" else fmt
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return fmt


# ---------------------------------------------------------------------------- export


def export(resolved: list[tuple[Bookmark, Entry | None]], fmt: str, library: Library) -> str:
    fmt = check_format(fmt)
    bookmarks = [bookmark for bookmark, _ in resolved]
    if fmt == "json":
        return export_json(bookmarks)
    if fmt == "csv":
        return export_csv(bookmarks)
    return export_markdown(resolved, library)


def _record(bookmark: Bookmark) -> dict:
    return {
        "entry_id": bookmark.entry_id,
        "term": bookmark.term,
        "title": bookmark.title,
        "category": bookmark.category,
        "source": bookmark.source,
        "note": bookmark.note,
        "added": bookmark.added,
        "tags": list(bookmark.tags),
    }


def export_json(bookmarks: list[Bookmark]) -> str:
    return json.dumps([_record(b) for b in bookmarks], indent=2, ensure_ascii=False) + "\n"


def export_csv(bookmarks: list[Bookmark]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for bookmark in bookmarks:
        record = _record(bookmark)
        record["tags"] = ", ".join(bookmark.tags)
        writer.writerow(record)
    return out.getvalue()


def export_markdown(resolved: list[tuple[Bookmark, Entry | None]], library: Library) -> str:
    render = _markdown_renderer(library)
    count = len(resolved)
    lines = [
        "# Bookmarked definitions",
        "",
        f"Exported from Glossapp on {now_iso()[:16].replace('T', ' ')} UTC: "
        f"{count} definition{'s' if count != 1 else ''}.",
    ]
    for bookmark, entry in resolved:
        lines += ["", "---", "", f"## {_one_line(bookmark.title or bookmark.term)}", ""]
        lines.append(f"<!-- {_MARKER} {_comment_safe_json(_record(bookmark))} -->")
        lines.append("")
        facts = [
            f"*{_one_line(bookmark.category)}*" if bookmark.category else "",
            f"glossary: {_one_line(bookmark.source)}" if bookmark.source else "",
            f"term: `{_one_line(bookmark.term)}`" if bookmark.term != bookmark.title else "",
            f"bookmarked {bookmark.added[:10]}",
        ]
        lines.append(" · ".join(fact for fact in facts if fact))
        if bookmark.tags:
            lines += ["", "Tags: " + ", ".join(bookmark.tags)]
        if bookmark.note:
            lines.append("")
            lines += [f"> {line}".rstrip() for line in _note_lines(bookmark.note)]
        lines.append("")
        if entry is None:
            lines.append("*This entry is missing from the library now; only the bookmark is kept.*")
        else:
            lines.append(render(entry).strip())
    return "\n".join(lines) + "\n"


def _note_lines(note: str) -> list[str]:
    first, *rest = note.splitlines() or [""]
    return [f"**Note:** {first}", *rest]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _comment_safe_json(record: dict) -> str:
    # Inside an HTML comment "--" and ">" must not appear; JSON escapes read back the same.
    text = json.dumps(record, ensure_ascii=False)
    text = re.sub("-(?=-)", lambda _: "\\u002d", text)
    return text.replace(">", "\\u003e").replace("<", "\\u003c")


def _markdown_renderer(library: Library):
    """The rendering helper's Markdown when it exists, else the body one block per line."""
    try:
        from glossapp.core.render import Renderer
    except ImportError:
        return _blocks_per_line
    renderer = Renderer(library)
    return renderer.markdown if hasattr(renderer, "markdown") else _blocks_per_line


def _blocks_per_line(entry: Entry) -> str:
    """Seed bodies put one block per line; Markdown needs blank lines between them."""
    out: list[str] = []
    in_fence = False
    for line in entry.body.splitlines():
        starts_fence = line.lstrip().startswith(_FENCE)
        if not in_fence and out and out[-1] != "" and not _same_block(out[-1], line):
            out.append("")
        out.append(line)
        if starts_fence:
            in_fence = not in_fence
    return "\n".join(out)


def _same_block(previous: str, line: str) -> bool:
    """Consecutive list items or table rows stay together; everything else is split."""

    def kind(text: str) -> str:
        stripped = text.lstrip()
        if stripped.startswith("|"):
            return "table"
        if re.match(r"([-*+]|\d+[.)])\s", stripped):
            return "list"
        return "text"

    return kind(previous) == kind(line) != "text"


# ---------------------------------------------------------------------------- import


def parse(text: str, fmt: str) -> tuple[list[Bookmark], ImportReport]:
    fmt = check_format(fmt)
    report = ImportReport()
    if fmt == "json":
        records = _json_records(text, report)
    elif fmt == "csv":
        records = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    else:
        records = _markdown_records(text, report)
    bookmarks = []
    for number, record in enumerate(records, start=1):
        bookmark = _from_record(record)
        if bookmark is None:
            report.problems.append(f"record {number}: no term")
        else:
            bookmarks.append(bookmark)
    return bookmarks, report


def _json_records(text: str, report: ImportReport) -> list[dict]:
    try:
        data = json.loads(text)
    except ValueError as error:
        report.problems.append(f"not valid JSON: {error}")
        return []
    if isinstance(data, dict):
        data = data.get("bookmarks", [])
    if not isinstance(data, list):
        report.problems.append("JSON must be a list of bookmark objects")
        return []
    records = [item for item in data if isinstance(item, dict)]
    if len(records) != len(data):
        report.problems.append(f"{len(data) - len(records)} JSON item(s) are not objects")
    return records


def _markdown_records(text: str, report: ImportReport) -> list[dict]:
    records = []
    for match in _MARKER_PATTERN.finditer(text):
        try:
            records.append(json.loads(match.group(1)))
        except ValueError as error:
            report.problems.append(f"unreadable bookmark comment: {error}")
    if not records and not report.problems:
        report.problems.append("no Glossapp bookmark comments found in this Markdown")
    return records


def _from_record(record: dict) -> Bookmark | None:
    def text(name: str) -> str:
        value = record.get(name)
        return value if isinstance(value, str) else "" if value is None else str(value)

    term = text("term").strip()
    title = text("title").strip()
    if not term and not title:
        return None
    raw_tags = record.get("tags") or []
    tags = raw_tags.split(",") if isinstance(raw_tags, str) else [str(t) for t in raw_tags]
    return Bookmark(
        entry_id=text("entry_id").strip(),
        term=term or title,
        title=title or term,
        category=text("category").strip(),
        source=text("source").strip(),
        note=text("note"),
        added=normalise_timestamp(text("added")) or now_iso(),
        tags=clean_tags(tags),
    )
