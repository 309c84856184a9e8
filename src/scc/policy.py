"""Policy packs (workflows/policies/NAME.yaml): each authority works under one (issue 12)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from scc.domain.categorisation import CategoryScheme, scheme_from_settings
from scc.domain.money import SESSIONS, Rate, Threshold, money
from scc.domain.support_policy import Cluster, ConsortiumFunding
from scc.rules import WORKFLOWS_DIR
from scc.workflow_files import load_yaml

POLICIES_DIR = WORKFLOWS_DIR / "policies"


class UnknownPolicy(ValueError):
    pass


@dataclass(frozen=True)
class VisitRules:
    """Turnaround of a progress-and-impact visit report, in working days."""

    report_days: int
    report_rule: str
    return_days: int
    return_rule: str


@dataclass(frozen=True)
class MeetingRules:
    """Documents a school sends before its progress meeting, and how long before."""

    documents_days_before: int
    documents_rule: str
    documents: dict[str, str]


@dataclass(frozen=True)
class PlanRules:
    """When an improvement plan's progress reviews are due: by each term's end."""

    review_rule: str
    term_ends: tuple[tuple[int, int], ...]  # (month, day), in the order of the school year

    def term_end(self, day: date) -> date:
        """The last day of the term `day` falls in (a day in a holiday: of the next term)."""
        ends = sorted(date(year, month, end) for year in (day.year, day.year + 1)
                      for month, end in self.term_ends)
        return next(end for end in ends if end >= day)

    def review_after(self, last_review: date) -> date:
        """One review a term: the next is due by the end of the term after the last review's."""
        return self.term_end(self.term_end(last_review) + timedelta(days=1))


@dataclass(frozen=True)
class SupportRules:
    """Support and funding (issue 14): the bid form's areas and periods (none: the authority
    takes no bids), the charge rates by role, the procurement thresholds, each with its source."""

    source: str
    areas: dict[str, str]
    periods: dict[str, int]
    initial_terms_max: int | None
    impact_report_rule: str
    board_rule: str
    rates: dict[str, Rate]
    rates_source: str
    plan_review_rule: str
    thresholds: tuple[Threshold, ...]
    above: str
    clusters: tuple[Cluster, ...] = ()
    clusters_source: str = ""
    entitlement_source: str = ""  # where the seed gives the category's days of support
    consortium: ConsortiumFunding | None = None  # funding triggered by category (Warwickshire)
    # The board meetings a cluster's Form A3 is due for, as (month, day), and the A3's rule.
    board_meetings: tuple[tuple[int, int], ...] = ()
    a3_rule: str = ""


@dataclass(frozen=True)
class Policy:
    name: str
    authority: str
    address: tuple[str, ...]
    signatory: dict[str, str]
    settings: dict[str, Any] = field(default_factory=dict, repr=False)
    scheme: CategoryScheme | None = field(default=None, repr=False)
    visits: VisitRules | None = None
    meetings: MeetingRules | None = None
    plans: PlanRules | None = None
    support: SupportRules | None = None


def available_policies() -> list[str]:
    return sorted(p.stem for p in POLICIES_DIR.glob("*.yaml"))


@functools.lru_cache(maxsize=8)
def load_policy(name: str) -> Policy:
    path = POLICIES_DIR / f"{name}.yaml"
    if not path.exists():
        raise UnknownPolicy(
            f"No policy pack '{name}'; available: {', '.join(available_policies())}."
        )
    data = load_yaml(path.read_text(encoding="utf-8"))
    return Policy(
        name=data["name"], authority=data["authority"], address=tuple(data.get("address", ())),
        signatory=dict(data.get("signatory", {})), settings=data,
        scheme=scheme_from_settings(data["categorisation"]) if "categorisation" in data else None,
        visits=_visit_rules(data.get("visits")), meetings=_meeting_rules(data.get("meetings")),
        plans=_plan_rules(data.get("plans")), support=_support_rules(data.get("support")),
    )


def _visit_rules(data: dict[str, Any] | None) -> VisitRules | None:
    if not data:
        return None
    return VisitRules(int(data["report_due_working_days"]), str(data["report_rule"]),
                      int(data["return_due_working_days"]), str(data["return_rule"]))


def _meeting_rules(data: dict[str, Any] | None) -> MeetingRules | None:
    if not data:
        return None
    return MeetingRules(int(data["documents_due_days_before"]), str(data["documents_rule"]),
                        {str(k): str(v) for k, v in data["documents"].items()})


def _plan_rules(data: dict[str, Any] | None) -> PlanRules | None:
    if not data:
        return None
    ends = tuple((int(month), int(day)) for month, day in
                 (str(end).split("-") for end in data["term_ends"]))
    return PlanRules(str(data["review_rule"]), ends)


def _support_rules(data: dict[str, Any] | None) -> SupportRules | None:
    if not data:
        return None
    bids, rates = data.get("bids") or {}, data.get("rates") or {}
    procurement = data.get("procurement") or {}
    return SupportRules(
        source=str(data["source"]), areas={str(k): str(v) for k, v in bids.get("areas", {}).items()},
        periods={str(k): int(v) for k, v in bids.get("periods", {}).items()},
        initial_terms_max=int(bids["initial_terms_max"]) if "initial_terms_max" in bids else None,
        impact_report_rule=str(bids.get("impact_report_rule", "")),
        board_rule=str(bids.get("board_rule", "")),
        rates={str(role): Rate(str(role), str(r["title"]), Decimal(str(r["day"])),
                               tuple((k, Decimal(str(r[k]))) for k in SESSIONS if k in r))
               for role, r in rates.get("roles", {}).items()},
        rates_source=str(rates.get("source", "")),
        plan_review_rule=str(data.get("plan_review_rule", "")),
        thresholds=tuple(Threshold(Decimal(str(t["below"])), str(t["needs"]),
                                   int(t.get("quotes", 0)), str(t["rule"]))
                         for t in procurement.get("thresholds", ())),
        above=str(procurement.get("above", "")),
        clusters=tuple(Cluster(str(key), str(c["title"]),
                               frozenset(str(n).casefold() for n in c.get("schools", ())),
                               frozenset(str(u) for u in c.get("urns", ())))
                       for key, c in (data.get("clusters") or {}).get("list", {}).items()),
        clusters_source=str((data.get("clusters") or {}).get("source", "")),
        entitlement_source=str(data.get("entitlement_source", "")),
        consortium=_consortium_funding(data.get("consortium_funding")),
        board_meetings=tuple((int(month), int(day)) for month, day in
                             (str(d).split("-") for d in
                              (data.get("board_meetings") or {}).get("dates", ()))),
        a3_rule=str((data.get("board_meetings") or {}).get("a3_rule", "")))


def _consortium_funding(data: dict[str, Any] | None) -> ConsortiumFunding | None:
    if not data:
        return None
    per_pupil = data.get("per_pupil")
    return ConsortiumFunding(tuple(str(code) for code in data["triggers"]),
                             None if per_pupil is None else money("Amount per pupil", per_pupil),
                             str(data["source"]))
