"""Which working-day calendar the law of a jurisdiction counts by on a day, read from the header
lines of the rule-set files (extends, jurisdiction, effective dates, calendar_variant)
without the YAML reader or `transitions`.

The deadline and case lists need nothing else of the rule book, whose full reading
(scc.rule_loading) took about 35 ms of their start-up (0.2x the floor of bench_startup). The rule
sets stay the one source: this reader takes only the plain forms those header lines are written
in, leaves a file with any other form to the rule book, and tests/test_calendar_law.py checks the
two give the same calendar for every rule set.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from scc.workflow_files import RULE_SETS_DIR, YAML_FLAGS, YAML_NULLS

# A top-level key (no indentation): the only lines of a file that can set these fields.
_KEY = re.compile(r"([A-Za-z_]+)\s*:")
# The forms read: a plain or double-quoted word or date, or nothing (null), then any comment.
_PLAIN = re.compile(r"[A-Za-z_]+:(?:[ \t]+(\"[\w.-]*\"|[\w.-]+))?[ \t]*(?:[ \t]#.*)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TEXTS = ("extends", "jurisdiction", "calendar_variant")
_DATES = ("effective_from", "effective_until")


class _Unread(Exception):
    """A header line in a form this reader does not take: the rule book reads the file."""


@dataclass(frozen=True)
class _Header:
    jurisdiction: str
    effective_from: date
    effective_until: date | None
    calendar_variant: str

    def in_force_on(self, day: date) -> bool:  # as scc.rules.RuleSet.in_force_on
        return self.effective_from <= day and (
            self.effective_until is None or day <= self.effective_until)


def calendar_variant(day: date, jurisdiction: str, folder: Path = RULE_SETS_DIR) -> str:
    """The calendar variant of `jurisdiction`'s rule set in force on `day`; where the headers do
    not answer, the rule book does (and its sentence says why none is in force)."""
    for header in _headers(folder):
        if header.jurisdiction == jurisdiction and header.in_force_on(day):
            return header.calendar_variant
    from scc.rules import load_rule_book

    return load_rule_book(folder).in_force_on(day, jurisdiction).calendar_variant


@functools.cache
def _headers(folder: Path) -> tuple[_Header, ...]:
    """The concrete rule sets' headers, the earliest first (as the rule book orders them);
    none if a file has a header line in another form."""
    try:
        read = {path.stem: _fields(path) for path in sorted(folder.glob("*.yaml"))}
        found = [_concrete(_merged(fields, read)) for fields in read.values()
                 if not fields.get("abstract")]
    except _Unread:
        return ()
    return tuple(sorted(found, key=lambda h: h.effective_from))


def _fields(path: Path) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key = _KEY.match(line)
        if key is None or key[1] not in (*_TEXTS, *_DATES, "abstract"):
            continue
        plain = _PLAIN.fullmatch(line)
        if plain is None:
            raise _Unread(f"{path}: {line}")
        fields[key[1]] = _value(key[1], plain[1])
    return fields


def _value(key: str, written: str | None) -> Any:
    if written is None or written in YAML_NULLS:
        if key not in ("extends", "effective_until"):
            raise _Unread(key)  # the rule book's reading of a null is the rule book's
        return None
    if key == "abstract":
        if written not in ("true", "false"):
            raise _Unread(key)
        return written == "true"
    if key in _DATES:
        if not _DATE.fullmatch(written):
            raise _Unread(key)
        return date.fromisoformat(written)
    text = written[1:-1] if written.startswith('"') else written
    if text == written and (written in YAML_FLAGS or not written[0].isalpha()):
        raise _Unread(key)  # YAML may read a number, a date or a flag: the rule book decides
    return text


def _merged(fields: dict[str, Any], read: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A file's fields over those of the file it extends (as scc.rule_loading merges them)."""
    parent = fields.get("extends")
    if not parent:
        return fields
    if parent not in read:
        raise _Unread(f"extends {parent}")
    return {**_merged(read[str(parent)], read), **fields}


def _concrete(fields: dict[str, Any]) -> _Header:
    try:
        return _Header(fields.get("jurisdiction", "england"), fields["effective_from"],
                       fields.get("effective_until"), fields["calendar_variant"])
    except KeyError as missing:
        raise _Unread(str(missing)) from None
