"""A support plan (issue 14; Bury's School-Led System Support Plan, usable by any authority whose
pack has charge rates): the school improvement priorities, activities each with its intended
impact, who (by role) and when, costed as days x the pack's day rate for the role; approved with
the amount of funding, or declined. The school-to-school support logs draw the funding down: each
log's cost is spent against the amount approved, and what remains is shown. A commitment of funds
is refused without the record the pack's procurement thresholds demand. Reviewed each term (the
review deadline joins the deadline read model under URN-Sn); closed with its final review.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from scc.domain import ids, inputs
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.money import (
    DAYS_MAX,
    HOURS_MAX,
    SESSIONS,
    ZERO,
    Rate,
    money,
    pounds,
    quantity,
    text_of,
)
from scc.domain.support_funding import Funded, bounded
from scc.domain.values import Actor
from scc.domain.visit import ONE_DAY, SmallWorkflow, passable, stored
from scc.domain.workflow import Deadline


def support_review_kind(reference: str, number: int) -> str:
    return f"support-review-{reference}-{number}"


def rate_for(rates: dict[str, Rate], role: object) -> Rate:
    found = rates.get(str(role or ""))
    if found is None:
        raise InvalidInput(f"No charge rate for the role '{inputs.shown(role)}'; the pack's roles "
                           f"are: {', '.join(rates)}.")
    return found


def costed(given: list[dict[str, Any]], priorities: list[str],
           rates: dict[str, Rate]) -> list[dict[str, Any]]:
    """The activities as kept: each with its priority number, intended impact, role, who, when,
    days, the day rate of the role and the cost (days x rate, to the penny, half up)."""
    if not given:
        raise InvalidInput("A support plan needs at least one activity.")
    if len(given) > inputs.LIST_MAX:
        raise InvalidInput(f"A support plan may have at most {inputs.LIST_MAX} activities.")
    found = []
    for number, item in enumerate(given, start=1):
        priority = inputs.count(f"Activity {number}'s priority", item.get("priority"), 1,
                                len(priorities))
        rate = rate_for(rates, item.get("role"))
        days, sessions, cost = priced(f"Activity {number}'s", item, rate)
        found.append({"number": number,
                      "activity": bounded(f"activity {number}", item.get("activity")),
                      "priority": priority,
                      "impact": bounded(f"intended impact of activity {number}",
                                        item.get("impact")),
                      "role": rate.role, "who": bounded(f"who gives activity {number}",
                                                        item.get("who"), inputs.NAME_MAX),
                      "when": bounded(f"when activity {number} happens", item.get("when"),
                                      inputs.NAME_MAX),
                      "days": str(days), "sessions": sessions, "rate": text_of(rate.day),
                      "cost": text_of(cost)})
    return found


def priced(label: str, given: dict[str, Any], rate: Rate) -> tuple[Decimal, dict[str, str],
                                                                    Decimal]:
    """Days at the day rate plus any sessions the pack charges apart (mornings, afternoons,
    preparation, staff meetings: Calderdale's appendix F), each costed to the penny: the days,
    the sessions given ({'am': '1'}) and the cost. At least one of them is needed."""
    days = ZERO if given.get("days") in (None, "") else \
        quantity(f"{label} days", given.get("days"), DAYS_MAX)
    sessions = {key: quantity(f"{label} {name}s", given[key], DAYS_MAX)
                for key, name in SESSIONS.items() if given.get(key) not in (None, "")}
    if days == ZERO and not sessions:
        raise InvalidInput(f"{label} days are missing: give days, or mornings or afternoons "
                           "where the pack charges them.")
    cost = rate.cost(days) + sum((rate.session_cost(key, count)
                                  for key, count in sessions.items()), ZERO)
    return days, {key: str(count) for key, count in sessions.items()}, cost


class SupportPlan(Funded):
    @staticmethod
    def create_id(reference: str) -> UUID:
        return ids.support_plan_id(reference)

    @event("Drafted")
    def __init__(self, reference: str, urn: str, school_name: str, case_reference: str | None,
                 bid_reference: str | None, supporting_school: str, priorities: list[str],
                 activities: list[dict[str, Any]], costed_total: str, rates_source: str,
                 actor: str, role: str, effective_on: date, state: str) -> None:
        self.reference, self.urn, self.school_name = reference, urn, school_name
        self.case_reference, self.bid_reference = case_reference, bid_reference
        self.supporting_school, self.priorities = supporting_school, list(priorities)
        self.activities = [dict(a) for a in activities]
        self.costed_total, self.rates_source = costed_total, rates_source
        self.state, self.drafted_on = state, effective_on
        self.approved: str | None = None
        self.decided_on: date | None = None
        self.decision_reason = ""
        self.logs: list[dict[str, Any]] = []
        self.commitments: list[dict[str, Any]] = []
        self.forms: list[dict[str, Any]] = []
        self.reviews: list[dict[str, Any]] = []
        self.deadlines: dict[str, dict[str, Any]] = {}

    @classmethod
    def draft(cls, workflow: SmallWorkflow, reference: str, urn: str, school_name: str,
              case_reference: str | None, bid_reference: str | None, supporting_school: str,
              priorities: list[str], activities: list[dict[str, Any]], rates: dict[str, Rate],
              rates_source: str, actor: Actor, on: date) -> SupportPlan:
        kept = [bounded("priority", p) for p in priorities if str(p or "").strip()]
        if not kept or len(kept) > inputs.LIST_MAX:
            raise InvalidInput("Give the plan's priorities for support (at least one).")
        items = costed(activities, kept, rates)
        return cls(reference=reference, urn=urn, school_name=school_name,
                   case_reference=case_reference, bid_reference=bid_reference,
                   supporting_school=bounded("supporting school", supporting_school,
                                             inputs.NAME_MAX, required=False),
                   priorities=kept, activities=items,
                   costed_total=text_of(sum((Decimal(a["cost"]) for a in items), ZERO)),
                   rates_source=rates_source, actor=actor.name, role=actor.role.value,
                   effective_on=on, state=workflow.initial)

    # Money: all exact, from the amounts kept as text.

    @property
    def spent(self) -> Decimal:
        return sum((Decimal(log["cost"]) for log in self.logs), ZERO)

    @property
    def remaining(self) -> Decimal | None:
        return None if self.approved is None else Decimal(self.approved) - self.spent

    def _stamp(self, workflow: SmallWorkflow, trigger: str, actor: Actor,
               on: date) -> dict[str, Any]:
        step = workflow.step(self.state, trigger)
        if on < self.drafted_on:
            raise InvalidInput(f"Support plan {self.reference} was drafted on "
                               f"{self.drafted_on.isoformat()}; record this on or after it.")
        return {"actor": actor.name, "role": actor.role.value, "effective_on": on,
                "state": step.dest}

    def submit(self, workflow: SmallWorkflow, actor: Actor, on: date) -> None:
        self._submitted(**self._stamp(workflow, "submit", actor, on))

    @event("Submitted")
    def _submitted(self, actor: str, role: str, effective_on: date, state: str) -> None:
        self.state = state

    def approve(self, workflow: SmallWorkflow, actor: Actor, on: date, amount: Any,
                reason: str, first_review: Deadline) -> None:
        stamp = self._stamp(workflow, "approve", actor, on)
        approved = money("Amount approved", amount)
        if approved == ZERO:
            raise InvalidInput("Approve an amount more than £0, or decline the plan.")
        self._approved(**stamp, amount=text_of(approved),
                       reason=bounded("reason", reason, required=False),
                       deadline=stored(first_review))

    @event("Approved")
    def _approved(self, actor: str, role: str, effective_on: date, state: str, amount: str,
                  reason: str, deadline: dict[str, Any]) -> None:
        self.state, self.approved, self.decided_on = state, amount, effective_on
        self.decision_reason = reason
        self.deadlines[deadline["kind"]] = dict(deadline)

    def decline(self, workflow: SmallWorkflow, actor: Actor, on: date, reason: str) -> None:
        stamp = self._stamp(workflow, "decline", actor, on)
        self._declined(**stamp, reason=bounded("reason the plan is declined", reason))

    @event("Declined")
    def _declined(self, actor: str, role: str, effective_on: date, state: str,
                  reason: str) -> None:
        self.state, self.decided_on, self.decision_reason = state, effective_on, reason

    def log_support(self, workflow: SmallWorkflow, actor: Actor, on: date, given: dict[str, Any],
                    rates: dict[str, Rate]) -> None:
        """A school-to-school support log: date, hours (in total and in school), the support
        person and their role, contact, focus, agreed actions, next visit and the cost: given, or
        days x the role's day rate. Refused if it would spend more than the amount approved."""
        stamp = self._stamp(workflow, "log", actor, on)
        hours = quantity("Hours in total", given.get("hours"), HOURS_MAX)
        in_school = given.get("hours_in_school")
        in_school = None if in_school in (None, "") else quantity("Hours in school", in_school,
                                                                  HOURS_MAX)
        if in_school is not None and in_school > hours:
            raise InvalidInput(f"Hours in school ({in_school}) cannot be more than the hours in "
                               f"total ({hours}).")
        role = given.get("role")
        if given.get("cost") not in (None, ""):
            cost = money("Cost", given["cost"])
        elif any(given.get(key) not in (None, "") for key in ("days", *SESSIONS)):
            cost = priced("Support's", given, rate_for(rates, role))[2]
        else:
            raise InvalidInput("Give the cost of the support, or the days (or mornings and "
                               "afternoons) and the role to cost it at the pack's rates.")
        if role not in (None, ""):
            rate_for(rates, role)
        next_visit = given.get("next_visit")
        if next_visit is not None and inputs.day("next visit", next_visit) <= on:
            raise InvalidInput(f"The next visit ({next_visit.isoformat()}) must be after this "
                               f"support ({on.isoformat()}).")
        spent = self.spent + cost
        assert self.approved is not None  # the workflow logs only once approved
        if spent > Decimal(self.approved):
            raise RuleViolation(f"This support costs {pounds(cost)}, which would take spending to "
                                f"{pounds(spent)}, over the {pounds(self.approved)} approved; "
                                "ask for more funding first.")
        actions = [bounded("agreed action", a) for a in given.get("actions") or ()
                   if str(a or "").strip()]
        if len(actions) > inputs.LIST_MAX:
            raise InvalidInput(f"A log may list at most {inputs.LIST_MAX} agreed actions.")
        self._logged(**stamp, number=len(self.logs) + 1, hours=str(hours),
                     hours_in_school=None if in_school is None else str(in_school),
                     support_person=bounded("support person", given.get("support_person"),
                                            inputs.NAME_MAX),
                     support_role=str(role or ""),
                     contact=bounded("contact name", given.get("contact"), inputs.NAME_MAX,
                                     required=False),
                     focus=bounded("focus of the support", given.get("focus")),
                     actions=actions, next_visit=next_visit, cost=text_of(cost),
                     spent=text_of(spent))

    @event("SupportLogged")
    def _logged(self, actor: str, role: str, effective_on: date, state: str, number: int,
                hours: str, hours_in_school: str | None, support_person: str,
                support_role: str, contact: str, focus: str, actions: list[str],
                next_visit: date | None, cost: str, spent: str) -> None:
        self.state = state
        self.logs.append({"number": number, "on": effective_on, "hours": hours,
                          "hours_in_school": hours_in_school, "support_person": support_person,
                          "role": support_role, "contact": contact, "focus": focus,
                          "actions": list(actions), "next_visit": next_visit, "cost": cost,
                          "by": actor})

    @property
    def next_review(self) -> dict[str, Any] | None:
        return next((d for d in self.deadlines.values()
                     if d["met_on"] is None and not d.get("passed_on")), None)

    def review(self, workflow: SmallWorkflow, actor: Actor, on: date, personnel: str,
               outcomes: str, points: str, next_review: Deadline | None) -> None:
        """An interim review (the next due by the end of the next term), or with no next
        review, the final one, which closes the plan."""
        stamp = self._stamp(workflow, "review" if next_review else "close", actor, on)
        due = self.next_review
        self._reviewed(**stamp, personnel=bounded("personnel", personnel, inputs.LINE_MAX),
                       outcomes=bounded("outcomes", outcomes),
                       points=bounded("points to be addressed", points, required=False),
                       meets=[due["kind"]] if due else [],
                       deadline=stored(next_review) if next_review else None)

    @event("Reviewed")
    def _reviewed(self, actor: str, role: str, effective_on: date, state: str, personnel: str,
                  outcomes: str, points: str, meets: list[str],
                  deadline: dict[str, Any] | None) -> None:
        self.state = state
        self.reviews.append({"on": effective_on, "personnel": personnel, "outcomes": outcomes,
                             "points": points, "final": deadline is None, "by": actor})
        for kind in meets:
            self.deadlines[kind]["met_on"] = effective_on
        if deadline is not None:
            self.deadlines[deadline["kind"]] = dict(deadline)

    def record_deadline_passed(self, kind: str, today: date, actor: Actor) -> bool:
        deadline = passable(self.deadlines, kind, today,
                            self.state not in ("approved", "active"))
        if deadline is None:
            return False
        self._review_overdue(actor=actor.name, role=actor.role.value,
                             effective_on=deadline["due"] + ONE_DAY, kind=kind,
                             due=deadline["due"])
        return True

    @event("ReviewOverdue")
    def _review_overdue(self, actor: str, role: str, effective_on: date, kind: str,
                        due: date) -> None:
        self.deadlines[kind]["passed_on"] = effective_on
