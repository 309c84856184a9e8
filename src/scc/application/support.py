"""Support and funding (issue 14): bids for school improvement funding (URN-Bn; Calderdale's Form A1,
decided by the board, Funding Impact Reports due each term funded) and support plans (URN-Sn;
Bury's school-led system support plan, costed at the pack's day rates, with support logs spent
against the amount approved and procurement checks on commitments). Their deadlines join the
deadline read model, so the scheduler and the reminders treat them like a visit's.

Every amount is a `decimal.Decimal` (scc.domain.money), kept in events and read models as text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

from scc.application.categorisation import school_for
from scc.application.context import Context
from scc.application.scope import scope_of
from scc.application.visits import transition_table
from scc.domain import ids
from scc.domain.case import ConcernCase
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.money import text_of
from scc.domain.school import School
from scc.domain.support import SupportBid, impact_kind
from scc.domain.support_plan import SupportPlan, support_review_kind
from scc.domain.values import Actor, plain_json
from scc.domain.workflow import Deadline
from scc.policy import PlanRules, SupportRules
from scc.projections import register as read
from scc.projections.tables import support_bids, support_plans

A = TypeVar("A", SupportBid, SupportPlan)
NAMES = {SupportBid: "support bid", SupportPlan: "support plan"}


class SupportService:
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

    def _linked_case(self, user: str | None, school: School, reference: str | None) -> None:
        if reference is None:
            return
        case = self.ctx.get(ids.case_id(reference), ConcernCase, f"There is no case {reference}.")
        scope_of(self.ctx, self.ctx.actor(user, "case.read")).case(case.urn, reference)
        if case.urn != school.urn:
            raise InvalidInput(f"Case {reference} is not {school.name}'s.")

    # Bids

    def submit_bid(self, user: str | None, urn: str, requested: dict[str, Any], period: str,
                   texts: dict[str, str], on: date, recipient: str = "school",
                   case_reference: str | None = None, follows: str | None = None) -> str:
        """Records a bid (Form A1) as submitted on `on`; returns its reference (URN-Bn)."""
        actor, school = school_for(self.ctx, user, "support.record", urn)
        on = self.ctx.act_date(on)
        rules, _terms = self._rules(school, bids=True)
        self._linked_case(user, school, case_reference)
        if follows is not None:
            earlier = self._load(user, "support.record", SupportBid, follows)[1]
            if earlier.urn != urn or earlier.state not in ("approved", "closed"):
                raise RuleViolation(f"Bid {follows} is not an approved bid of {school.name}'s "
                                    "that this one could follow.")
        reference = f"{urn}-B{read.count_for_school(self.ctx.engine, support_bids, urn) + 1}"
        bid = SupportBid.submit(self.bid_flow, reference, urn, school.name, case_reference,
                                follows, recipient, requested, rules.areas, period,
                                rules.periods, texts, actor, on)
        self.ctx.save(bid)
        return reference

    def decide_bid(self, user: str | None, reference: str, on: date, approve: bool,
                   reason: str, approved: dict[str, Any] | None = None,
                   terms: int | None = None) -> list[str]:
        """The board's decision: approved with the amount per area (default: as requested) and
        the terms agreed (default: the period bid for), an impact report due by the end of each
        term; or declined with the reason. Returns the impact reports' due dates."""
        on = self.ctx.act_date(on)
        due: list[Deadline] = []

        def decide(actor: Actor, bid: SupportBid, school: School) -> None:
            if not approve:
                bid.decline(self.bid_flow, actor, on, reason)
                return
            rules, term_dates = self._rules(school, bids=True)
            agreed = terms if terms is not None else bid.terms
            if not 1 <= agreed <= 12:
                raise InvalidInput("The terms of funding agreed must be from 1 to 12.")
            end = on - timedelta(days=1)
            for number in range(1, agreed + 1):
                end = term_dates.term_end(end + timedelta(days=1))
                due.append(Deadline(impact_kind(reference, number), end,
                                    rules.impact_report_rule))
            bid.approve(self.bid_flow, actor, on, approved or dict(bid.requested), agreed,
                        rules.initial_terms_max, due, reason)

        self._command(user, "support.decide", SupportBid, reference, decide)
        return [d.due.isoformat() for d in due]

    def schedule_board(self, user: str | None, reference: str, on: date,
                       meets_on: date) -> None:
        """The board meeting that will decide the bid: its decision is due by that day (in the
        deadline read model, so the reminders before it prompt the papers)."""
        on = self.ctx.act_date(on)

        def schedule(actor: Actor, bid: SupportBid, school: School) -> None:
            rules = self._rules(school, bids=True)[0]
            bid.schedule_board(self.bid_flow, actor, on, meets_on, rules.board_rule)

        self._command(user, "support.record", SupportBid, reference, schedule)

    def impact_report(self, user: str | None, reference: str, on: date,
                      strategies: list[dict[str, Any]], spent: Any, deviations: str = "",
                      commentary: str = "") -> None:
        """A Funding Impact Report (Form A2) on an approved bid."""
        on = self.ctx.act_date(on)
        self._command(user, "support.record", SupportBid, reference,
                      lambda actor, bid, _school: bid.record_impact_report(
                          self.bid_flow, actor, on, strategies, spent, deviations, commentary))

    def commit_bid(self, user: str | None, reference: str, on: date,
                   given: dict[str, Any]) -> None:
        """How the approved funding is committed, checked against the pack's procurement
        thresholds."""
        on = self.ctx.act_date(on)

        def commit(actor: Actor, bid: SupportBid, school: School) -> None:
            rules = self._rules(school)[0]
            bid.commit(self.bid_flow, actor, on, given, rules.thresholds, rules.above)

        self._command(user, "support.record", SupportBid, reference, commit)

    def close_bid(self, user: str | None, reference: str, on: date, reason: str) -> None:
        on = self.ctx.act_date(on)
        self._command(user, "support.decide", SupportBid, reference,
                      lambda actor, bid, _school: bid.close(self.bid_flow, actor, on, reason))

    def show_bid(self, user: str | None, reference: str) -> dict[str, Any]:
        _actor, bid, school = self._load(user, "school.read", SupportBid, reference)
        areas = self.ctx.policy_of(school).support
        titles = areas.areas if areas else {}
        return {"reference": bid.reference, "urn": bid.urn, "school": bid.school_name,
                "case": bid.case_reference, "follows": bid.follows, "recipient": bid.recipient,
                "state": bid.state, "state_title": self.bid_flow.states[bid.state],
                "submitted_on": bid.submitted_on.isoformat(), "period": bid.period,
                "board_on": plain_json(bid.board_on),
                "terms": bid.terms, **bid.texts,
                "areas": [{"area": area, "title": titles.get(area, area), "requested": amount,
                           "approved": bid.approved.get(area)}
                          for area, amount in bid.requested.items()],
                "requested": text_of(bid.total_requested),
                "approved": text_of(bid.total_approved) if bid.decided_on and bid.approved
                else None,
                "terms_agreed": bid.terms_agreed or None,
                "decided_on": plain_json(bid.decided_on), "decision_reason": bid.decision_reason,
                "spent": text_of(bid.spent), "committed": text_of(bid.committed),
                "commitments": plain_json(bid.commitments),
                "remaining": text_of(bid.total_approved - bid.spent) if bid.approved else None,
                "impact_reports": plain_json(bid.reports),
                "plans": [{k: row[k] for k in ("reference", "state", "approved", "spent")}
                          for row in read.list_rows(self.ctx.engine, support_plans, bid.urn, None)
                          if row["bid_reference"] == bid.reference],
                "deadlines": plain_json(sorted(bid.deadlines.values(), key=lambda d: d["due"]))}

    def list_bids(self, user: str | None, urn: str | None = None) -> list[dict[str, Any]]:
        return self._list(user, support_bids, urn)

    # Support plans

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
        on = self.ctx.act_date(on)

        def commit(actor: Actor, plan: SupportPlan, school: School) -> None:
            rules = self._rules(school)[0]
            plan.commit(self.plan_flow, actor, on, given, rules.thresholds, rules.above)

        self._command(user, "support.record", SupportPlan, reference, commit)

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
        _actor, plan, _school = self._load(user, "school.read", SupportPlan, reference)
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
                "reviews": plain_json(plan.reviews), "next_review": plain_json(plan.next_review)}

    def list_plans(self, user: str | None, urn: str | None = None) -> list[dict[str, Any]]:
        return self._list(user, support_plans, urn)

    def _list(self, user: str | None, table: Any, urn: str | None) -> list[dict[str, Any]]:
        """The bids or plans of one school, or of every school the user may see."""
        scope = scope_of(self.ctx, self.ctx.actor(user, "school.read"))
        if urn is not None:
            school_for(self.ctx, user, "school.read", urn)
        return scope.only(read.list_rows(self.ctx.engine, table, urn, None))

