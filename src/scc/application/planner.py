"""The statutory planner: "if this warning notice is given on DATE", every date that would follow,
on the calendar of the school's authority, with the rule for each.

Nothing here computes a date of its own. The planner takes the school's case as a command would
load it (or opens one in memory where there is none), and runs the commands' own steps on that
copy: the notice's deadlines come from `CaseService.warning_notice_deadlines` (what
`CaseService.warning_notice` records), the notice is then given, its non-compliance recorded and
(in England) the notice of intention given, by the aggregate's own methods, the first day a power
may be used from `CaseService.powers_from`. Nothing is saved, so the plan and the record cannot
disagree: a plan is the record a command would write, read before it is written.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from scc.application.cases import CaseService
from scc.application.context import Context
from scc.application.deadline_view import family
from scc.application.deadlines import LABELS, DeadlineService
from scc.application.meetings import MeetingService
from scc.application.visits import VisitService
from scc.calendar import WorkingDayCalendar
from scc.domain.case import ConcernCase
from scc.domain.errors import SccError
from scc.domain.guards import Act
from scc.domain.values import ComplianceOutcome, Ground, WarningNoticeKind
from scc.domain.workflow import Deadline
from scc.rules import RuleSet

EARLIEST = "earliest-intervention"
NOTICE_FAMILIES = frozenset({"compliance-period", "representations-period", "intervention-window"})
TITLES = {**LABELS, "representations-period": "initial period for representations ends",
          EARLIEST: "first day an intervention power may be used"}


class Planner:
    def __init__(self, ctx: Context, cases: CaseService, deadlines: DeadlineService,
                 visits: VisitService, meetings: MeetingService) -> None:
        self.ctx, self.cases = ctx, cases
        self.deadlines, self.visits, self.meetings = deadlines, visits, meetings

    def warning_notice(self, user: str | None, urn: str, on: date, kind: str | None = None,
                       compliance_days: int | None = None, compliance_end: date | None = None,
                       grounds: list[str] | None = None) -> dict[str, Any]:
        """The plan of a warning notice given to school `urn` on `on` (which may lie ahead)."""
        case, act = self.cases.planning(user, urn, on)
        authority = act.authority or self.ctx.authority(act.school.authority)
        law = self.ctx.rules.in_force_on(on, authority.jurisdiction)
        kind = kind or default_kind(law)
        deadlines = self.cases.warning_notice_deadlines(kind, act, compliance_days, compliance_end)
        calendar = self.ctx.calendar(law.calendar_variant, authority)
        plan: dict[str, Any] = {
            "urn": urn, "school": act.school.name, "authority": authority.name,
            "jurisdiction": authority.jurisdiction, "case": case.reference,
            "case_is_new": not self.ctx.exists(case.id),
            "kind": kind, "on": on.isoformat(), "rule_set": law.name,
            "rule_set_title": law.title, "calendar": law.calendar_variant,
            "notice_title": law.notice_kinds.get(kind, {}).get("title", kind),
            "refusal": None, "intervention_refusal": None,
        }
        found = list(deadlines)
        try:
            self._give(case, act, kind, law, grounds, deadlines)
        except SccError as refusal:
            plan["refusal"] = str(refusal)
        else:
            try:
                found.append(self._earliest_intervention(case, act))
            except SccError as refusal:
                plan["intervention_refusal"] = str(refusal)
        plan["dates"] = [self._row(d, calendar, authority.code) for d in
                         sorted(found, key=lambda d: (d.due, d.kind))]
        last = max((d.due for d in found), default=on)
        # Deadlines of a notice the new one would replace are not "also due".
        replaced = set() if plan["refusal"] else {case.reference}
        plan["school_dates"] = [r for r in self._school_dates(user, urn, on, last)
                                if not (r["reference"] in replaced and r["replaced"])]
        plan["notes"] = notes(law, act.rd_notice_before_powers)
        return plan

    @staticmethod
    def _give(case: ConcernCase, act: Act, kind: str, law: RuleSet, grounds: list[str] | None,
              deadlines: list[Deadline]) -> None:
        """Gives the notice on the in-memory case, as `CaseService.warning_notice` does. The
        grounds change no date; where none are named, the first the notice may rest on."""
        allowed = [str(g) for g in law.notice_kinds.get(kind, {}).get("grounds", [])]
        named = grounds if grounds is not None else allowed[:1]
        case.issue_warning_notice(replace(act, reason="planned"), WarningNoticeKind.parse(kind),
                                  [Ground.parse(g) for g in named], deadlines)

    def _earliest_intervention(self, case: ConcernCase, act: Act) -> Deadline:
        """Non-compliance recorded on the first day it may be (the day after the compliance
        period, and after any initial period for representations), then, where the law asks for
        one, the notice of intention given that day: the first day a power may be used."""
        ends = [d for d in (case.due("compliance-period"), case.due("representations-period")) if d]
        day = max(ends) + timedelta(days=1)
        rules = self.cases.rules_on(case, act, day)
        case.record_compliance(replace(act, on=day, workflow=rules, reason="planned"),
                               ComplianceOutcome.NOT_COMPLIED)
        if case.eligibility is not None:  # Wales: non-compliance alone gives the power (s4(2))
            return Deadline(EARLIEST, day, (
                f"the day after the compliance period ends ({day.isoformat()}): the power to "
                f"intervene arises when the notice is not complied with; no notice of intention "
                f"is needed ({rules.name})"))
        rules = self.cases.rules_on(case, act, day)
        first = self.cases.powers_from(rules, replace(act, on=day, workflow=rules))
        return Deadline(EARLIEST, first.due, (
            f"notice of intention to intervene given on {day.isoformat()}, the day after the "
            f"compliance period ends; a power may be used {first.rule}"))

    def _row(self, deadline: Deadline, calendar: WorkingDayCalendar,
             authority: str) -> dict[str, Any]:
        # The thresholds the scheduler queues reminders at (the policy pack's, or the defaults).
        offsets = self.deadlines._reminder_offsets(authority)
        days = [] if deadline.kind == EARLIEST else offsets.get(family(deadline.kind),
                                                                   offsets["default"])
        return {"kind": deadline.kind, "title": title(deadline.kind), "due": deadline.due.isoformat(),
                "rule": deadline.rule, "working_day": calendar.is_working_day(deadline.due),
                "reminders": [{"days_before": n,
                               "on": working_days_before(calendar, deadline.due, n).isoformat()}
                              for n in sorted(days, reverse=True)]}

    def _school_dates(self, user: str | None, urn: str, first: date,
                      last: date) -> list[dict[str, Any]]:
        """What else falls due at the school from `first` to `last`: visits and meetings, the
        deadlines already recorded (visit reports, meeting documents, an action plan)."""
        found = []
        for row in self.visits.list(user, urn):
            found.append({"due": _iso(row["visit_on"]), "title": "progress-and-impact visit",
                          "reference": row["reference"], "rule": f"visit ({row['state']})",
                          "replaced": False})
            if row["state"] == "planned":
                found.append(self._report_due(row["reference"], date.fromisoformat(
                    _iso(row["visit_on"]))))
        for row in self.meetings.list(user, urn):
            found.append({"due": _iso(row["meets_on"]), "title": "termly progress meeting",
                          "reference": row["reference"], "rule": f"meeting ({row['state']})",
                          "replaced": False})
        for row in self.deadlines.deadlines(user, due_before=last + timedelta(days=1)):
            if row["urn"] == urn:
                found.append({"due": row["due"], "title": title(row["kind"]),
                              "reference": row["case"], "rule": row["rule"],
                              "replaced": family(row["kind"]) in NOTICE_FAMILIES})
        return sorted((r for r in found if first.isoformat() <= r["due"] <= last.isoformat()),
                      key=lambda r: (r["due"], r["reference"]))


    def _report_due(self, reference: str, visit_on: date) -> dict[str, Any]:
        """The report deadline a planned visit will have if held on its day, as
        `VisitService.hold` computes it."""
        rules = self.visits._rules(reference)
        due = self.visits._working_days_after(reference, visit_on, rules.report_days)
        return {"due": due.isoformat(), "reference": reference, "replaced": False,
                "title": "visit report due to the headteacher, if the visit is held that day",
                "rule": f"{rules.report_days} working days after {visit_on.isoformat()}: "
                        f"{rules.report_rule}"}


def default_kind(law: RuleSet) -> str:
    """The authority's own warning notice under `law`: s60 in England, s3 in Wales."""
    return next(k for k, v in law.notice_kinds.items()
                if v.get("by", "authority") == "authority" and k != law.central_warning_notice
                and not k.endswith("-secretary-of-state"))


def title(kind: str) -> str:
    label = TITLES.get(family(kind), kind.replace("-", " "))
    return label.format(power=kind.removeprefix("intervention-window-"))


def notes(law: RuleSet, rd_rule: str | None) -> list[str]:
    """What the dates do not show: consents and notifications a power waits for."""
    found = [f"Before exercising any power the Regional Director must be told of it: {rd_rule}."
             ] if rd_rule else []
    found += [f"To {rule.title} the authority needs {rule.consent_of} consent first"
              f"{f' ({rule.consent_source})' if rule.consent_source else ''}."
              for rule in law.powers.values() if rule.needs_consent]
    if not law.window_months:
        found.append("The powers do not lapse: they continue until the authority tells the "
                     "governing body the grounds have been dealt with.")
    return found


def working_days_before(calendar: WorkingDayCalendar, due: date, n: int) -> date:
    """The day from which `due` is `n` working days away: the day a reminder of `n` is queued
    (DeadlineService.queue_reminders sends it once at most `n` working days are left)."""
    day = due
    while calendar.working_days_between(day - timedelta(days=1), due) <= n:
        day -= timedelta(days=1)
    return day


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def planner_of(services: Any) -> Planner:
    """The planner over the services of one process (scc.bootstrap.Services)."""
    return Planner(services.ctx, services.cases, services.deadlines, services.visits,
                   services.meetings)
