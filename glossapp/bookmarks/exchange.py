"""Bookmarks to and from Markdown, CSV and JSON.

Every format carries every field, so export then import gives back equal bookmarks
(any note length: the CSV field limit is raised for reading). The Markdown is a
mini-glossary meant to be read on its own; each definition also carries its bookmark's
fields in an HTML comment (invisible once rendered), which is what import reads back.
Its links and images go through `markdown.safe_links`, as the renderer's do.

**Import report** (`ImportReport`, what `parse` and `BookmarkStore.import_` return, for
the window's dialog): `added` and `skipped` (already bookmarked, left as they were) are
`Bookmark` lists; `problems` is one line of text per record that could not be read, each
starting with where it is (`"item 3: ..."` in JSON, `"line 12: ..."` in CSV and
Markdown), and `details` the same as `ImportProblem(where, number, message)` records;
`summary()` is one sentence of counts. A malformed record never stops an import: it
becomes a problem and the rest is read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from glossapp.bookmarks.model import Bookmark, clean_tags, normalise_timestamp, now_iso
from glossapp.glossary.model import Entry
from glossapp.markdown.blocks import FenceScanner, LineRole, escape_markdown_html, split_lines
from glossapp.markdown.normalise import normalise_markdown
from glossapp.markdown.safe_links import neutralise_links

FORMATS = ("md", "csv", "json")
FIELDS = tuple(f.name for f in fields(Bookmark))
_SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json"}
_MARKER = "glossapp-bookmark"
_MARKER_LINE = re.compile(r"^<!-- " + _MARKER + r" (\{.*\}) -->$")
_HEADING_LINE = re.compile(r"^ {0,3}(#{1,6})(?=\s|$)")
# Our own CSV holds notes of any length; a C long on every platform.
CSV_FIELD_LIMIT = 2**31 - 1
_TEXT_FIELDS = ("entry_id", "term", "title", "category", "source", "note", "added")


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """A record that could not be read: `where` is "item" (JSON), "line" or "file"."""

    where: str
    number: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.where} {self.number}: {self.message}" if self.number else self.message


@dataclass(slots=True)
class ImportReport:
    added: list[Bookmark] = field(default_factory=list)
    skipped: list[Bookmark] = field(default_factory=list)  # already bookmarked; left as they were
    problems: list[str] = field(default_factory=list)  # one line per record that could not be read
    details: list[ImportProblem] = field(default_factory=list)  # the same, as records

    def problem(self, where: str, number: int | None, message: str) -> None:
        found = ImportProblem(where, number, message)
        self.details.append(found)
        self.problems.append(str(found))

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
    first, *rest = neutralise_links(escape_markdown_html(note)).splitlines() or [""]
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
    body = neutralise_links(escape_markdown_html(normalise_markdown(entry.body))).strip()
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
        records = _csv_records(text, report)
    else:
        records = _markdown_records(text, report)
    bookmarks = []
    for where, number, record in records:
        try:
            bookmark = _from_record(record, report, where, number)
        except _BadRecord as error:
            report.problem(where, number, str(error))
            continue
        bookmarks.append(bookmark)
    return bookmarks, report


class _BadRecord(ValueError):
    pass


_Record = tuple[str, int, Any]


def _json_records(text: str, report: ImportReport) -> list[_Record]:
    try:
        data = json.loads(text)
    except RecursionError:
        return _json_items_one_by_one(text, report)
    except ValueError as error:
        report.problem("file", None, f"not valid JSON: {error}")
        return []
    if isinstance(data, dict):
        data = data.get("bookmarks", [])
    if not isinstance(data, list):
        report.problem("file", None, "JSON must be a list of bookmark objects")
        return []
    return [("item", number, item) for number, item in enumerate(data, start=1)]


def _json_items_one_by_one(text: str, report: ImportReport) -> list[_Record]:
    """A list with an item nested too deeply for Python: each item decoded on its own,
    the deep ones skipped (found by a scan that keeps no stack)."""
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    if text[position : position + 1] != "[":
        report.problem("file", None, "not valid JSON: nested too deeply")
        return []
    records: list[_Record] = []
    position = _skip_space(text, position + 1)
    number = 0
    while position < len(text) and text[position] != "]":
        number += 1
        try:
            item, position = decoder.raw_decode(text, position)
            records.append(("item", number, item))
        except RecursionError:
            report.problem("item", number, "nested too deeply")
            position = _skip_value(text, position)
        except ValueError as error:
            report.problem("file", None, f"not valid JSON: {error}")
            return records
        position = _skip_space(text, position)
        if text[position : position + 1] == ",":
            position = _skip_space(text, position + 1)
    return records


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _skip_value(text: str, position: int) -> int:
    """The end of the JSON array or object starting at `position`."""
    depth = 0
    in_string = False
    while position < len(text):
        char = text[position]
        if in_string:
            if char == "\\":
                position += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return position


def _csv_records(text: str, report: ImportReport) -> list[_Record]:
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    records: list[_Record] = []
    rows: Iterator[dict] = iter(reader)
    while True:
        start = reader.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as error:
            report.problem("line", start, f"unreadable CSV: {error}")
            if reader.line_num < start:  # no progress: stop rather than loop
                break
            continue
        records.append(("line", start, row))
    return records


def _markdown_records(text: str, report: ImportReport) -> list[_Record]:
    """Read the marker right under each `##` heading, skipping code blocks in bodies."""
    records: list[_Record] = []
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
                records.append(("line", number + 3, json.loads(marker.group(1))))
            except RecursionError:
                report.problem("line", number + 3, "unreadable bookmark comment: nested too deeply")
            except ValueError as error:
                report.problem("line", number + 3, f"unreadable bookmark comment: {error}")
    if not records and not report.problems:
        report.problem("file", None, "no Glossapp bookmark comments found in this Markdown")
    return records


def _from_record(record: Any, report: ImportReport, where: str, number: int) -> Bookmark:
    """The bookmark `record` holds; `_BadRecord` says why there is none."""
    if not isinstance(record, dict):
        raise _BadRecord(f"not a bookmark object but {type(record).__name__}")

    def text(name: str) -> str:
        value = record.get(name)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise _BadRecord(f"'{name}' is not text")
        value = str(value)
        _check_unicode(name, value)
        return value

    values = {name: text(name) for name in _TEXT_FIELDS}
    term = values["term"].strip()
    title = values["title"].strip()
    if not term and not title:
        raise _BadRecord("no term")
    raw_tags = record.get("tags") or []
    if isinstance(raw_tags, str):
        tags = raw_tags.split(",")
    elif isinstance(raw_tags, list) and all(isinstance(t, str) for t in raw_tags):
        tags = raw_tags
    else:
        raise _BadRecord("'tags' is neither a list of text nor comma-separated text")
    for tag in tags:
        _check_unicode("tags", tag)
    added = normalise_timestamp(values["added"])
    if added is None and values["added"].strip():
        report.problem(where, number, "'added' is not a readable time; imported as added now")
    return Bookmark(
        entry_id=values["entry_id"].strip(),
        term=term or title,
        title=title or term,
        category=values["category"].strip(),
        source=values["source"].strip(),
        note=values["note"],
        added=added or now_iso(),
        tags=clean_tags(tags),
    )


def _check_unicode(name: str, value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _BadRecord(f"'{name}' holds a lone surrogate (not valid Unicode)") from None
