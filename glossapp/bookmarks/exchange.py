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

from glossapp.bookmarks.model import Bookmark, clean_tags, normalise_timestamp, now_iso
from glossapp.glossary.model import Entry
from glossapp.markdown.blocks import FenceScanner, LineRole, escape_markdown_html, split_lines
from glossapp.markdown.normalise import normalise_markdown

FORMATS = ("md", "csv", "json")
FIELDS = tuple(f.name for f in fields(Bookmark))
_SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json"}
_MARKER = "glossapp-bookmark"
_MARKER_LINE = re.compile(r"^<!-- " + _MARKER + r" (\{.*\}) -->$")
_HEADING_LINE = re.compile(r"^ {0,3}(#{1,6})(?=\s|$)")


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


def export(resolved: list[tuple[Bookmark, Entry | None]], fmt: str) -> str:
    """Bookmarks with their entries (None when missing), as `BookmarkStore.resolve` gives."""
    fmt = check_format(fmt)
    bookmarks = [bookmark for bookmark, _ in resolved]
    if fmt == "json":
        return export_json(bookmarks)
    if fmt == "csv":
        return export_csv(bookmarks)
    return export_markdown(resolved)


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


def export_markdown(resolved: list[tuple[Bookmark, Entry | None]]) -> str:
    count = len(resolved)
    lines = [
        "# Bookmarked definitions",
        "",
        f"Exported from Glossapp on {now_iso()[:16].replace('T', ' ')} UTC: "
        f"{count} definition{'s' if count != 1 else ''}.",
    ]
    for bookmark, entry in resolved:
        heading = _markdown_text(bookmark.title or bookmark.term)
        lines += ["", "---", "", f"## {heading}", ""]
        lines.append(f"<!-- {_MARKER} {_comment_safe_json(_record(bookmark))} -->")
        lines.append("")
        facts = [
            f"*{_markdown_text(bookmark.category)}*" if bookmark.category else "",
            f"glossary: {_markdown_text(bookmark.source)}" if bookmark.source else "",
            f"term: {_markdown_text(bookmark.term)}"
            if bookmark.term.casefold() != bookmark.title.casefold()
            else "",
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
            if entry.aliases:
                aliases = ", ".join(_markdown_text(alias) for alias in entry.aliases)
                lines += [f"Also known as: {aliases}", ""]
            lines.append(_entry_markdown(entry))
    return "\n".join(lines) + "\n"


def _note_lines(note: str) -> list[str]:
    first, *rest = escape_markdown_html(note).splitlines() or [""]
    return [f"**Note:** {first}", *rest]


def _markdown_text(text: str) -> str:
    """A kept field as literal Markdown on one line."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", " ".join(text.split()))


def _comment_safe_json(record: dict) -> str:
    # Inside an HTML comment "--" and ">" must not appear; JSON escapes read back the same.
    text = json.dumps(record, ensure_ascii=False)
    text = re.sub("-(?=-)", lambda _: "\\u002d", text)
    return text.replace(">", "\\u003e").replace("<", "\\u003c")


def _entry_markdown(entry: Entry) -> str:
    """The body as the renderer's "Copy as Markdown" writes it (normalised, raw HTML shown as
    text), without its `#` title block: the export writes its own heading and details."""
    body = escape_markdown_html(normalise_markdown(entry.body)).strip()
    return fit_body(body)


def fit_body(markdown: str, levels: int = 2) -> str:
    """Body headings go under the entry's `##`, and a fence left open is closed, so the
    export keeps one outline and import can skip code blocks reliably (fences as
    `markdown.blocks` reads them, the renderer's)."""
    out = []
    fences = FenceScanner()
    for line in split_lines(markdown):
        if fences.role(line) is LineRole.TEXT and (heading := _HEADING_LINE.match(line)):
            hashes = "#" * min(6, len(heading.group(1)) + levels)
            line = hashes + line[heading.end(1) :]
        out.append(line)
    if fences.fence is not None:
        out.append(fences.fence.marker)
    return "\n".join(out)


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
    """Read the marker right under each `##` heading, skipping code blocks in bodies."""
    records = []
    lines = split_lines(text)
    fences = FenceScanner()
    for number, line in enumerate(lines):
        if fences.role(line) is not LineRole.TEXT:
            continue
        if line.startswith("## ") and lines[number + 1 : number + 2] == [""]:
            marker = _MARKER_LINE.match(lines[number + 2]) if number + 2 < len(lines) else None
            if marker is None:
                continue
            try:
                records.append(json.loads(marker.group(1)))
            except ValueError as error:
                report.problems.append(f"line {number + 3}: unreadable bookmark comment: {error}")
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
