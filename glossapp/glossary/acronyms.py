"""The acronyms an entry defines, read from its title and the start of its body.

Pure text: no search, no Markdown library. The search name tier makes them aliases and
the renderer can show them under "Also known as". Each acronym notes where it was read:

- `title`: the entry's title or its bold first line, "Full Name (ACR)", "ACR (Full Name)"
  or "ACR: Full Name" (the seed's `**Multimodal Large Language Models (MLLMs)**`);
- `also`: an acronym in an "Also: ACR, other name" line near the start (FOLDOC);
- `opening`: a parenthesis opening the definition, "(DRAM) A type of..." or
  "(NAT, or Network Address Translator) ..." (FOLDOC), when the acronym spells a name of
  the entry ("(IBM) Patch wires..." says whose jargon it is);
- `definition`: "Full Name (ACR)" or "ACR (Full Name)" in the first paragraphs, where the
  full name is one of the entry's own names (elsewhere it defines another concept).

An acronym is one token of 2 to 10 characters, starting with a capital, with at least two
capitals and no more lower-case letters than capitals (`NAT`, `IPv6`, `PL/I`, `X.25`); a
plural `s` after capitals is dropped (`MLLMs` -> `MLLM`). Where a full name is given, the
acronym's letters must spell it (first letters equal, the rest in order). So ordinary
capitalised words (`The`, `I`, `Java`) and all-capital mentions in running text are never
read as an entry's acronyms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from glossapp.glossary.model import Entry

# How much of a body is read: definitions say what their acronyms are at the start.
HEAD_CHARS = 1_500
_TOKEN_RE = re.compile(r"^[A-Z][A-Za-z0-9&/+.\-]{1,9}$")
_BOLD_FIRST_RE = re.compile(r"^\*\*([^*\n]{2,200})\*\*")
_ALSO_RE = re.compile(r"^\s*Also:\s*(.+)$", re.MULTILINE)
_OPENING_RE = re.compile(r"^\s*\(([^()\n]{2,160})\)")
# "Full Name (ACR)" and "ACR (Full Name)": found from each parenthesis, the words before it
# read backwards (patterns that matched them forwards tried every position of the text).
_PARENTHESIS_RE = re.compile(r"\(([^()\n]{2,120})\)")
_WORD_BEFORE_RE = re.compile(r"[\w'/-]+")
# "ACR: Full Name".
_ACR_COLON_NAME_RE = re.compile(r"^([A-Z][A-Za-z0-9&/+.\-]{1,10}):[ \t]+([^—\n.;:]{3,120})")
_WORD_RE = re.compile(r"[^\W_]+")
_SEPARATORS_RE = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Acronym:
    text: str  # as written, plural `s` dropped: "NAT", "MLLM"
    source: str  # "title", "also", "opening" or "definition"
    expansion: str = ""  # the full name it stands for, when the text gives it


def acronym_shaped(token: str) -> str | None:
    """`token` as an acronym (plural `s` dropped), or None when it is not one."""
    token = token.strip().rstrip(".,;:")
    if len(token) > 3 and token.endswith("s") and token[-2].isupper():
        token = token[:-1]
    if not _TOKEN_RE.match(token):
        return None
    upper = sum(c.isupper() for c in token)
    lower = sum(c.islower() for c in token)
    if upper < 2 or lower > upper:
        return None
    return token


def spells(acronym: str, name: str) -> bool:
    """Whether the acronym's letters spell `name`: the same first letter, the rest in order
    within its words, and no word of more than three letters skipped but the small ones."""
    letters = [c for c in acronym.lower() if c.isalpha()]
    words = [w for w in _WORD_RE.findall(name.lower()) if w]
    if not letters or not words or letters[0] != words[0][0]:
        return False
    if len(words) > 2 * len(letters) + 1:
        return False
    text = "".join(words)
    found = 0
    for char in text:
        if found < len(letters) and char == letters[found]:
            found += 1
    return found == len(letters)


def defined_acronyms(title: str, body: str, names: Sequence[str] = ()) -> list[Acronym]:
    """The acronyms a definition gives for its own entry, each once, in the order found."""
    found: dict[str, Acronym] = {}
    own = {_key(n) for n in (*names, title) if n}

    def add(token: str, source: str, expansion: str = "") -> None:
        acronym = acronym_shaped(token)
        if acronym is None or _key(acronym) in own:
            return
        found.setdefault(acronym.casefold(), Acronym(acronym, source, expansion.strip()))

    head = body[:HEAD_CHARS]
    first = _BOLD_FIRST_RE.match(head.lstrip())
    for line in dict.fromkeys(t for t in (title, first.group(1) if first else "") if t):
        _from_title(line, add)
    for also in _ALSO_RE.finditer(head):
        for item in also.group(1).split(","):
            add(item, "also")
    definition = _definition_start(head)
    opening = _OPENING_RE.match(definition)
    if opening:
        for item in re.split(r"[,;]", opening.group(1)):
            item = item.strip()
            acronym = acronym_shaped(item) if " " not in item else None
            # "(IBM) Patch wires..." labels jargon: an acronym must spell a name of its own
            spelled = next((n for n in (title, *names) if acronym and spells(acronym, n)), "")
            if acronym and spelled:
                add(acronym, "opening", spelled)
    for words, token in _names_then_acronyms(head):
        acronym = acronym_shaped(token)
        if acronym is None:
            continue
        expansion = _spelled_tail(acronym, words)
        if expansion and _key(expansion) in own:
            add(acronym, "definition", expansion)
    for token, words in _acronyms_then_names(head):
        acronym = acronym_shaped(token)
        if acronym and _key(words) in own and spells(acronym, words):
            add(acronym, "definition", words)
    return list(found.values())


def entry_acronyms(entry: Entry) -> list[Acronym]:
    """`defined_acronyms` of an entry's title and body."""
    return defined_acronyms(entry.title, entry.body, entry.names)


def _from_title(line: str, add: Callable[..., None]) -> None:
    line = line.strip()
    for words, token in _names_then_acronyms(line):
        acronym = acronym_shaped(token)
        if acronym is None:
            continue
        expansion = _spelled_tail(acronym, words)
        if expansion:
            add(acronym, "title", expansion)
    for token, words in _acronyms_then_names(line)[:1]:
        if line.startswith(token) and spells(token, words):
            add(token, "title", words)
    leading = _ACR_COLON_NAME_RE.match(line)
    if leading and spells(leading.group(1), leading.group(2)):
        add(leading.group(1), "title", leading.group(2))


def _names_then_acronyms(text: str) -> list[tuple[str, str]]:
    """(the up to 10 words before it, token) for each "(TOKEN)" in `text`."""
    found = []
    for match in _PARENTHESIS_RE.finditer(text):
        token = match.group(1)
        if " " in token or not token[:1].isupper():
            continue
        words: list[str] = []
        for word in reversed(text[max(0, match.start() - 160) : match.start()].split()):
            if len(words) == 10 or word[-1] in ".,;:!?)" or not _WORD_BEFORE_RE.fullmatch(word):
                break
            words.append(word)
        if words:
            found.append((" ".join(reversed(words)), token))
    return found


def _acronyms_then_names(text: str) -> list[tuple[str, str]]:
    """(token, the text in the parenthesis) for each "TOKEN (words)" in `text`."""
    found = []
    for match in _PARENTHESIS_RE.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()].rstrip(" \t").split()
        if before and len(match.group(1)) >= 3:
            found.append((before[-1], match.group(1)))
    return found


def _spelled_tail(acronym: str, words: str) -> str:
    """The shortest run of the last words of `words` that `acronym` spells, or ""."""
    parts = words.split()
    for count in range(1, len(parts) + 1):
        tail = " ".join(parts[-count:])
        if spells(acronym, tail):
            return tail
    return ""


def _definition_start(head: str) -> str:
    """The first paragraph that is neither the bold title line nor an "Also:" line."""
    for paragraph in head.split("\n\n"):
        text = paragraph.strip()
        if not text or _BOLD_FIRST_RE.fullmatch(text) or text.startswith("Also:"):
            continue
        return text
    return ""


def _key(text: str) -> str:
    return _SEPARATORS_RE.sub(" ", text.casefold()).strip()
