"""Read-model queries: lists and look-ups that do not need a whole history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from scc.projections import tables as t


def _rows(engine: Engine, query: Any) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row._mapping.items()}
            for row in conn.execute(query)
        ]


def list_cases(engine: Engine, include_closed: bool = False) -> list[dict[str, Any]]:
    c = t.cases.c
    query = select(c.reference.label("id"), c.urn, c.school_name.label("school"), c.state,
                   c.stage, c.rule_set, c.opened_on, c.last_act_on, c.is_open, c.eligible)
    if not include_closed:
        query = query.where(c.is_open.is_(True))
    return _rows(engine, query.order_by(c.opened_on, c.reference))


def list_schools(engine: Engine, governance: str | None = None) -> list[dict[str, Any]]:
    s = t.schools.c
    query = select(s.urn, s.name, s.type, s.governance, s.phase, s.la_name, s.ofsted_outcome,
                   s.open_case)
    if governance:
        query = query.where(s.governance == governance)
    return _rows(engine, query.order_by(s.name, s.urn))


def school_row(engine: Engine, urn: str) -> dict[str, Any] | None:
    rows = _rows(engine, select(t.schools).where(t.schools.c.urn == urn))
    return rows[0] if rows else None


def school_fingerprints(engine: Engine) -> dict[str, dict[str, Any]]:
    """Every school's current details, for an import to find what changed without loading
    each school's history."""
    with engine.connect() as conn:
        return {row.urn: dict(row._mapping) for row in conn.execute(select(t.schools))}


def list_users(engine: Engine) -> list[dict[str, Any]]:
    return _rows(engine, select(t.users.c.name, t.users.c.role).order_by(t.users.c.name))


def list_closures(engine: Engine) -> list[dict[str, Any]]:
    return _rows(engine, select(t.closure_days).order_by(t.closure_days.c.day))
