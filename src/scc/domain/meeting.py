"""A termly progress meeting with the Service Manager: scheduled with its date and attendees, the
school's documents requested for one week before, held, and its outcome (DOMAIN.md
"Progress-and-impact visits and progress meetings")."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from scc.domain import ids, inputs
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


def meeting_time(text: str) -> str:
    """A time of day written HH:MM on the 24-hour clock, e.g. 09:30 or 16:00."""
    parts = text.strip().split(":")
    if len(parts) == 2 and all(p.isascii() and p.isdigit() and len(p) == 2 for p in parts) \
            and int(parts[0]) < 24 and int(parts[1]) < 60:
        return text.strip()
    raise InvalidInput(f"Time '{inputs.shown(text)}' is not a time of day; write it as HH:MM on "
                       "the 24-hour clock, for example 09:30 or 16:00.")


def action_items(given: list[dict[str, Any]], on: date) -> list[dict[str, Any]]:
    """The actions agreed at the meeting: each with what is to be done, its owner and its date
    (on or after the meeting)."""
    found = []
    for number, item in enumerate(given, start=1):
        action, owner = str(item.get("action") or "").strip(), str(item.get("owner") or "").strip()
        due = item.get("due")
        if not action or not owner or not isinstance(due, date):
            raise InvalidInput(f"Action {number} needs what is to be done, its owner and a date.")
        if due < on:
            raise InvalidInput(f"Action {number} is due on {due.isoformat()}, before the meeting "
                               f"({on.isoformat()}).")
        found.append({"action": action, "owner": owner, "due": due})
    return found


class ProgressMeeting(Aggregate):
    # What meetings scheduled before times, places, invitations, minutes and letters were
    # recorded read as (their events never set them).
    starts_at: str | None = None
    place: str | None = None
    invited: tuple[dict[str, Any], ...] = ()
    minutes: dict[str, Any] | None = None
    letters: tuple[dict[str, Any], ...] = ()
    present: list[str] | tuple[()] = ()
    held_notes: str = ""
    outcome_reason: str = ""

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
        self.present, self.held_notes = list(present), notes

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
        self.state, self.outcome, self.outcome_reason = state, outcome, reason

    def arrange(self, actor: Actor, on: date, starts_at: str, place: str) -> None:
        """Sets (or changes, until the meeting is held) its time and place."""
        if self.state != "scheduled":
            raise RuleViolation("The time and place can be changed only before the meeting is held.")
        place = inputs.text("Place", place, inputs.LINE_MAX).strip()
        if not place:
            raise InvalidInput("Enter where the meeting takes place.")
        self._arranged(actor=actor.name, role=actor.role.value, effective_on=on,
                       starts_at=meeting_time(starts_at), place=place)

    @event("Arranged")
    def _arranged(self, actor: str, role: str, effective_on: date, starts_at: str,
                  place: str) -> None:
        self.starts_at, self.place = starts_at, place

    def invite(self, actor: Actor, on: date, contacts: list[dict[str, Any]]) -> None:
        """Adds the school's contacts chosen to the attendees (each by name and role)."""
        if self.state != "scheduled":
            raise RuleViolation("Attendees can be invited only before the meeting is held.")
        known = {c["number"] for c in self.invited}
        new = [{"number": c["number"], "name": c["name"], "role": c["role"]}
               for c in contacts if c["number"] not in known]
        if not new:
            raise InvalidInput("Choose at least one contact not already invited.")
        self._invited(actor=actor.name, role=actor.role.value, effective_on=on, contacts=new,
                      attendees=[f"{c['name']} ({c['role'].replace('-', ' ')})" for c in new])

    @event("ContactsInvited")
    def _invited(self, actor: str, role: str, effective_on: date, contacts: list[dict[str, Any]],
                 attendees: list[str]) -> None:
        self.invited = (*self.invited, *contacts)
        self.attendees = [*self.attendees, *attendees]

    def minute(self, actor: Actor, on: date, notes: str, decisions: list[str],
               actions: list[dict[str, Any]]) -> None:
        """Records the notes, decisions and actions of the meeting once held (a later record
        replaces the one shown; every one stays in the history)."""
        if self.held_on is None:
            raise RuleViolation("Record the meeting as held before its notes and decisions.")
        notes = inputs.text("Notes", notes, inputs.TEXT_MAX).strip()
        decisions = [inputs.text("Decision", d, inputs.LINE_MAX).strip() for d in decisions
                     if d.strip()]
        if not notes and not decisions:
            raise InvalidInput("Enter the notes of the meeting or at least one decision.")
        self._minuted(actor=actor.name, role=actor.role.value, effective_on=on, notes=notes,
                      decisions=decisions, actions=action_items(actions, self.held_on))

    @event("Minuted")
    def _minuted(self, actor: str, role: str, effective_on: date, notes: str,
                 decisions: list[str], actions: list[dict[str, Any]]) -> None:
        self.minutes = {"notes": notes, "decisions": list(decisions),
                        "actions": [dict(a) for a in actions], "recorded_on": effective_on}

    def issue_letter(self, actor: Actor, on: date, notice: dict[str, Any]) -> None:
        """Records the outcome letter sent: `notice` names its kept documents by SHA-256."""
        if self.outcome is None:
            raise RuleViolation("Record the outcome of the meeting before sending its letter.")
        self._letter_issued(actor=actor.name, role=actor.role.value, effective_on=on,
                            notice=notice)

    @event("OutcomeLetterIssued")
    def _letter_issued(self, actor: str, role: str, effective_on: date,
                       notice: dict[str, Any]) -> None:
        self.letters = (*self.letters, {"sent_on": effective_on, **notice})
