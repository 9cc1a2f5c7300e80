"""Finding mentions of other entries in a body, and turning them into internal links.

One `NameMatcher` holds every entry name of a library, indexed by first word. Matching is
leftmost-longest and on whole words; runs of whitespace inside a name match any whitespace
(a name may wrap across lines). A mention links only where a reader would link it:

- a whole word or phrase: never a piece of a word (`re` in "you're", `vt` in "multi-vt":
  an apostrophe, and for names of 3 characters or fewer a hyphen, join words) and never
  part of a URL, e-mail address, host or path (`org` in "foldoc.org", `bin` in "/usr/bin");
- not a stop word or very common English word (`common_words`): a name made only of
  such words ("and", "same", "less than") links only where the text writes it as the
  glossary does with a capital after the first letter (`AND`, `SAME`), else never;
- a name of 3 characters or fewer links only in the case the glossary writes it (the
  title, else its first spelling in its own definition): `NAT`, not "nat";
- the entry whose term or title is the mention wins over one that only has it as an alias;
  a one-word alias that is the last word of another entry's two-word term or title
  ("fusion", an alias of "multimodal", and the term "multimodal fusion") links to that
  entry, the kind of thing it names, rather than to the alias's owner.

The renderer links only the first mention of each target per definition.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from glossapp.glossary.model import Entry
from glossapp.markdown.blocks import code_pieces, split_lines
from glossapp.render.common_words import COMMON_WORDS
from glossapp.render.links import entry_href

LINK_CLASS = "xref"
# An alias found in more than this share of all bodies names a topic, not an entry
# (the seed gives "multimodal" the aliases "text", "image" and "models").
COMMON_ALIAS_SHARE = 0.2
COMMON_ALIAS_MIN_ENTRIES = 10
COMMON_ALIAS_SAMPLE = 200
_MIN_NAME_LENGTH = 2
# Never link inside these: code stays verbatim, and a link inside a link is no link.
_SKIP_TAGS = frozenset({"code", "pre", "a"})
_MAX_TREE_DEPTH = 64
# What code leaves in prose: nothing of a fenced block, a space for a code span.
_CODE_IN_PROSE = {"fence": "", "span": " "}
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_WHITESPACE = re.compile(r"\s+")
_WORD_TOKEN = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
# Names this short must be written as the glossary writes them.
SHORT_NAME_LENGTH = 3
# Between two word characters these make one word, address or path of them.
_JOINS_ALWAYS = frozenset("'\u2019./@:\\")
_JOINS_SHORT = frozenset("-")
# URLs, bare web hosts and e-mail addresses: nothing inside them is a mention.
_ADDRESS = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|\bmailto:)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I
)


def name_key(name: str) -> str:
    """The form names are compared in: lower case, single spaces."""
    return " ".join(name.lower().split())


def _usable(key: str) -> bool:
    # A name must start with a letter or digit: matching starts at the beginning of a word.
    return (
        len(key) >= _MIN_NAME_LENGTH
        and _WORD_CHAR.match(key) is not None
        and any(ch.isalpha() for ch in key)
    )


def lower_same_length(text: str) -> str:
    """`text` in lower case with every offset kept (a few characters lengthen in lower())."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


class NameMatcher:
    """Every usable name of `entries`, mapped to the entries that carry it.

    Names are indexed by their first word, so matching a text costs one dictionary lookup
    per word plus a comparison for the few names starting with that word, and building
    the matcher is linear in the number of names.
    """

    def __init__(self, entries: Sequence[Entry]) -> None:
        ranked: dict[str, list[tuple[int, int, Entry]]] = {}
        # last word of a two-word term or title -> (rank, order, entry)
        heads: dict[str, list[tuple[int, int, Entry]]] = {}
        # names that must be written a certain way: key -> spellings seen
        spellings: dict[str, set[str]] = {}
        for order, entry in enumerate(entries):
            term_key, title_key = name_key(entry.term), name_key(entry.title)
            for name in entry.names:
                key = name_key(name)
                if not _usable(key):
                    continue
                rank = 0 if key == term_key else 1 if key == title_key else 2
                ranked.setdefault(key, []).append((rank, order, entry))
                if rank < 2 and len(words := key.split(" ")) == 2:
                    heads.setdefault(words[1], []).append((rank, order, entry))
                if len(key) <= SHORT_NAME_LENGTH or _common(key):
                    spellings.setdefault(key, set()).add(_as_written(name, entry))
        # The preferred target of a name: the entry whose term it is, then title, then alias.
        self.targets: dict[str, list[Entry]] = {
            key: [entry for _, _, entry in sorted(found, key=lambda item: item[:2])]
            for key, found in ranked.items()
        }
        self.alias_only: frozenset[str] = frozenset(
            key for key, found in ranked.items() if all(rank == 2 for rank, _, _ in found)
        )
        for key in self.alias_only:
            kinds = heads.get(key)
            if kinds and " " not in key:
                owners = self.targets[key]
                self.targets[key] = [e for _, _, e in sorted(kinds, key=lambda i: i[:2])] + owners
        # key -> the spellings a mention must have; a common name without a distinctive
        # spelling is no name at all
        self.spellings: dict[str, frozenset[str]] = {}
        for key, found in spellings.items():
            if _common(key):
                found = {form for form in found if _distinctive(form)}
                if not found:
                    del self.targets[key]
                    continue
            self.spellings[key] = frozenset(found)
        self.alias_only = frozenset(key for key in self.alias_only if key in self.targets)
        self._by_tokens, self._counts = _token_index(self.targets)

    def without(self, keys: Iterable[str]) -> NameMatcher:
        """A copy that no longer knows `keys`."""
        dropped = set(keys)
        copy = object.__new__(NameMatcher)
        copy.targets = {k: v for k, v in self.targets.items() if k not in dropped}
        copy.alias_only = self.alias_only - dropped
        copy.spellings = {k: v for k, v in self.spellings.items() if k not in dropped}
        copy._by_tokens, copy._counts = _token_index(copy.targets)
        return copy

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, name key) of each leftmost-longest whole-word mention."""
        lowered = lower_same_length(text)
        tokens = _WORD_TOKEN.findall(lowered)
        spans: list[re.Match] | None = None  # token positions, found only once needed
        counts, by_tokens, spellings = self._counts, self._by_tokens, self.spellings
        addresses: list[tuple[int, int]] | None = None
        cursor = 0
        for index, first in enumerate(tokens):
            if first not in counts:
                continue
            for count in counts[first]:
                candidates = by_tokens.get(tuple(tokens[index : index + count]))
                if candidates is None:
                    continue
                if spans is None:
                    spans = list(_WORD_TOKEN.finditer(lowered))
                start = spans[index].start()
                if start < cursor:
                    break
                if addresses is None:
                    addresses = _addresses(text)
                hit = next(
                    (
                        (end, key)
                        for key, parts in candidates
                        if (end := _match_parts(lowered, start, parts)) is not None
                        and _stands_alone(text, start, end, len(key) <= SHORT_NAME_LENGTH)
                        and (
                            key not in spellings
                            or " ".join(text[start:end].split()) in spellings[key]
                        )
                        and not any(a < end and start < b for a, b in addresses)
                    ),
                    None,
                )
                if hit is not None:
                    yield start, hit[0], hit[1]
                    cursor = hit[0]
                    break


def _common(key: str) -> bool:
    """A name made only of stop words and very common English words (letters only:
    `c++` is not "c")."""
    return all(word in COMMON_WORDS for word in key.split(" "))


def _distinctive(spelling: str) -> bool:
    """A spelling no one writes by chance: a capital after the first letter (`AND`, `IT`)."""
    return any(char.isupper() for char in spelling[1:])


def _as_written(name: str, entry: Entry) -> str:
    """How the glossary writes a name: its title as is; a header name (lower case by the
    format) as its first whole-word spelling in the entry's own definition, if any."""
    key = name_key(name)
    if key == name_key(entry.title) and entry.title != key:
        return " ".join(entry.title.split())
    pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, key.split(" "))) + r"(?!\w)"
    found = re.search(pattern, prose(entry.body), re.I)
    return " ".join(found.group().split()) if found else key


def _addresses(text: str) -> list[tuple[int, int]]:
    if "://" not in text and "www." not in text and "@" not in text and "mailto:" not in text:
        return []
    return [found.span() for found in _ADDRESS.finditer(text)]


def _stands_alone(text: str, start: int, end: int, short: bool) -> bool:
    """Not glued to the word before or after by an apostrophe, a dot, a slash, an at sign
    or a colon (nor, for a short name, a hyphen), and not next to a slash or backslash:
    `you're`, `foldoc.org`, `/usr/bin`. A possessive ("Unix's") still ends the word."""
    if (start and text[start - 1] in "/\\") or text[end : end + 1] in ("/", "\\"):
        return False  # a path: "/usr", "bin/"
    if start >= 2 and _WORD_CHAR.match(text, start - 2):
        joiner = text[start - 1]
        if joiner in _JOINS_ALWAYS or (short and joiner in _JOINS_SHORT):
            return False
        if joiner in _JOINS_SHORT and _short_prefix_before(text, start - 1):
            return False  # "C-sharp", "D-Flat", "e-mail": one word, not a mention of "sharp"
    if end + 1 < len(text) and _WORD_CHAR.match(text, end + 1):
        joiner = text[end]
        if joiner in "'\u2019" and text[end + 1] in "sS" and not _WORD_CHAR.match(text, end + 2):
            return True
        if joiner in _JOINS_ALWAYS or (short and joiner in _JOINS_SHORT):
            return False
    return True


def _short_prefix_before(text: str, hyphen: int) -> bool:
    """Whether the word before the hyphen at `hyphen` is one or two characters long."""
    start = hyphen
    while start and _WORD_CHAR.match(text, start - 1):
        start -= 1
    return 0 < hyphen - start <= 2


def _token_index(keys: Iterable[str]) -> tuple[dict, dict[str, list[int]]]:
    """Names by their word tokens ("multi-vt design" -> multi, vt, design), longest name
    first, and for each first word the token counts to try, largest first."""
    by_tokens: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]] = {}
    counts: dict[str, set[int]] = {}
    for key in keys:
        tokens = tuple(_WORD_TOKEN.findall(key))
        by_tokens.setdefault(tokens, []).append((key, tuple(key.split(" "))))
        counts.setdefault(tokens[0], set()).add(len(tokens))
    for candidates in by_tokens.values():
        candidates.sort(key=lambda candidate: -len(candidate[0]))
    return by_tokens, {first: sorted(found, reverse=True) for first, found in counts.items()}


def _match_parts(text: str, position: int, parts: tuple[str, ...]) -> int | None:
    """End offset when `parts`, separated by whitespace, occur at `position` as whole words."""
    for index, part in enumerate(parts):
        if index:
            spaces = _WHITESPACE.match(text, position)
            if spaces is None:
                return None
            position = spaces.end()
        if not text.startswith(part, position):
            return None
        position += len(part)
    if position < len(text) and _WORD_CHAR.match(text, position):
        return None
    return position


def prose(body: str) -> str:
    """A body without fenced blocks, code spans and link targets: where mentions count.

    Fences and code spans are the renderer's (`markdown.blocks`): what renders as code
    never counts as a mention, and prose after a fence always does.
    """
    text = "\n".join(split_lines(body))
    pieces = (
        piece if kind == "text" else _CODE_IN_PROSE[kind] for piece, kind in code_pieces(text)
    )
    return _LINK_TARGET.sub("]", "".join(pieces))


def mentioned_keys(matcher: NameMatcher, body: str) -> list[str]:
    """Distinct name keys mentioned in a body's prose, in order of first mention."""
    seen: dict[str, None] = {}
    for _, _, key in matcher.finditer(prose(body)):
        seen.setdefault(key, None)
    return list(seen)


def common_alias_keys(matcher: NameMatcher, bodies: Sequence[str]) -> set[str]:
    """Aliases mentioned in so many bodies that linking them would be noise.

    Shares are estimated from an evenly spread sample, so a large library costs no more
    than a few hundred bodies.
    """
    if len(bodies) < COMMON_ALIAS_MIN_ENTRIES:
        return set()
    step = max(1, len(bodies) // COMMON_ALIAS_SAMPLE)
    bodies = bodies[::step]
    counts: dict[str, int] = {}
    for body in bodies:
        for key in mentioned_keys(matcher, body):
            counts[key] = counts.get(key, 0) + 1
    limit = COMMON_ALIAS_SHARE * len(bodies)
    return {key for key, count in counts.items() if count > limit and key in matcher.alias_only}


@dataclass(slots=True)
class LinkContext:
    """What one conversion needs: the entry being rendered and the names it may link."""

    matcher: NameMatcher
    current: Entry
    linked: set[str]

    def target(self, key: str) -> Entry | None:
        return link_target(self.matcher, self.current, key)


def link_target(matcher: NameMatcher, current: Entry, key: str) -> Entry | None:
    """The entry a mention of `key` in `current` links to, or None when it must not link."""
    candidates = matcher.targets.get(key, [])
    if not candidates or any(candidate.id == current.id for candidate in candidates):
        return None  # the entry's own name: never a link to itself
    if key in matcher.alias_only and _is_part_of_own_name(key, current):
        # "fusion" in "multimodal fusion" is about this entry, not another's alias.
        return None
    return candidates[0]


def _is_part_of_own_name(key: str, entry: Entry) -> bool:
    for name in entry.names:
        own = name_key(name)
        start = own.find(key)
        while start != -1:
            end = start + len(key)
            if (start == 0 or not _WORD_CHAR.match(own, start - 1)) and (
                end == len(own) or not _WORD_CHAR.match(own, end)
            ):
                return True
            start = own.find(key, start + 1)
    return False


class _CrossLinkTree(Treeprocessor):
    def __init__(self, md: Markdown, owner: CrossLinkExtension) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, root: etree.Element) -> None:
        context = self.owner.context
        if context is not None:
            _link_element(root, context, 0)


def _link_element(element: etree.Element, context: LinkContext, depth: int) -> None:
    if depth > _MAX_TREE_DEPTH:
        return
    if element.text:
        head, links = _link_text(element.text, context)
        if links:
            element.text = head
            for offset, link in enumerate(links):
                element.insert(offset, link)
    for child in list(element):
        if child.get("class") == LINK_CLASS:
            continue  # a link inserted just above, already handled
        if child.tag not in _SKIP_TAGS:
            _link_element(child, context, depth + 1)
        if child.tail:
            head, links = _link_text(child.tail, context)
            if links:
                child.tail = head
                position = list(element).index(child) + 1
                for offset, link in enumerate(links):
                    element.insert(position + offset, link)


def _link_text(text: str, context: LinkContext) -> tuple[str, list[etree.Element]]:
    head = text
    links: list[etree.Element] = []
    cursor = 0
    for start, end, key in context.matcher.finditer(text):
        target = context.target(key)
        if target is None or target.id in context.linked:
            continue
        context.linked.add(target.id)
        link = etree.Element("a", {"href": entry_href(target.id), "class": LINK_CLASS})
        link.text = text[start:end]
        link.tail = ""
        if links:
            links[-1].tail = text[cursor:start]
        else:
            head = text[:start]
        links.append(link)
        cursor = end
    if links:
        links[-1].tail = text[cursor:]
    return head, links


class CrossLinkExtension(Extension):
    """Links the first mention of every other entry; set `context` before each convert."""

    def __init__(self) -> None:
        super().__init__()
        self.context: LinkContext | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        # After the sanitiser (15), which would otherwise neutralise the entry: scheme.
        md.treeprocessors.register(_CrossLinkTree(md, self), "glossapp_crosslinks", 14)
