"""A termly progress meeting with the Service Manager: scheduled with its date and attendees, the
school's documents requested for one week before, held, and its outcome (DOMAIN.md
"Progress-and-impact visits and progress meetings")."""

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


class MeetingOutcome(Vocabulary):
    CONTINUE = "continue"
    LEAVE_THE_CYCLE = "leave-the-cycle"
    RECOMMEND_ESCALATION = "recommend-escalation"

    @classmethod
    def label(cls) -> str:
        return "meeting outcome"


def documents_kind(reference: str) -> str:
    return f"meeting-documents-{reference}"


class ProgressMeeting(Aggregate):
    @staticmethod
    def create_id(reference: str) -> UUID:
        return uuid5(ids.NAMESPACE, f"meeting:{reference}")

    @event("Scheduled")
    def __init__(self, reference: str, urn: str, school_name: str, actor: str, role: str,
                 effective_on: date, state: str, meets_on: date, attendees: list[str],
                 documents: dict[str, str], deadline: dict[str, Any]) -> None:
        self.reference, self.urn, self.school_name = reference, urn, school_name
        self.state, self.meets_on = state, meets_on
        self.attendees = list(attendees)
        self.documents = dict(documents)
        self.received: dict[str, date] = {}
        self.missing: list[str] = []
        self.deadlines = {deadline["kind"]: dict(deadline)}
        self.held_on: date | None = None
        self.outcome: str | None = None

    @classmethod
    def schedule(cls, reference: str, urn: str, school_name: str, actor: Actor, on: date,
                 meets_on: date, attendees: list[str], documents: dict[str, str],
                 documents_due: Deadline) -> ProgressMeeting:
        if meets_on < on:
            raise InvalidInput("A meeting is scheduled for a date on or after the day it is arranged.")
        names = [a.strip() for a in attendees if a.strip()]
        if not names:
            raise InvalidInput("Name the attendees (e.g. headteacher, chair of governors).")
        return cls(reference=reference, urn=urn, school_name=school_name, actor=actor.name,
                   role=actor.role.value, effective_on=on, state="scheduled", meets_on=meets_on,
                   attendees=names, documents=documents, deadline=stored(documents_due))

    @property
    def kind(self) -> str:
        return documents_kind(self.reference)

    @property
    def outstanding(self) -> list[str]:
        return [d for d in self.documents if d not in self.received]

    def _stamp(self, workflow: SmallWorkflow, trigger: str, actor: Actor,
               on: date) -> dict[str, Any]:
        step = workflow.step(self.state, trigger)
        return {"actor": actor.name, "role": actor.role.value, "effective_on": on,
                "state": step.dest}

    def record_documents(self, workflow: SmallWorkflow, actor: Actor, on: date,
                         received: list[str]) -> None:
        stamp = self._stamp(workflow, "record_documents", actor, on)
        unknown = [d for d in received if d not in self.documents]
        if unknown or not received:
            raise InvalidInput(f"Name the documents received from: {', '.join(self.documents)}.")
        new = [d for d in dict.fromkeys(received) if d not in self.received]
        if not new:
            raise RuleViolation(f"{', '.join(received)}: already recorded as received.")
        complete = not [d for d in self.outstanding if d not in new]
        self._documents_received(**stamp, documents=new,
                                 late=on > self.deadlines[self.kind]["due"],
                                 meets=[self.kind] if complete else [])

    @event("DocumentsReceived")
    def _documents_received(self, actor: str, role: str, effective_on: date, state: str,
                            documents: list[str], late: bool, meets: list[str]) -> None:
        for name in documents:
            self.received[name] = effective_on
        self.missing = [d for d in self.missing if d not in documents]
        for kind in meets:
            self.deadlines[kind]["met_on"] = effective_on

    def record_documents_missing(self, workflow: SmallWorkflow, actor: Actor, on: date) -> None:
        stamp = self._stamp(workflow, "record_documents_missing", actor, on)
        due = self.deadlines[self.kind]["due"]
        if on <= due:
            raise RuleViolation(f"The documents are due by {due.isoformat()}; they are not "
                                "missing until that day has passed.")
        if not self.outstanding:
            raise RuleViolation("Every document has been received.")
        self._documents_not_received(**stamp, documents=self.outstanding)

    @event("DocumentsNotReceived")
    def _documents_not_received(self, actor: str, role: str, effective_on: date, state: str,
                                documents: list[str]) -> None:
        self.missing = list(documents)

    def record_deadline_passed(self, kind: str, today: date, actor: Actor) -> bool:
        """Records that the documents were not all in by their due date (the scheduler's system
        actor); returns whether an event was recorded."""
        deadline = passable(self.deadlines, kind, today, self.state != "scheduled")
        if deadline is None:
            return False
        self._documents_overdue(actor=actor.name, role=actor.role.value,
                                effective_on=deadline["due"] + ONE_DAY, kind=kind,
                                due=deadline["due"], documents=self.outstanding)
        return True

    @event("DocumentsOverdue")
    def _documents_overdue(self, actor: str, role: str, effective_on: date, kind: str, due: date,
                           documents: list[str]) -> None:
        self.deadlines[kind]["passed_on"] = effective_on

    def hold(self, workflow: SmallWorkflow, actor: Actor, on: date, present: list[str],
             notes: str) -> None:
        stamp = self._stamp(workflow, "hold", actor, on)
        names = [p.strip() for p in present if p.strip()] or self.attendees
        self._held(**stamp, present=names, notes=notes.strip())

    @event("Held")
    def _held(self, actor: str, role: str, effective_on: date, state: str, present: list[str],
              notes: str) -> None:
        self.state, self.held_on = state, effective_on

    def record_outcome(self, workflow: SmallWorkflow, actor: Actor, on: date,
                       outcome: MeetingOutcome, reason: str) -> None:
        stamp = self._stamp(workflow, "record_outcome", actor, on)
        if self.held_on and on < self.held_on:
            raise RuleViolation("The outcome cannot be dated before the meeting was held.")
        if not reason.strip():
            raise InvalidInput("Give the reason for the outcome.")
        self._outcome_recorded(**stamp, outcome=outcome.value, reason=reason.strip())

    @event("OutcomeRecorded")
    def _outcome_recorded(self, actor: str, role: str, effective_on: date, state: str,
                          outcome: str, reason: str) -> None:
        self.state, self.outcome = state, outcome
