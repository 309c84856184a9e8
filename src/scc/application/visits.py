"""Progress-and-impact visits: planned within the category's entitlement, held, the report's
round trip with the headteacher (deadlines computed here, once, with the working-day calendar and
stored in the events), the Service Manager's quality assurance and the final report."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

import yaml
from transitions import Machine

from scc.application.accounts import AccountService
from scc.application.categorisation import scheme_of, school_for
from scc.application.context import Context
from scc.application.scope import scope_of
from scc.domain.categorisation import academic_year
from scc.domain.errors import InvalidInput, NotPermitted, RuleViolation
from scc.domain.meeting import ProgressMeeting
from scc.domain.values import Actor, Role
from scc.domain.visit import ProgressJudgement, Visit, report_kind, return_kind
from scc.domain.workflow import Deadline, Step
from scc.policy import VisitRules
from scc.projections import register as read
from scc.projections.tables import visits
from scc.rules import WORKFLOWS_DIR


class TransitionTable:
    """One `transitions` machine per small workflow, used only to look up where a trigger leads
    (auto_transitions off, as for the case rule sets)."""

    def __init__(self, name: str, data: dict[str, Any]) -> None:
        self.name = name
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


@functools.lru_cache(maxsize=2)
def transition_table(name: str) -> TransitionTable:
    data = yaml.safe_load((WORKFLOWS_DIR / "visits.yaml").read_text(encoding="utf-8"))
    return TransitionTable(name, data[name])


def deadline_owner(ctx: Context, reference: str) -> Visit | ProgressMeeting | None:
    """The visit (URN-Vn) or meeting (URN-Mn) whose deadlines sit in the deadline read model
    under `reference`; None for a case (URN-n), so the scheduler can fire either alike."""
    marker = reference.rpartition("-")[2][:1]
    if marker == "V":
        return ctx.get(Visit.create_id(reference), Visit, f"There is no visit {reference}.")
    if marker == "M":
        return ctx.get(ProgressMeeting.create_id(reference), ProgressMeeting,
                       f"There is no progress meeting {reference}.")
    return None


class VisitService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.workflow = transition_table("visit")

    def _rules(self) -> VisitRules:
        if self.ctx.policy.visits is None:
            raise RuleViolation(f"The policy pack '{self.ctx.policy.name}' sets no visit rules.")
        return self.ctx.policy.visits

    def _visit(self, user: str | None, action: str, reference: str) -> tuple[Actor, Visit]:
        actor = self.ctx.actor(user, action)
        visit = self.ctx.get(Visit.create_id(reference), Visit, f"There is no visit {reference}.")
        if actor.role is Role.SEO:
            school_for(self.ctx, user, action, visit.urn)
        if actor.role is Role.HEADTEACHER:
            own = AccountService(self.ctx).own_school(user)
            if visit.urn != own:
                raise NotPermitted(f"{actor.name} may respond only to their own school's visit "
                                   f"reports (URN {own}).")
        return actor, visit

    def _command(self, user: str | None, action: str, reference: str,
                 do: Callable[[Actor, Visit], None]) -> Visit:
        actor, visit = self._visit(user, action, reference)
        do(actor, visit)
        self.ctx.save(visit)
        return visit

    def _working_days_after(self, on: date, days: int) -> date:
        variant = self.ctx.rules.in_force_on(on).calendar_variant
        return self.ctx.calendar(variant).working_days_after(on, days)

    def plan(self, user: str | None, urn: str, visit_on: date, on: date | None = None,
             officer: str | None = None, override_reason: str | None = None) -> str:
        """Plans a visit; returns its reference. Beyond a capped entitlement a Service Manager
        records an override with its reason; anyone else is refused."""
        actor, school = school_for(self.ctx, user, "visit.record", urn)
        if school.category is None:
            raise RuleViolation(f"{school.name} has no category yet, so no visit entitlement; "
                                "confirm its category first.")
        officer = officer or school.officer or (actor.name if actor.role is Role.SEO else None)
        if officer is None:
            raise InvalidInput(f"Allocate an officer to {school.name} or name one with --officer.")
        scheme = scheme_of(self.ctx)
        used = read.visits_used(self.ctx.engine, urn, academic_year(visit_on))
        reference = f"{urn}-V{read.count_for_school(self.ctx.engine, visits, urn) + 1}"
        planned_on = self.ctx.act_date(on or self.ctx.clock.today())
        category = scheme.category(school.category["category"])
        visit = Visit.plan(reference, urn, school.name, actor, planned_on, visit_on, officer,
                           category, scheme.visit_unit, used, override_reason)
        self.ctx.save(visit)
        return reference

    def hold(self, user: str | None, reference: str, on: date, focus: str, evidence: str,
             judgement: str, next_steps: str) -> str:
        """Records the visit as held; returns the date the report is due."""
        parsed = ProgressJudgement(ProgressJudgement.parse(judgement))
        rules = self._rules()
        on = self.ctx.act_date(on)
        due = Deadline(report_kind(reference), self._working_days_after(on, rules.report_days),
                       rules.report_rule)
        self._command(user, "visit.record", reference, lambda a, v: v.hold(
            self.workflow, a, on, focus, evidence, parsed, next_steps, due))
        return due.due.isoformat()

    def send_report(self, user: str | None, reference: str, on: date) -> dict[str, Any]:
        """Records the report as sent to the headteacher; says whether it was late and when the
        agreed report is due back."""
        rules = self._rules()
        on = self.ctx.act_date(on)
        due = Deadline(return_kind(reference), self._working_days_after(on, rules.return_days),
                       rules.return_rule)
        visit = self._command(user, "visit.record", reference,
                              lambda a, v: v.send_report(self.workflow, a, on, due))
        return {"late": visit.late["report_sent"], "return_due": due.due.isoformat()}

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
        """What the headteacher sees of their own school's visit before responding to it."""
        _actor, visit = self._visit(user, "visit.agree", reference)
        return {"reference": visit.reference, "urn": visit.urn, "school": visit.school_name,
                "visit_on": visit.visit_on.isoformat(), "state": visit.state}

    def to_service_manager(self, user: str | None, reference: str, on: date) -> None:
        on = self.ctx.act_date(on)
        self._command(user, "visit.record", reference,
                      lambda a, v: v.send_to_service_manager(self.workflow, a, on))

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
            "dates": {k: d.isoformat() for k, d in visit.dates.items()},
            "late": dict(visit.late),
            "deadlines": [{**d, "due": d["due"].isoformat(),
                           "met_on": d["met_on"].isoformat() if d["met_on"] else None}
                          for d in visit.deadlines.values()],
        }

    def list(self, user: str | None, urn: str | None = None) -> list[dict[str, Any]]:
        return listing(self.ctx, user, visits, urn)


def listing(ctx: Context, user: str | None, table: Any, urn: str | None) -> list[dict[str, Any]]:
    """Visits or meetings: of one school, or of every school the user may see."""
    actor = ctx.actor(user, "school.read")
    if urn:
        school_for(ctx, user, "school.read", urn)
    return scope_of(ctx, actor).only(read.list_rows(ctx.engine, table, urn, None))

