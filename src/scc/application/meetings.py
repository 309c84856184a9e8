"""Termly progress meetings: scheduled by the Service Manager with the school's documents due a
week before (the deadline is computed here, once, and stored in the event), documents received or
not, held, and the outcome: continue, leave the cycle, or recommend escalation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from scc.application.categorisation import school_for
from scc.application.contacts import by_role, in_post
from scc.application.context import Context
from scc.application.documents import DocumentStore, document_store, issued_documents
from scc.application.kept_documents import keep, render_checked
from scc.application.meeting_letters import NOTICE_TYPE, RULES, letter_context
from scc.application.record_lists import RecordLists
from scc.application.scope import scope_of
from scc.application.visits import transition_table
from scc.domain.errors import InvalidInput, NotFound, RuleViolation
from scc.domain.meeting import MeetingOutcome, ProgressMeeting, documents_kind
from scc.domain.school import School
from scc.domain.values import Actor, plain_json
from scc.domain.workflow import Deadline
from scc.policy import MeetingRules
from scc.projections import register as read
from scc.projections.tables import meetings


class MeetingService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.workflow = transition_table("meeting")

    @cached_property
    def store(self) -> DocumentStore:  # made on first use: most commands keep no document
        return document_store(self.ctx.engine)

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
                 on: date | None = None, starts_at: str | None = None,
                 place: str | None = None) -> dict[str, str]:
        """Schedules the meeting (the school joins the cycle), at a time and place when given;
        returns its reference and the date its documents are due."""
        actor, school = school_for(self.ctx, user, "meeting.manage", urn)
        rules = self._rules(school)
        on = self.ctx.act_date(on or self.ctx.clock.today())
        reference = f"{urn}-M{read.count_for_school(self.ctx.engine, meetings, urn) + 1}"
        due = Deadline(documents_kind(reference),
                       meets_on - timedelta(days=rules.documents_days_before), rules.documents_rule)
        meeting = ProgressMeeting.schedule(reference, urn, school.name, actor, on, meets_on,
                                           attendees, rules.documents, due)
        if starts_at or place:
            meeting.arrange(actor, on, starts_at or "", place or "")
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

    def arrange(self, user: str | None, reference: str, starts_at: str, place: str,
                on: date | None = None) -> None:
        on = self.ctx.act_date(on or self.ctx.clock.today())
        self._command(user, "meeting.manage", reference,
                      lambda a, m: m.arrange(a, on, starts_at, place))

    def invite(self, user: str | None, reference: str, numbers: list[str],
               on: date | None = None) -> list[str]:
        """Adds the school's contacts (by number, C1, C2, ...) to the attendees; returns them."""
        on = self.ctx.act_date(on or self.ctx.clock.today())
        actor, meeting, _school = self._meeting(user, "meeting.manage", reference)
        current = {c["number"]: c for c in in_post(self.ctx, meeting.urn)}
        unknown = [n for n in numbers if n not in current]
        if unknown or not numbers:
            raise InvalidInput(f"Choose from the school's contacts in post: "
                               f"{', '.join(current) or 'none recorded'}.")
        meeting.invite(actor, on, [current[n] for n in numbers])
        self.ctx.save(meeting)
        return meeting.attendees

    def minutes(self, user: str | None, reference: str, notes: str, decisions: list[str],
                actions: list[dict[str, Any]], on: date | None = None) -> None:
        """Records the notes, decisions and actions (with owners and dates) of a held meeting."""
        on = self.ctx.act_date(on or self.ctx.clock.today())
        self._command(user, "meeting.manage", reference,
                      lambda a, m: m.minute(a, on, notes, decisions, actions))

    def preview_letter(self, user: str | None, reference: str, on: date | None = None) -> str:
        """The outcome letter as it would be sent today (or on `on`): kept nowhere."""
        _actor, meeting, school = self._meeting(user, "meeting.manage", reference)
        return render_checked(RULES, NOTICE_TYPE, self._letter(meeting, school,
                                                               on or self.ctx.clock.today()))

    def send_letter(self, user: str | None, reference: str, on: date) -> dict[str, Any]:
        """Renders, keeps and records the outcome letter; returns what was recorded."""
        on = self.ctx.act_date(on)
        actor, meeting, school = self._meeting(user, "meeting.manage", reference)
        if meeting.outcome is None:  # checked before anything is rendered or kept
            raise RuleViolation("Record the outcome of the meeting before sending its letter.")
        meeting.issue_letter(actor, on, keep(self.store, RULES, self._letter(meeting, school, on)))
        self.ctx.save(meeting)
        return dict(plain_json(meeting.letters[-1]))

    def _letter(self, meeting: ProgressMeeting, school: School, on: date) -> dict[str, Any]:
        return letter_context(meeting, school, self.ctx.policy_of(school), on,
                              by_role(self.ctx, meeting.urn, on))

    def letter(self, user: str | None, reference: str, sha256: str) -> tuple[Any, bytes]:
        """One part (HTML, PDF) of a sent outcome letter, exactly as kept."""
        _actor, meeting, _school = self._meeting(user, "school.read", reference)
        for document in issued_documents(self.ctx.store.events.get(meeting.id)):
            if document.sha256 == sha256 and document.part != "context":
                return document, self.store.get(sha256)
        raise NotFound(f"No letter {sha256[:12]} was sent for {reference}.")

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
            "outcome": meeting.outcome, "outcome_reason": meeting.outcome_reason,
            "starts_at": meeting.starts_at, "place": meeting.place,
            "present": list(meeting.present), "minutes": plain_json(meeting.minutes),
            "letters": [dict(plain_json(letter)) for letter in meeting.letters],
            "contacts": [c for c in in_post(self.ctx, meeting.urn)
                         if c["number"] not in {i["number"] for i in meeting.invited}],
        }

    def list(self, user: str | None, urn: str | None = None) -> list[dict[str, Any]]:
        return RecordLists(self.ctx).meetings(user, urn)
