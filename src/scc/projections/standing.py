"""What stood for a school on a date, from the span read models (projections/spans.py): the span
holding D is the one with `from_on <= D < to_on`, found as the latest begun by D that has not
ended, one backward seek of the span table's (urn, from_on) index per school, whatever the length
of its history. The register, the scope, the lists and the reminders all ask here."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import Any

from sqlalchemy import Engine, Table, select

from scc.projections import tables as t
from scc.projections.queries import per_key


def category_of(span: Any) -> Any:
    return span.category


def officer_of(span: Any) -> Any:
    return span.officer


def standing(table: Table, on: date, urn: Any, value: Callable[[Any], Any]) -> Any:
    """`value` of the columns of the span of `table` holding `on` for the school `urn` (a
    correlated look-up): NULL when no span holds `on`."""
    span = table.alias()
    return (select(value(span.c))
            .where(span.c.urn == urn, span.c.from_on <= on, span.c.to_on > on)
            .order_by(span.c.from_on.desc()).limit(1).scalar_subquery())


def standing_for(engine: Engine, table: Table, value: Callable[[Any], Any], on: date,
                 urns: Collection[str]) -> dict[str, Any]:
    """`value` of the span of `table` holding `on`, for each school of `urns` that has one."""
    s = t.schools.c
    found = per_key(engine, select(s.urn, standing(table, on, s.urn, value)), s.urn, urns)
    return {urn: v for urn, v in found.items() if v is not None}


def category_on(engine: Engine, on: date, urns: Collection[str]) -> dict[str, str]:
    """Each school's category on `on` (the decision in effect that day); a school with none
    then is left out."""
    return standing_for(engine, t.category_spans, category_of, on, urns)
