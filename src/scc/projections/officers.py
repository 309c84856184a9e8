"""A school's officer on a date: the one rule that decides it, for the scope of an SEO
(application/scope.py) and every list that names the officer (application/caseload.py).

The officer on day D is the allocation in effect on D, as the `officer_spans` read model holds it
(projections/spans.py): the span with `from_on <= D < to_on`. An allocation recorded later but
dated before another does not displace the one dated after it, and a school allocated from a day
still to come stays its present officer's until that day; of two allocations on one day the one
recorded later stands. The register as of a date reads the same spans."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import Engine, select

from scc.projections import tables as t
from scc.projections.standing import officer_of, standing_for


def officer_on(engine: Engine, on: date, urns: Collection[str]) -> dict[str, str]:
    """The officer of each school of `urns` on `on`; a school with none then is left out."""
    return standing_for(engine, t.officer_spans, officer_of, on, urns)


def allocated_to(engine: Engine, officer: str, on: date) -> list[str]:
    """The URNs whose officer on `on` is `officer`."""
    o = t.officer_spans.c
    # One range of the (officer, to_on) index: the officer's spans still running after `on`.
    query = select(o.urn).where(o.officer == officer, o.to_on > on, o.from_on <= on)
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())
