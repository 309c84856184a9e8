"""Read-model queries: lists and look-ups that do not need a whole history."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, func, or_, select

from scc.projections import tables as t

# Bound parameters a query names (SQLite's limit is 32,766; PostgreSQL's 65,535).
KEYS_PER_QUERY = 5_000


def chunks(items: Iterable[Any], size: int = KEYS_PER_QUERY) -> Iterator[list[Any]]:
    """`items` in lists of at most `size`, in order (by default as many keys as a query names)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _rows(engine: Engine, query: Any) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row._mapping.items()}
            for row in conn.execute(query)
        ]


def authority_of(column: Any) -> ColumnElement[Any]:
    """The authority a row belongs to: its own, or, for a row recorded before authorities
    existed (NULL), the original authority."""
    original = select(t.authorities.c.code).where(t.authorities.c.original.is_(True))
    return func.coalesce(column, original.scalar_subquery())


def in_authorities(column: Any, codes: Collection[str] | None) -> ColumnElement[bool] | None:
    """The condition "belongs to one of `codes`"; None (no condition) for every authority.
    The column is compared as it is (not through `authority_of`), so the database can use its
    statistics and indexes; only a row without one is given the original authority's."""
    if codes is None:
        return None
    original = select(t.authorities.c.code).where(t.authorities.c.original.is_(True))
    return or_(column.in_(sorted(codes)),
               and_(column.is_(None), original.scalar_subquery().in_(sorted(codes))))


def per_key(engine: Engine, query: Any, key: Any, keys: Collection[str]) -> dict[str, Any]:
    """Per key of `keys`, the value of the last row of `query` (rows of key and value, ordered
    oldest first by key when a key has several). Only those keys' rows are read, through the
    table's index that leads with the key: a page's few dozen schools, never the 100,000 rows
    of a national history."""
    found = {}
    with engine.connect() as conn:
        for chunk in chunks(sorted(keys)):
            found.update({k: value for k, value in conn.execute(query.where(key.in_(chunk)))})
    return found


def _within(query: Any, condition: ColumnElement[bool] | None) -> Any:
    return query if condition is None else query.where(condition)


def list_authorities(engine: Engine) -> list[dict[str, Any]]:
    return _rows(engine, select(t.authorities).order_by(t.authorities.c.code))


def list_cases(engine: Engine, include_closed: bool = False,
               authorities: Collection[str] | None = None,
               urn: str | None = None) -> list[dict[str, Any]]:
    c, s = t.cases.c, t.schools.c
    query = select(c.reference.label("id"), c.urn, c.school_name.label("school"), c.state,
                   c.stage, c.rule_set, c.opened_on, c.last_act_on, c.is_open, c.eligible,
                   authority_of(s.authority).label("authority")
                   ).join_from(t.cases, t.schools, s.urn == c.urn)
    if not include_closed:
        query = query.where(c.is_open.is_(True))
    if urn is not None:
        query = query.where(c.urn == urn)
    query = _within(query, in_authorities(s.authority, authorities))
    return _rows(engine, query.order_by(c.opened_on, c.reference))


def list_schools(engine: Engine, governance: str | None = None,
                 authorities: Collection[str] | None = None) -> list[dict[str, Any]]:
    s = t.schools.c
    query = select(s.urn, s.name, s.type, s.governance, s.phase, s.la_name, s.ofsted_outcome,
                   s.open_case, authority_of(s.authority).label("authority"))
    if governance:
        query = query.where(s.governance == governance)
    query = _within(query, in_authorities(s.authority, authorities))
    return _rows(engine, query.order_by(s.name, s.urn))


def school_row(engine: Engine, urn: str) -> dict[str, Any] | None:
    rows = _rows(engine, select(t.schools).where(t.schools.c.urn == urn))
    return rows[0] if rows else None


def school_fingerprints(engine: Engine, authorities: Collection[str] | None = None
                        ) -> dict[str, dict[str, Any]]:
    """Every school's current details (of `authorities`, or all) with the authority that holds
    it, for an import to find what changed without loading each school's history."""
    s = t.schools
    query = _within(select(s, authority_of(s.c.authority).label("held_by")),
                    in_authorities(s.c.authority, authorities))
    with engine.connect() as conn:
        return {row.urn: dict(row._mapping) for row in conn.execute(query)}


def list_users(engine: Engine, authorities: Collection[str] | None = None
               ) -> list[dict[str, Any]]:
    u = t.users.c
    query = select(u.name, u.role, authority_of(u.authority).label("authority"), u.granted)
    query = _within(query, in_authorities(u.authority, authorities))
    return _rows(engine, query.order_by(u.name))


def acting_for(engine: Engine, authority: str, role: str) -> list[str]:
    """The names of the users in `role` who act for `authority`: its own, and those granted it."""
    return [row["name"] for row in list_users(engine) if row["role"] == role
            and authority in {row["authority"], *(row["granted"] or "").split(",")}]


def list_closures(engine: Engine, authorities: Collection[str] | None = None
                  ) -> list[dict[str, Any]]:
    d = t.closure_days.c
    query = select(d.day, d.reason, authority_of(d.authority).label("authority"))
    query = _within(query, in_authorities(d.authority, authorities))
    return _rows(engine, query.order_by(d.day, "authority"))


def visits_used_by(engine: Engine, urns: Collection[str], year: str) -> dict[str, int]:
    """The visits of their entitlement each of the schools `urns` used in the academic year
    `year` (one left out has used none): every visit counts but a cancelled one."""
    v = t.visits.c
    return per_key(engine, select(v.urn, func.count()).where(
        v.academic_year == year, v.state != "cancelled").group_by(v.urn), v.urn, urns)
