"""The title a policy pack gives each of its categories, read from the pack's
`categorisation.categories` lines without the YAML reader or the reading and checks of the whole
pack (scc.policy_reading): a list showing each school's category (the case list) needs nothing
else of the pack, whose full reading took about 14 ms (0.08x the floor of bench_startup).

The pack stays the one source: this reader takes only the block form the packs' categories are
written in (each entry a `- code: ...` mapping, each code and title a one-line word or quoted text),
and on anything else (flow style, anchors, a title over several lines, a tag) it returns None and
the caller reads the pack. tests/test_category_titles.py checks it gives every shipped pack's
titles as the pack gives them.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from scc.workflow_files import YAML_FLAGS, YAML_NULLS

# `key: rest`, the key a plain word: any other form of a line among the entries is not read.
_KEY = re.compile(r"([A-Za-z_][\w-]*):(?:[ \t]+(.*))?$")
# A value read as text: double- or single-quoted on one line, or a plain one that YAML reads as a
# string (starting with a letter; no comment, no ': ', no flow or quote characters), then any
# comment.
_TEXT = re.compile(r"""(?:"([^"\\]*)"|'([^']*)'|([A-Za-z][^#:{}\[\],"']*?))(?:[ \t]+#.*)?[ \t]*""")


class _Unread(Exception):
    """A line in a form this reader does not take: the whole pack is read instead."""


@functools.cache  # as scc.policy_packs.load_policy: one reading per pack file
def category_titles(path: Path) -> dict[str, str] | None:
    """Each category code of the pack in `path` (casefolded, as a scheme looks codes up) with
    its title; None if the pack does not write them in the form read here."""
    try:
        return _titles(_entries(path.read_text(encoding="utf-8").splitlines()))
    except (_Unread, OSError, UnicodeDecodeError):
        return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _significant(lines: list[str]) -> list[str]:
    if any("\t" in line[:len(line) - len(line.lstrip(" \t"))] for line in lines):
        raise _Unread("a tab in the indentation")
    return [line.rstrip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _entries(lines: list[str]) -> list[list[str]]:
    """The lines of each entry of `categorisation.categories`, its `- ` line first."""
    starts = [i for i, line in enumerate(lines) if re.fullmatch(r"categorisation:(?:[ \t]+#.*)?",
                                                                  line.rstrip())]
    if len(starts) != 1:
        raise _Unread("no single top-level categorisation")
    section = []
    for line in lines[starts[0] + 1:]:
        if line.strip() and not line[0].isspace() and not line.startswith("#"):
            break  # the next top-level setting
        section.append(line)
    section = _significant(section)
    if not section:
        raise _Unread("an empty categorisation")
    level = _indent(section[0])
    keys = [i for i, line in enumerate(section) if _indent(line) == level
            and re.fullmatch(r"categories:(?:[ \t]+#.*)?", line.strip())]
    if len(keys) != 1:
        raise _Unread("no single categories setting")
    rest = section[keys[0] + 1:]
    if not rest or not rest[0].lstrip().startswith("- "):
        raise _Unread("categories not written as a block list")
    dash = _indent(rest[0])
    if dash < level:
        raise _Unread("categories not written as a block list")
    entries: list[list[str]] = []
    for line in rest:
        indent = _indent(line)
        if indent < dash or (indent == dash and not line.lstrip().startswith("- ")):
            if indent != level or line.lstrip().startswith("-") or not _KEY.fullmatch(
                    line.strip()):
                raise _Unread(line)
            break  # the section's next setting
        if indent == dash:
            entries.append([])
        entries[-1].append(line)
    return entries


def _titles(entries: list[list[str]]) -> dict[str, str]:
    titles = {}
    for entry in entries:
        first = entry[0]
        at = _indent(first) + 1
        at += _indent(first[at:])  # the column of the entry's keys
        fields: dict[str, str] = {}
        lines = [" " * at + first[at:], *entry[1:]]
        depth = 0
        for number, line in enumerate(lines):
            if depth:
                raise _Unread(line)  # a flow collection carried over lines
            depth = _closed(line)
            if _indent(line) > at:
                continue  # a nested value of the key before: never a code or a title
            key = _KEY.fullmatch(line.strip()) if _indent(line) == at else None
            if key is None:
                raise _Unread(line)
            if key[1] in ("code", "title"):
                if key[1] in fields or (number + 1 < len(lines)
                                        and _indent(lines[number + 1]) > at):
                    raise _Unread(line)  # given twice, or written over several lines
                fields[key[1]] = _text(key[2] or "")
        if depth or fields.keys() != {"code", "title"} or fields["code"].casefold() in titles:
            raise _Unread("an entry without its code or title, or a code given twice")
        titles[fields["code"].casefold()] = fields["title"]
    return titles


def _text(value: str) -> str:
    found = _TEXT.fullmatch(value)
    if found is None:
        raise _Unread(value)
    if found[3] is not None and found[3] in YAML_FLAGS | YAML_NULLS:
        raise _Unread(value)  # YAML reads it as a flag or a null
    return next(part for part in found.groups() if part is not None)


def _closed(line: str) -> int:
    """How many flow collections `line` leaves open; a quotation it leaves open is not read
    (either would carry on over lines this reader takes for keys)."""
    if (line.count('"') - line.count('\\"')) % 2:
        raise _Unread(line)
    value = line.split(": ", 1)[1].lstrip() if ": " in line else ""
    if value.startswith("'") and not re.match(r"'[^']*'(?!')", value):
        raise _Unread(line)
    return line.count("{") + line.count("[") - line.count("}") - line.count("]")
