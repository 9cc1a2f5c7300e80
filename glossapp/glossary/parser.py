"""Reading glossary files: bytes to text, text to entries, with diagnostics for bad input.

A glossary is a sequence of entries. Each starts with a lowercase header line,
`term, category` or `term,alias,alias,...`, followed by a Markdown body that runs up to
the next header. Which lines are headers is decided in one place, `BODY_GUARDS` below,
and every line of a header's shape read as body text gets an `info` diagnostic. Lines inside code fences (``` or ~~~, as `markdown.blocks` recognises
them, the renderer's rule) are never headers, with one exception: a fence that is never
closed gives up a plain word-list line that looks like a header, which then starts the
next entry, and the fence is closed at the end of its own entry.

Nothing here raises on bad input: every problem becomes a `Diagnostic` naming the file
and line, and every line that is not a header ends up in an entry or in a diagnostic.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from glossapp.glossary import reading
from glossapp.glossary.model import Diagnostic, Entry, Severity, stable_entry_id
from glossapp.markdown.blocks import Fence, fence_opening, is_fence_close

HEADER_HELP = (
    "a header is a lowercase line with a comma, such as `term, category` "
    "or `term,alias,alias`, followed by the definition's lines"
)

# Inside a fence only a plain list of words separated by commas may close it early.
_PLAIN_HEADER = re.compile(r"[^\W_][\w .&/'+-]*(,[\w .&/'+-]*)+", re.UNICODE)
_LEADING_BOLD = re.compile(r"\*\*(?P<name>[^*\n]{1,100}?)\*\*")
_SNIPPET = 60


@dataclass(slots=True)
class ParseResult:
    entries: list[Entry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    refused: bool = False  # not read as a glossary at all (binary, unreadable, not a file)
    metadata: dict[str, str] = field(default_factory=dict)  # the file's `% key: value` block


# ---------------------------------------------------------------------------- metadata

# The optional block at the very top of a file, before the first header: lines such as
# `% title: The Free On-line Dictionary of Computing`, `% url: https://foldoc.org/` and
# `% licence: GFDL 1.1`, blank lines allowed between them. A `%` line is never a header
# and never an entry's text, so older files (which have none) read exactly as before.
_METADATA_LINE = re.compile(r"%[ \t]*(?P<key>[A-Za-z][\w -]{0,30}?)[ \t]*:[ \t]*(?P<value>.*)")
METADATA_KEYS = {"license": "licence"}  # spellings read as the same key


def read_metadata(lines: list[str]) -> tuple[dict[str, str], int]:
    """The metadata block of a file's lines: its values by lowercase key (the first of
    each key wins), and the number of the block's last line (0 when there is none)."""
    metadata: dict[str, str] = {}
    last = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        found = _METADATA_LINE.fullmatch(line.strip())
        if found is None:
            break
        key = " ".join(found["key"].lower().split())
        key = METADATA_KEYS.get(key, key)
        value = found["value"].strip()
        if value:
            metadata.setdefault(key, value)
        last = number
    return metadata, last


def metadata_of_file(path: Path, limit: int = 16 * 1024) -> dict[str, str]:
    """The metadata block of a file, read from its first `limit` bytes (the parse cache
    keeps entries, not the block: this reads it again cheaply)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(limit)
    except OSError:
        return {}
    if not head.lstrip(codecs.BOM_UTF8).lstrip().startswith(b"%"):
        return {}
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    return read_metadata(split_lines(text)[:-1] if len(head) == limit else split_lines(text))[0]


# ---------------------------------------------------------------------------- decoding


def decode_glossary(data: bytes, source: str) -> tuple[str, list[Diagnostic]]:
    """Decode file bytes to text, reporting every byte that had to be replaced or dropped."""
    diagnostics: list[Diagnostic] = []
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        text = data.decode("utf-32", errors="replace")
        diagnostics.append(
            _diag(source, 1, Severity.INFO, "file is UTF-32 (byte order mark); read as UTF-32")
        )
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        diagnostics.append(
            _diag(source, 1, Severity.INFO, "file is UTF-16 (byte order mark); read as UTF-16")
        )
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        text = _decode_utf8_reporting(data, source, diagnostics)
    if "\x00" in text:
        text = _drop_nul_bytes(text, source, diagnostics)
    return text, diagnostics


def _decode_utf8_reporting(data: bytes, source: str, diagnostics: list[Diagnostic]) -> str:
    """UTF-8, each invalid sequence replaced with U+FFFD and counted per line; or, for a
    file that is mostly not UTF-8 and reads cleanly as Windows-1252, that. One pass each."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Each byte that is not valid UTF-8 becomes one lone surrogate (U+DC80..U+DCFF), and
    # line breaks stay where they are: one scan finds them, one bisect places each run.
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad_runs = [(run.start(), run.end()) for run in _ESCAPED_BYTES.finditer(escaped)]
    bad_total = sum(end - start for start, end in bad_runs)
    high_bytes = len(data) - len(data.translate(None, _HIGH_BYTES))
    if bad_total * 2 > high_bytes:
        # most non-ASCII bytes are not UTF-8: a Latin-1 or Windows-1252 file
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            diagnostics.append(
                _diag(
                    source,
                    1,
                    Severity.WARNING,
                    f"file is not UTF-8 ({bad_total} byte(s) are not valid UTF-8); "
                    "read as Windows-1252",
                )
            )
            return text
    breaks = [match.start() for match in _LINE_BREAK.finditer(escaped)]
    bad_bytes_per_line: Counter[int] = Counter()
    for start, end in bad_runs:
        bad_bytes_per_line[bisect.bisect_right(breaks, start) + 1] += end - start
    for line, count in sorted(bad_bytes_per_line.items()):
        diagnostics.append(
            _diag(
                source,
                line,
                Severity.WARNING,
                f"{count} byte(s) that are not valid UTF-8 replaced with \ufffd",
            )
        )
    return data.decode("utf-8", errors="replace")


_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")
_LINE_BREAK = re.compile("\r\n|\r|\n")
_HIGH_BYTES = bytes(range(0x80, 0x100))


# Bytes no text file holds: C0 controls other than tab, line feed, vertical tab, form
# feed, carriage return and escape, and DEL. A file whose first `_SAMPLE_BYTES` hold at
# least `_BINARY_MIN` of them, making up `_BINARY_PERCENT` % or more, is binary (an
# image, an archive, random bytes): refused at once instead of decoded into noise. A text
# file with a stray NUL or two is read, the NULs dropped and reported.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_SAMPLE_BYTES = 64 * 1024
_BINARY_MIN = 8
_BINARY_PERCENT = 3
_UNICODE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def binary_reason(data: bytes) -> str | None:
    """Why `data` is not text, or None (a UTF-16 or UTF-32 file with its byte order mark
    is text)."""
    if data.startswith(_UNICODE_BOMS):
        return None
    sample = data[:_SAMPLE_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls >= _BINARY_MIN and controls * 100 >= len(sample) * _BINARY_PERCENT:
        return (
            f"binary file, not text ({controls:,} control bytes, {sample.count(0):,} of them "
            f"NUL, in its first {len(sample):,} bytes): not read "
            "(a UTF-16 glossary needs its byte order mark)"
        )
    return None


def _drop_nul_bytes(text: str, source: str, diagnostics: list[Diagnostic]) -> str:
    for number, line in enumerate(split_lines(text), start=1):
        if "\x00" in line:
            diagnostics.append(
                _diag(source, number, Severity.WARNING, f"{line.count(chr(0))} NUL byte(s) dropped")
            )
    return text.replace("\x00", "")


# ---------------------------------------------------------------------------- headers


# The header rule, in one place.
#
# The format: a header is a lowercase line with a comma, outside a code fence. Terms are
# programming vocabulary (`c#`, `.net`, `/dev/null`, `un*x`, `[incr tcl]`, `<g>`, `(tm)`,
# `??`, `$1`), so the characters in a line never disqualify it; only a line that begins
# with an unambiguous Markdown *block* construct is kept as body text, because that is
# what the author wrote it as. Each guard, with its reason:
BODY_GUARDS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Indentation is structure: a line starting with a space or tab continues the block
    # above (a nested list item, a list item's or paragraph's next line) or is indented
    # code. A header starts at the left margin.
    (re.compile(r"[ \t]"), "it is indented (a continuation of the block above, or code)"),
    # `- `, `* `, `+ ` followed by text: a bullet list item. `-oid`, `*lisp`, `**bold**`
    # and `+x` have no space after the marker and are not list items.
    (re.compile(r"[-*+][ \t]+\S"), "it looks like a list item ('- ', '* ' or '+ ' then text)"),
    # `1. ` or `1) ` followed by text: a numbered list item (`1.5`, `2)x` are not).
    (re.compile(r"\d{1,9}[.)][ \t]+\S"), "it looks like a numbered list item ('1. ' or '1) ')"),
    # A line starting with `|` is a table row (`c|n>k` has its bar inside).
    (re.compile(r"\|"), "it starts with '|' (a table row)"),
    # `> ` starts a block quote.
    (re.compile(r">[ \t]"), "it looks like a block quote ('> ')"),
    # `#` to `######` then a space is an ATX heading (`c#`, `#define`, `##x` are not).
    (re.compile(r"#{1,6}[ \t]"), "it looks like a Markdown heading ('# ' then text)"),
    # `[label]: destination` defines a link and renders as nothing (`[incr tcl], x` has
    # no colon after the bracket).
    (re.compile(r"\[[^\]]+\]:[ \t]*\S"), "it looks like a link reference definition ('[x]: url')"),
    # Not Markdown but the format: the first item is the term, and it cannot be empty.
    (re.compile(r","), "it has nothing before the first comma (no term)"),
)


def header_shape(line: str) -> bool:
    """The format's shape of a header: a lowercase line with a comma (fences aside)."""
    return "," in line and line == line.lower()


def body_reason(line: str) -> str | None:
    """Why a line of header shape is body text instead (its guard's reason), or None."""
    for pattern, reason in BODY_GUARDS:
        if pattern.match(line):
            return reason
    return None


def is_header(line: str) -> bool:
    """True for a line that starts an entry (outside a fence): see `BODY_GUARDS`."""
    return header_shape(line) and body_reason(line) is None


def split_lines(text: str) -> list[str]:
    """Lines split at CRLF, CR or LF (and nothing else, unlike str.splitlines)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def _closes_fence_as_header(line: str) -> bool:
    """Inside a fence only a plain word list may be a header: code and diagrams never are."""
    return is_header(line) and _PLAIN_HEADER.fullmatch(line.rstrip()) is not None


class _LaterCloses:
    """Which lines of a file could close a fence, to ask whether an open fence is closed
    later on. Listed on first need: only a fence with a header-like line inside asks."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        # per fence character: line numbers of bare runs, and the longest run from each on
        self._numbers: dict[str, list[int]] | None = None
        self._longest_from: dict[str, list[int]] = {}

    def after(self, fence: Fence, number: int) -> bool:
        """Whether a line after line `number` closes `fence`."""
        if self._numbers is None:
            self._index()
        assert self._numbers is not None
        numbers = self._numbers.get(fence.char, [])
        at = bisect.bisect_right(numbers, number)
        return at < len(numbers) and self._longest_from[fence.char][at] >= len(fence.marker)

    def _index(self) -> None:
        numbers: dict[str, list[int]] = {}
        lengths: dict[str, list[int]] = {}
        for number, line in enumerate(self._lines, start=1):
            if is_fence_close(line):
                run = line.strip()
                numbers.setdefault(run[0], []).append(number)
                lengths.setdefault(run[0], []).append(len(run))
        for char, runs in lengths.items():
            longest, longest_from = 0, []
            for length in reversed(runs):
                longest = max(longest, length)
                longest_from.append(longest)
            self._longest_from[char] = longest_from[::-1]
        self._numbers = numbers


def split_header(line: str) -> tuple[str, str, tuple[str, ...]]:
    """`term, category` or `term,alias,alias,...` to (term, category, aliases)."""
    items = [item.strip() for item in line.split(",")]
    items = [item for item in items if item]
    term = items[0] if items else ""
    if len(items) == 2:
        return term, items[1], ()
    return term, "", tuple(items[1:])


def title_from_body(term: str, body: str) -> str:
    """The body's leading bold name (e.g. `**Multi-VT libraries** are ...`), else the term."""
    match = _LEADING_BOLD.match(body)
    if match:
        name = match.group("name").strip()
        if name:
            return name
    return term


# ---------------------------------------------------------------------------- parsing


@dataclass(slots=True)
class _OpenEntry:
    header: str
    line: int
    body: list[str] = field(default_factory=list)
    fence_line: int = 0  # line of an unclosed fence's opening, 0 when none is left open
    fence: str = ""  # that fence's marker


def parse_text(text: str, source: str) -> ParseResult:
    result = ParseResult()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    headers_seen: Counter[tuple[str, str, tuple[str, ...]]] = Counter()
    later_closes = _LaterCloses(lines)
    result.metadata, metadata_end = read_metadata(lines)

    # Only fence lines and header-like lines change state; every other line is body text
    # and is taken as a slice, which keeps loading a large library fast.
    header_numbers: list[int] = []  # 1-based line of each entry's header
    unclosed_fences: dict[int, tuple[int, Fence]] = {}  # header line -> fence left open in it
    fence: Fence | None = None
    fence_line = 0
    for number in _candidate_lines(text, len(lines)):
        if number <= metadata_end:
            continue  # the metadata block: never a header
        line = lines[number - 1]
        if fence is not None:
            if fence.closed_by(line):
                fence = None
            elif _closes_fence_as_header(line) and not later_closes.after(fence, number):
                if header_numbers:
                    unclosed_fences[header_numbers[-1]] = (fence_line, fence)
                fence = None
                header_numbers.append(number)
        elif (opened := fence_opening(line)) is not None:
            fence, fence_line = opened, number
            if header_shape(line):
                _report_body_line(result, source, number, line, "it opens a code fence")
        elif header_shape(line):
            reason = body_reason(line)
            if reason is None:
                header_numbers.append(number)
            else:
                _report_body_line(result, source, number, line, reason)
    if fence is not None and header_numbers:
        unclosed_fences[header_numbers[-1]] = (fence_line, fence)

    ends = [*header_numbers[1:], len(lines) + 1]  # one more than headers when there are none
    for number, next_header in zip(header_numbers, ends, strict=False):
        entry = _OpenEntry(
            header=lines[number - 1], line=number, body=lines[number : next_header - 1]
        )
        if number in unclosed_fences:
            entry.fence_line, open_fence = unclosed_fences[number]
            entry.fence = open_fence.marker
        _finish_entry(result, entry, source, headers_seen)

    first_header = header_numbers[0] if header_numbers else len(lines) + 1
    preamble = list(enumerate(lines[: first_header - 1], start=1))[metadata_end:]
    if fence is not None and not header_numbers:
        result.diagnostics.append(
            _diag(source, fence_line, Severity.WARNING, f"code fence ({fence.marker}) never closed")
        )
    if preamble:
        _report_preamble(result, preamble, source, found_header=bool(header_numbers))
    if not header_numbers and not any(line.strip() for line in lines):
        what = "empty" if not text else "blank (only whitespace)"
        result.diagnostics.append(
            _diag(source, 1, Severity.INFO, f"file is {what}: no entries; {HEADER_HELP}")
        )
    result.diagnostics.sort(key=lambda d: d.line)
    return result


# A superset of the lines that matter to parse_text: lines that could open or close a
# fence (three backticks or tildes after spaces or tabs, or after any whitespace for a
# close), and lines with a comma and no A-Z before it (header_shape and body_reason
# decide). Matched from the newline before them: a leading literal lets the
# regex engine skip ahead fast.
_CANDIDATE = r"(?:[^\S\n]*(?:```|~~~)|[^\nA-Z,]*,)"
_CANDIDATE_AT_START = re.compile(_CANDIDATE)
_CANDIDATE_AFTER_NEWLINE = re.compile(r"\n" + _CANDIDATE)


def _candidate_lines(text: str, line_count: int) -> Iterator[int]:
    """1-based numbers of the candidate lines, in order."""
    if _CANDIDATE_AT_START.match(text):
        yield 1
    number, position = 1, 0
    for match in _CANDIDATE_AFTER_NEWLINE.finditer(text):
        line_start = match.start() + 1
        number += text.count("\n", position, line_start)
        position = line_start
        if number > line_count:
            return
        yield number


def _finish_entry(
    result: ParseResult,
    entry: _OpenEntry,
    source: str,
    headers_seen: Counter[tuple[str, str, tuple[str, ...]]],
) -> None:
    term, category, aliases = split_header(entry.header)
    body_lines = entry.body
    while body_lines and not body_lines[-1].strip():
        body_lines.pop()
    if entry.fence_line:
        result.diagnostics.append(
            _diag(
                source,
                entry.fence_line,
                Severity.WARNING,
                f"code fence ({entry.fence}) never closed; "
                f"closed at the end of entry '{_shorten(term)}'",
            )
        )
        body_lines.append(entry.fence)
    body = "\n".join(body_lines)
    if not body.strip():
        result.diagnostics.append(
            _diag(
                source, entry.line, Severity.WARNING, f"entry '{_shorten(term)}' has no definition"
            )
        )
    key = (term, category, aliases)
    nth = headers_seen[key]
    headers_seen[key] += 1
    result.entries.append(
        Entry(
            id=stable_entry_id(source, term, category, aliases, nth),
            term=term,
            title=title_from_body(term, body),
            category=category,
            aliases=aliases,
            body=body,
            source=source,
            line=entry.line,
        )
    )


def _report_body_line(
    result: ParseResult, source: str, number: int, line: str, reason: str
) -> None:
    """A line of header shape read as body text: never a silent decision."""
    result.diagnostics.append(
        _diag(
            source,
            number,
            Severity.INFO,
            f"read as body text, not as a header: {reason}: '{_shorten(line.rstrip(), strip=False)}'",
        )
    )


def _report_preamble(
    result: ParseResult, preamble: list[tuple[int, str]], source: str, found_header: bool
) -> None:
    """Text before the first header belongs to no entry: say so rather than glue it on."""
    nonblank = [(number, line) for number, line in preamble if line.strip()]
    if not nonblank:
        return
    first, last = nonblank[0][0], nonblank[-1][0]
    if not found_header:
        result.diagnostics.append(
            _diag(source, first, Severity.ERROR, f"no entry header found: {HEADER_HELP}")
        )
    where = f"line {first}" if first == last else f"lines {first}-{last}"
    result.diagnostics.append(
        Diagnostic(
            path=source,
            line=first,
            severity=Severity.WARNING,
            message=f"text before the first header is not part of any entry ({where}): "
            f"'{_shorten(nonblank[0][1])}'",
            end_line=last,
        )
    )


def _shorten(text: str, strip: bool = True) -> str:
    text = text.strip() if strip else text
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "\u2026"


def _diag(source: str, line: int, severity: Severity, message: str) -> Diagnostic:
    return Diagnostic(path=source, line=line, severity=severity, message=message)


# ---------------------------------------------------------------------------- files


def parse_bytes(data: bytes, source: str) -> ParseResult:
    reason = binary_reason(data)
    if reason is not None:
        return ParseResult(diagnostics=[_diag(source, 0, Severity.ERROR, reason)], refused=True)
    text, diagnostics = decode_glossary(data, source)
    result = parse_text(text, source)
    result.diagnostics = sorted(diagnostics + result.diagnostics, key=lambda d: d.line)
    return result


def parse_file(path: Path) -> ParseResult:
    """Parse one glossary file; one that cannot or must not be read gives one error
    diagnostic at line 0 (see `reading.read_glossary`)."""
    source = str(path)
    try:
        data, _ = reading.read_glossary(path)
    except OSError as error:
        return ParseResult(diagnostics=[cannot_read(source, error)], refused=True)
    return parse_bytes(data, source)


def cannot_read(source: str, error: OSError) -> Diagnostic:
    """The one diagnostic of a file that was not read."""
    if isinstance(error, reading.GlossaryReadError):
        return _diag(source, 0, Severity.ERROR, error.reason)
    reason = (error.strerror or str(error)).lower()
    return _diag(source, 0, Severity.ERROR, f"cannot read file: {reason}")
