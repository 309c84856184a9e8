"""An improvement plan (issue 15, item 2): the governing body's action plan that a notice of
concern or warning notice requires, or the school's own improvement plan. Objectives, each with
its success criteria, owner and date; a progress review each term rating every objective (on
track, at risk, off track) with its evidence; the next review due by the end of the next term.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from scc.domain import ids
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.values import Actor, Vocabulary
from scc.domain.visit import ONE_DAY, SmallWorkflow, passable, stored
from scc.domain.workflow import Deadline


class PlanKind(Vocabulary):
    ACTION_PLAN = "action-plan"  # the governing body's, required by a notice
    IMPROVEMENT_PLAN = "improvement-plan"  # the school's own

    @classmethod
    def label(cls) -> str:
        return "kind of plan"


class Rating(Vocabulary):
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"

    @classmethod
    def label(cls) -> str:
        return "rating"


def review_kind(reference: str, number: int) -> str:
    """The deadline of the plan's `number`th progress review."""
    return f"plan-review-{reference}-{number}"


def objectives_of(given: list[dict[str, Any]], on: date) -> list[dict[str, Any]]:
    """The objectives as recorded: numbered from 1, each with its objective, success criteria,
    owner and date (on or after `on`)."""
    if not given:
        raise InvalidInput("A plan needs at least one objective.")
    found = []
    for number, item in enumerate(given, start=1):
        criteria = [str(c).strip() for c in item.get("success_criteria") or () if str(c).strip()]
        objective, owner = str(item.get("objective") or "").strip(), str(item.get("owner") or "")
        due = item.get("due")
        if not objective or not criteria or not owner.strip() or not isinstance(due, date):
            raise InvalidInput(f"Objective {number} needs its objective, at least one success "
                               "criterion, an owner and a date.")
        if due < on:
            raise InvalidInput(f"Objective {number} is due on {due.isoformat()}, before the plan "
                               f"was received ({on.isoformat()}).")
        found.append({"number": number, "objective": objective, "success_criteria": criteria,
                      "owner": owner.strip(), "due": due})
    return found


class ImprovementPlan(Aggregate):
    @staticmethod
    def create_id(reference: str) -> UUID:
        return uuid5(ids.NAMESPACE, f"plan:{reference}")

    @event("Received")
    def __init__(self, reference: str, urn: str, school_name: str, kind: str, title: str,
                 case_reference: str | None, actor: str, role: str, effective_on: date,
                 state: str, objectives: list[dict[str, Any]], deadline: dict[str, Any]) -> None:
        self.reference, self.urn, self.school_name = reference, urn, school_name
        self.kind, self.title, self.case_reference = kind, title, case_reference
        self.state, self.received_on = state, effective_on
        self.objectives = [dict(o) for o in objectives]
        self.reviews: list[dict[str, Any]] = []
        self.deadlines = {deadline["kind"]: dict(deadline)}
        self.closed_on: date | None = None

    @classmethod
    def receive(cls, workflow: SmallWorkflow, reference: str, urn: str, school_name: str,
                kind: PlanKind, title: str, case_reference: str | None, actor: Actor, on: date,
                objectives: list[dict[str, Any]], first_review: Deadline) -> ImprovementPlan:
        if not title.strip():
            raise InvalidInput("Give the plan's title.")
        if kind is PlanKind.ACTION_PLAN and case_reference is None:
            raise RuleViolation("An action plan answers a notice: name the case whose notice "
                                "required it.")
        return cls(reference=reference, urn=urn, school_name=school_name, kind=kind.value,
                   title=title.strip(), case_reference=case_reference, actor=actor.name,
                   role=actor.role.value, effective_on=on, state=workflow.initial,
                   objectives=objectives_of(objectives, on), deadline=stored(first_review))

    @property
    def next_review(self) -> dict[str, Any] | None:
        return next((d for d in self.deadlines.values()
                     if d["met_on"] is None and not d.get("passed_on")), None)

    def _stamp(self, workflow: SmallWorkflow, trigger: str, actor: Actor,
               on: date) -> dict[str, Any]:
        step = workflow.step(self.state, trigger)
        if on < self.received_on:
            raise InvalidInput(f"Plan {self.reference} was received on "
                               f"{self.received_on.isoformat()}; record this on or after it.")
        return {"actor": actor.name, "role": actor.role.value, "effective_on": on,
                "state": step.dest}

    def record_review(self, workflow: SmallWorkflow, actor: Actor, on: date, term: str,
                      ratings: dict[int, dict[str, str]], next_review: Deadline) -> None:
        """A termly progress review: every objective rated, each rating with its evidence."""
        stamp = self._stamp(workflow, "review", actor, on)
        numbers = {o["number"] for o in self.objectives}
        if set(ratings) != numbers:
            missing = sorted(numbers - set(ratings))
            raise InvalidInput(f"Rate every objective of plan {self.reference}"
                               + (f"; objective(s) {', '.join(map(str, missing))} not rated"
                                  if missing else f"; it has objectives {sorted(numbers)} only")
                               + ".")
        rated = {}
        for number, given in sorted(ratings.items()):
            evidence = str(given.get("evidence") or "").strip()
            if not evidence:
                raise InvalidInput(f"Give the evidence for objective {number}'s rating.")
            rated[str(number)] = {"rating": Rating.parse(given["rating"]).value,
                                  "evidence": evidence}
        if not term.strip():
            raise InvalidInput("Name the term the review covers (e.g. Autumn 2026).")
        due = self.next_review
        self._reviewed(**stamp, term=term.strip(), ratings=rated,
                       meets=[due["kind"]] if due else [], deadline=stored(next_review))

    @event("ReviewRecorded")
    def _reviewed(self, actor: str, role: str, effective_on: date, state: str, term: str,
                  ratings: dict[str, dict[str, str]], meets: list[str],
                  deadline: dict[str, Any]) -> None:
        self.state = state
        self.reviews.append({"on": effective_on, "term": term, "ratings": dict(ratings),
                             "by": actor})
        for kind in meets:
            self.deadlines[kind]["met_on"] = effective_on
        self.deadlines[deadline["kind"]] = dict(deadline)

    def close(self, workflow: SmallWorkflow, actor: Actor, on: date, reason: str) -> None:
        stamp = self._stamp(workflow, "close", actor, on)
        if not reason.strip():
            raise InvalidInput("Say why the plan is closed (e.g. all objectives met).")
        self._closed(**stamp, reason=reason.strip())

    @event("Closed")
    def _closed(self, actor: str, role: str, effective_on: date, state: str, reason: str) -> None:
        self.state, self.closed_on = state, effective_on

    def record_deadline_passed(self, kind: str, today: date, actor: Actor) -> bool:
        """Records that a review was not held by its due date (the scheduler's system actor);
        returns whether an event was recorded."""
        deadline = passable(self.deadlines, kind, today, self.state != "active")
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
