"""Span read models of the register as of a date: for each school, the category and the officer
that stood from one day until the day before another, and for each case, each state it was in
while open. "As of D" is then the one span of each with `from_on <= D < to_on`, read by a range of
an index rather than by finding each school's latest decision before D.

Spans follow the date of each act, not the order acts were recorded: a decision backdated before
an earlier-recorded one splits the span it falls in, and of two decisions on the same day the one
recorded later stands (as `category_history` orders them). A case's acts are in date order (the
case refuses an act dated before its last), so its spans only ever grow at the end.

The handlers write through `Rows`, so a command's projection and a rebuild give the same spans."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table

from scc.projections import tables as t
from scc.projections.rows import Rows

if TYPE_CHECKING:  # a reader of the register needs no aggregate class
    from scc.domain.case import ConcernCase

# The end of a span that still stands: a date, not NULL, so "as of D" is one range predicate.
UNTIL = date(9999, 12, 31)


def category_decided(rows: Rows, urn: str, version: int, on: date, category: str) -> None:
    _begin(rows, t.category_spans, urn, version, on, category=category)


def officer_allocated(rows: Rows, urn: str, version: int, on: date, officer: str) -> None:
    _begin(rows, t.officer_spans, urn, version, on, officer=officer)


def _begin(rows: Rows, table: Table, urn: str, version: int, on: date, **values: Any) -> None:
    spans = rows.select(table, urn=urn)
    within = next((s for s in spans if s["from_on"] <= on < s["to_on"]), None)
    if within is None:  # the school's first decision, or one dated before its first
        later = [s["from_on"] for s in spans if s["from_on"] > on]
        rows.insert(table, urn=urn, version=version, from_on=on, to_on=min(later, default=UNTIL),
                    **values)
    elif within["from_on"] == on:
        rows.update(table, within, **values)
    else:
        rows.insert(table, urn=urn, version=version, from_on=on, to_on=within["to_on"], **values)
        rows.update(table, within, to_on=on)


def case_moved(rows: Rows, case: ConcernCase, event: Any,
               stage_of: Callable[[str], int | None]) -> None:
    """The span of the state `event` put the case in; `case` is the case after the event, or
    after the command that recorded it. Events that set no state leave the spans alone."""
    state, on = getattr(event, "state", None), getattr(event, "effective_on", None)
    if not isinstance(state, str) or on is None:
        return
    # A case's first event finds no span to end: nothing to read.
    current = [] if event.originator_version == 1 else rows.select(
        t.case_spans, case_reference=case.reference, to_on=UNTIL)
    if current and current[0]["state"] == state:
        return
    # A closed case stays in its final state, so the event that set it is the one that closed it.
    closing = not case.is_open and state == case.state
    if current:
        span = current[0]
        if span["from_on"] == on and not closing:
            rows.update(t.case_spans, span, state=state, stage=stage_of(state))
            return
        rows.update(t.case_spans, span, to_on=on)
    if not closing:
        rows.insert(t.case_spans, case_reference=case.reference, version=event.originator_version,
                    urn=case.urn, state=state, stage=stage_of(state), from_on=on, to_on=UNTIL)
