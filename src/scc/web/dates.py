"""Dates and times as the pages write them: "14 January 2026", and a moment in Europe/London
time ("14 January 2026 at 3:05pm"), never UTC on screen."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from scc.clock import LONDON


def long_date(value: str | date | None) -> str:
    """2026-01-14 (or a date, or a timestamp) -> 14 January 2026. Empty for nothing."""
    if not value:
        return ""
    if isinstance(value, datetime) or (isinstance(value, str) and len(value) > 10):
        return long_date(_london(value).date())
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day} {day:%B %Y}"


def london_time(value: str | datetime | None) -> str:
    """A UTC timestamp -> 14 January 2026 at 3:05pm, in Europe/London time (GMT or BST)."""
    if not value:
        return ""
    moment = _london(value)
    hour = moment.hour % 12 or 12
    clock = f"{hour}:{moment:%M}{'am' if moment.hour < 12 else 'pm'}"
    if clock == "12:00pm":
        clock = "midday"
    elif clock == "12:00am":
        clock = "midnight"
    return f"{long_date(moment.date())} at {clock}"


ISO = re.compile(r"\b(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?"
                 r"(Z|[+-]\d{2}:\d{2})?)?\b")


def dates_in_words(text: str | None) -> str:
    """The ISO dates and timestamps in a sentence the service wrote (a refusal, a rule, a
    confirmation) as the pages write dates: 2026-01-14 -> 14 January 2026; a timestamp with
    its offset -> 14 January 2026 at 3:05pm, UK time. Not for what people typed."""

    def words(found: re.Match[str]) -> str:
        day, clock, offset = found.groups()
        try:
            if clock and offset:
                return london_time(found.group(0).replace("Z", "+00:00"))
            return long_date(day) + (f" at {clock}" if clock else "")
        except ValueError:  # shaped like a date, but none (2026-13-45): left as written
            return found.group(0)

    return ISO.sub(words, text or "")


def date_parts(value: object) -> tuple[str, str, str]:
    """The day, month and year boxes of a date input from the value a form holds: ISO text
    (2026-01-14 -> 14, 1, 2026) or the boxes' own text joined by dashes when it was no date."""
    if isinstance(value, date):
        return str(value.day), str(value.month), str(value.year)
    text = value if isinstance(value, str) else ""
    year, _, rest = text.partition("-")
    month, _, day = rest.partition("-")
    return _unpadded(day), _unpadded(month), year


def _unpadded(part: str) -> str:
    """01 -> 1 (as a person types it); 0 and text that is no number stay as they are."""
    return part.lstrip("0") or part if part.isdigit() else part


def _london(value: str | datetime) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:  # timestamps are stored in UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON)
