"""Queries for a real glossary (FOLDOC, converted by `bench.dictd`), written from what a
reader would type, before looking at how our ranking answers them.

Each query names the entries (by term) that a reader would accept as the answer. Kinds:
prefix (part of a name, typed), acronym (the letters of a defined name), symbol (names with
punctuation), typo (one misspelled word among correct ones), description (what the thing
is, in words other than its name).

`HELD_OUT` is written the same way but never looked at while changing the ranking: it tells
whether what was learnt from `QUERIES` carries over.
"""

from __future__ import annotations

QUERIES: list[tuple[str, str, tuple[str, ...]]] = [
    # prefix
    ("prefix", "quicks", ("quicksort",)),
    ("prefix", "bubble so", ("bubble sort",)),
    ("prefix", "lambda-calc", ("lambda-calculus",)),
    ("prefix", "cyclic redun", ("cyclic redundancy check",)),
    ("prefix", "big-end", ("big-endian",)),
    ("prefix", "checks", ("checksum",)),
    ("prefix", "smallt", ("smalltalk",)),
    ("prefix", "deadl", ("deadlock",)),
    ("prefix", "semaph", ("semaphore",)),
    ("prefix", "common object req", ("common object request broker architecture",)),
    # acronym
    ("acronym", "NAT", ("network address translation",)),
    ("acronym", "TCP", ("transmission control protocol",)),
    ("acronym", "DRAM", ("dynamic random-access memory",)),
    ("acronym", "CORBA", ("common object request broker architecture",)),
    ("acronym", "CRC", ("cyclic redundancy check",)),
    ("acronym", "UDP", ("user datagram protocol",)),
    ("acronym", "CPU", ("central processing unit",)),
    ("acronym", "BIOS", ("basic input/output system",)),
    ("acronym", "COBOL", ("common business oriented language",)),
    ("acronym", "API", ("application program interface",)),
    # symbol
    ("symbol", "c#", ("c#",)),
    ("symbol", "c++", ("c++",)),
    ("symbol", ".net", (".net framework", ".net")),
    ("symbol", "/dev/null", ("/dev/null",)),
    ("symbol", "un*x", ("un*x",)),
    ("symbol", "a* search", ("a* search",)),
    ("symbol", "*lisp", ("*lisp",)),
    ("symbol", "x.25", ("x.25",)),
    # one typo among correct words
    ("typo", "turring machine", ("turing machine",)),
    ("typo", "garbage colection", ("garbage collection",)),
    ("typo", "regular expresion", ("regular expression",)),
    ("typo", "virtual memmory", ("virtual memory",)),
    ("typo", "operating sytem", ("operating system",)),
    ("typo", "finite state machne", ("finite state machine",)),
    ("typo", "binary serch", ("binary search",)),
    ("typo", "bubble sotr", ("bubble sort",)),
    ("typo", "mutual exclusoin", ("mutual exclusion",)),
    # description
    ("description", "sorting algorithm that splits the list around an element", ("quicksort",)),
    ("description", "memory that must be refreshed", ("dynamic random-access memory",)),
    ("description", "program that translates source code into object code", ("compiler",)),
    ("description", "two processes each waiting for the other", ("deadlock",)),
    ("description", "automatic reclamation of unused memory", ("garbage collection",)),
    # added with issue 13 to measure the first-sentence field, written before running them
    ("description", "program used to find and fix errors in other programs", ("debugger",)),
    ("description", "small fast memory holding copies of recently used data", ("cache",)),
    ("description", "software that makes one computer behave like another", ("emulator",)),
    ("description", "the smallest unit of information, zero or one", ("bit",)),
    ("description", "a named storage location holding a value in a program", ("variable",)),
]

HELD_OUT: list[tuple[str, str, tuple[str, ...]]] = [
    ("prefix", "race cond", ("race condition",)),
    ("prefix", "little-end", ("little-endian",)),
    ("prefix", "public-key enc", ("public-key encryption",)),
    ("acronym", "RISC", ("reduced instruction set computer",)),
    ("acronym", "GUI", ("graphical user interface",)),
    ("acronym", "ISDN", ("integrated services digital network",)),
    ("acronym", "MIME", ("multipurpose internet mail extensions",)),
    ("symbol", "c-10", ("c-10",)),
    ("symbol", "objective-c", ("objective c",)),
    ("typo", "depth-first serch", ("depth-first search",)),
    ("typo", "proxy servr", ("proxy server",)),
    ("typo", "hypertext transfer protocoll", ("hypertext transfer protocol",)),
    ("description", "computer that forwards packets between networks", ("router",)),
    ("description", "a function that calls itself", ("recursion",)),
]
