"""Finding mentions of other entries in a body, and turning them into internal links.

One `NameMatcher` holds every entry name of a library as a trie-shaped regular expression,
so a scan costs about the same whatever the number of names, and the regex engine's
greedy alternation gives the longest name at each position. Matching is case-insensitive
and on whole words; runs of whitespace inside a name match any whitespace.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from glossapp.core.model import Entry

ENTRY_SCHEME = "entry:"
LINK_CLASS = "xref"
# An alias found in more than this share of all bodies names a topic, not an entry
# (the seed gives "multimodal" the aliases "text", "image" and "models").
COMMON_ALIAS_SHARE = 0.2
COMMON_ALIAS_MIN_ENTRIES = 10
_MIN_NAME_LENGTH = 2
# Never link inside these: code stays verbatim, and a link inside a link is no link.
_SKIP_TAGS = frozenset({"code", "pre", "a"})
_MAX_TREE_DEPTH = 64
_FENCE_LINE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_WHITESPACE = re.compile(r"\s+")


def name_key(name: str) -> str:
    """The form names are compared in: lower case, single spaces."""
    return " ".join(name.lower().split())


def _usable(key: str) -> bool:
    return len(key) >= _MIN_NAME_LENGTH and any(ch.isalpha() for ch in key)


def trie_pattern(keys: Iterable[str]) -> str:
    """A regex alternation of `keys` shaped as a trie: longest alternatives first."""
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}  # end of a name
    return _trie_to_regex(trie)


def _trie_to_regex(trie: dict) -> str:
    # Iterative post-order build: a name list of thousands must not hit the recursion limit.
    results: dict[int, str] = {}
    stack: list[tuple[dict, bool]] = [(trie, False)]
    while stack:
        node, expanded = stack.pop()
        if not expanded:
            stack.append((node, True))
            stack.extend((child, False) for char, child in node.items() if char)
            continue
        branches = [
            _char_regex(char) + results[id(child)] for char, child in sorted(node.items()) if char
        ]
        optional = "" in node
        if not branches:
            results[id(node)] = ""
        elif len(branches) == 1 and not optional:
            results[id(node)] = branches[0]
        else:
            body = "|".join(branches)
            results[id(node)] = f"(?:{body})" + ("?" if optional else "")
    return results[id(trie)]


def _char_regex(char: str) -> str:
    return r"\s+" if char == " " else re.escape(char)


class NameMatcher:
    """Every usable name of `entries`, mapped to the entries that carry it."""

    def __init__(self, entries: Sequence[Entry], excluded_keys: Iterable[str] = ()) -> None:
        excluded = set(excluded_keys)
        ranked: dict[str, list[tuple[int, int, Entry]]] = {}
        for order, entry in enumerate(entries):
            for name in entry.names:
                key = name_key(name)
                if not _usable(key) or key in excluded:
                    continue
                rank = (
                    0 if key == name_key(entry.term) else 1 if key == name_key(entry.title) else 2
                )
                ranked.setdefault(key, []).append((rank, order, entry))
        # The preferred target of a name: the entry whose term it is, then title, then alias.
        self.targets: dict[str, list[Entry]] = {
            key: [entry for _, _, entry in sorted(found, key=lambda item: item[:2])]
            for key, found in ranked.items()
        }
        self.alias_only: frozenset[str] = frozenset(
            key for key, found in ranked.items() if all(rank == 2 for rank, _, _ in found)
        )
        pattern = trie_pattern(self.targets) if self.targets else r"(?!x)x"
        self._regex = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, name key) of each leftmost-longest whole-word mention."""
        for match in self._regex.finditer(text):
            yield match.start(), match.end(), name_key(match.group())


def prose(body: str) -> str:
    """A body without fenced blocks, code spans and link targets: where mentions count."""
    kept: list[str] = []
    fence: str | None = None
    for line in body.splitlines():
        opening = _FENCE_LINE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        kept.append(line)
    text = "\n".join(kept)
    return _LINK_TARGET.sub("]", _CODE_SPAN.sub(" ", text))


def mentioned_keys(matcher: NameMatcher, body: str) -> list[str]:
    """Distinct name keys mentioned in a body's prose, in order of first mention."""
    seen: dict[str, None] = {}
    for _, _, key in matcher.finditer(prose(body)):
        seen.setdefault(key, None)
    return list(seen)


def common_alias_keys(matcher: NameMatcher, bodies: Sequence[str]) -> set[str]:
    """Aliases mentioned in so many bodies that linking them would be noise."""
    if len(bodies) < COMMON_ALIAS_MIN_ENTRIES:
        return set()
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
    pattern = re.compile(rf"(?<!\w){re.escape(key)}(?!\w)")
    return any(pattern.search(name_key(name)) for name in entry.names)


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
        link = etree.Element("a", {"href": ENTRY_SCHEME + target.id, "class": LINK_CLASS})
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
