"""Support plans (URN-Sn; Bury's school-led system support plan): drafted with activities costed at
the pack's day rates, submitted, decided, support logged against the amount approved, commitments
checked against the procurement thresholds, reviewed each term and closed by the final review."""

from __future__ import annotations

from datetime import date
from typing import Any

from scc.application.categorisation import school_for
from scc.application.record_lists import listing
from scc.application.support_base import SupportBase, rates_json
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.money import text_of
from scc.domain.school import School
from scc.domain.support import SupportBid
from scc.domain.support_plan import SupportPlan, support_review_kind
from scc.domain.values import Actor, plain_json
from scc.domain.workflow import Deadline
from scc.projections import register as read
from scc.projections.tables import support_plans


class PlanCommands(SupportBase):
    def draft_plan(self, user: str | None, urn: str, priorities: list[str],
                   activities: list[dict[str, Any]], on: date, supporting_school: str = "",
                   case_reference: str | None = None, bid_reference: str | None = None) -> str:
        """Records a support plan as drafted, each activity costed at the pack's day rate for its
        role; returns its reference (URN-Sn)."""
        actor, school = school_for(self.ctx, user, "support.record", urn)
        on = self.ctx.act_date(on)
        rules, _terms = self._rules(school)
        if not rules.rates:
            raise RuleViolation(f"The policy pack '{self.ctx.policy_of(school).name}' sets no "
                                "charge rates to cost a support plan.")
        self._linked_case(user, school, case_reference)
        if bid_reference is not None:
            bid = self._load(user, "support.record", SupportBid, bid_reference)[1]
            if bid.urn != urn:
                raise InvalidInput(f"Bid {bid_reference} is not {school.name}'s.")
        reference = f"{urn}-S{read.count_for_school(self.ctx.engine, support_plans, urn) + 1}"
        plan = SupportPlan.draft(self.plan_flow, reference, urn, school.name, case_reference,
                                 bid_reference, supporting_school, priorities, activities,
                                 rules.rates, rules.rates_source, actor, on)
        self.ctx.save(plan)
        return reference

    def submit_plan(self, user: str | None, reference: str, on: date) -> None:
        on = self.ctx.act_date(on)
        self._command(user, "support.record", SupportPlan, reference,
                      lambda actor, plan, _school: plan.submit(self.plan_flow, actor, on))

    def decide_plan(self, user: str | None, reference: str, on: date, approve: bool,
                    reason: str, amount: Any = None) -> None:
        """Approved with the amount of funding (default: the plan's costed total), the first
        termly review due by the end of the term; or declined with the reason."""
        on = self.ctx.act_date(on)

        def decide(actor: Actor, plan: SupportPlan, school: School) -> None:
            if not approve:
                plan.decline(self.plan_flow, actor, on, reason)
                return
            rules, terms = self._rules(school)
            first = Deadline(support_review_kind(reference, 1), terms.term_end(on),
                             rules.plan_review_rule)
            plan.approve(self.plan_flow, actor, on,
                         plan.costed_total if amount is None else amount, reason, first)

        self._command(user, "support.decide", SupportPlan, reference, decide)

    def log_support(self, user: str | None, reference: str, on: date,
                    given: dict[str, Any]) -> str:
        """A school-to-school support log; returns what remains of the amount approved."""
        on = self.ctx.act_date(on)
        left: list[str] = []

        def log(actor: Actor, plan: SupportPlan, school: School) -> None:
            plan.log_support(self.plan_flow, actor, on, given, self._rules(school)[0].rates)
            left.append(text_of(plan.remaining) if plan.remaining is not None else "")

        self._command(user, "support.record", SupportPlan, reference, log)
        return left[0]

    def commit(self, user: str | None, reference: str, on: date, given: dict[str, Any]) -> None:
        """A commitment of the plan's funds, checked against the pack's procurement
        thresholds."""
        self._commit(user, SupportPlan, self.plan_flow, reference, on, given)

    def review_plan(self, user: str | None, reference: str, on: date, personnel: str,
                    outcomes: str, points: str = "", final: bool = False) -> str | None:
        """A termly review (the next due by the end of the next term), or the final review,
        which closes the plan (Service Manager). Returns when the next review is due."""
        on = self.ctx.act_date(on)
        due: list[Deadline] = []

        def review(actor: Actor, plan: SupportPlan, school: School) -> None:
            rules, terms = self._rules(school)
            if not final:
                due.append(Deadline(support_review_kind(reference, len(plan.reviews) + 2),
                                    terms.review_after(on), rules.plan_review_rule))
            plan.review(self.plan_flow, actor, on, personnel, outcomes, points,
                        due[0] if due else None)

        self._command(user, "support.decide" if final else "support.record", SupportPlan,
                      reference, review)
        return due[0].due.isoformat() if due else None

    def show_plan(self, user: str | None, reference: str) -> dict[str, Any]:
        _actor, plan, school = self._load(user, "school.read", SupportPlan, reference)
        return {"reference": plan.reference, "urn": plan.urn, "school": plan.school_name,
                "case": plan.case_reference, "bid": plan.bid_reference,
                "supporting_school": plan.supporting_school, "state": plan.state,
                "state_title": self.plan_flow.states[plan.state],
                "drafted_on": plan.drafted_on.isoformat(), "priorities": list(plan.priorities),
                "activities": plain_json(plan.activities), "rates_source": plan.rates_source,
                "costed": plan.costed_total, "approved": plan.approved,
                "decided_on": plain_json(plan.decided_on),
                "decision_reason": plan.decision_reason, "spent": text_of(plan.spent),
                "remaining": None if plan.remaining is None else text_of(plan.remaining),
                "committed": text_of(plan.committed), "logs": plain_json(plan.logs),
                "commitments": plain_json(plan.commitments),
                "reviews": plain_json(plan.reviews), "next_review": plain_json(plan.next_review),
                "forms": plain_json(plan.forms),
                "rates": rates_json(self.ctx.policy_of(school).support)}

    def list_plans(self, user: str | None, urn: str | None = None) -> list[dict[str, Any]]:
        return listing(self.ctx, user, support_plans, urn)
