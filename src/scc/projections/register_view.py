"""The register as of a date, read from the register, span and deadline read models: every entry
standing on the date inside a scope, sorted by a column, whole or a page of it.

What stood for a school on a date (its category, officer, case) is the span holding the date
(projections/standing.py).

A page is cut in SQL: the entries of the scope are sorted in the order asked for (those the
reader may see first) with only what that order needs, and the rest of each entry is looked up
for the page's rows alone. So a page of a national register costs one scan of the entries
standing on the date, not the reading of every entry.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Integer,
    Select,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    text,
)

from scc.projections import tables as t
from scc.projections.queries import authority_of, in_authorities
from scc.projections.standing import category_of, officer_of, standing

# The columns a register sorts by.
SORTS = ("school", "authority", "category", "stage", "basis", "confidential", "officer",
         "deadline")


@dataclass(frozen=True)
class RegisterQuery:
    """The register on `on` as one reader sees it: the entries of `authorities` (None: every
    authority), of those only `schools` when not None (the scope's), in the order of `sort`.
    Confidential entries are shown when `sees_confidential`, or, to `officer`, those of the
    schools allocated to them on `on`; the rest are withheld and counted. `titles` gives each
    (authority, category code) the words a category sorts by."""

    on: date
    authorities: Collection[str] | None
    schools: Collection[str] | None
    sees_confidential: bool
    officer: str | None = None
    sort: str = "school"
    descending: bool = False
    titles: Mapping[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class RegisterRows:
    entries: list[dict[str, Any]]  # those shown, in order (a page's or all)
    shown: int  # of the whole register, not just the page
    withheld: int


def read_register(engine: Engine, query: RegisterQuery, offset: int = 0,
                  limit: int | None = None) -> RegisterRows:
    """The entries shown from `offset` (at most `limit`; None: all), and how many are shown and
    withheld in all."""
    ranked = _ranked(query).subquery("ranked")
    r, s = t.register_entries.c, t.schools.c
    on = query.on
    page = (select(ranked).order_by(*_order(ranked.c, query))
            .offset(offset).limit(limit)).subquery("page")
    p = page.c
    ks = t.case_spans.c  # a school has few cases: the range of its spans begun by `on` is short
    columns = select(
        p.urn, s.name.label("school"), authority_of(s.authority).label("authority"),
        s.governance, standing(t.category_spans, on, p.urn, category_of).label("category"),
        r.basis, r.placed_on, r.reason, _confidential(on).label("confidential"),
        standing(t.officer_spans, on, p.urn, officer_of).label("officer"),
        ks.case_reference.label("case"), ks.state.label("case_state"), ks.stage,
        _next_deadline(on, p.urn, lambda d: d.due).label("next_deadline"),
        _next_deadline(on, p.urn, lambda d: d.kind).label("next_deadline_kind"),
        p.seen, p.in_scope, p.shown,
    ).select_from(page).join(t.register_entries, and_(r.urn == p.urn, r.version == p.version)) \
        .join(t.schools, s.urn == p.urn) \
        .outerjoin(t.case_spans, and_(ks.urn == p.urn, ks.from_on <= on, ks.to_on > on)) \
        .order_by(*_order(p, query))
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # The look-ups are cheap index probes, but their estimated cost makes PostgreSQL
            # JIT-compile the plan, which took longer than the query (bench_register).
            conn.execute(text("SET LOCAL jit = off"))
        found = conn.execute(columns)
        keys = list(found.keys())
        rows = [dict(zip(keys, row)) for row in found.all()]
        if rows:
            in_scope, shown = rows[0]["in_scope"], rows[0]["shown"]
        else:  # an empty register, or a page past its end: counted on their own
            in_scope, shown = conn.execute(
                select(func.count(), func.coalesce(func.sum(ranked.c.seen), 0))
                .select_from(ranked)
            ).one()
    entries = []
    for row in rows:
        seen = row.pop("seen")
        del row["in_scope"], row["shown"]
        if not seen:  # a withheld entry after the last shown one, on the last page
            continue
        for key in ("placed_on", "next_deadline"):  # the dates an entry shows
            row[key] = row[key] and row[key].isoformat()
        row["confidential"] = bool(row["confidential"])
        entries.append(row)
    return RegisterRows(entries, int(shown), int(in_scope) - int(shown))


def _ranked(query: RegisterQuery) -> Select[Any]:
    """The entries of the scope standing on the date, each with what the order asked for needs
    (its key, looked up once, and its school's name), whether it is shown, and the counts of the
    whole register."""
    r, s = t.register_entries.c, t.schools.c
    on = query.on
    confidential = _confidential(on)
    if query.sees_confidential:
        seen: ColumnElement[Any] = literal(1, Integer)
    else:
        allocated = standing(t.officer_spans, on, r.urn, officer_of) == query.officer \
            if query.officer else literal(False)
        seen = case((or_(~confidential, allocated), 1), else_=0)
    ranked = (
        select(r.urn, r.version, seen.label("seen"),
               _sort_key(query, confidential).label("sort_key"),
               func.lower(s.name).label("name_key"),
               func.count().over().label("in_scope"), func.sum(seen).over().label("shown"))
        .select_from(t.register_entries).join(t.schools, s.urn == r.urn)
        .where(r.placed_on <= on, or_(r.removed_on.is_(None), r.removed_on > on))
    )
    within = in_authorities(s.authority, query.authorities)
    if within is not None:
        ranked = ranked.where(within)
    if query.schools is not None:
        ranked = ranked.where(r.urn.in_(sorted(query.schools)))
    return ranked


def _order(ranked: Any, query: RegisterQuery) -> list[ColumnElement[Any]]:
    """The order asked for over `ranked`'s columns: those shown first, then by the key (NULL
    last whichever the order), entries alike in it by school name."""
    key = ranked.sort_key
    order = [] if query.sees_confidential else [ranked.seen.desc()]
    order.append((key.desc() if query.descending else key.asc()).nulls_last())
    order.extend([ranked.urn] if query.sort == "school" else [ranked.name_key, ranked.urn])
    return order


def _sort_key(query: RegisterQuery, confidential: ColumnElement[bool]) -> ColumnElement[Any]:
    """The value an entry sorts by (NULL sorts last, whichever the order)."""
    r, s, on = t.register_entries.c, t.schools.c, query.on
    if query.sort == "school":
        return func.lower(s.name)
    if query.sort == "authority":
        return authority_of(s.authority)
    if query.sort == "basis":
        return r.basis
    if query.sort == "confidential":
        return case((confidential, 1), else_=0)
    if query.sort == "officer":
        return standing(t.officer_spans, on, r.urn, officer_of)
    if query.sort == "deadline":
        return _next_deadline(on, r.urn, lambda d: d.due)
    if query.sort == "stage":
        # NULL without a case; a case at no numbered stage before stage 1.
        return standing(t.case_spans, on, r.urn, lambda span: func.coalesce(span.stage, 0))
    assert query.sort == "category", query.sort
    code = standing(t.category_spans, on, r.urn, category_of)
    if not query.titles:
        return code
    # "authority:code" looked up once a row, then matched against each title's.
    return case({f"{a}:{c}": title for (a, c), title in query.titles.items()},
                value=authority_of(s.authority) + ":" + code, else_=code)


def _confidential(on: date) -> ColumnElement[bool]:
    """The entry is confidential on `on` (DOMAIN.md "Confidentiality"): placed for a reason
    other than an Ofsted judgement, with no warning notice given to its school since, by `on`."""
    return and_(t.register_entries.c.basis != "ofsted", ~_warned(on))


def _warned(on: date) -> ColumnElement[bool]:
    """A warning notice given to the entry's school since it was placed, by `on`."""
    r, w, case_of = t.register_entries.c, t.warning_notices.c, t.cases.alias("notice_case").c
    return exists().where(w.case_id == case_of.id, case_of.urn == r.urn,
                          w.issued_on >= r.placed_on, w.issued_on <= on)


def _next_deadline(on: date, urn: Any, value: Callable[[Any], Any]) -> Any:
    """`value` of the school's next deadline not met by `on` (due on or after it), by the
    (urn, due) index."""
    d = t.deadlines.c
    return (select(value(d)).where(d.urn == urn, d.due >= on,
                                   or_(d.met_on.is_(None), d.met_on > on))
            .order_by(d.due, d.kind).limit(1).scalar_subquery())
