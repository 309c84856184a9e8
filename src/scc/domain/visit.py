"""A progress-and-impact visit: planned, held, report to the headteacher, agreed report back, to
the Service Manager, quality-assured, final (DOMAIN.md "Progress-and-impact visits").

The two report deadlines are computed by the application layer with the working-day calendar and
stored in the events that start them; sending after the due date is recorded as late, not refused.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Protocol
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from scc.domain import ids
from scc.domain.categorisation import Category, academic_year
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.values import Actor, Role, Vocabulary
from scc.domain.workflow import Deadline, Step


class SmallWorkflow(Protocol):
    """A visit's or meeting's transition table (workflows/visits.yaml)."""

    def step(self, state: str, trigger: str) -> Step:
        """The transition for trigger from state; raises RuleViolation if there is none."""


class ProgressJudgement(Vocabulary):
    """The officer's judgement of the school's progress since the last visit."""

    GOOD = "good"
    SECURE = "secure"
    LIMITED = "limited"
    LITTLE_OR_NONE = "little-or-none"

    @classmethod
    def label(cls) -> str:
        return "progress judgement"


def report_kind(reference: str) -> str:
    return f"visit-report-{reference}"


def return_kind(reference: str) -> str:
    return f"visit-report-return-{reference}"


def stored(d: Deadline) -> dict[str, Any]:
    return {"kind": d.kind, "due": d.due, "rule": d.rule, "met_on": None}


ONE_DAY = timedelta(days=1)


def passable(deadlines: dict[str, dict[str, Any]], kind: str, today: date,
             ended: bool) -> dict[str, Any] | None:
    """The deadline if its passing is still to be recorded; refuses a deadline not yet passed."""
    deadline = deadlines.get(kind)
    if ended or deadline is None or deadline["met_on"] is not None or deadline.get("passed_on"):
        return None
    if today <= deadline["due"]:
        raise RuleViolation(f"The {kind} deadline is due on {deadline['due'].isoformat()}; it "
                            "passes at midnight at the end of that day.")
    return deadline


class Visit(Aggregate):
    @staticmethod
    def create_id(reference: str) -> UUID:
        return uuid5(ids.NAMESPACE, f"visit:{reference}")

    @event("Planned")
    def __init__(self, reference: str, urn: str, school_name: str, actor: str, role: str,
                 effective_on: date, state: str, visit_on: date, officer: str, category: str,
                 academic_year: str, entitlement: str, used_before: int,
                 override: str | None) -> None:
        self.reference, self.urn, self.school_name = reference, urn, school_name
        self.state = state
        self.visit_on, self.officer, self.category = visit_on, officer, category
        self.academic_year = academic_year
        self.held: dict[str, Any] | None = None
        self.deadlines: dict[str, dict[str, Any]] = {}
        self.dates: dict[str, date] = {"planned": effective_on}
        self.late: dict[str, bool] = {}
        self.override = override
        self.comments: str | None = None

    @classmethod
    def plan(cls, reference: str, urn: str, school_name: str, actor: Actor, on: date,
             visit_on: date, officer: str, category: Category, unit: str, used: int,
             override: str | None) -> Visit:
        """Plans a visit within the category's entitlement for the academic year of `visit_on`;
        beyond a capped entitlement only the Service Manager may plan one, giving a reason."""
        year = academic_year(visit_on)
        entitled = category.visits.describe(unit)
        cap = category.visits.cap
        beyond = cap is not None and used >= cap
        if beyond and not (override and override.strip()):
            raise RuleViolation(
                f"{school_name} is category {category.code}, entitled to {entitled}; {used} "
                f"already planned in {year}. A Service Manager may plan another by recording "
                "an override with its reason (--override-reason)."
            )
        if beyond and actor.role is not Role.SERVICE_MANAGER:
            raise RuleViolation(
                f"Only the Service Manager may plan a visit beyond the entitlement ({entitled})."
            )
        if override and not beyond:
            raise InvalidInput(
                f"This visit is within the entitlement ({used} of {entitled} used in {year}); "
                "no override is needed."
            )
        return cls(reference=reference, urn=urn, school_name=school_name, actor=actor.name,
                   role=actor.role.value, effective_on=on, state="planned", visit_on=visit_on,
                   officer=officer, category=category.code, academic_year=year,
                   entitlement=entitled, used_before=used,
                   override=override.strip() if override else None)

    def _stamp(self, workflow: SmallWorkflow, trigger: str, actor: Actor, on: date,
               after: str | None) -> dict[str, Any]:
        step = workflow.step(self.state, trigger)
        if after and on < self.dates[after]:
            raise RuleViolation(
                f"{on.isoformat()} is before the visit was {after.replace('_', ' ')} "
                f"({self.dates[after].isoformat()})."
            )
        return {"actor": actor.name, "role": actor.role.value, "effective_on": on,
                "state": step.dest}

    def hold(self, workflow: SmallWorkflow, actor: Actor, on: date, focus: str, evidence: str,
             judgement: ProgressJudgement, next_steps: str, report_due: Deadline) -> None:
        # A visit may be recorded after it happened, so the date of planning does not bound it.
        stamp = self._stamp(workflow, "hold", actor, on, None)
        if not focus.strip() or not next_steps.strip():
            raise InvalidInput("Give the focus of the visit and the agreed next steps.")
        self._held(**stamp, focus=focus.strip(), evidence=evidence.strip(),
                   judgement=judgement.value, next_steps=next_steps.strip(),
                   deadline=stored(report_due))

    @event("Held")
    def _held(self, actor: str, role: str, effective_on: date, state: str, focus: str,
              evidence: str, judgement: str, next_steps: str, deadline: dict[str, Any]) -> None:
        self._moved(state, "held", effective_on)
        self.held = {"officer": actor, "focus": focus, "evidence": evidence,
                     "judgement": judgement, "next_steps": next_steps}
        self.deadlines[deadline["kind"]] = dict(deadline)

    def send_report(self, workflow: SmallWorkflow, actor: Actor, on: date,
                    return_due: Deadline) -> None:
        stamp = self._stamp(workflow, "send_report", actor, on, "held")
        kind = report_kind(self.reference)
        self._report_sent(**stamp, late=on > self.deadlines[kind]["due"], meets=[kind],
                          deadline=stored(return_due))

    @event("ReportSentToHeadteacher")
    def _report_sent(self, actor: str, role: str, effective_on: date, state: str, late: bool,
                     meets: list[str], deadline: dict[str, Any]) -> None:
        self._moved(state, "report_sent", effective_on, meets, late)
        self.deadlines[deadline["kind"]] = dict(deadline)

    def record_agreed_report(self, workflow: SmallWorkflow, actor: Actor, on: date) -> None:
        stamp = self._stamp(workflow, "record_agreed_report", actor, on, "report_sent")
        kind = return_kind(self.reference)
        self._agreed_report_returned(**stamp, late=on > self.deadlines[kind]["due"], meets=[kind])

    @event("AgreedReportReturned")
    def _agreed_report_returned(self, actor: str, role: str, effective_on: date, state: str,
                                late: bool, meets: list[str]) -> None:
        self._moved(state, "report_agreed", effective_on, meets, late)

    def return_comments(self, workflow: SmallWorkflow, actor: Actor, on: date,
                        comments: str) -> None:
        """The headteacher returns comments on the report's factual accuracy instead of agreeing
        it; the return is made in time or late just as an agreement is."""
        stamp = self._stamp(workflow, "return_comments", actor, on, "report_sent")
        if not comments.strip():
            raise InvalidInput("Write the comments on the report's factual accuracy.")
        kind = return_kind(self.reference)
        self._comments_returned(**stamp, late=on > self.deadlines[kind]["due"], meets=[kind],
                                comments=comments.strip())

    @event("FactualAccuracyCommentsReturned")
    def _comments_returned(self, actor: str, role: str, effective_on: date, state: str,
                           late: bool, meets: list[str], comments: str) -> None:
        self._moved(state, "comments_returned", effective_on, meets, late)
        self.comments = comments

    def send_to_service_manager(self, workflow: SmallWorkflow, actor: Actor, on: date) -> None:
        # From an agreed report or from comments returned: the date of that return bounds it
        # (each state's date is kept under the state's own name).
        self._sent_to_service_manager(
            **self._stamp(workflow, "send_to_service_manager", actor, on, self.state))

    @event("ReportSentToServiceManager")
    def _sent_to_service_manager(self, actor: str, role: str, effective_on: date,
                                 state: str) -> None:
        self._moved(state, "with_service_manager", effective_on)

    def quality_assure(self, workflow: SmallWorkflow, actor: Actor, on: date, notes: str) -> None:
        stamp = self._stamp(workflow, "quality_assure", actor, on, "with_service_manager")
        self._quality_assured(**stamp, notes=notes.strip())

    @event("QualityAssured")
    def _quality_assured(self, actor: str, role: str, effective_on: date, state: str,
                         notes: str) -> None:
        self._moved(state, "quality_assured", effective_on)

    def finalise(self, workflow: SmallWorkflow, actor: Actor, on: date) -> None:
        self._finalised(**self._stamp(workflow, "finalise", actor, on, "quality_assured"))

    @event("Finalised")
    def _finalised(self, actor: str, role: str, effective_on: date, state: str) -> None:
        self._moved(state, "final", effective_on)

    def cancel(self, workflow: SmallWorkflow, actor: Actor, on: date, reason: str) -> None:
        if not reason.strip():
            raise InvalidInput("Give the reason the visit is cancelled.")
        self._cancelled(**self._stamp(workflow, "cancel", actor, on, "planned"),
                        reason=reason.strip())

    @event("Cancelled")
    def _cancelled(self, actor: str, role: str, effective_on: date, state: str,
                   reason: str) -> None:
        self._moved(state, "cancelled", effective_on)

    # Deadlines passing: recorded by the scheduler's system actor, as on a case

    def record_deadline_passed(self, kind: str, today: date, actor: Actor) -> bool:
        """Records that the report deadline `kind` passed unmet; returns whether an event was
        recorded (none when met, already recorded, or the visit is final or cancelled)."""
        deadline = passable(self.deadlines, kind, today, self.state in ("final", "cancelled"))
        if deadline is None:
            return False
        self._report_overdue(actor=actor.name, role=actor.role.value,
                             effective_on=deadline["due"] + ONE_DAY, kind=kind, due=deadline["due"])
        return True

    @event("ReportOverdue")
    def _report_overdue(self, actor: str, role: str, effective_on: date, kind: str,
                        due: date) -> None:
        self.deadlines[kind]["passed_on"] = effective_on

    def _moved(self, state: str, step: str, on: date, meets: list[str] | None = None,
               late: bool | None = None) -> None:
        self.state = state
        self.dates[step] = on
        if late is not None:
            self.late[step] = late
        for kind in meets or ():
            self.deadlines[kind]["met_on"] = on
