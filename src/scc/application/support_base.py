"""The shared part of the support and funding service (issue 14): which of the pack's rules apply,
loading a bid or support plan within the one scope rule, and listing them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from scc.application.categorisation import school_for
from scc.application.context import Context
from scc.application.scope import scope_of
from scc.application.visits import transition_table
from scc.domain import ids
from scc.domain.case import ConcernCase
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.school import School
from scc.domain.support import SupportBid
from scc.domain.support_plan import SupportPlan
from scc.domain.values import Actor
from scc.domain.visit import SmallWorkflow
from scc.policy import PlanRules, SupportRules

A = TypeVar("A", SupportBid, SupportPlan)
NAMES = {SupportBid: "support bid", SupportPlan: "support plan"}


class SupportBase:
    """What the bid and plan commands share: the pack's rules, loading a bid or plan within
    the user's scope, one command's load-change-save, and listing."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.bid_flow = transition_table("support_bid")
        self.plan_flow = transition_table("support_plan")

    # The pack

    def _rules(self, school: School, bids: bool = False) -> tuple[SupportRules, PlanRules]:
        policy = self.ctx.policy_of(school)
        rules, terms = policy.support, policy.plans
        if rules is None or terms is None:
            raise RuleViolation(f"The policy pack '{policy.name}' has no support and funding "
                                "rules (its `support:` section and term dates).")
        if bids and not rules.areas:
            raise RuleViolation(f"The policy pack '{policy.name}' takes no bids for funding; "
                                "record a support plan instead.")
        return rules, terms

    def _load(self, user: str | None, action: str, kind: type[A], reference: str
              ) -> tuple[Actor, A, School]:
        missing = f"There is no {NAMES[kind]} {reference}."
        found = self.ctx.get(kind.create_id(reference), kind, missing)
        scope_of(self.ctx, self.ctx.actor(user, action)).item(found.urn, missing)
        actor, school = school_for(self.ctx, user, action, found.urn)
        return actor, found, school

    def _command(self, user: str | None, action: str, kind: type[A], reference: str,
                 do: Callable[[Actor, A, School], None]) -> None:
        actor, found, school = self._load(user, action, kind, reference)
        do(actor, found, school)
        self.ctx.save(found)

    def _commit(self, user: str | None, kind: type[A], flow: SmallWorkflow, reference: str,
                on: date, given: dict[str, Any]) -> None:
        """A commitment of a bid's or a plan's funds, checked against the pack's procurement
        thresholds (the one event both record, scc.domain.support_funding)."""
        on = self.ctx.act_date(on)

        def commit(actor: Actor, found: A, school: School) -> None:
            rules = self._rules(school)[0]
            found.commit(flow, actor, on, given, rules.thresholds, rules.above)

        self._command(user, "support.record", kind, reference, commit)

    def _linked_case(self, user: str | None, school: School, reference: str | None) -> None:
        if reference is None:
            return
        case = self.ctx.get(ids.case_id(reference), ConcernCase, f"There is no case {reference}.")
        scope_of(self.ctx, self.ctx.actor(user, "case.read")).case(case.urn, reference)
        if case.urn != school.urn:
            raise InvalidInput(f"Case {reference} is not {school.name}'s.")

    def choices(self, user: str | None, urn: str) -> dict[str, Any]:
        """What the school's pack offers the bid and plan forms: the bid form's areas and
        periods, and the charge rates by role (with any half-day or session rates)."""
        _actor, school = school_for(self.ctx, user, "school.read", urn)
        rules = self.ctx.policy_of(school).support
        return {"school": school.name, "areas": dict(rules.areas) if rules else {},
                "periods": dict(rules.periods) if rules else {}, "rates": rates_json(rules)}


def rates_json(rules: SupportRules | None) -> list[dict[str, Any]]:
    """The pack's charge rates by role, as the forms and pages show them."""
    return [{"role": r.role, "title": r.title, "day": str(r.day),
             "sessions": {k: str(v) for k, v in r.sessions}}
            for r in (rules.rates.values() if rules else ())]
