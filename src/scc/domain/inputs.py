"""What input may be before it is believed: text without control characters and within a length,
dates and counts within sane bounds. Pure functions, no I/O; each refusal is an InvalidInput
with one sentence naming the field, so the CLI exits 2 and the web answers 400.

Every boundary (CLI options, web forms, the JSON API, imports, notice fields, settings) calls
these before anything reaches a service, so nothing hostile reaches the store.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from scc.domain.errors import InvalidInput

# Lengths, in characters, by kind of text.
NAME_MAX = 200  # a name or short label: a person, a school, an officer, a type, a category code
REFERENCE_MAX = 128  # an identifier: a case or visit reference, a document digest, a URN
LINE_MAX = 1_000  # one line of detail: an address, a search, a GIAS field, a copy recipient
PASSWORD_MAX = 1_000  # long enough for any passphrase, short enough to hash cheaply
TEXT_MAX = 10_000  # free text: a reason, evidence, notes, a notice field
LIST_MAX = 200  # items in one list field of a notice

# Dates of acts, deadlines and moments ("now"); a date outside these is a typing mistake.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)

# Counts.
WORKING_DAYS_MAX = 1_000  # about four years of working days
COMPLIANCE_DAYS_MAX = 260  # a warning notice's compliance period: at most a year of working days
EVENT_NUMBER_MAX = 1_000_000  # the number of an event in one case's history

_PLANE_ENDS = "".join(chr(plane * 0x10000 + end) for plane in range(17) for end in (0xFFFE, 0xFFFF))
# C0 controls except tab and newline (a carriage return only as part of CRLF), DEL, C1 controls,
# lone surrogates (undecodable bytes smuggled through), and the Unicode non-characters.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                      + _PLANE_ENDS + "]|\r(?!\n)")


def _what(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"an undecodable character (U+{code:04X}, a lone surrogate)"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return f"a Unicode non-character (U+{code:04X})"
    return f"a control character (U+{code:04X})"


def shown(value: object, limit: int = 40) -> str:
    """A value as it may be echoed in a message: control characters escaped, long text cut."""
    text = str(value)
    cut = text[:limit] + ("..." if len(text) > limit else "")
    return _REFUSED.sub(lambda m: f"\\u{ord(m[0][0]):04x}", cut)


def printable(value: str, max_len: int) -> str:
    """`value` with every refused character removed and cut to `max_len`: to offer a refused
    answer back for correction, never to accept it."""
    return _REFUSED.sub("", value)[:max_len]


def _first_refused(value: str) -> re.Match[str] | None:
    if value.isprintable():  # the usual case, at C speed: every refused character is unprintable
        return None
    return _REFUSED.search(value)


def is_clean(value: str) -> bool:
    """True if `value` has no character `text` refuses (any length)."""
    return _first_refused(value) is None


def text(field: str, value: str, max_len: int) -> str:
    """`value` unchanged if it has no control characters (newline and tab are allowed) and at most
    `max_len` characters; otherwise InvalidInput naming `field`."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text.")
    bad = _first_refused(value)
    if bad:
        raise InvalidInput(f"{field} contains {_what(bad[0][0])} at character {bad.start() + 1}; "
                           "remove it and try again.")
    if len(value) > max_len:
        raise InvalidInput(f"{field} is {len(value):,} characters long; it may be at most "
                           f"{max_len:,}.")
    return value


def day(field: str, value: date) -> date:
    """A date of an act, a deadline or a moment, between DATE_MIN and DATE_MAX."""
    if isinstance(value, datetime):
        value = value.date()
    if not DATE_MIN <= value <= DATE_MAX:
        raise InvalidInput(f"{field} {value.isoformat()} is not a date this service works with; "
                           f"give one between {DATE_MIN.isoformat()} and {DATE_MAX.isoformat()}.")
    return value


def parse_day(field: str, value: str) -> date:
    """A date written YYYY-MM-DD, within the sane range."""
    text(field, value, REFERENCE_MAX)
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{field} '{shown(value)}' is not a date; write it as YYYY-MM-DD, "
                           "e.g. 2026-01-14.") from None
    return day(field, parsed)


def whole_number(value: Any) -> int | None:
    """`value` as a whole number, given as an int or as ASCII digits (not '²', which Python's int()
    refuses, nor more digits than any count here needs, which it may refuse too); else None."""
    if isinstance(value, int) and not isinstance(value, bool):  # YAML's yes/no is not a number
        return value
    digits = value.strip() if isinstance(value, str) else ""
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 18 else None


def count(field: str, value: Any, low: int, high: int) -> int:
    """A whole number from `low` to `high` (given as an int or as ASCII digits)."""
    number = whole_number(value)
    if number is None:
        raise InvalidInput(f"{field} must be a whole number from {low:,} to {high:,}; "
                           f"'{shown(value)}' is not one.")
    if not low <= number <= high:
        raise InvalidInput(f"{field} must be a whole number from {low:,} to {high:,}; "
                           f"{shown(value)} is out of range.")
    return number
