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

from scc.domain import ids, inputs
from scc.domain.categorisation import Category, academic_year
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.values import Actor, Role, Vocabulary
from scc.domain.workflow import Deadline, Step


class SmallWorkflow(Protocol):
    """A visit's, meeting's or plan's transition table (workflows/visits.yaml)."""

    initial: str

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


# The visit record: what was seen and agreed, kept as a whole with each draft (RecordWritten).
RECORD_LISTS = {"focus": "focus of the visit", "met_with": "who was met",
                "evidence": "evidence seen", "strengths": "strengths",
                "development": "areas for development"}
OVERALL = "Overall progress since the last visit"


def _lines(label: str, given: Any) -> list[str]:
    items = [inputs.text(label, str(v), inputs.TEXT_MAX).strip() for v in (given or ())]
    if len(items) > inputs.LIST_MAX:
        raise InvalidInput(f"The {label} has {len(items):,} items; it may have at most "
                           f"{inputs.LIST_MAX:,}.")
    return [v for v in items if v]


def checked_record(raw: dict[str, Any], held_on: date) -> dict[str, Any]:
    """The visit record as it is kept: every list stripped of blank items and bounded like any
    text (scc.domain.inputs), each judgement from the progress vocabulary, each agreed action
    with an owner and a date on or after the visit, the next visit after it."""
    unknown = set(raw) - set(RECORD_LISTS) - {"judgements", "actions", "next_visit"}
    if unknown:
        raise InvalidInput(f"A visit record has no part {', '.join(sorted(unknown))}.")
    record: dict[str, Any] = {key: _lines(label, raw.get(key)) for key, label in
                              RECORD_LISTS.items()}
    if not record["focus"]:
        raise InvalidInput("Give the focus of the visit.")
    record["judgements"] = []
    for item in raw.get("judgements") or ():
        area = inputs.text("judgement area", str(item["area"]), inputs.NAME_MAX).strip()
        if not area:
            raise InvalidInput("Name the area each judgement is about.")
        record["judgements"].append(
            {"area": area, "judgement": ProgressJudgement.parse(str(item["judgement"])).value})
    record["actions"] = []
    for item in raw.get("actions") or ():
        action = inputs.text("agreed action", str(item["action"]), inputs.TEXT_MAX).strip()
        owner = inputs.text("action owner", str(item.get("owner") or ""), inputs.NAME_MAX).strip()
        due = item.get("due")
        if not action or not owner or due is None:
            raise InvalidInput("Give each agreed action with its owner and the date it is due "
                               "by, for example: Phonics training | Deputy head | 2026-03-20.")
        if inputs.day("action date", due) < held_on:
            raise InvalidInput(f"The action '{inputs.shown(action)}' is due on {due.isoformat()}, "
                               f"before the visit ({held_on.isoformat()}).")
        record["actions"].append({"action": action, "owner": owner, "due": due})
    next_visit = raw.get("next_visit")
    if next_visit is not None and inputs.day("next visit", next_visit) <= held_on:
        raise InvalidInput(f"The next visit ({next_visit.isoformat()}) must be after this one "
                           f"({held_on.isoformat()}).")
    record["next_visit"] = next_visit
    return record


def parse_judgement(line: str) -> dict[str, str]:
    """'Phonics: secure' -> {area, judgement}: how a form or the command line gives one."""
    area, sep, judgement = line.rpartition(":")
    if not sep:
        raise InvalidInput(f"'{inputs.shown(line)}' is not a judgement: write the area, a colon, "
                           "then good, secure, limited or little-or-none (Phonics: secure).")
    return {"area": area.strip(), "judgement": judgement.strip()}


def parse_action(line: str) -> dict[str, Any]:
    """'Audit the books | English lead | 2026-03-20' -> {action, owner, due}."""
    parts = [p.strip() for p in line.split("|")]
    if len(parts) != 3:
        raise InvalidInput(f"'{inputs.shown(line)}' is not an agreed action: write the action, "
                           "who owns it and the date, separated by |, for example: Audit the "
                           "books | English lead | 2026-03-20.")
    return {"action": parts[0], "owner": parts[1], "due": inputs.parse_day("action date",
                                                                           parts[2])}


def record_from_hold(held: dict[str, Any]) -> dict[str, Any]:
    """The record a visit held before records were written has: what the hold form took."""
    return {"focus": [held["focus"]], "met_with": [],
            "evidence": [held["evidence"]] if held["evidence"] else [], "strengths": [],
            "development": [],
            "judgements": [{"area": OVERALL, "judgement": held["judgement"]}],
            "actions": [{"action": held["next_steps"], "owner": None, "due": None}],
            "next_visit": None}


class Visit(Aggregate):
    # Visits planned before visit records existed replay without these; they read the defaults.
    record: dict[str, Any] | None = None
    drafts: int = 0
    reports: tuple[dict[str, Any], ...] = ()

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
             judgement: ProgressJudgement, next_steps: str, report_due: Deadline,
             record: dict[str, Any] | None = None) -> None:
        """Records the visit as held, then its record: the one given, or the one the hold's own
        answers make (focus, evidence, overall judgement, next steps as the agreed action)."""
        # A visit may be recorded after it happened, so the date of planning does not bound it.
        stamp = self._stamp(workflow, "hold", actor, on, None)
        if not focus.strip() or not next_steps.strip():
            raise InvalidInput("Give the focus of the visit and the agreed next steps.")
        written = checked_record(record, on) if record is not None else None
        self._held(**stamp, focus=focus.strip(), evidence=evidence.strip(),
                   judgement=judgement.value, next_steps=next_steps.strip(),
                   deadline=stored(report_due))
        self._record_written(**self._stamp(workflow, "write_record", actor, on, "held"),
                             draft=self.drafts + 1,
                             record=written or record_from_hold(self.held or {}))

    def write_record(self, workflow: SmallWorkflow, actor: Actor, on: date,
                     record: dict[str, Any], partial: bool = False) -> int:
        """A new draft of the visit record, replacing the last draft (or, `partial`, only the
        parts given); only while the report is being written or amended after the headteacher's
        comments (a sent version is never changed: it is kept as sent). Returns its number."""
        stamp = self._stamp(workflow, "write_record", actor, on, "held")
        whole = {**(self.current_record() or {}), **record} if partial else record
        self._record_written(**stamp, draft=self.drafts + 1,
                             record=checked_record(whole, self.dates["held"]))
        return self.drafts

    @event("RecordWritten")
    def _record_written(self, actor: str, role: str, effective_on: date, state: str, draft: int,
                        record: dict[str, Any]) -> None:
        self.record = record
        self.drafts = draft

    def current_record(self) -> dict[str, Any] | None:
        if self.record is not None:
            return self.record
        return record_from_hold(self.held) if self.held else None

    def issue_report(self, actor: Actor, on: date, notice: dict[str, Any]) -> int:
        """Keeps a sent version of the report (its documents named by SHA-256 in `notice`);
        returns its version number."""
        if self.current_record() is None:
            raise RuleViolation(f"Visit {self.reference} has no record to report yet.")
        self._report_issued(actor=actor.name, role=actor.role.value, effective_on=on,
                            version=len(self.reports) + 1, draft=self.drafts, notice=notice)
        return len(self.reports)

    @event("ReportIssued")
    def _report_issued(self, actor: str, role: str, effective_on: date, version: int,
                       draft: int, notice: dict[str, Any]) -> None:
        self.reports = (*self.reports, {"version": version, "draft": draft,
                                        "issued_on": effective_on, "notice": notice})

    def amended_since_sent(self) -> bool:
        return bool(self.reports) and self.drafts > self.reports[-1]["draft"]

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
