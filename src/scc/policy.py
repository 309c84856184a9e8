"""Policy packs (workflows/policies/NAME.yaml): each authority works under one (issue 12). The
values a pack sets; scc.policy_packs finds a pack by name and scc.policy_reading reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scc.domain.categorisation import CategoryScheme
    from scc.domain.money import Rate, Threshold
    from scc.domain.support_policy import Cluster, ConsortiumFunding

# The jurisdictions whose rule sets this version carries (workflows/rule-sets): a pack for any
# other is refused when read, so no authority is served under law scc does not know.
JURISDICTIONS = ("england", "wales")


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
    jurisdiction: str = "england"  # whose rule sets apply to the authority's cases
    # The working days a warning notice gives to comply where it names none and the law lets
    # the notice specify the period (None: the rule set's default).
    compliance_days: int | None = None
