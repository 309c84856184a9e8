"""Progress-and-impact visits: planned within the category's entitlement, held, the report's
round trip with the headteacher (deadlines computed here, once, with the working-day calendar and
stored in the events), the Service Manager's quality assurance and the final report."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from transitions import Machine

from scc.application.categorisation import school_for, school_scheme
from scc.application.contacts import by_role
from scc.application.context import Context
from scc.application.documents import DocumentStore, document_store
from scc.application.record_lists import RecordLists
from scc.application.scope import acts_for, reference_urn, scope_of
from scc.application.visit_reports import (
    keep_report,
    render_report,
    report_context,
    sent_versions,
)
from scc.domain import ids
from scc.domain.case import ConcernCase
from scc.domain.categorisation import academic_year
from scc.domain.errors import InvalidInput, NotFound, RuleViolation
from scc.domain.meeting import ProgressMeeting
from scc.domain.plan import ImprovementPlan
from scc.domain.school import School
from scc.domain.support import SupportBid
from scc.domain.support_plan import SupportPlan
from scc.domain.values import Actor, Role, plain_json
from scc.domain.visit import ProgressJudgement, Visit, report_kind, return_kind
from scc.domain.workflow import Deadline, Step
from scc.policy import VisitRules
from scc.projections import register as read
from scc.projections.officers import officer_on
from scc.projections.tables import visits
from scc.workflow_files import WORKFLOWS_DIR, load_yaml


class TransitionTable:
    """One `transitions` machine per small workflow, used only to look up where a trigger leads
    (auto_transitions off, as for the case rule sets)."""

    def __init__(self, name: str, data: dict[str, Any]) -> None:
        self.name = name
        self.initial: str = data["initial"]
        self.states: dict[str, str] = data["states"]
        self.triggers: dict[str, str] = data["triggers"]
        self.machine = Machine(model=None, states=list(self.states), initial=data["initial"],
                               transitions=data["transitions"], auto_transitions=False)

    def step(self, state: str, trigger: str) -> Step:
        for transition in self.machine.get_transitions(trigger=trigger, source=state):
            return Step(trigger, state, transition.dest or state, ())
        allowed = [self.triggers[t] for t in self.machine.get_triggers(state) if t in self.triggers]
        sentence = (f"You cannot {self.triggers.get(trigger, trigger)} while the {self.name} is "
                    f"'{self.states[state]}'")
        raise RuleViolation(sentence + (f"; from here you may {', '.join(allowed)}."
                                        if allowed else "."))


@functools.cache  # one per table of visits.yaml (five): a bound of four read it again in turn
def transition_table(name: str) -> TransitionTable:
    data = load_yaml((WORKFLOWS_DIR / "visits.yaml").read_text(encoding="utf-8"))
    return TransitionTable(name, data[name])


def deadline_owner(ctx: Context, reference: str
                   ) -> Visit | ProgressMeeting | ImprovementPlan | SupportBid | SupportPlan | None:
    """The visit (URN-Vn), meeting (URN-Mn), improvement plan (URN-Pn), support bid (URN-Bn) or
    support plan (URN-Sn) whose deadlines sit in the deadline read model under `reference`; None
    for a case (URN-n), so the scheduler can fire any of them alike."""
    marker = reference.rpartition("-")[2][:1]
    if marker == "V":
        return ctx.get(Visit.create_id(reference), Visit, f"There is no visit {reference}.")
    if marker == "M":
        return ctx.get(ProgressMeeting.create_id(reference), ProgressMeeting,
                       f"There is no progress meeting {reference}.")
    if marker == "P":
        return ctx.get(ImprovementPlan.create_id(reference), ImprovementPlan,
                       f"There is no improvement plan {reference}.")
    if marker == "B":
        return ctx.get(SupportBid.create_id(reference), SupportBid,
                       f"There is no support bid {reference}.")
    if marker == "S":
        return ctx.get(SupportPlan.create_id(reference), SupportPlan,
                       f"There is no support plan {reference}.")
    return None


class VisitService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.workflow = transition_table("visit")
        self._store: DocumentStore | None = None

    @property
    def store(self) -> DocumentStore:
        if self._store is None:
            self._store = document_store(self.ctx.engine)
        return self._store

    def _rules(self, reference: str) -> VisitRules:
        """The visit rules of the policy pack of the visited school's authority."""
        policy = self.ctx.policy(self.ctx.authority_at(reference_urn(reference)))
        if policy.visits is None:
            raise RuleViolation(f"The policy pack '{policy.name}' sets no visit rules.")
        return policy.visits

    def _visit(self, user: str | None, action: str, reference: str) -> tuple[Actor, Visit]:
        actor = self.ctx.actor(user, action)
        missing = f"There is no visit {reference}."
        visit = self.ctx.get(Visit.create_id(reference), Visit, missing)
        # Outside the scope (another officer's school, another headteacher's): not found.
        scope_of(self.ctx, actor).item(visit.urn, missing)
        return actor, visit

    def _command(self, user: str | None, action: str, reference: str,
                 do: Callable[[Actor, Visit], None]) -> Visit:
        actor, visit = self._visit(user, action, reference)
        do(actor, visit)
        self.ctx.save(visit)
        return visit

    def _working_days_after(self, reference: str, on: date, days: int) -> date:
        """`days` working days after `on` on the calendar of the visited school's authority,
        counted as its jurisdiction's rule set in force on `on` counts them."""
        authority = self.ctx.authority_at(reference_urn(reference))
        variant = self.ctx.rules.in_force_on(on, authority.jurisdiction).calendar_variant
        return self.ctx.calendar(variant, authority).working_days_after(on, days)

    def plan(self, user: str | None, urn: str, visit_on: date, on: date | None = None,
             officer: str | None = None, override_reason: str | None = None) -> str:
        """Plans a visit; returns its reference. Beyond a capped entitlement a Service Manager
        records an override with its reason; anyone else is refused."""
        actor, school = school_for(self.ctx, user, "visit.record", urn)
        if school.category is None:
            raise RuleViolation(f"{school.name} has no category yet, so no visit entitlement; "
                                "confirm its category first.")
        officer = officer or officer_on(self.ctx.engine, self.ctx.clock.today(), [urn]).get(urn) \
            or (actor.name if actor.role is Role.SEO else None)
        if officer is None:
            raise InvalidInput(f"Allocate an officer to {school.name} or name one with --officer.")
        held_by = self.ctx.authority_of(school)
        if held_by.code not in acts_for(self.ctx, self.ctx.user(officer)):
            raise RuleViolation(f"{officer} does not act for {held_by.name}, the authority of "
                                f"{school.name}; name one of its officers.")
        scheme = school_scheme(self.ctx, school)
        used = read.visits_used(self.ctx.engine, urn, academic_year(visit_on))
        reference = f"{urn}-V{read.count_for_school(self.ctx.engine, visits, urn) + 1}"
        planned_on = self.ctx.act_date(on or self.ctx.clock.today())
        category = scheme.category(school.category["category"])
        visit = Visit.plan(reference, urn, school.name, actor, planned_on, visit_on, officer,
                           category, scheme.visit_unit, used, override_reason)
        self.ctx.save(visit)
        return reference

    def hold(self, user: str | None, reference: str, on: date, focus: str, evidence: str,
             judgement: str, next_steps: str, record: dict[str, Any] | None = None) -> str:
        """Records the visit as held with its record (`record`: focus, met_with, evidence,
        strengths, development as lists of text; judgements as {area, judgement}; actions as
        {action, owner, due}; next_visit), or the record the hold's answers make; returns the
        date the report is due."""
        parsed = ProgressJudgement(ProgressJudgement.parse(judgement))
        rules = self._rules(reference)
        on = self.ctx.act_date(on)
        due = Deadline(report_kind(reference),
                       self._working_days_after(reference, on, rules.report_days),
                       rules.report_rule)
        self._command(user, "visit.record", reference, lambda a, v: v.hold(
            self.workflow, a, on, focus, evidence, parsed, next_steps, due, record))
        return due.due.isoformat()

    def record(self, user: str | None, reference: str, on: date, record: dict[str, Any],
               partial: bool = False) -> int:
        """A new draft of the visit record (the whole record, or with `partial` the parts given,
        replacing the last draft); refused once the report is sent, until the headteacher
        returns comments. Returns the draft's number."""
        on = self.ctx.act_date(on)

        def write(actor: Actor, visit: Visit) -> None:
            visit.write_record(self.workflow, actor, on, record, partial)

        visit = self._command(user, "visit.record", reference, write)
        return visit.drafts

    def _issue(self, actor: Actor, visit: Visit, on: date) -> None:
        school = self.ctx.get(ids.school_id(visit.urn), School, f"No school {visit.urn}.")
        context = report_context(visit, school, self.ctx.policy_of(school), on,
                                 len(visit.reports) + 1, by_role(self.ctx, visit.urn, on))
        visit.issue_report(actor, on, keep_report(self.store, context))

    def send_report(self, user: str | None, reference: str, on: date) -> dict[str, Any]:
        """Sends the report to the headteacher: the current draft of the record is rendered
        (HTML and PDF), kept, and recorded as the sent version; says whether it was late and
        when the agreed report is due back."""
        rules = self._rules(reference)
        on = self.ctx.act_date(on)
        due = Deadline(return_kind(reference),
                       self._working_days_after(reference, on, rules.return_days),
                       rules.return_rule)

        def send(actor: Actor, visit: Visit) -> None:
            visit.send_report(self.workflow, actor, on, due)
            self._issue(actor, visit, on)

        visit = self._command(user, "visit.record", reference, send)
        return {"late": visit.late["report_sent"], "return_due": due.due.isoformat(),
                "version": len(visit.reports)}

    def preview_report(self, user: str | None, reference: str,
                       on: date | None = None) -> str:
        """The current draft of the report as HTML, rendered now and kept nowhere."""
        _actor, visit = self._visit(user, "school.read", reference)
        if visit.current_record() is None:
            raise RuleViolation(f"Visit {reference} has no record yet: record it as held first.")
        school = self.ctx.get(ids.school_id(visit.urn), School, f"No school {visit.urn}.")
        on = on or self.ctx.clock.today()
        context = report_context(visit, school, self.ctx.policy_of(school), on,
                                 len(visit.reports) + 1, by_role(self.ctx, visit.urn, on))
        return render_report(context)

    def report(self, user: str | None, reference: str, part: str = "pdf",
               version: int | None = None, action: str = "school.read") -> dict[str, Any]:
        """A sent version of the report (the latest unless `version`), exactly as kept:
        {version, reference, filename, media_type, content}."""
        _actor, visit = self._visit(user, action, reference)
        versions = sent_versions(visit, self.ctx.store.events.get(visit.id))
        if not versions:
            raise NotFound(f"The report of visit {reference} has not been sent yet.")
        if version is not None and not 1 <= version <= len(versions):
            raise NotFound(f"Visit {reference} has no report version {version}; "
                           f"versions 1 to {len(versions)} were sent.")
        chosen = versions[(version or len(versions)) - 1]
        document = chosen[part]
        return {"version": chosen["version"], "reference": chosen["reference"],
                "filename": document["filename"], "media_type": document["media_type"],
                "content": self.store.get(document["sha256"])}

    def visit_of(self, user: str | None, reference: str) -> str:
        """A visit reference as given, or for a case (URN-n) the latest visit to its school whose
        report was sent (a case outside the user's scope is not found)."""
        if "-V" in reference:
            return reference
        actor = self.ctx.actor(user, "school.read")
        case = self.ctx.get(ids.case_id(reference), ConcernCase, f"There is no case {reference}.")
        scope_of(self.ctx, actor).case(case.urn, reference)
        sent = [row for row in read.list_rows(self.ctx.engine, visits, case.urn, None)
                if row["report_sent_on"]]
        if not sent:
            raise NotFound(f"No visit report has been sent to the school of case {reference}.")
        return str(max(sent, key=lambda r: (r["report_sent_on"], r["reference"]))["reference"])

    def document(self, user: str | None, reference: str, sha256: str,
                 action: str = "school.read") -> dict[str, Any]:
        """One kept document of a sent version of this visit's report, by its SHA-256."""
        _actor, visit = self._visit(user, action, reference)
        for version in sent_versions(visit, self.ctx.store.events.get(visit.id)):
            for part in ("html", "pdf"):
                if version[part]["sha256"] == sha256:
                    return {**version[part], "content": self.store.get(sha256)}
        raise NotFound(f"There is no such document of visit {reference}.")

    def report_agreed(self, user: str | None, reference: str, on: date) -> bool:
        """Records the agreed report as returned; returns whether it came back late."""
        on = self.ctx.act_date(on)
        visit = self._command(user, "visit.record", reference,
                              lambda a, v: v.record_agreed_report(self.workflow, a, on))
        return visit.late["report_agreed"]

    # The headteacher's response to the report, through the portal: only for their own school.

    def agree(self, user: str | None, reference: str, on: date) -> bool:
        """The headteacher agrees the report; returns whether it came back late."""
        on = self.ctx.act_date(on)
        visit = self._command(user, "visit.agree", reference,
                              lambda a, v: v.record_agreed_report(self.workflow, a, on))
        return bool(visit.late["report_agreed"])

    def return_comments(self, user: str | None, reference: str, on: date, comments: str) -> bool:
        """The headteacher returns comments on the report's factual accuracy instead of agreeing
        it; this meets the return deadline as an agreement would. Returns whether it was late."""
        on = self.ctx.act_date(on)
        visit = self._command(user, "visit.agree", reference,
                              lambda a, v: v.return_comments(self.workflow, a, on, comments))
        return bool(visit.late["comments_returned"])

    def for_headteacher(self, user: str | None, reference: str) -> dict[str, Any]:
        """What the headteacher sees of their own school's visit before responding to it: the
        record as it was sent to them (the latest sent version), never a later draft."""
        _actor, visit = self._visit(user, "visit.agree", reference)
        versions = sent_versions(visit, self.ctx.store.events.get(visit.id))
        sent = None
        if versions:
            kept = json.loads(self.store.get(visit.reports[-1]["notice"]["context_sha256"]))
            sent = {**versions[-1], "record": kept["f"], "title": kept["notice"]["title"]}
        return {"reference": visit.reference, "urn": visit.urn, "school": visit.school_name,
                "visit_on": visit.visit_on.isoformat(), "state": visit.state,
                "officer": visit.officer, "report": sent, "comments": visit.comments,
                "return_due": (visit.deadlines.get(return_kind(reference)) or {}).get("due")}

    def to_service_manager(self, user: str | None, reference: str, on: date) -> None:
        """Sends the report on to the Service Manager; a record amended after the headteacher's
        comments is rendered and kept as a new sent version first (the earlier one stays)."""
        on = self.ctx.act_date(on)

        def send(actor: Actor, visit: Visit) -> None:
            visit.send_to_service_manager(self.workflow, actor, on)
            if visit.amended_since_sent():
                self._issue(actor, visit, on)

        self._command(user, "visit.record", reference, send)

    def quality_assure(self, user: str | None, reference: str, on: date, notes: str = "") -> None:
        on = self.ctx.act_date(on)
        self._command(user, "visit.quality-assure", reference,
                      lambda a, v: v.quality_assure(self.workflow, a, on, notes))

    def finalise(self, user: str | None, reference: str, on: date) -> None:
        on = self.ctx.act_date(on)
        self._command(user, "visit.quality-assure", reference,
                      lambda a, v: v.finalise(self.workflow, a, on))

    def cancel(self, user: str | None, reference: str, on: date, reason: str) -> None:
        on = self.ctx.act_date(on)
        self._command(user, "visit.record", reference,
                      lambda a, v: v.cancel(self.workflow, a, on, reason))

    # Queries

    def show(self, user: str | None, reference: str) -> dict[str, Any]:
        _actor, visit = self._visit(user, "school.read", reference)
        return {
            "reference": visit.reference, "urn": visit.urn, "school": visit.school_name,
            "state": visit.state, "state_title": self.workflow.states[visit.state],
            "visit_on": visit.visit_on.isoformat(), "officer": visit.officer,
            "category": visit.category, "academic_year": visit.academic_year,
            "override": visit.override, "held": visit.held, "comments": visit.comments,
            "record": plain_json(visit.current_record()), "drafts": visit.drafts,
            "editable": visit.state in ("held", "comments_returned"),
            "reports": sent_versions(visit, self.ctx.store.events.get(visit.id)),
            "dates": {k: d.isoformat() for k, d in visit.dates.items()},
            "late": dict(visit.late),
            "deadlines": [{**d, "due": d["due"].isoformat(),
                           "met_on": d["met_on"].isoformat() if d["met_on"] else None}
                          for d in visit.deadlines.values()],
        }

    def list(self, user: str | None, urn: str | None = None) -> list[dict[str, Any]]:
        return RecordLists(self.ctx).visits(user, urn)

