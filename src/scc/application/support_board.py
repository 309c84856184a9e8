"""The board's view of support and funding (issue 14, item 4) and the entitlements (item 3).

The board (Calderdale's Partnership School Improvement Board; the approving board of any pack)
sees the bids awaiting its decision, the Funding Impact Reports overdue, and the money by cluster
and by area: approved, spent (as the latest impact report gives it, or the support logs of a plan)
and what remains. A bid's spending is reported as one figure, not split by area, so a bid over
several areas shows its spending under "More than one area" rather than a guessed split.

An entitlement is what the school's category gives a year (visits, SEP days: the pack's
`categorisation`, its source in `support.entitlement_source`) against what the academic year has
used: the visits planned and not cancelled, and the hours of support logged on its plans.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from scc.application.categorisation import school_for, school_scheme
from scc.application.scope import Scope, scope_of
from scc.application.support_base import SupportBase
from scc.domain.categorisation import academic_year, academic_year_start
from scc.domain.errors import InvalidInput
from scc.domain.money import ZERO, text_of
from scc.domain.support import SupportBid
from scc.domain.support_cluster import NO_CLUSTER, cluster_of
from scc.domain.support_plan import SupportPlan
from scc.projections import register as read
from scc.projections.tables import support_bids, support_plans

SEVERAL_AREAS = "More than one area"
PLANS_AREA = "Support plans (no area)"
FUNDED = ("approved", "closed")  # a bid whose approved amount counts
PLANS_FUNDED = ("approved", "active", "closed")


class Tally:
    """Approved and spent, summed exactly by a key (a cluster, an area)."""

    def __init__(self) -> None:
        self.sums: dict[str, list[Decimal]] = {}

    def add(self, key: str, approved: Decimal, spent: Decimal) -> None:
        row = self.sums.setdefault(key, [ZERO, ZERO])
        row[0] += approved
        row[1] += spent

    def rows(self, label: str) -> list[dict[str, str]]:
        return [{label: key, "approved": text_of(a), "spent": text_of(s),
                 "remaining": text_of(a - s)} for key, (a, s) in sorted(self.sums.items())]


class BoardQueries(SupportBase):
    def board(self, user: str | None, authority: str | None = None) -> dict[str, Any]:
        """What the board sees, within the user's scope (and one of their authorities if
        named): bids awaiting a decision, impact reports overdue, money by cluster and area."""
        scope = scope_of(self.ctx, self.ctx.actor(user, "school.read"))
        codes = scope.within(authority)
        today = self.ctx.clock.today()
        by_cluster, by_area = Tally(), Tally()
        awaiting: list[dict[str, Any]] = []
        overdue: list[dict[str, Any]] = []
        for bid, cluster in self._bids(scope, codes):
            rules = self.ctx.policy(self.ctx.authority_at(bid.urn)).support
            titles = rules.areas if rules else {}
            common = {"reference": bid.reference, "urn": bid.urn, "school": bid.school_name,
                      "cluster": cluster}
            if bid.state == "submitted":
                awaiting.append({**common, "submitted_on": bid.submitted_on.isoformat(),
                                 "board_on": bid.board_on.isoformat() if bid.board_on else None,
                                 "requested": text_of(bid.total_requested)})
            overdue += [{**common, "report": d["kind"].rsplit("-", 1)[1],
                         "due": d["due"].isoformat()}
                        for d in sorted(bid.deadlines.values(), key=lambda d: d["due"])
                        if d["kind"].startswith("impact-report-") and d["met_on"] is None
                        and d["due"] < today and bid.state == "approved"]
            if bid.state not in FUNDED:
                continue
            by_cluster.add(cluster, bid.total_approved, bid.spent)
            if len(bid.approved) == 1:
                (area, amount), = bid.approved.items()
                by_area.add(titles.get(area, area), Decimal(amount), bid.spent)
            else:
                for area, amount in bid.approved.items():
                    by_area.add(titles.get(area, area), Decimal(amount), ZERO)
                by_area.add(SEVERAL_AREAS, ZERO, bid.spent)
        for row in self._visible(scope.only(read.list_rows(self.ctx.engine, support_plans,
                                                             None, None)), codes):
            # A plan paid from a bid is counted with the bid (its spending is in the bid's
            # impact reports); the others are funded on their own.
            if row["bid_reference"] or row["state"] not in PLANS_FUNDED:
                continue
            approved, spent = Decimal(row["approved"] or ZERO), Decimal(row["spent"])
            by_cluster.add(self._cluster(row["urn"], row["school_name"]), approved, spent)
            by_area.add(PLANS_AREA, approved, spent)
        clusters = by_cluster.rows("cluster")
        return {"today": today.isoformat(), "awaiting": awaiting, "overdue": overdue,
                "clusters": clusters, "areas": by_area.rows("area"),
                "total": _total(clusters)}

    def _bids(self, scope: Scope, codes: frozenset[str] | None
              ) -> list[tuple[SupportBid, str]]:
        """Every bid the scope shows (of the authorities `codes`), with its school's cluster."""
        rows = self._visible(scope.only(read.list_rows(self.ctx.engine, support_bids, None,
                                                       None)), codes)
        bids = [self.ctx.get(SupportBid.create_id(r["reference"]), SupportBid, "") for r in rows]
        return [(bid, self._cluster(bid.urn, bid.school_name)) for bid in bids]

    def _visible(self, rows: Iterable[dict[str, Any]],
                 codes: frozenset[str] | None) -> list[dict[str, Any]]:
        return [r for r in rows if codes is None or self.ctx.held_by(r["urn"]) in codes]

    def _cluster(self, urn: str, name: str) -> str:
        rules = self.ctx.policy(self.ctx.authority_at(urn)).support
        return cluster_of(rules.clusters, urn, name) if rules else NO_CLUSTER

    def entitlement(self, user: str | None, urn: str, year: str | None = None
                    ) -> dict[str, Any]:
        """What the school's category gives a year and what the academic year `year`
        ('2025/26'; default: this one) has used: visits (or SEP days) planned, and the hours of
        support logged on its support plans."""
        _actor, school = school_for(self.ctx, user, "school.read", urn)
        today = self.ctx.clock.today()
        year = year or academic_year(today)
        start = _year_start(year)
        scheme = school_scheme(self.ctx, school)
        current = school.category
        category = scheme.category(current["category"]) if current else None
        used = read.visits_used(self.ctx.engine, urn, year)
        hours = ZERO
        for row in read.list_rows(self.ctx.engine, support_plans, urn, None):
            plan = self.ctx.get(SupportPlan.create_id(row["reference"]), SupportPlan, "")
            hours += sum((Decimal(log["hours"]) for log in plan.logs
                          if academic_year_start(log["on"]) == start), ZERO)
        rules = self.ctx.policy_of(school).support
        cap = category.visits.cap if category else None
        return {"urn": urn, "school": school.name, "academic_year": year,
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


def _year_start(year: str) -> date:
    """The first day of academic year '2025/26', refusing anything else."""
    first, _, second = year.partition("/")
    if not (first.isdigit() and len(first) == 4 and second.isdigit() and len(second) == 2
            and (int(first) + 1) % 100 == int(second) and 2000 <= int(first) <= 2100):
        raise InvalidInput(f"Academic year '{year[:20]}' is not like 2025/26.")
    return date(int(first), 9, 1)


def _total(rows: list[dict[str, str]]) -> dict[str, str]:
    approved = sum((Decimal(r["approved"]) for r in rows), ZERO)
    spent = sum((Decimal(r["spent"]) for r in rows), ZERO)
    return {"approved": text_of(approved), "spent": text_of(spent),
            "remaining": text_of(approved - spent)}

