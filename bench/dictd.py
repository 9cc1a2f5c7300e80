"""Real glossaries for the bench: public dictd databases from Debian, converted to our format.

Nothing here is committed data. At bench time `fetch()` downloads the Debian packages
(`apt-get download`, then `dpkg -x`) into a cache folder, and `convert()` writes each
database as one glossary file in the format of `seeds/`:

- one entry per dictd article (an article that several headwords share is one entry);
- the header is `term, category`: the first headword, lowercased as the format requires,
  and a category (FOLDOC's leading `<tag>`, else the database's name);
- the body starts with the headword in bold (the entry's title, in its own case), then
  `Also: ...` for the article's other headwords, then the definition with wrapped lines
  joined into paragraphs, cross-references `{like this}` as plain words, and lines indented
  deeper than the paragraph (code, tables) kept inside a ``` fence.

A headword with a comma cannot be a term (the comma separates the header's items); it is
written with the comma replaced by a space and counted in the report. A definition line
that the format would read as a header (lowercase, with a comma, at the start of a line:
FOLDOC's lists of examples such as "compiler: gcc, cc") is written as a list item, also
counted.

    python -m bench.dictd foldoc jargon vera --out /tmp/glossaries
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from glossapp.glossary.parser import is_header
from glossapp.markdown.blocks import FenceScanner, LineRole

PACKAGES = {
    "foldoc": "dict-foldoc",  # The Free On-line Dictionary of Computing (GFDL)
    "jargon": "dict-jargon",  # The Jargon File 4.4.7 (public domain)
    "vera": "dict-vera",  # V.E.R.A., computer acronyms (GFDL)
    "devil": "dict-devil",  # The Devil's Dictionary (public domain)
}
# Written as the file's metadata block (README "Glossary format"), so citations name them.
METADATA = {
    "foldoc": (
        "The Free On-line Dictionary of Computing",
        "https://foldoc.org/",
        "GNU Free Documentation License 1.1 or later",
    ),
    "jargon": ("The Jargon File 4.4.7", "http://catb.org/~esr/jargon/", "public domain"),
    "vera": (
        "V.E.R.A. (Virtual Entity of Relevant Acronyms)",
        "https://www.gnu.org/software/vera/",
        "GNU Free Documentation License 1.3 or later",
    ),
    "devil": ("The Devil's Dictionary", "", "public domain"),
}
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "glossapp-bench-dictd"
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_CROSS_REF_URL = re.compile(r"\{([^{}()]+?)\s*\((https?://[^\s()]+)\)\}")
_BARE_URL_REF = re.compile(r"\{\((https?://[^\s()]+)\)\}")
_CROSS_REF = re.compile(r"\{([^{}]+)\}")
_LEADING_TAG = re.compile(r"^<([^<>]{1,60})>\s*")


@dataclass
class Conversion:
    name: str
    path: Path
    entries: int = 0
    headwords: int = 0
    comma_terms: list[str] = field(default_factory=list)
    listed_lines: int = 0


def _number(text: str) -> int:
    value = 0
    for char in text:
        value = value * 64 + _B64.index(char)
    return value


def fetch(names: list[str], cache: Path = DEFAULT_CACHE) -> dict[str, Path]:
    """Each database's folder (holding NAME.index and NAME.dict.dz), downloaded if absent.
    A database that cannot be fetched (no network, no apt) is left out, with a message."""
    found: dict[str, Path] = {}
    share = cache / "root" / "usr" / "share" / "dictd"
    for name in names:
        if not (share / f"{name}.index").is_file():
            package = PACKAGES[name]
            cache.mkdir(parents=True, exist_ok=True)
            try:
                subprocess.run(
                    ["apt-get", "download", package],
                    cwd=cache,
                    check=True,
                    capture_output=True,
                    timeout=300,
                )
                for deb in sorted(cache.glob(f"{package}_*.deb")):
                    subprocess.run(["dpkg", "-x", str(deb), str(cache / "root")], check=True)
            except (OSError, subprocess.SubprocessError) as error:
                print(f"bench: cannot fetch {package} ({error}); skipped", file=sys.stderr)
                continue
        if (share / f"{name}.index").is_file():
            found[name] = share
    return found


def articles(folder: Path, name: str) -> list[tuple[list[str], str]]:
    """(headwords, article text) per article, in index order, without dictd's own entries."""
    with gzip.open(folder / f"{name}.dict.dz") as packed:
        data = packed.read()
    order: list[tuple[int, int]] = []
    headwords: dict[tuple[int, int], list[str]] = {}
    with open(folder / f"{name}.index", encoding="utf-8") as index:
        for line in index:
            parts = line.rstrip("\n").split("\t")
            if (
                len(parts) < 3
                or parts[0].startswith("00-database")
                or parts[0].startswith("00database")
            ):
                continue
            span = (_number(parts[1]), _number(parts[2]))
            if span not in headwords:
                headwords[span] = []
                order.append(span)
            headwords[span].append(parts[0])
    found = []
    for offset, length in order:
        text = data[offset : offset + length].decode("utf-8", errors="replace")
        found.append((headwords[(offset, length)], text))
    return found


def _plain_refs(text: str) -> str:
    text = _BARE_URL_REF.sub(r"<\1>", text)
    text = _CROSS_REF_URL.sub(r"[\1](\2)", text)
    return _CROSS_REF.sub(r"\1", text)


def _body_markdown(lines: list[str]) -> tuple[str, str]:
    """(category tag or "", Markdown body) from an article's dedented definition lines."""
    blocks: list[str] = []
    paragraph: list[str] = []
    code: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(_plain_refs(" ".join(part.strip() for part in paragraph)))
            paragraph.clear()
        if code:
            blocks.append("```\n" + "\n".join(line.rstrip() for line in code) + "\n```")
            code.clear()

    for line in lines:
        if not line.strip():
            flush()
        elif line[:1].isspace():  # deeper than the paragraph: code, a table, a diagram
            if paragraph:
                flush()
            code.append(line.replace("```", "'''"))
        else:
            if code:
                flush()
            paragraph.append(line)
    flush()
    category = ""
    if blocks:
        tag = _LEADING_TAG.match(blocks[0])
        if tag:
            category = tag.group(1).split(",")[0].strip().lower()
            blocks[0] = blocks[0][tag.end() :]
    return category, "\n\n".join(block for block in blocks if block.strip())


def protected(body: str) -> tuple[str, int]:
    """`body` with each line outside a fence that our format would read as a header made a
    list item, and their count (the parser's own rule decides, so the file reads back as
    written)."""
    lines, count = [], 0
    scanner = FenceScanner()
    for line in body.split("\n"):
        inside = scanner.role(line) is not LineRole.TEXT
        if not inside and is_header(line):
            line, count = "- " + line, count + 1
        lines.append(line)
    return "\n".join(lines), count


def convert_article(name: str, headwords: list[str], text: str) -> tuple[str, str, str]:
    """(term, category, body) of one article."""
    lines = text.replace("\r", "").split("\n")
    heads: list[str] = []
    while lines and lines[0].strip() and not lines[0][:1].isspace():
        heads.append(lines.pop(0).strip())
    for word in headwords:
        if word.casefold() not in {h.casefold() for h in heads}:
            heads.append(word)
    heads = heads or headwords
    definition = textwrap.dedent("\n".join(lines).strip("\n")).split("\n")
    category, body = _body_markdown(definition)
    title = heads[0]
    others = [h for h in heads[1:] if h.casefold() != title.casefold()]
    lead = f"**{title}**" if "*" not in title else title.replace("*", r"\*")
    if is_header(lead) and body:
        # a lowercase title with a comma alone on its line would start an entry: it opens
        # the first paragraph instead, as the seed's titles do
        first, _, rest = body.partition("\n\n")
        lead, body = f"{lead} {first}", rest
    parts = [lead]
    if others:
        parts.append("Also: " + ", ".join(others))
    if body:
        parts.append(body)
    return title, category or name, "\n\n".join(parts)


def convert(name: str, folder: Path, out_dir: Path) -> Conversion:
    out_dir.mkdir(parents=True, exist_ok=True)
    result = Conversion(name, out_dir / f"{name}.txt")
    with open(result.path, "w", encoding="utf-8", newline="\n") as out:
        title, url, licence = METADATA.get(name, (name, "", ""))
        out.write(f"% title: {title}\n")
        if url:
            out.write(f"% url: {url}\n")
        if licence:
            out.write(f"% licence: {licence}\n")
        out.write("\n")
        for headwords, text in articles(folder, name):
            title, category, body = convert_article(name, headwords, text)
            term = title.lower()
            if "," in term:
                result.comma_terms.append(title)
                term = " ".join(term.replace(",", " ").split())
            category = " ".join(category.replace(",", " ").split())
            body, listed = protected(body)
            result.listed_lines += listed
            out.write(f"{term}, {category}\n{body}\n\n")
            result.entries += 1
            result.headwords += len(headwords)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", default=["foldoc", "jargon", "vera"])
    parser.add_argument("--out", type=Path, default=DEFAULT_CACHE / "glossaries")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args(argv)
    for name, folder in fetch(args.names, args.cache).items():
        result = convert(name, folder, args.out)
        print(
            f"{result.path}: {result.entries} entries from {result.headwords} headwords; "
            f"{len(result.comma_terms)} terms had a comma; "
            f"{result.listed_lines} header-like lines made list items"
        )
    return 0


if __name__ == "__main__":
    shutil.which("apt-get") or print("bench: apt-get not found", file=sys.stderr)
    sys.exit(main())
