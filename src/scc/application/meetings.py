"""Termly progress meetings: scheduled by the Service Manager with the school's documents due a
week before (the deadline is computed here, once, and stored in the event), documents received or
not, held, and the outcome: continue, leave the cycle, or recommend escalation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from scc.application.categorisation import school_for
from scc.application.context import Context
from scc.application.scope import scope_of
from scc.application.visits import listing, transition_table
from scc.domain.errors import RuleViolation
from scc.domain.meeting import MeetingOutcome, ProgressMeeting, documents_kind
from scc.domain.school import School
from scc.domain.values import Actor
from scc.domain.workflow import Deadline
from scc.policy import MeetingRules
from scc.projections import register as read
from scc.projections.tables import meetings


class MeetingService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.workflow = transition_table("meeting")

    def _rules(self, school: School) -> MeetingRules:
        """The meeting rules of the policy pack of the school's authority."""
        policy = self.ctx.policy_of(school)
        if policy.meetings is None:
            raise RuleViolation(f"The policy pack '{policy.name}' sets no meeting rules.")
        return policy.meetings

    def _meeting(self, user: str | None, action: str,
                 reference: str) -> tuple[Actor, ProgressMeeting, School]:
        missing = f"There is no progress meeting {reference}."
        meeting = self.ctx.get(ProgressMeeting.create_id(reference), ProgressMeeting, missing)
        scope_of(self.ctx, self.ctx.actor(user, action)).item(meeting.urn, missing)
        actor, school = school_for(self.ctx, user, action, meeting.urn)
        return actor, meeting, school

    def _command(self, user: str | None, action: str, reference: str,
                 do: Callable[[Actor, ProgressMeeting], None]) -> None:
        actor, meeting, _school = self._meeting(user, action, reference)
        do(actor, meeting)
        self.ctx.save(meeting)

    def schedule(self, user: str | None, urn: str, meets_on: date, attendees: list[str],
                 on: date | None = None) -> dict[str, str]:
        """Schedules the meeting (the school joins the cycle); returns its reference and the date
        its documents are due."""
        actor, school = school_for(self.ctx, user, "meeting.manage", urn)
        rules = self._rules(school)
        on = self.ctx.act_date(on or self.ctx.clock.today())
        reference = f"{urn}-M{read.count_for_school(self.ctx.engine, meetings, urn) + 1}"
        due = Deadline(documents_kind(reference),
                       meets_on - timedelta(days=rules.documents_days_before), rules.documents_rule)
        meeting = ProgressMeeting.schedule(reference, urn, school.name, actor, on, meets_on,
                                           attendees, rules.documents, due)
        school.join_meeting_cycle(actor, on, f"progress meeting {reference} scheduled")
        self.ctx.save(meeting, school)
        return {"reference": reference, "documents_due": due.due.isoformat()}

    def documents(self, user: str | None, reference: str, received: list[str], on: date) -> list[str]:
        """Records documents received; returns those still outstanding."""
        on = self.ctx.act_date(on)
        actor, meeting, _school = self._meeting(user, "meeting.documents", reference)
        meeting.record_documents(self.workflow, actor, on, received)
        self.ctx.save(meeting)
        return meeting.outstanding

    def documents_missing(self, user: str | None, reference: str, on: date) -> list[str]:
        on = self.ctx.act_date(on)
        self._command(user, "meeting.documents", reference,
                      lambda a, m: m.record_documents_missing(self.workflow, a, on))
        return self.show(user, reference)["missing"]

    def hold(self, user: str | None, reference: str, on: date, present: list[str],
             notes: str = "") -> None:
        on = self.ctx.act_date(on)
        self._command(user, "meeting.manage", reference,
                      lambda a, m: m.hold(self.workflow, a, on, present, notes))

    def outcome(self, user: str | None, reference: str, outcome: str, reason: str,
                on: date) -> None:
        """Records the outcome; leaving the cycle is recorded on the school in the same save."""
        parsed = MeetingOutcome(MeetingOutcome.parse(outcome))
        on = self.ctx.act_date(on)
        actor, meeting, school = self._meeting(user, "meeting.manage", reference)
        meeting.record_outcome(self.workflow, actor, on, parsed, reason)
        if parsed is MeetingOutcome.LEAVE_THE_CYCLE:
            school.leave_meeting_cycle(actor, on, f"progress meeting {reference}: {reason.strip()}")
        self.ctx.save(meeting, school)

    # Queries

    def show(self, user: str | None, reference: str) -> dict[str, Any]:
        _actor, meeting, _school = self._meeting(user, "school.read", reference)
        deadline = meeting.deadlines[meeting.kind]
        return {
            "reference": meeting.reference, "urn": meeting.urn, "school": meeting.school_name,
            "state": meeting.state, "state_title": self.workflow.states[meeting.state],
            "meets_on": meeting.meets_on.isoformat(), "attendees": meeting.attendees,
            "documents": meeting.documents,
            "documents_due": deadline["due"].isoformat(), "documents_rule": deadline["rule"],
            "received": {k: d.isoformat() for k, d in meeting.received.items()},
            "outstanding": meeting.outstanding, "missing": meeting.missing,
            "held_on": meeting.held_on.isoformat() if meeting.held_on else None,
            "outcome": meeting.outcome,
        }

    def list(self, user: str | None, urn: str | None = None) -> list[dict[str, Any]]:
        return listing(self.ctx, user, meetings, urn)
