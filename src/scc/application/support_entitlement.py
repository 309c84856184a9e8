"""The entitlement (issue 14, item 3): what the school's category gives a year (visits, SEP days:
the pack's `categorisation`, its source in `support.entitlement_source`) against what the academic
year has used: the visits planned and not cancelled, and the hours of support logged on its plans.

One rule for one school (`scc support entitlement`, the school page) and for the board's schools
(issue 14, item 4), read for all the schools asked at once: their names, categories, visits and
plans each in one read, and the support logged on all their plans in one more, so a board of 300
schools reads the database as often as a board of three."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from scc.application.category_scheme import scheme_of
from scc.application.context import Context
from scc.application.stored_events import events_of
from scc.domain import ids
from scc.domain.categorisation import CategoryScheme, academic_year_start
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.money import ZERO
from scc.policy import SupportRules
from scc.projections import tables as t
from scc.projections.queries import per_key, visits_used_by


def entitlements(ctx: Context, urns: Collection[str], year: str,
                 strict: bool = True) -> dict[str, dict[str, Any]]:
    """The entitlement of each school of `urns` (schools the caller has checked exist and are in
    the user's scope) in academic year `year` ('2025/26'). A school whose pack has no categories
    (the Welsh one) is refused (RuleViolation) when `strict`, else left out."""
    start = year_start(year)
    packs: dict[str | None, tuple[CategoryScheme, SupportRules | None] | None] = {}
    for code in {ctx.held_by(urn) for urn in urns}:
        authority = ctx.authority(code)
        try:
            packs[code] = (scheme_of(ctx, authority), ctx.policy(authority).support)
        except RuleViolation:
            if strict:
                raise
            packs[code] = None
    urns = [urn for urn in urns if packs[ctx.held_by(urn)] is not None]
    s, h = t.schools.c, t.category_history.c
    names = per_key(ctx.engine, select(s.urn, s.name), s.urn, urns)
    # The category decided last, as the School aggregate keeps it.
    categories = per_key(ctx.engine, select(h.urn, h.category).where(h.decided.is_(True))
                         .order_by(h.urn, h.version), h.urn, urns)
    used = visits_used_by(ctx.engine, urns, year)
    hours = _hours_logged(ctx, urns, start)
    found = {}
    for urn in urns:
        pack = packs[ctx.held_by(urn)]
        assert pack is not None
        scheme, rules = pack
        code = categories.get(urn)
        found[urn] = _entitlement(urn, names[urn], year, scheme, rules,
                                  scheme.category(code) if code else None,
                                  used.get(urn, 0), hours.get(urn, ZERO))
    return found


def _hours_logged(ctx: Context, urns: Collection[str], start: date) -> dict[str, Decimal]:
    """The hours of support logged on each school's plans in the academic year from `start`."""
    p = t.support_plans.c
    with ctx.engine.connect() as conn:
        plans = {ids.support_plan_id(reference): urn for reference, urn in conn.execute(
            select(p.reference, p.urn).where(p.urn.in_(sorted(urns))))}
    hours: dict[str, Decimal] = {}
    for logged in events_of(ctx, plans, "SupportLogged"):
        if academic_year_start(logged.effective_on) == start:
            urn = plans[logged.originator_id]
            hours[urn] = hours.get(urn, ZERO) + Decimal(logged.hours)
    return hours


def _entitlement(urn: str, name: str, year: str, scheme: CategoryScheme,
                 rules: SupportRules | None, category: Any, used: int,
                 hours: Decimal) -> dict[str, Any]:
    cap = category.visits.cap if category else None
    return {"urn": urn, "school": name, "academic_year": year,
            "category": category.code if category else None,
            "category_title": category.title if category else None,
            "unit": scheme.visit_unit,
            "entitled": category.visits.describe(scheme.visit_unit) if category else None,
            "count": category.visits.count if category else None,
            "limit": category.visits.limit if category else None,
            "support": category.support if category else None,
            "used": used, "remaining": None if cap is None else max(cap - used, 0),
            "over": cap is not None and used > cap,
            "support_hours_logged": str(hours),
            "source": rules.entitlement_source if rules and rules.entitlement_source
            else scheme.title}


def year_start(year: str) -> date:
    """The first day of academic year '2025/26', refusing anything else."""
    first, _, second = year.partition("/")
    if not (first.isdigit() and len(first) == 4 and second.isdigit() and len(second) == 2
            and (int(first) + 1) % 100 == int(second) and 2000 <= int(first) <= 2100):
        raise InvalidInput(f"Academic year '{year[:20]}' is not like 2025/26.")
    return date(int(first), 9, 1)
