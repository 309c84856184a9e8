"""Improvement plans (issue 15, item 2): received with their objectives, reviewed each term,
closed. An action plan answers the notice on a case: receiving it records "action plan received"
on the case in the same transaction when the notice's action-plan deadline is still open. Review
deadlines join the deadline read model (and so the scheduler and the reminders) under the plan's
reference, URN-Pn."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from scc.application.cases import CaseService
from scc.application.categorisation import school_for
from scc.application.context import Context
from scc.application.record_lists import RecordLists
from scc.application.scope import scope_of
from scc.application.visits import transition_table
from scc.domain.case import ConcernCase
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.plan import ImprovementPlan, PlanKind, review_kind
from scc.domain.school import School
from scc.domain.values import Actor, plain_json
from scc.domain.workflow import Deadline
from scc.policy import PlanRules
from scc.projections import register as read
from scc.projections.tables import plans


class PlanService:
    def __init__(self, ctx: Context, cases: CaseService) -> None:
        self.ctx = ctx
        self.cases = cases
        self.workflow = transition_table("plan")

    def _rules(self, school: School) -> PlanRules:
        policy = self.ctx.policy_of(school)
        if policy.plans is None:
            raise RuleViolation(f"The policy pack '{policy.name}' sets no review dates for plans.")
        return policy.plans

    def _plan(self, user: str | None, action: str, reference: str
              ) -> tuple[Actor, ImprovementPlan, School]:
        missing = f"There is no improvement plan {reference}."
        plan = self.ctx.get(ImprovementPlan.create_id(reference), ImprovementPlan, missing)
        scope_of(self.ctx, self.ctx.actor(user, action)).item(plan.urn, missing)
        actor, school = school_for(self.ctx, user, action, plan.urn)
        return actor, plan, school

    def receive(self, user: str | None, urn: str, kind: str, title: str,
                objectives: list[dict[str, Any]], on: date,
                case_reference: str | None = None) -> str:
        """Records a plan as received on `on`; returns its reference. An action plan names the
        case whose notice required it."""
        actor, school = school_for(self.ctx, user, "plan.record", urn)
        parsed, on = PlanKind.parse(kind), self.ctx.act_date(on)
        changed: list[Any] = []
        if case_reference is not None:
            case, _school, act = self.cases.prepare(
                user, case_reference, on,
                "case.escalate" if parsed is PlanKind.ACTION_PLAN else "case.read")
            if case.urn != school.urn:
                raise InvalidInput(f"Case {case_reference} is not {school.name}'s.")
            if parsed is PlanKind.ACTION_PLAN and _awaits_plan(case):
                case.record_action_plan(act)
                changed.append(case)
        reference = f"{urn}-P{read.count_for_school(self.ctx.engine, plans, urn) + 1}"
        rules = self._rules(school)
        first = Deadline(review_kind(reference, 1), rules.term_end(on), rules.review_rule)
        plan = ImprovementPlan.receive(self.workflow, reference, urn, school.name, parsed, title,
                                       case_reference, actor, on, objectives, first)
        self.ctx.save(plan, *changed)
        return reference

    def review(self, user: str | None, reference: str, on: date, term: str,
               ratings: dict[int, dict[str, str]]) -> str:
        """Records a termly review rating every objective; returns when the next is due."""
        on = self.ctx.act_date(on)
        next_due: list[Deadline] = []

        def review(actor: Actor, plan: ImprovementPlan, school: School) -> None:
            rules = self._rules(school)
            due = Deadline(review_kind(reference, len(plan.reviews) + 2), rules.review_after(on),
                           rules.review_rule)
            plan.record_review(self.workflow, actor, on, term, ratings, due)
            next_due.append(due)

        self._command(user, "plan.record", reference, review)
        return next_due[0].due.isoformat()

    def close(self, user: str | None, reference: str, on: date, reason: str) -> None:
        on = self.ctx.act_date(on)
        self._command(user, "plan.close", reference,
                      lambda actor, plan, _school: plan.close(self.workflow, actor, on, reason))

    def _command(self, user: str | None, action: str, reference: str,
                 do: Callable[[Actor, ImprovementPlan, School], None]) -> None:
        actor, plan, school = self._plan(user, action, reference)
        do(actor, plan, school)
        self.ctx.save(plan)

    def show(self, user: str | None, reference: str) -> dict[str, Any]:
        _actor, plan, _school = self._plan(user, "school.read", reference)
        return {"reference": plan.reference, "urn": plan.urn, "school": plan.school_name,
                "kind": plan.kind, "title": plan.title, "case": plan.case_reference,
                "state": plan.state, "state_title": self.workflow.states[plan.state],
                "received_on": plan.received_on.isoformat(),
                "objectives": plain_json(plan.objectives), "reviews": plain_json(plan.reviews),
                "next_review": plain_json(plan.next_review),
                "closed_on": plain_json(plan.closed_on)}

    def list(self, user: str | None, urn: str | None = None) -> list[dict[str, Any]]:
        """The plans of one school, or of every school the user may see."""
        return RecordLists(self.ctx).plans(user, urn)


def _awaits_plan(case: ConcernCase) -> bool:
    """Whether the case's notice still waits for the governing body's action plan."""
    due = case.deadlines.get("action-plan")
    return due is not None and due["met_on"] is None and case.is_open
