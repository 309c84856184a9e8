"""A bid for school improvement funding (issue 14; Calderdale's Form A1 to the Partnership School
Improvement Board): an amount requested per area, the period, reason, budget position, brokering,
intended impact and monitoring; submitted, then approved with the amounts agreed per area and the
terms of funding, or declined with the reason. An approved bid owes a Funding Impact Report
(Form A2) by the end of each term funded: those deadlines join the shared deadline read model,
under the bid's reference URN-Bn, and the scheduler records one not met as overdue.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from scc.domain import ids, inputs
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.money import ZERO, money, pounds, text_of
from scc.domain.support_funding import Funded, bounded
from scc.domain.values import Actor
from scc.domain.visit import ONE_DAY, SmallWorkflow, passable, stored
from scc.domain.workflow import Deadline

# The parts of Form A1 besides the amounts, each required: (key, label).
BID_TEXTS = (("summary", "short summary of the bid's purpose"),
             ("reason", "reason for the funding request"),
             ("budget_position", "school budget position"),
             ("brokering", "brokering or tendering process for support"),
             ("impact", "proposed impact and outcomes"),
             ("monitoring", "monitoring (how, when, by whom)"))


def board_kind(reference: str) -> str:
    """The deadline of the board's decision on the bid."""
    return f"board-{reference}"


def impact_kind(reference: str, number: int) -> str:
    """The deadline of the bid's `number`th Funding Impact Report."""
    return f"impact-report-{reference}-{number}"


def amounts_of(label: str, given: dict[str, Any], areas: dict[str, str]) -> dict[str, str]:
    """Amounts per area as kept in events ({area: '5000.00'}); every area one the pack names."""
    if not given:
        raise InvalidInput(f"Give at least one amount {label}, by area.")
    unknown = sorted(set(given) - set(areas))
    if unknown:
        raise InvalidInput(f"No area {', '.join(inputs.shown(u) for u in unknown)} on the bid "
                           f"form; the areas are: {', '.join(areas)}.")
    return {area: text_of(money(f"Amount {label} for {area}", value))
            for area, value in given.items()}


def total(amounts: dict[str, str]) -> Decimal:
    return sum((Decimal(v) for v in amounts.values()), ZERO)


class SupportBid(Funded):
    @staticmethod
    def create_id(reference: str) -> UUID:
        return uuid5(ids.NAMESPACE, f"support-bid:{reference}")

    @event("Submitted")
    def __init__(self, reference: str, urn: str, school_name: str, case_reference: str | None,
                 follows: str | None, recipient: str, requested: dict[str, str], period: str,
                 terms: int, texts: dict[str, str], actor: str, role: str, effective_on: date,
                 state: str) -> None:
        self.reference, self.urn, self.school_name = reference, urn, school_name
        self.case_reference, self.follows, self.recipient = case_reference, follows, recipient
        self.requested, self.period, self.terms = dict(requested), period, terms
        self.texts, self.state, self.submitted_on = dict(texts), state, effective_on
        self.approved: dict[str, str] = {}
        self.terms_agreed = 0
        self.decided_on: date | None = None
        self.decision_reason = ""
        self.board_on: date | None = None
        self.commitments: list[dict[str, Any]] = []
        self.forms: list[dict[str, Any]] = []
        self.reports: list[dict[str, Any]] = []
        self.deadlines: dict[str, dict[str, Any]] = {}

    @classmethod
    def submit(cls, workflow: SmallWorkflow, reference: str, urn: str, school_name: str,
               case_reference: str | None, follows: str | None, recipient: str,
               requested: dict[str, Any], areas: dict[str, str], period: str,
               periods: dict[str, int], texts: dict[str, Any], actor: Actor,
               on: date) -> SupportBid:
        if period not in periods:
            raise InvalidInput(f"'{inputs.shown(period)}' is not a period of funding; use one "
                               f"of: {', '.join(periods)}.")
        if recipient not in ("school", "cluster"):
            raise InvalidInput("A bid is for a school or a cluster.")
        return cls(reference=reference, urn=urn, school_name=school_name,
                   case_reference=case_reference, follows=follows, recipient=recipient,
                   requested=amounts_of("requested", requested, areas), period=period,
                   terms=periods[period],
                   texts={key: bounded(label, texts.get(key)) for key, label in BID_TEXTS},
                   actor=actor.name, role=actor.role.value, effective_on=on,
                   state=workflow.initial)

    @property
    def total_requested(self) -> Decimal:
        return total(self.requested)

    @property
    def total_approved(self) -> Decimal:
        return total(self.approved)

    @property
    def spent(self) -> Decimal:
        """Spent as the latest impact report gives it."""
        return Decimal(self.reports[-1]["spent"]) if self.reports else ZERO

    def _stamp(self, workflow: SmallWorkflow, trigger: str, actor: Actor,
               on: date) -> dict[str, Any]:
        step = workflow.step(self.state, trigger)
        if on < self.submitted_on:
            raise InvalidInput(f"Bid {self.reference} was submitted on "
                               f"{self.submitted_on.isoformat()}; record this on or after it.")
        return {"actor": actor.name, "role": actor.role.value, "effective_on": on,
                "state": step.dest}

    def approve(self, workflow: SmallWorkflow, actor: Actor, on: date, approved: dict[str, Any],
                terms: int, initial_max: int | None, reports_due: list[Deadline],
                reason: str) -> None:
        """The board's decision to fund: the amount agreed per area (none over the amount
        requested for it), the terms agreed and an impact report due by the end of each."""
        stamp = self._stamp(workflow, "approve", actor, on)
        amounts = amounts_of("approved", approved, {a: a for a in self.requested})
        for area, amount in amounts.items():
            if Decimal(amount) > Decimal(self.requested[area]):
                raise RuleViolation(f"The board cannot approve {pounds(amount)} for {area}: the "
                                    f"bid requested {pounds(self.requested[area])}.")
        if total(amounts) == ZERO:
            raise InvalidInput("Approve an amount more than £0, or decline the bid.")
        if initial_max is not None and self.follows is None and terms > initial_max:
            raise RuleViolation(f"The board agrees at most {initial_max} terms of funding at "
                                f"first; {terms} were given. Further funding is a new bid that "
                                "follows this one.")
        if terms < 1 or len(reports_due) != terms:
            raise InvalidInput("Give the terms of funding agreed (at least one).")
        self._approved(**stamp, approved=amounts, terms=terms,
                       reason=bounded("reason", reason, required=False),
                       deadlines=[stored(d) for d in reports_due], meets=self._board_due())

    @event("Approved")
    def _approved(self, actor: str, role: str, effective_on: date, state: str,
                  approved: dict[str, str], terms: int, reason: str,
                  deadlines: list[dict[str, Any]], meets: list[str]) -> None:
        self.state, self.decided_on, self.decision_reason = state, effective_on, reason
        self.approved, self.terms_agreed = dict(approved), terms
        for kind in meets:
            self.deadlines[kind]["met_on"] = effective_on
        self.deadlines.update({d["kind"]: dict(d) for d in deadlines})

    def decline(self, workflow: SmallWorkflow, actor: Actor, on: date, reason: str) -> None:
        stamp = self._stamp(workflow, "decline", actor, on)
        self._declined(**stamp, reason=bounded("reason the bid is declined", reason),
                       meets=self._board_due())

    @event("Declined")
    def _declined(self, actor: str, role: str, effective_on: date, state: str,
                  reason: str, meets: list[str]) -> None:
        self.state, self.decided_on, self.decision_reason = state, effective_on, reason
        for kind in meets:
            self.deadlines[kind]["met_on"] = effective_on

    # The board meeting that decides the bid: its papers and decision are due by its date.

    def _board_due(self) -> list[str]:
        kind = board_kind(self.reference)
        due = self.deadlines.get(kind)
        return [kind] if due and due["met_on"] is None else []

    def schedule_board(self, workflow: SmallWorkflow, actor: Actor, on: date, meets_on: date,
                       rule: str) -> None:
        """The board meeting that will decide the bid (again, if it moved): the decision is due
        by that day, and the reminders before it are the papers' prompt."""
        stamp = self._stamp(workflow, "schedule_board", actor, on)
        if inputs.day("board meeting", meets_on) < on:
            raise InvalidInput(f"The board meeting ({meets_on.isoformat()}) cannot be before the "
                               f"day it is recorded ({on.isoformat()}).")
        self._board_scheduled(**stamp, meets_on=meets_on,
                              deadline=stored(Deadline(board_kind(self.reference), meets_on,
                                                       rule)))

    @event("BoardMeetingScheduled")
    def _board_scheduled(self, actor: str, role: str, effective_on: date, state: str,
                         meets_on: date, deadline: dict[str, Any]) -> None:
        self.board_on = meets_on
        self.deadlines[deadline["kind"]] = dict(deadline)

    @property
    def next_report(self) -> dict[str, Any] | None:
        return next((d for d in sorted(self.deadlines.values(), key=lambda d: d["due"])
                     if d["met_on"] is None and d["kind"].startswith("impact-report-")), None)

    def record_impact_report(self, workflow: SmallWorkflow, actor: Actor, on: date,
                             strategies: list[dict[str, Any]], spent: Any,
                             deviations: str, commentary: str) -> None:
        """A Funding Impact Report (Form A2): each strategy with its timescale and impact, the
        amount spent so far and any deviation from the brokering; meets the earliest report
        still due."""
        stamp = self._stamp(workflow, "report", actor, on)
        if not strategies:
            raise InvalidInput("Give at least one strategy with its impact.")
        if len(strategies) > inputs.LIST_MAX:
            raise InvalidInput(f"An impact report may list at most {inputs.LIST_MAX} strategies.")
        kept = [{"strategy": bounded("strategy", s.get("strategy")),
                 "timescale": bounded("strategy's timescale", s.get("timescale"),
                                      inputs.NAME_MAX),
                 "impact": bounded("strategy's impact", s.get("impact"))} for s in strategies]
        amount = money("Amount spent", spent)
        due = self.next_report
        self._reported(**stamp, strategies=kept, spent=text_of(amount),
                       deviations=bounded("deviations", deviations, required=False),
                       commentary=bounded("commentary", commentary, required=False),
                       meets=[due["kind"]] if due else [],
                       overspent=amount > self.total_approved)

    @event("ImpactReported")
    def _reported(self, actor: str, role: str, effective_on: date, state: str,
                  strategies: list[dict[str, str]], spent: str, deviations: str,
                  commentary: str, meets: list[str], overspent: bool) -> None:
        self.state = state
        self.reports.append({"on": effective_on, "by": actor, "strategies": list(strategies),
                             "spent": spent, "deviations": deviations, "commentary": commentary,
                             "overspent": overspent, "meets": list(meets)})
        for kind in meets:
            self.deadlines[kind]["met_on"] = effective_on

    def close(self, workflow: SmallWorkflow, actor: Actor, on: date, reason: str) -> None:
        stamp = self._stamp(workflow, "close", actor, on)
        self._closed(**stamp, reason=bounded("reason the bid is closed", reason))

    @event("Closed")
    def _closed(self, actor: str, role: str, effective_on: date, state: str, reason: str) -> None:
        self.state = state

    def record_deadline_passed(self, kind: str, today: date, actor: Actor) -> bool:
        """Records that an impact report was not returned, or the board did not decide the bid,
        by the due date (the scheduler's system actor); returns whether an event was recorded."""
        deadline = passable(self.deadlines, kind, today, self.state in ("declined", "closed"))
        if deadline is None:
            return False
        if kind == board_kind(self.reference):
            self._decision_overdue(actor=actor.name, role=actor.role.value,
                                   effective_on=deadline["due"] + ONE_DAY, kind=kind,
                                   due=deadline["due"])
            return True
        self._report_overdue(actor=actor.name, role=actor.role.value,
                             effective_on=deadline["due"] + ONE_DAY, kind=kind,
                             due=deadline["due"])
        return True

    @event("ImpactReportOverdue")
    def _report_overdue(self, actor: str, role: str, effective_on: date, kind: str,
                        due: date) -> None:
        self.deadlines[kind]["passed_on"] = effective_on

    @event("BoardDecisionOverdue")
    def _decision_overdue(self, actor: str, role: str, effective_on: date, kind: str,
                          due: date) -> None:
        self.deadlines[kind]["passed_on"] = effective_on
