"""Commands and queries on concern cases. Each command: check the role, load, one aggregate
method, save. Deadlines are computed here, once, and stored in the event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from scc.application import as_of
from scc.application.case_list import CaseList
from scc.application.context import Looked
from scc.application.deadline_view import CaseFacts, described, next_statutory
from scc.application.scope import scope_of
from scc.calendar import WorkingDayCalendar, two_months_after
from scc.clock import LONDON
from scc.domain import ids
from scc.domain.authority import Authority
from scc.domain.case import ConcernCase
from scc.domain.errors import InvalidInput, NotFound, RuleViolation
from scc.domain.guards import Act
from scc.domain.school import School
from scc.domain.values import (
    Actor,
    AuthorityDecision,
    ComplianceOutcome,
    Ground,
    OfstedDecision,
    Power,
    WarningNoticeKind,
    plain_json,
)
from scc.domain.workflow import Deadline
from scc.policy import Policy
from scc.rules import RuleSet

# States reached because of a warning notice: acts in them follow the notice's rule set, which is
# how a notice given before 18 April 2016 stays under the old regime to its end (S.I. 2016/466).
NOTICE_STATES = frozenset({"warning_notice", "not_complied", "eligible", "intervention"})

# Renders and stores the document that accompanies a command, once the case, the act and the facts
# the command computed (e.g. a warning notice's deadlines) are known; returns the metadata that the
# event records (template, version, recipients, SHA-256 of each file). See application/notices.py.
NoticeHook = Callable[[ConcernCase, Act, dict[str, Any]], dict[str, Any]]


def _attach(hook: NoticeHook | None, case: ConcernCase, act: Act,
            **facts: Any) -> dict[str, Any] | None:
    return hook(case, act, facts) if hook else None


class CaseService(CaseList):
    """The case commands, and the queries that read a case's events; the case list is
    CaseList's (no aggregate needed)."""

    # Loading

    def _case(self, reference: str) -> ConcernCase:
        return self.ctx.get(ids.case_id(reference), ConcernCase, f"There is no case {reference}.")

    def _school(self, urn: str, looked: Looked | None = None) -> School:
        return self.ctx.get(ids.school_id(urn), School, f"There is no school with URN {urn}.",
                            looked)

    def _look(self, user: str | None, reference: str) -> Looked | None:
        """When this process kept the case, what the store holds of the command's user, case,
        school and authority, in one look-up (a case's school never changes, so the kept case
        names it). None: the case is read afresh anyway."""
        case_id = ids.case_id(reference)
        urn = self.ctx.kept_value(case_id, "urn")
        if urn is None:
            return None
        return self.ctx.look(user, case_id, ids.school_id(urn), urn=urn)

    def _case_and_school(self, reference: str, looked: Looked | None = None
                         ) -> tuple[ConcernCase, School]:
        """The case and its school: checked in one look-up when this process kept the case."""
        case_id = ids.case_id(reference)
        urn = self.ctx.kept_value(case_id, "urn")
        if urn is None:
            case = self._case(reference)
            return case, self._school(case.urn)
        case, school = self.ctx.get_many(
            (case_id, ConcernCase, f"There is no case {reference}."),
            (ids.school_id(urn), School, f"There is no school with URN {urn}."), looked=looked)
        return case, school

    def _workflow(self, case: ConcernCase | None, on: date, jurisdiction: str) -> RuleSet:
        """The rule set an act on `on` follows: that of the school's authority's jurisdiction in
        force on the day, or the one its running warning notice was given under."""
        if case and case.warning_notice and case.state in NOTICE_STATES:
            rules = self.ctx.rules.named(case.warning_notice["rule_set"])
            # S.I. 2016/466 reg 4: only a notice whose compliance period had not expired before
            # 18 April 2016 stays under the old law (the rule set's `saving`).
            if rules.in_force_on(on) or rules.keeps_notice(case.due("compliance-period")):
                return rules
        return self.ctx.rules.in_force_on(on, jurisdiction)

    def _act(self, actor: Actor, case: ConcernCase | None, school: School, on: date,
             reason: str | None, planned: bool = False, looked: Looked | None = None) -> Act:
        on = on if planned else self.ctx.act_date(on)  # a plan may look ahead; a record may not
        # A case of a school outside the user's authorities does not exist for them (404); a
        # school, public in GIAS, is refused (403).
        scope = scope_of(self.ctx, actor)
        if case is None:
            scope.school(school.urn, school.name)
        else:
            scope.case(school.urn, case.reference)
        authority = self.ctx.authority_of(school, looked)
        return Act(actor, on, self._workflow(case, on, authority.jurisdiction), school.facts(),
                   reason,
                   rd_notice_before_powers=self._rd_notice_rule(self.ctx.policy(authority)),
                   authority=authority)

    @staticmethod
    def _rd_notice_rule(policy: Policy) -> str | None:
        """The policy pack's source where it requires the Regional Director to be told before
        each power is exercised (Calderdale), else None."""
        setting = policy.settings.get("regional_director_notification") or {}
        if not setting.get("before_each_power"):
            return None
        return str(setting.get("source") or f"policy pack {policy.name}")

    def _calendar(self, rules: RuleSet, act: Act) -> WorkingDayCalendar:
        """The working days of the authority of the act's school."""
        return self.ctx.calendar(rules.calendar_variant, self._authority(act))

    def _authority(self, act: Act) -> Authority:
        return act.authority or self.ctx.authority(act.school.authority)

    def _command(self, user: str | None, reference: str, on: date, reason: str | None,
                 do: Callable[[ConcernCase, Act], None]) -> None:
        looked = self._look(user, reference)
        actor = self.ctx.actor(user, "case.escalate", looked)
        case, school = self._case_and_school(reference, looked)
        act = self._act(actor, case, school, on, reason, looked=looked)
        do(case, act)
        if case.is_open:
            self.ctx.save(case)
            self.ctx.give_back(school)
        else:  # the school may have a new case from now on
            school.detach_case(reference, act.actor, act.on, case.state)
            self.ctx.save(case, school)

    def prepare(self, user: str | None, ref: str, on: date,
                action: str = "case.read") -> tuple[ConcernCase, School, Act]:
        """The case, its school and an act on `on`, as a command would see them (for previews)."""
        actor = self.ctx.actor(user, action)
        case, school = self._case_and_school(ref)
        return case, school, self._act(actor, case, school, on, None)

    def planning(self, user: str | None, urn: str, on: date) -> tuple[ConcernCase, Act]:
        """For the statutory planner (application/planner.py): the school's open case, or one
        opened on `on` in memory, and an act on `on` (which may lie ahead) as a command would see
        them. Nothing is saved: the planner runs the commands' own steps on these copies."""
        actor = self.ctx.actor(user, "case.read")
        school = self._school(urn)
        case = self._case(school.open_case) if school.open_case else None
        act = self._act(actor, case, school, on, None, planned=True)
        if case is None:
            case = self.open_for(school, replace(act, reason="planned"))
        return case, act

    def rules_on(self, case: ConcernCase, act: Act, on: date) -> RuleSet:
        """The rule set a command on `case` on `on` would follow (for the planner)."""
        return self._workflow(case, on, self._authority(act).jurisdiction)

    # Commands

    def open(self, user: str | None, urn: str, reason: str, on: date) -> str:
        looked = self.ctx.look(user, ids.school_id(urn), urn=urn)
        actor = self.ctx.actor(user, "case.escalate", looked)
        school = self._school(urn, looked)
        act = self._act(actor, None, school, on, reason, looked=looked)
        case = self.open_for(school, act)
        self.ctx.save(school, case)
        return case.reference

    @staticmethod
    def open_for(school: School, act: Act) -> ConcernCase:
        reference = school.next_case_reference()
        case = ConcernCase.open(reference, act)
        school.attach_case(reference, act.actor, act.on)
        return case

    def share_concerns(self, user: str | None, ref: str, on: date, reason: str | None = None) -> None:
        self._command(user, ref, on, reason, lambda c, a: c.share_concerns(a))

    def notice_of_concern(self, user: str | None, ref: str, on: date, plan_due: date,
                          reason: str | None = None, notice: NoticeHook | None = None) -> None:
        self._command(user, ref, on, reason, lambda c, a: c.issue_notice_of_concern(
            a, plan_due, _attach(notice, c, a, plan_due=plan_due)))

    def action_plan_received(self, user: str | None, ref: str, on: date) -> None:
        self._command(user, ref, on, None, lambda c, a: c.record_action_plan(a))

    def warning_notice(
        self, user: str | None, ref: str, kind: str, grounds: list[str], on: date,
        compliance_days: int | None = None, compliance_end: date | None = None,
        reason: str | None = None, notice: NoticeHook | None = None,
    ) -> None:
        notice_kind = WarningNoticeKind.parse(kind)
        parsed_grounds = [Ground.parse(g) for g in dict.fromkeys(grounds)]
        if compliance_days is not None and compliance_end is not None:
            raise InvalidInput("Give either --compliance-days or --compliance-end, not both.")
        if compliance_days is not None and compliance_days < 1:
            raise InvalidInput("The compliance period must be at least one working day.")

        def issue(case: ConcernCase, act: Act) -> None:
            rules = self._rules_on(act)
            deadlines = self._notice_deadlines(rules, notice_kind, act, compliance_days,
                                               compliance_end)
            case.issue_warning_notice(act, notice_kind, parsed_grounds, deadlines,
                                      _attach(notice, case, act, deadlines=deadlines))

        self._command(user, ref, on, reason, issue)

    def warning_notice_deadlines(self, kind: str, act: Act, days: int | None = None,
                                 end: date | None = None) -> list[Deadline]:
        """The deadlines a warning notice given in `act` would set (to preview the notice)."""
        return self._notice_deadlines(self._rules_on(act),
                                      WarningNoticeKind.parse(kind), act, days, end)

    def _rules_on(self, act: Act) -> RuleSet:
        """The rule set in force on the act's date for its school's authority's jurisdiction."""
        return self.ctx.rules.in_force_on(act.on, self._authority(act).jurisdiction)

    def _notice_deadlines(self, rules: RuleSet, kind: WarningNoticeKind, act: Act,
                          days: int | None, end: date | None) -> list[Deadline]:
        calendar, on = self._calendar(rules, act), act.on
        if rules.compliance_fixed and (end is not None or days not in (None,
                                                                       rules.compliance_default_days)):
            given = f"--compliance-days {days}" if end is None else f"--compliance-end {end}"
            raise RuleViolation(
                f"A warning notice given on {on.isoformat()} ({rules.title}) has a compliance "
                f"period fixed at {rules.compliance_default_days} working days: "
                f"{rules.compliance_rule}. {given} cannot be given."
            )
        if end is None:
            days, source = self.compliance_days(rules, act, days)
            end = calendar.working_days_after(on, days)
            rule = f"{days} working days after {on.isoformat()}{source}: {rules.compliance_rule}"
        else:
            rule = f"end date set in the notice: {rules.compliance_rule}"
        found = self._compliance_deadlines(rules, kind, end, rule)
        if rules.representations_days:
            found.append(Deadline(
                "representations-period",
                calendar.working_days_after(on, rules.representations_days),
                str(rules.representations_rule),
            ))
        return found

    def compliance_days(self, rules: RuleSet, act: Act, given: int | None) -> tuple[int, str]:
        """The working days of the compliance period of a warning notice given in `act`, and,
        for the deadline's rule, where the number comes from: those the notice gives; else,
        where the law lets the notice specify the period, the authority's policy pack's
        `compliance_period_working_days`; else the rule set's (the law's, where it fixes it)."""
        if given is not None:
            return given, ""
        if not rules.compliance_fixed:
            policy = self.ctx.policy(self._authority(act))
            if policy.compliance_days is not None:
                return policy.compliance_days, (f", the period the authority's policy pack "
                                                f"{policy.name} sets")
        return rules.compliance_default_days, ""

    @staticmethod
    def _compliance_deadlines(rules: RuleSet, kind: WarningNoticeKind, end: date,
                              rule: str) -> list[Deadline]:
        """The compliance period ending on `end` and the two-month window of each power after it."""
        found = [Deadline("compliance-period", end, rule)]
        if not rules.window_months:  # powers that do not lapse (SSO(W)A 2013 s4)
            return found
        window_end = two_months_after(end)  # the same window for every power
        for power, power_rule in rules.powers.items():
            if kind is WarningNoticeKind.S60A and not power_rule.after_s60a:
                continue
            found.append(Deadline(f"intervention-window-{power.value}", window_end,
                                  f"{rules.window_rule}; {power_rule.title}"))
        return found

    def representations(self, user: str | None, ref: str, on: date) -> None:
        self._command(user, ref, on, None, lambda c, a: c.record_representations(a))

    def ofsted_decision(self, user: str | None, ref: str, decision: str, on: date) -> None:
        confirmed = OfstedDecision.parse(decision) is OfstedDecision.CONFIRMED
        self._command(user, ref, on, None, lambda c, a: c.record_ofsted_decision(a, confirmed))

    def authority_representations(self, user: str | None, ref: str, on: date,
                                  reason: str | None = None) -> None:
        """Representations to the authority against its s60A notice (old s60A(7))."""
        self._command(user, ref, on, reason, lambda c, a: c.record_representations_to_authority(a))

    def authority_decision(self, user: str | None, ref: str, decision: str, on: date,
                           reason: str | None = None) -> None:
        """The authority confirms its s60A notice or not (old s60A(8)); `on` is the day it
        notified the governing body, from which a confirmed notice's compliance period runs
        (old s60A(10))."""
        confirmed = AuthorityDecision.parse(decision) is AuthorityDecision.CONFIRMED

        def decide(case: ConcernCase, act: Act) -> None:
            rules = self._workflow(case, act.on, self._authority(act).jurisdiction)
            kind = (case.warning_notice or {}).get("kind", "")
            period = rules.confirmed_compliance.get(kind)
            deadlines: list[Deadline] = []
            if confirmed and period:
                end = self._calendar(rules, act).working_days_after(
                    act.on, int(period["working_days"]))
                deadlines = self._compliance_deadlines(
                    rules, WarningNoticeKind.parse(kind), end,
                    f"{period['working_days']} working days after {act.on.isoformat()}: "
                    f"{period['rule']}")
            case.record_authority_decision(act, confirmed, deadlines)

        self._command(user, ref, on, reason, decide)

    def compliance(self, user: str | None, ref: str, outcome: str, on: date,
                   reason: str | None = None, notice: NoticeHook | None = None) -> None:
        parsed = ComplianceOutcome.parse(outcome)
        self._command(user, ref, on, reason,
                      lambda c, a: c.record_compliance(a, parsed, _attach(notice, c, a)))

    def intention_to_intervene(self, user: str | None, ref: str, powers: list[str], on: date,
                               reason: str | None = None, notice: NoticeHook | None = None) -> None:
        parsed = [Power.parse(p) for p in dict.fromkeys(powers)]
        self._command(user, ref, on, reason, lambda c, a: c.give_intention_to_intervene(
            a, parsed, _attach(notice, c, a, powers=[p.value for p in parsed]),
            self.powers_from(self._workflow(c, a.on, self._authority(a).jurisdiction), a)))

    def powers_from(self, rules: RuleSet, act: Act) -> Deadline:
        """The first day a power may be used after a notice of intention given in `act`: the
        policy pack's minimum of reasonable notice (s60(1)(d)), in working days."""
        policy = self.ctx.policy(self._authority(act))
        setting = policy.settings.get("reasonable_notice") or {}
        # At least 1: reading the pack refuses less (EIA 2006 s60(1)(d), policy_reading).
        days = int(setting.get("minimum_working_days", 1))
        first = self._calendar(rules, act).working_days_after(act.on, days)
        source = setting.get("source") or "EIA 2006 s60(1)(d)"
        return Deadline("powers-from", first,
                        f"{days} working day(s) after {act.on.isoformat()}: {source} "
                        f"(policy pack {policy.name})")

    def rd_consent(self, user: str | None, ref: str, power: str, on: date) -> None:
        parsed = Power.parse(power)
        self._command(user, ref, on, None, lambda c, a: c.record_rd_consent(a, parsed))

    def rd_notification(self, user: str | None, ref: str, powers: list[str], on: date,
                        reason: str | None = None, notice: NoticeHook | None = None) -> None:
        """Records that the Regional Director was told the authority intends to use `powers`."""
        parsed = [Power.parse(p) for p in dict.fromkeys(powers)]
        self._command(user, ref, on, reason, lambda c, a: c.record_rd_notification(
            a, parsed, _attach(notice, c, a, powers=[p.value for p in parsed])))

    def rd_warning_notice(self, user: str | None, ref: str, grounds: list[str], on: date,
                          compliance_end: date, reason: str | None = None) -> None:
        """The Secretary of State's (Regional Director's) own s60 warning notice (s60(4A), (4B))."""
        parsed = [Ground.parse(g) for g in dict.fromkeys(grounds)]
        self._command(user, ref, on, reason,
                      lambda c, a: c.record_rd_warning_notice(a, parsed, compliance_end))

    def rd_allows_warning_notice(self, user: str | None, ref: str, on: date,
                                 reason: str | None = None) -> None:
        """The Secretary of State told the authority it may give a warning notice (s60(4A))."""
        self._command(user, ref, on, reason, lambda c, a: c.record_rd_allows_warning_notice(a))

    def urgent_risk(self, user: str | None, ref: str, grounds: list[str], on: date,
                    reason: str | None) -> None:
        """Wales: grounds 1-6 with a related urgent risk to health or safety give the authority
        the power to intervene without a warning notice (SSO(W)A 2013 s4(3))."""
        parsed = [Ground.parse(g) for g in dict.fromkeys(grounds)]
        self._command(user, ref, on, reason, lambda c, a: c.record_urgent_risk(a, parsed))

    def central_wait(self, user: str | None, ref: str, days: int, on: date,
                     reason: str | None = None) -> None:
        """Wales: the Welsh Ministers' determination of a shorter wait than s11(5)(b)'s 10 days
        after Estyn's notice, for this school (SSO(W)A 2013 s11(6))."""
        self._command(user, ref, on, reason, lambda c, a: c.record_central_wait(a, days))

    def exercise_power(self, user: str | None, ref: str, power: str, on: date,
                       reason: str | None = None, notice: NoticeHook | None = None) -> None:
        parsed = Power.parse(power)
        self._command(user, ref, on, reason, lambda c, a: c.exercise_power(
            a, parsed, _attach(notice, c, a, power=parsed.value)))

    def coasting_notified(self, user: str | None, ref: str, on: date,
                          reason: str | None = None) -> None:
        """The Secretary of State notified the governing body that the school is coasting (s60B)."""
        self._command(user, ref, on, reason, lambda c, a: c.notify_coasting(a))

    def coasting_ended(self, user: str | None, ref: str, on: date,
                       reason: str | None = None) -> None:
        """The Secretary of State notified it that the school is no longer coasting (s60B)."""
        self._command(user, ref, on, reason, lambda c, a: c.end_coasting(a))

    def rd_power(self, user: str | None, ref: str, power: str, on: date,
                 reason: str | None = None, discontinue_on: date | None = None) -> None:
        """The Secretary of State's (Regional Director's) own power of ss67-69, recorded."""
        self._command(user, ref, on, reason, lambda c, a: c.record_secretary_of_state_power(
            a, power, discontinue_on))

    def academy_order(self, user: str | None, ref: str, on: date) -> None:
        self._command(user, ref, on, None, lambda c, a: c.make_academy_order(a))

    def step_down(self, user: str | None, ref: str, on: date, reason: str,
                  notice: NoticeHook | None = None) -> None:
        self._command(user, ref, on, reason, lambda c, a: c.step_down(a, _attach(notice, c, a)))

    def send_letter(self, user: str | None, ref: str, on: date, notice: NoticeHook) -> None:
        self._command(user, ref, on, None,
                      lambda c, a: c.send_letter(a, notice(c, a, {})))

    def close(self, user: str | None, ref: str, on: date, reason: str) -> None:
        self._command(user, ref, on, reason, lambda c, a: c.close(a))

    # Queries

    def _readable(self, user: str | None, ref: str) -> ConcernCase:
        """The case, once the role allows reading it and its school is in the user's scope (outside
        it, the case is not found)."""
        actor = self.ctx.actor(user, "case.read")
        case = self._case(ref)
        scope_of(self.ctx, actor).case(case.urn, ref)
        return case

    def show(self, user: str | None, ref: str) -> dict[str, Any]:
        return self.describe(self._readable(user, ref))

    def known_at(self, user: str | None, ref: str, moment: datetime) -> dict[str, Any]:
        """What the authority knew at `moment` (UTC): the case replayed from the events recorded
        by then, its deadlines as they stood on that day, and those events."""
        case = self._readable(user, ref)
        events: list[Any] = as_of.recorded_by(list(self.ctx.store.events.get(case.id)), moment)
        if not events:
            raise NotFound(f"Case {ref} had not been opened by {moment.isoformat()}.")
        then: ConcernCase = self.ctx.store.repository.get(case.id, version=len(events))
        return {**self.describe(then, moment.astimezone(LONDON).date()),
                "question": as_of.KNOWN_AT, "label": as_of.known_at_label(moment),
                "as_of": moment.isoformat(), "as_of_uk": as_of.uk_time(moment),
                "events": [as_of.event_line(e, _event_json(e)) for e in events]}

    def position_on(self, user: str | None, ref: str, day: date) -> dict[str, Any]:
        """The case's position on `day`: replayed from the events of acts on or before it, in
        the order of their dates, including acts recorded later; and those events."""
        case = self._readable(user, ref)
        events = as_of.effective_by(list(self.ctx.store.events.get(case.id)), day)
        if not events:
            raise NotFound(f"Case {ref} had not been opened on {day.isoformat()}.")
        return {**self.describe(as_of.replayed(events), day),
                "question": as_of.POSITION_ON, "label": as_of.position_on_label(day),
                "on": day.isoformat(),
                "events": [as_of.event_line(e, _event_json(e)) for e in events]}

    def describe(self, case: ConcernCase, today: date | None = None) -> dict[str, Any]:
        rules = self.ctx.rules.named(case.rule_set)
        today = today or self.ctx.clock.today()
        authority = self.ctx.authority_at(case.urn)
        calendar = self.ctx.calendar(rules.calendar_variant, authority)
        facts = CaseFacts.of(case)
        deadlines = [described(d, facts, today, calendar)
                     for d in sorted(case.deadlines.values(), key=lambda d: (d["due"], d["kind"]))]
        return {
            "id": case.reference,
            "uuid": str(case.id),
            "urn": case.urn,
            "school": case.school_name,
            "state": case.state,
            "state_title": rules.state_title(case.state),
            "stage": rules.stage(case.state),
            "rule_set": case.rule_set,
            "opened_on": case.opened_on.isoformat(),
            "eligible_for_intervention": case.eligibility is not None,
            "eligibility_basis": case.eligibility,
            # Due only while the law of `today` has the duty (CWSA 2026 s58 ended it).
            **self.ctx.rules.academy_order_on(today, case.academy_order_due,
                                              dict(case.academy_order or {}) or None,
                                              authority.jurisdiction),
            "warning_notice": _notice_json(case.warning_notice),
            "powers_exercised": {p: d.isoformat() for p, d in case.exercised.items()},
            "powers_may_be_used_from": _iso(case.powers_from),
            "powers_may_be_used_from_rule": case.powers_from_rule,
            "eligibility_ended": plain_json(case.eligibility_ended),
            "regional_director_notified": plain_json(dict(case.rd_notified)),
            "rd_warning_notice": plain_json(dict(case.rd_warning_notice or {})) or None,
            "coasting": plain_json(dict(case.coasting or {})) or None,
            "secretary_of_state_powers": plain_json({p: dict(v) for p, v in
                                                 case.secretary_of_state_powers.items()}),
            "notice_decision": plain_json({"on": case.notice_decided_on,
                                       "confirmed_by": case.notice_confirmed_by})
            if case.notice_decided_on else None,
            "deadlines": deadlines,
            "next_statutory_deadline": next_statutory(deadlines) if case.is_open else None,
            "corrections": [{**c, "recorded_on": c["recorded_on"].isoformat()}
                            for c in case.corrections],
            "version": case.version,
        }

    def correct(self, user: str | None, ref: str, version: int, reason: str, text: str) -> None:
        """Records a correction of the reason given on event `version`, as a new event."""
        actor = self.ctx.actor(user, "case.correct")
        case = self._case(ref)
        scope_of(self.ctx, actor).case(case.urn, ref)
        events = list(self.ctx.store.events.get(case.id))
        if not 1 <= version <= len(events):
            raise NotFound(f"Case {ref} has no event {version}; it has {len(events)}.")
        corrected = events[version - 1]
        kind = type(corrected).__qualname__.split(".")[-1]
        if kind == "Corrected":
            raise RuleViolation(f"Event {version} is itself a correction; correct the original.")
        if not hasattr(corrected, "reason"):
            raise RuleViolation(
                f"Event {version} ({kind}) records no reason. Only the reason given for a decision "
                "may be corrected; dates and deadlines started statutory periods and stand."
            )
        case.correct_reason(actor, self.ctx.clock.today(), version, kind, corrected.reason,
                            text, reason)
        self.ctx.save(case)

    def history(self, user: str | None, ref: str) -> list[dict[str, Any]]:
        case = self._readable(user, ref)
        return [_event_json(e) for e in self.ctx.store.events.get(case.id)]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _notice_json(notice: dict[str, Any] | None) -> dict[str, Any] | None:
    if notice is None:
        return None
    return {k: plain_json(v) for k, v in notice.items()}


_ENVELOPE = {"originator_id", "originator_version", "timestamp", "originator_topic"}


def _event_json(event: Any) -> dict[str, Any]:
    data = {k: plain_json(v) for k, v in vars(event).items() if k not in _ENVELOPE}
    return {
        "type": type(event).__qualname__.split(".")[-1],
        "version": event.originator_version,
        "actor": data.pop("actor", None),
        "role": data.pop("role", None),
        "effective_on": data.pop("effective_on", None),
        "recorded_at": event.timestamp.isoformat(),
        "data": data,
    }

