"""The board's view of support and funding (issue 14, item 4) and the entitlements (item 3).

The board (Calderdale's Partnership School Improvement Board; the approving board of any pack)
sees the bids awaiting its decision, the Funding Impact Reports overdue, and the money by cluster
and by area: approved, spent (as the latest impact report gives it, or the support logs of a plan)
and what remains. A bid's spending is reported as one figure, not split by area, so a bid over
several areas shows its spending under "More than one area" rather than a guessed split.

An entitlement is what the school's category gives a year against what the academic year has
used, worked out by one rule for one school and for all the board's schools at once
(scc.application.support_entitlement).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from scc.application.school_entitlement import SchoolEntitlement
from scc.application.scope import Scope, scope_of
from scc.application.stored_events import replayed
from scc.application.support_base import SupportBase
from scc.domain.money import ZERO, text_of
from scc.domain.support import SupportBid
from scc.domain.support_cluster import NO_CLUSTER, cluster_of
from scc.policy import SupportRules
from scc.projections import register as read
from scc.projections.tables import support_bids, support_plans

SEVERAL_AREAS = "More than one area"
PLANS_AREA = "Support plans (no area)"
FUNDED = ("approved", "closed")  # a bid whose approved amount counts
PLANS_FUNDED = ("approved", "active", "closed")
Packs = dict[str | None, SupportRules | None]  # an authority's support rules, by LA code


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
        known: Packs = {}
        for bid, cluster in self._bids(scope, codes, known):
            rules = self._rules_at(bid.urn, known)
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
            by_cluster.add(self._cluster(row["urn"], row["school_name"], known), approved,
                           spent)
            by_area.add(PLANS_AREA, approved, spent)
        clusters = by_cluster.rows("cluster")
        return {"today": today.isoformat(), "awaiting": awaiting, "overdue": overdue,
                "clusters": clusters, "areas": by_area.rows("area"),
                "total": _total(clusters)}

    def _bids(self, scope: Scope, codes: frozenset[str] | None, known: Packs
              ) -> list[tuple[SupportBid, str]]:
        """Every bid the scope shows (of the authorities `codes`), with its school's cluster
        (`known`: as `_rules_at`)."""
        rows = self._visible(scope.only(read.list_rows(self.ctx.engine, support_bids, None,
                                                       None)), codes)
        ids = [SupportBid.create_id(r["reference"]) for r in rows]
        found = replayed(self.ctx, ids, SupportBid)  # all in one read, not one or two each
        bids = [found[i] for i in ids]
        return [(bid, self._cluster(bid.urn, bid.school_name, known)) for bid in bids]

    def _visible(self, rows: Iterable[dict[str, Any]],
                 codes: frozenset[str] | None) -> list[dict[str, Any]]:
        return [r for r in rows if codes is None or self.ctx.held_by(r["urn"]) in codes]

    def _rules_at(self, urn: str, known: Packs) -> SupportRules | None:
        """The support rules of the pack of the school's authority. `known` keeps them by
        authority for one view, so a view of many schools asks for each authority once."""
        code = self.ctx.held_by(urn)
        if code not in known:
            known[code] = self.ctx.policy(self.ctx.authority(code)).support
        return known[code]

    def _cluster(self, urn: str, name: str, known: Packs) -> str:
        rules = self._rules_at(urn, known)
        return cluster_of(rules.clusters, urn, name) if rules else NO_CLUSTER

    def entitlement(self, user: str | None, urn: str, year: str | None = None
                    ) -> dict[str, Any]:
        return SchoolEntitlement(self.ctx).entitlement(user, urn, year)


def _total(rows: list[dict[str, str]]) -> dict[str, str]:
    approved = sum((Decimal(r["approved"]) for r in rows), ZERO)
    spent = sum((Decimal(r["spent"]) for r in rows), ZERO)
    return {"approved": text_of(approved), "spent": text_of(spent),
            "remaining": text_of(approved - spent)}

