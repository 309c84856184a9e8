"""The two questions a legal officer asks of a case's past, each answered with the events that
make up the answer:

- what the authority *knew* at a moment: the events recorded by then (by their timestamps, UTC,
  shown in UK time), replayed as they were;
- the case's *position* on a date: the events whose act took effect on or before it (their
  `effective_on`), in the order of those dates, including acts recorded later.

A case's acts are recorded in date order (ConcernCase refuses an act dated before the last), so
the acts effective by a date are always the first ones recorded; only a correction (dated the
day it is recorded) can fall between them. The position is replayed from those events,
renumbered in that order, so the case is the one its own rules make of them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from scc.application.store import replay
from scc.clock import LONDON
from scc.domain.case import ConcernCase

KNOWN_AT = "known_at"
POSITION_ON = "position_on"


def long_day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def uk_time(moment: datetime) -> str:
    """3:05pm on 14 January 2026, in Europe/London time (GMT or BST)."""
    local = moment.astimezone(LONDON)
    clock = f"{local.hour % 12 or 12}:{local:%M}{'am' if local.hour < 12 else 'pm'}"
    clock = {"12:00pm": "midday", "12:00am": "midnight"}.get(clock, clock)
    return f"{clock} on {long_day(local.date())}"


def known_at_label(moment: datetime) -> str:
    return f"What the authority had recorded by {uk_time(moment)}"


def position_on_label(day: date) -> str:
    return (f"The case's position on {long_day(day)}, by the dates of the acts, including acts "
            "recorded later")


def effective_on(event: Any) -> date:
    """The date of the act; an event without one counts from the day it was recorded."""
    on = getattr(event, "effective_on", None)
    return on if isinstance(on, date) else event.timestamp.astimezone(LONDON).date()


def recorded_by(events: list[Any], moment: datetime) -> list[Any]:
    return [e for e in events if e.timestamp <= moment]


def effective_by(events: list[Any], day: date) -> list[Any]:
    """The events of acts on or before `day`, in the order of their dates (then recording)."""
    return sorted((e for e in events if effective_on(e) <= day),
                  key=lambda e: (effective_on(e), e.originator_version))


def replayed(events: list[Any]) -> ConcernCase:
    """The case its events make, taken in the order given (renumbered to that order)."""
    renumbered = [replace(e, originator_version=n) for n, e in enumerate(events, start=1)]
    case: ConcernCase = replay(None, renumbered)
    return case


def event_line(event: Any, json: dict[str, Any]) -> dict[str, Any]:
    """An event of an answer: as in `case history`, with its recording time in UK time and how
    long after the act it was recorded."""
    recorded_day = event.timestamp.astimezone(LONDON).date()
    late = (recorded_day - effective_on(event)).days
    return {**json, "effective_on": effective_on(event).isoformat(),
            "recorded_at_uk": uk_time(event.timestamp),
            "recorded_days_after_act": max(late, 0),
            "note": (f"recorded {late} day{'s' if late != 1 else ''} after the act"
                     if late > 0 else "recorded on the day of the act")}
