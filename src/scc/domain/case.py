"""The concern case: one school's escalation from support to intervention, as events.

Command methods validate (workflow step, guards, statutory conditions) and raise before anything
changes; the @event methods only assign what the event carries, because they run again on replay.
Each event records the state it moved the case into, so replaying history never depends on the
workflow files as they are today.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from scc.domain import ids
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.guards import GUARDS, Act
from scc.domain.values import (
    Actor,
    ComplianceOutcome,
    Ground,
    OfstedOutcome,
    Power,
    WarningNoticeKind,
)
from scc.domain.workflow import Deadline

Stamp = dict[str, Any]
NOTICE_DEADLINES = frozenset({"compliance-period", "representations-period"})
# The states in which the authority's warning notice is running (s60(4B) ends it there).
RUNNING_NOTICE_STATES = frozenset({"warning_notice", "not_complied", "eligible", "intervention"})


def _deadline(d: Deadline, set_by: int) -> dict[str, Any]:
    """A deadline as an event stores it; `set_by` is the version of that event."""
    return {"kind": d.kind, "due": d.due, "rule": d.rule, "met_on": None, "set_by": set_by}


class ConcernCase(Aggregate):
    # State added after cases were first stored is declared here, not in __init__, so a case
    # loaded from an older snapshot reads it as never set. Unannotated (with cast), so they are not
    # dataclass fields of the aggregate; events assign new values, never change these in place.
    representations_to = cast("str | None", None)  # "authority" for an old s60A notice (s60A(7))
    notice_decided_on = cast("date | None", None)  # the authority's decision (old s60A(8))
    notice_confirmed_by = cast("str | None", None)
    rd_notified = cast("Mapping[str, date]", MappingProxyType({}))  # power -> RD told (policy)
    # The Secretary of State's (Regional Director's) own s60 warning notice (s60(4A), (4B)).
    rd_warning_notice = cast("Mapping[str, Any] | None", None)
    # The Academy order made (made_on, under, duty), where one was (Academies Act 2010 s4).
    academy_order = cast("Mapping[str, Any] | None", None)
    # The Secretary of State's notification that the school is coasting (EIA 2006 s60B(1)(b)).
    coasting = cast("Mapping[str, Any] | None", None)
    # The Secretary of State's own powers exercised on the case (ss67-69): power -> what was done.
    secretary_of_state_powers = cast("Mapping[str, Mapping[str, Any]]", MappingProxyType({}))
    # Wales: the urgent risk the authority's power to intervene rests on (SSO(W)A 2013 s4(3)), and
    # the shorter wait the Welsh Ministers determined for the school (s11(6)), in days.
    urgent_risk = cast("Mapping[str, Any] | None", None)
    central_wait_days = cast("int | None", None)

    @staticmethod
    def create_id(reference: str) -> UUID:
        return ids.case_id(reference)

    @event("Opened")
    def __init__(
        self, reference: str, urn: str, school_name: str, actor: str, role: str,
        effective_on: date, rule_set: str, state: str, reason: str,
    ) -> None:
        self.reference = reference
        self.urn = urn
        self.school_name = school_name
        self.opened_on = effective_on
        self.last_act_on = effective_on
        self.rule_set = rule_set
        self.state = state
        self.deadlines: dict[str, dict[str, Any]] = {}
        self.warning_notice: dict[str, Any] | None = None
        self.eligibility: str | None = None
        self.intention_powers: list[str] = []
        self.consents: list[str] = []
        self.exercised: dict[str, date] = {}
        # Every power exercised on the case, across warning notices (an IEB outlasts its notice).
        self.powers_used: dict[str, date] = {}
        self.intention_given_on: date | None = None
        self.powers_from: date | None = None  # the first day a power may be used (s60(1)(d))
        self.powers_from_rule: str | None = None
        self.eligibility_ended: dict[str, Any] | None = None
        self.ofsted_category: dict[str, Any] | None = None  # outcome, judged_on
        self.academy_order_due = False
        self.representations_made_on: date | None = None
        self.ofsted_confirmed = False
        self.compliance_outcome: str | None = None
        self.corrections: list[dict[str, Any]] = []

    @classmethod
    def open(cls, reference: str, act: Act) -> ConcernCase:
        if not act.reason:
            raise InvalidInput("Give the reason for opening the case.")
        _check_act_guards(None, act)
        return cls(
            reference=reference, urn=act.school.urn, school_name=act.school.name,
            **cls._stamp(act, "open"), reason=act.reason,
        )

    # Reading

    @property
    def is_open(self) -> bool:
        return self.state not in ("closed", "transferred")

    def due(self, kind: str) -> date | None:
        deadline = self.deadlines.get(kind)
        return deadline["due"] if deadline else None

    # Shared checks

    @staticmethod
    def _stamp(act: Act, state: str) -> Stamp:
        return {
            "actor": act.actor.name, "role": act.actor.role.value,
            "effective_on": act.on, "rule_set": act.workflow.name, "state": state,
        }

    def _step(self, trigger: str, act: Act) -> Stamp:
        """Checks that trigger may happen now and returns the stamp of its event."""
        self._in_order(act)
        step = act.workflow.step(self.state, trigger)
        _check_guards(step.guards, self, act)
        return self._stamp(act, step.dest)

    def _in_order(self, act: Act) -> None:
        if act.on < self.last_act_on:
            raise RuleViolation(
                f"The act is dated {act.on.isoformat()}, before the case's last recorded act on "
                f"{self.last_act_on.isoformat()}; record acts in the order they happened."
            )

    def _unmet_from(self, day: date) -> list[str]:
        return [k for k, d in self.deadlines.items() if d["met_on"] is None and d["due"] >= day]

    # Commands and their events

    def share_concerns(self, act: Act) -> None:
        self._concerns_shared(**self._step("share_concerns", act), reason=act.reason)

    @event("ConcernsShared")
    def _concerns_shared(self, actor: str, role: str, effective_on: date, rule_set: str,
                         state: str, reason: str | None) -> None:
        self._record(effective_on, rule_set, state)

    def issue_notice_of_concern(self, act: Act, plan_due: date,
                                notice: dict[str, Any] | None = None) -> None:
        stamp = self._step("issue_notice_of_concern", act)
        if plan_due <= act.on:
            raise InvalidInput(
                f"The action plan must be due after the notice is issued ({act.on.isoformat()})."
            )
        plan = Deadline("action-plan", plan_due, "set by the authority in the notice of concern")
        self._notice_of_concern_issued(**stamp, reason=act.reason, deadline=_deadline(plan, self.version + 1),
                                       notice=notice)

    @event("NoticeOfConcernIssued")
    def _notice_of_concern_issued(self, actor: str, role: str, effective_on: date, rule_set: str,
                                  state: str, reason: str | None, deadline: dict[str, Any],
                                  notice: dict[str, Any] | None = None) -> None:
        self._record(effective_on, rule_set, state)
        self.deadlines["action-plan"] = dict(deadline)

    def record_action_plan(self, act: Act) -> None:
        self._action_plan_received(**self._step("record_action_plan", act), meets=["action-plan"])

    @event("ActionPlanReceived")
    def _action_plan_received(self, actor: str, role: str, effective_on: date, rule_set: str,
                              state: str, meets: list[str]) -> None:
        self._record(effective_on, rule_set, state, meets)

    def issue_warning_notice(
        self, act: Act, kind: WarningNoticeKind, grounds: list[Ground],
        deadlines: list[Deadline], notice: dict[str, Any] | None = None,
    ) -> None:
        stamp = self._step("issue_warning_notice", replace(act, notice_kind=kind.value))
        refusal = act.workflow.warning_notice_refusal(kind.value, act.on)
        if refusal:
            raise RuleViolation(refusal)
        if kind is WarningNoticeKind.S60 and not grounds:
            raise InvalidInput(
                "An s60 warning notice needs at least one ground: standards, governance or safety."
            )
        if kind is WarningNoticeKind.S60A and grounds:
            raise InvalidInput(
                "An s60A notice rests on the teachers' pay and conditions document; give no s60 ground."
            )
        if kind is WarningNoticeKind.S3 and not grounds:
            raise InvalidInput("An s3 warning notice specifies its grounds for intervention "
                               "(SSO(W)A 2013 s3(2)(a)): give one or more of grounds 1 to 6.")
        refusal = act.workflow.grounds_refusal(kind.value, [g.value for g in grounds])
        if refusal:
            raise RuleViolation(refusal)
        compliance = next(d for d in deadlines if d.kind == "compliance-period")
        if compliance.due <= act.on:
            raise InvalidInput("The compliance period must end after the day the notice is given.")
        self._warning_notice_issued(
            **stamp, reason=act.reason, kind=kind.value, grounds=[g.value for g in grounds],
            deadlines=[_deadline(d, self.version + 1) for d in deadlines], notice=notice,
        )

    @event("WarningNoticeIssued")
    def _warning_notice_issued(self, actor: str, role: str, effective_on: date, rule_set: str,
                               state: str, reason: str | None, kind: str, grounds: list[str],
                               deadlines: list[dict[str, Any]],
                               notice: dict[str, Any] | None = None) -> None:
        self._record(effective_on, rule_set, state)
        self.warning_notice = {"kind": kind, "grounds": list(grounds), "issued_on": effective_on,
                               "rule_set": rule_set}
        # A new notice replaces the deadlines of any earlier notice; others (an action plan) stay.
        kept = {k: v for k, v in self.deadlines.items() if k not in NOTICE_DEADLINES
                and not k.startswith("intervention-window-")}
        self.deadlines = kept | {d["kind"]: dict(d) for d in deadlines}
        self.eligibility = None
        self.intention_powers, self.consents, self.exercised = [], [], {}
        self.intention_given_on, self.powers_from, self.powers_from_rule = None, None, None
        self.eligibility_ended = None
        self.representations_made_on, self.ofsted_confirmed = None, False
        self.representations_to, self.notice_decided_on, self.notice_confirmed_by = None, None, None
        self.rd_notified = {}
        self.compliance_outcome = None

    def record_representations(self, act: Act) -> None:
        self._representations_made(**self._step("record_representations", act))

    @event("RepresentationsToOfstedMade")
    def _representations_made(self, actor: str, role: str, effective_on: date, rule_set: str,
                              state: str) -> None:
        self._record(effective_on, rule_set, state)
        self.representations_made_on = effective_on

    def record_ofsted_decision(self, act: Act, confirmed: bool) -> None:
        trigger = "record_ofsted_confirmation" if confirmed else "record_ofsted_rejection"
        stamp = self._step(trigger, act)
        meets = [] if confirmed else self._unmet_from(act.on)
        self._ofsted_decision_recorded(**stamp, confirmed=confirmed, meets=meets)

    @event("OfstedDecisionOnWarningNoticeRecorded")
    def _ofsted_decision_recorded(self, actor: str, role: str, effective_on: date, rule_set: str,
                                  state: str, confirmed: bool, meets: list[str]) -> None:
        self._record(effective_on, rule_set, state, meets)
        self.ofsted_confirmed = confirmed

    # Old s60A(7), (8), (10): representations against an s60A notice go to the authority itself,
    # which confirms the notice or not; a confirmed notice's compliance period runs afresh.

    def record_representations_to_authority(self, act: Act) -> None:
        self._representations_to_authority_made(
            **self._step("record_representations_to_authority", act), reason=act.reason)

    @event("RepresentationsToAuthorityMade")
    def _representations_to_authority_made(self, actor: str, role: str, effective_on: date,
                                           rule_set: str, state: str, reason: str | None) -> None:
        self._record(effective_on, rule_set, state)
        self.representations_made_on = effective_on
        self.representations_to = "authority"

    def record_authority_decision(self, act: Act, confirmed: bool,
                                  deadlines: list[Deadline]) -> None:
        """`deadlines`: where the authority confirms, the compliance period (and the windows that
        follow it) running from the day it notified the governing body (old s60A(10)), computed
        once by the service."""
        trigger = "record_authority_confirmation" if confirmed else "record_authority_rejection"
        stamp = self._step(trigger, act)
        if confirmed and not any(d.kind == "compliance-period" for d in deadlines):
            raise RuleViolation("A confirmed notice needs its new compliance period (old s60A(10)).")
        meets = [] if confirmed else self._unmet_from(act.on)
        self._authority_decision_recorded(
            **stamp, reason=act.reason, confirmed=confirmed, meets=meets,
            deadlines=[_deadline(d, self.version + 1) for d in deadlines])

    @event("AuthorityDecisionOnWarningNoticeRecorded")
    def _authority_decision_recorded(self, actor: str, role: str, effective_on: date,
                                     rule_set: str, state: str, reason: str | None,
                                     confirmed: bool, meets: list[str],
                                     deadlines: list[dict[str, Any]]) -> None:
        self._record(effective_on, rule_set, state, meets)
        self.notice_decided_on = effective_on
        self.notice_confirmed_by = "authority" if confirmed else None
        self.deadlines = self.deadlines | {d["kind"]: dict(d) for d in deadlines}
        self.compliance_outcome = None

    def record_compliance(self, act: Act, outcome: ComplianceOutcome,
                          notice: dict[str, Any] | None = None) -> None:
        complied = outcome is ComplianceOutcome.COMPLIED
        stamp = self._step("record_compliance_met" if complied else "record_compliance_not_met", act)
        meets = self._unmet_from(act.on) + (["compliance-period"] if complied else [])
        self._compliance_recorded(**stamp, reason=act.reason, outcome=outcome.value,
                                  meets=meets if complied else [], notice=notice)

    @event("ComplianceRecorded")
    def _compliance_recorded(self, actor: str, role: str, effective_on: date, rule_set: str,
                             state: str, reason: str | None, outcome: str, meets: list[str],
                             notice: dict[str, Any] | None = None) -> None:
        self._record(effective_on, rule_set, state, meets)
        self.compliance_outcome = outcome
        if state == "eligible":  # Wales: non-compliance alone gives the power (SSO(W)A 2013 s4(2))
            self.eligibility, self.eligibility_ended = "warning-notice", None

    def give_intention_to_intervene(self, act: Act, powers: list[Power],
                                    notice: dict[str, Any] | None = None,
                                    powers_from: Deadline | None = None) -> None:
        """`powers_from`: the first day a power may be used, after reasonable notice
        (s60(1)(d)), computed once from the policy pack's minimum and the calendar."""
        act = replace(act, powers=tuple(powers))
        stamp = self._step("give_intention_to_intervene", act)
        if not powers:
            raise InvalidInput("Name at least one power the authority proposes to exercise.")
        for power in powers:
            self._check_power_available(power, act)
        self._intention_given(**stamp, reason=act.reason, powers=[p.value for p in powers],
                              notice=notice, powers_from=powers_from.due if powers_from else None,
                              powers_from_rule=powers_from.rule if powers_from else None)

    class IntentionToInterveneGiven(Aggregate.Event):
        """Version 2 records the first day a power may be used (s60(1)(d) reasonable notice);
        version 1 events are read with none."""

        class_version = 2
        actor: str
        role: str
        effective_on: date
        rule_set: str
        state: str
        reason: str | None
        powers: list[str]
        notice: dict[str, Any] | None = None
        powers_from: date | None = None
        powers_from_rule: str | None = None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["powers_from"] = None
            state["powers_from_rule"] = None

    @event(IntentionToInterveneGiven)
    def _intention_given(self, actor: str, role: str, effective_on: date, rule_set: str,
                         state: str, reason: str | None, powers: list[str],
                         notice: dict[str, Any] | None = None, powers_from: date | None = None,
                         powers_from_rule: str | None = None) -> None:
        self._record(effective_on, rule_set, state)
        self.intention_powers = list(powers)
        self.eligibility = "warning-notice"
        self.intention_given_on = effective_on
        self.powers_from, self.powers_from_rule = powers_from, powers_from_rule

    def record_rd_consent(self, act: Act, power: Power) -> None:
        stamp = self._step("record_rd_consent", act)
        rule = act.workflow.power(power)
        if not rule.needs_consent:
            raise RuleViolation(f"{power.value} does not need {rule.consent_of} consent.")
        if power.value in self.consents:
            raise RuleViolation(f"{rule.consent_of[0].upper()}{rule.consent_of[1:]} consent to "
                                f"{power.value} is already recorded.")
        self._rd_consent_recorded(**stamp, power=power.value)

    @event("RegionalDirectorConsentRecorded")
    def _rd_consent_recorded(self, actor: str, role: str, effective_on: date, rule_set: str,
                             state: str, power: str) -> None:
        self._record(effective_on, rule_set, state)
        self.consents.append(power)

    def record_rd_notification(self, act: Act, powers: list[Power],
                               notice: dict[str, Any] | None = None) -> None:
        """The authority told the Regional Director it intends to use `powers` (a policy pack may
        require this before each power is exercised)."""
        if not powers:
            raise InvalidInput("Name the power (or powers) the Regional Director was told of.")
        stamp = self._step("record_rd_notification", replace(act, powers=tuple(powers)))
        self._rd_notified(**stamp, reason=act.reason, powers=[p.value for p in powers],
                          notice=notice)

    @event("RegionalDirectorNotified")
    def _rd_notified(self, actor: str, role: str, effective_on: date, rule_set: str, state: str,
                     reason: str | None, powers: list[str],
                     notice: dict[str, Any] | None = None) -> None:
        self._record(effective_on, rule_set, state)
        self.rd_notified = {**self.rd_notified, **dict.fromkeys(powers, effective_on)}

    # The Secretary of State's own warning notice (s60(4A), (4B)), given by the Regional Director

    def record_rd_warning_notice(self, act: Act, grounds: list[Ground],
                                 compliance_end: date) -> None:
        stamp = self._step("record_rd_warning_notice", act)
        refusal = act.workflow.grounds_refusal(act.workflow.central_warning_notice,
                                               [g.value for g in grounds])
        if refusal:
            raise RuleViolation(refusal)
        if not grounds:
            raise InvalidInput("The Regional Director's s60 warning notice needs at least one "
                               "ground: standards, governance or safety.")
        if compliance_end <= act.on:
            raise InvalidInput("The compliance period must end after the day the notice is given.")
        notice = self.warning_notice
        cancels = None
        if notice and notice["kind"] == "s60" and self.state in RUNNING_NOTICE_STATES \
                and not notice.get("ceased_on"):
            cancels = (f"the Secretary of State (the Regional Director) gave the governing body a "
                       f"warning notice on {act.on.isoformat()}, so the authority's warning notice "
                       f"of {notice['issued_on'].isoformat()} ceased to have effect "
                       "(EIA 2006 s60(4B))")
        self._rd_warning_notice_given(**stamp, reason=act.reason,
                                      grounds=[g.value for g in grounds],
                                      compliance_end=compliance_end, cancels=cancels)

    @event("RegionalDirectorWarningNoticeGiven")
    def _rd_warning_notice_given(self, actor: str, role: str, effective_on: date, rule_set: str,
                                 state: str, reason: str | None, grounds: list[str],
                                 compliance_end: date, cancels: str | None) -> None:
        self._record(effective_on, rule_set, state)
        self.rd_warning_notice = {"given_on": effective_on, "grounds": list(grounds),
                                  "compliance_end": compliance_end, "authority_may_from": None}
        if cancels and self.warning_notice:
            self.warning_notice = {**self.warning_notice, "ceased_on": effective_on}
            self.deadlines = {k: v for k, v in self.deadlines.items()
                              if k not in NOTICE_DEADLINES and not k.startswith("intervention-window-")}
            self.intention_powers, self.consents, self.exercised = [], [], {}
            self.intention_given_on, self.powers_from, self.powers_from_rule = None, None, None
            self.rd_notified, self.compliance_outcome = {}, None
            if self.eligibility == "warning-notice":
                self.eligibility = None
                self.eligibility_ended = {"on": effective_on, "outcome": None, "category": None,
                                          "why": cancels}

    def record_rd_allows_warning_notice(self, act: Act) -> None:
        """The Secretary of State told the authority it may give a warning notice (s60(4A))."""
        stamp = self._step("record_rd_allows_warning_notice", act)
        self._rd_allowed_warning_notice(**stamp, reason=act.reason)

    @event("RegionalDirectorAllowedAuthorityWarningNotice")
    def _rd_allowed_warning_notice(self, actor: str, role: str, effective_on: date,
                                   rule_set: str, state: str, reason: str | None) -> None:
        self._record(effective_on, rule_set, state)
        self.rd_warning_notice = {**(self.rd_warning_notice or {}),
                                  "authority_may_from": effective_on}

    def exercise_power(self, act: Act, power: Power, notice: dict[str, Any] | None = None) -> None:
        act = replace(act, powers=(power,))
        stamp = self._step("exercise_power", act)
        rule = act.workflow.power(power)
        if power.value in self.exercised:
            raise RuleViolation(
                f"The power to {rule.title} was already exercised on "
                f"{self.exercised[power.value].isoformat()}."
            )
        self._check_power_available(power, act)
        # Only where the law asks for a notice of intention (EIA 2006 s60(1)(d)); SSO(W)A 2013
        # s4(2) gives the power to intervene on non-compliance alone.
        if self.eligibility == "warning-notice" and self.intention_given_on is not None \
                and power.value not in self.intention_powers:
            raise RuleViolation(
                f"{power.value} was not named in the notice of intention to intervene "
                f"(it named {', '.join(self.intention_powers)}); give a new notice first."
            )
        if rule.needs_consent and power.value not in self.consents:
            raise RuleViolation(
                f"To {rule.title} the authority needs {rule.consent_of} consent first"
                f"{f' ({rule.consent_source})' if rule.consent_source else ''}; "
                "record it with rd-consent."
            )
        _check_guards(act.workflow.last_guards.get("exercise_power", ()), self, act)
        window = f"intervention-window-{power.value}"
        meets = [window] if window in self.deadlines else []
        self._power_exercised(**stamp, reason=act.reason, power=power.value, meets=meets,
                              notice=notice)

    @event("InterventionPowerExercised")
    def _power_exercised(self, actor: str, role: str, effective_on: date, rule_set: str,
                         state: str, reason: str | None, power: str, meets: list[str],
                         notice: dict[str, Any] | None = None) -> None:
        self._record(effective_on, rule_set, state, meets)
        self.exercised[power] = effective_on
        self.powers_used[power] = effective_on

    def _check_power_available(self, power: Power, act: Act) -> None:
        rule = act.workflow.power(power)
        notice = self.warning_notice
        from_notice = self.eligibility != "ofsted"
        if from_notice and notice and notice["kind"] == "s60a" and not rule.after_s60a:
            raise RuleViolation(
                f"The power to {rule.title} is not available after an s60A teachers' pay and "
                "conditions warning notice."
            )
        window_end = self.due(f"intervention-window-{power.value}")
        if from_notice and window_end is not None and act.on > window_end:
            raise RuleViolation(
                f"The power to {rule.title} lapsed on {window_end.isoformat()}, two months after "
                f"the compliance period ended on {self.due('compliance-period')} (s64(2)); "
                "a new warning notice is needed."
            )

    def record_ofsted_category(self, act: Act, outcome: OfstedOutcome) -> None:
        stamp = self._step("record_ofsted_category", act)
        self._ofsted_category_recorded(**stamp, outcome=outcome.value)

    @event("OfstedCategoryRecorded")
    def _ofsted_category_recorded(self, actor: str, role: str, effective_on: date, rule_set: str,
                                  state: str, outcome: str) -> None:
        self._record(effective_on, rule_set, state)
        self.eligibility = "ofsted"
        self.academy_order_due = True
        self.ofsted_category = {"outcome": outcome, "judged_on": effective_on}
        self.eligibility_ended = None

    def leave_ofsted_category(self, act: Act, outcome: OfstedOutcome, why: str) -> bool:
        """Records that a later Ofsted judgement (`outcome`, on act.on) took the school out of the
        category its eligibility rests on (ss61, 62); returns whether anything was recorded. Like a
        deadline passing this is not the authority's act, so it may be dated before the last one."""
        category = self.ofsted_category
        if self.eligibility != "ofsted" or category is None or act.on <= category["judged_on"]:
            return False
        step = act.workflow.step(self.state, "record_ofsted_category_left")
        self._ofsted_category_left(**self._stamp(act, step.dest), outcome=outcome.value,
                                   category=category["outcome"], why=why)
        return True

    @event("OfstedCategoryLeft")
    def _ofsted_category_left(self, actor: str, role: str, effective_on: date, rule_set: str,
                              state: str, outcome: str, category: str, why: str) -> None:
        self.state = state
        self.eligibility = None
        self.academy_order_due = False
        self.eligibility_ended = {"on": effective_on, "outcome": outcome, "category": category,
                                  "why": why}

    # Coasting schools (s60B) and the Secretary of State's own powers (ss67-69), recorded as acts of
    # the Regional Director so that the case's record is complete.

    def notify_coasting(self, act: Act) -> None:
        """The Secretary of State notified the governing body that the school is coasting: it is
        eligible for intervention (EIA 2006 s60B(1))."""
        self._coasting_notified(**self._step("record_coasting_notification", act),
                                reason=act.reason)

    @event("CoastingNotified")
    def _coasting_notified(self, actor: str, role: str, effective_on: date, rule_set: str,
                           state: str, reason: str | None) -> None:
        self._record(effective_on, rule_set, state)
        self.coasting = {"notified_on": effective_on, "ended_on": None}
        if self.eligibility is None:
            self.eligibility, self.eligibility_ended = "coasting", None

    def end_coasting(self, act: Act) -> None:
        """The Secretary of State notified the governing body that the school is no longer
        coasting: eligibility resting on s60B ends."""
        self._coasting_ended(**self._step("record_coasting_ended", act), reason=act.reason)

    @event("CoastingEnded")
    def _coasting_ended(self, actor: str, role: str, effective_on: date, rule_set: str,
                        state: str, reason: str | None) -> None:
        self._record(effective_on, rule_set, state)
        self.coasting = {**(self.coasting or {}), "ended_on": effective_on}
        if self.eligibility == "coasting":
            self.eligibility = None
            self.eligibility_ended = {
                "on": effective_on, "outcome": None, "category": None,
                "why": (f"the Secretary of State notified the governing body on "
                        f"{effective_on.isoformat()} that the school is no longer coasting; "
                        "eligibility under EIA 2006 s60B lasts only while that notification "
                        "stands (s60B(1)(b))")}

    def record_secretary_of_state_power(self, act: Act, power: str,
                                        discontinue_on: date | None = None) -> None:
        """The Secretary of State (the Regional Director) exercised a power of ss67-69 over the
        school; `discontinue_on` is the date a closure direction (s68) names."""
        laws = act.workflow.secretary_of_state_powers
        rule = laws.get(power)
        if rule is None:  # the Welsh Ministers' (SSO(W)A 2013 ss12-17) name who acts: `by`
            who = str(next(iter(laws.values()), {}).get("by", "the Secretary of State"))
            raise InvalidInput(f"'{power}' is not a power of {who[0].lower()}{who[1:]}; use one "
                               f"of: {', '.join(laws)}.")
        stamp = self._step("record_secretary_of_state_power",
                           replace(act, secretary_of_state_power=power))
        if power in self.secretary_of_state_powers:
            raise RuleViolation(f"The Secretary of State's power to {rule['title']} is already "
                                f"recorded on {self.secretary_of_state_powers[power]['on']}.")
        if rule.get("discontinue_on") and (discontinue_on is None or discontinue_on <= act.on):
            raise InvalidInput(f"A direction to close the school ({rule['section']}) names the "
                               "date on which the authority must discontinue it, after the "
                               "direction; give --discontinue-on.")
        if not rule.get("discontinue_on") and discontinue_on is not None:
            raise InvalidInput(f"Only a closure direction (s68) names a date of discontinuance; "
                               f"{power} does not.")
        self._secretary_of_state_power_exercised(**stamp, reason=act.reason, power=power,
                                                 discontinue_on=discontinue_on)

    @event("SecretaryOfStatePowerExercised")
    def _secretary_of_state_power_exercised(self, actor: str, role: str, effective_on: date,
                                            rule_set: str, state: str, reason: str | None,
                                            power: str, discontinue_on: date | None) -> None:
        self._record(effective_on, rule_set, state)
        self.powers_used[power] = effective_on
        self.secretary_of_state_powers = {
            **self.secretary_of_state_powers,
            power: {"on": effective_on, "discontinue_on": discontinue_on}}

    def record_urgent_risk(self, act: Act, grounds: list[Ground]) -> None:
        """Wales: the authority is satisfied that grounds (1 to 6 of s2) exist and has reason to
        believe there is a related risk to the health or safety of any person that calls for
        urgent intervention: it has the power to intervene without a warning notice (SSO(W)A
        2013 s4(3)). The reason says what the risk is."""
        stamp = self._step("record_urgent_risk", act)
        law = act.workflow.urgent_risk
        wrong = [g.value for g in grounds if g.value not in law["grounds"]]
        if not grounds or wrong:
            raise RuleViolation(f"An urgent risk gives the power to intervene only on one or more "
                                f"of {', '.join(law['grounds'])} ({law['source']})"
                                + (f"; {wrong[0]} is not one of them." if wrong else "."))
        self._urgent_risk_recorded(**stamp, reason=self._require_reason(
            act, "the urgent risk to health or safety"), grounds=[g.value for g in grounds])

    @event("UrgentRiskRecorded")
    def _urgent_risk_recorded(self, actor: str, role: str, effective_on: date, rule_set: str,
                              state: str, reason: str, grounds: list[str]) -> None:
        self._record(effective_on, rule_set, state)
        self.eligibility, self.eligibility_ended = "urgent-risk", None
        self.urgent_risk = {"on": effective_on, "grounds": list(grounds)}

    def record_central_wait(self, act: Act, days: int) -> None:
        """Wales: the Welsh Ministers determined that, for this school, their power on ground 7 or
        8 waits `days` (fewer than the rule set's) after the Chief Inspector's notice (SSO(W)A
        2013 s11(6))."""
        stamp = self._step("record_central_wait", act)
        longest = max(int(c.get("central_after_days") or 0)
                      for c in act.workflow.ofsted_categories.values())
        if not 0 <= days < longest:
            raise InvalidInput(f"A determination under s11(6) names a period shorter than "
                               f"{longest} days: give 0 to {longest - 1}.")
        self._central_wait_determined(**stamp, reason=act.reason, days=days)

    @event("CentralWaitDetermined")
    def _central_wait_determined(self, actor: str, role: str, effective_on: date, rule_set: str,
                                 state: str, reason: str | None, days: int) -> None:
        self._record(effective_on, rule_set, state)
        self.central_wait_days = days

    def make_academy_order(self, act: Act) -> None:
        """Records the Secretary of State's Academy order: under the duty of Academies Act 2010
        s4(A1) where the rule set of its date has it and the school is eligible by an Ofsted
        category (ss61, 62), otherwise under the power of s4(1)(b)."""
        stamp = self._step("make_academy_order", act)
        law = act.workflow.academy_order
        duty = bool(law.get("duty")) and self.eligibility == "ofsted"
        self._academy_order_made(**stamp, meets=self._unmet_from(act.on), duty=duty,
                                 under=law["duty_source"] if duty else law["power_source"])

    class AcademyOrderMade(Aggregate.Event):
        """Version 2 records whether the order was made under the duty of Academies Act 2010
        s4(A1) and the provision it was made under; version 1 orders were all recorded as due."""

        class_version = 2
        actor: str
        role: str
        effective_on: date
        rule_set: str
        state: str
        meets: list[str]
        duty: bool = True
        under: str = "Academies Act 2010 s4(A1)"

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["duty"] = True
            state["under"] = "Academies Act 2010 s4(A1)"

    @event(AcademyOrderMade)
    def _academy_order_made(self, actor: str, role: str, effective_on: date, rule_set: str,
                            state: str, meets: list[str], duty: bool = True,
                            under: str = "Academies Act 2010 s4(A1)") -> None:
        self._record(effective_on, rule_set, state, meets)
        self.academy_order_due = False
        self.academy_order = {"made_on": effective_on, "duty": duty, "under": under}

    def step_down(self, act: Act, notice: dict[str, Any] | None = None) -> None:
        stamp = self._step("step_down", act)
        reason = self._require_reason(act, "stepping the case down")
        self._stepped_down(**stamp, reason=reason, meets=self._unmet_from(act.on),
                           notice=notice)

    @event("SteppedDown")
    def _stepped_down(self, actor: str, role: str, effective_on: date, rule_set: str,
                      state: str, reason: str, meets: list[str],
                      notice: dict[str, Any] | None = None) -> None:
        self._record(effective_on, rule_set, state, meets)
        self.eligibility = None

    def close(self, act: Act) -> None:
        stamp = self._step("close", act)
        reason = self._require_reason(act, "closing the case")
        self._closed(**stamp, reason=reason, meets=self._unmet_from(act.on))

    @event("Closed")
    def _closed(self, actor: str, role: str, effective_on: date, rule_set: str,
                state: str, reason: str, meets: list[str]) -> None:
        self._record(effective_on, rule_set, state, meets)

    def send_letter(self, act: Act, notice: dict[str, Any]) -> None:
        """Records a letter that accompanies no change of state (a categorisation letter, a
        visit report, a notification to the Regional Director): what was sent, to whom."""
        if not self.is_open:
            raise RuleViolation(f"Case {self.reference} is {self.state}; no letter can be sent on it.")
        self._in_order(act)
        _check_act_guards(self, act)
        self._letter_sent(**self._stamp(act, self.state), notice=notice)

    @event("LetterSent")
    def _letter_sent(self, actor: str, role: str, effective_on: date, rule_set: str, state: str,
                     notice: dict[str, Any]) -> None:
        self.last_act_on = effective_on

    @staticmethod
    def _require_reason(act: Act, doing: str) -> str:
        if not act.reason or not act.reason.strip():
            raise InvalidInput(f"Give a reason for {doing}.")
        return act.reason

    def _record(self, effective_on: date, rule_set: str, state: str,
                meets: list[str] | None = None) -> None:
        self.last_act_on = effective_on
        self.rule_set = rule_set
        self.state = state
        for kind in meets or ():
            self.deadlines[kind]["met_on"] = effective_on

    # Deadlines passing: recorded by the system actor, never by a person

    def record_deadline_passed(self, kind: str, today: date, actor: Actor) -> bool:
        """Records that the deadline `kind` passed unmet; returns whether an event was recorded.

        Idempotent by the case's own state: a deadline already met, already recorded as passed, not
        (or no longer) on the case, or on a closed case gives no event, so firing twice is harmless.
        The workflow state and the date of the last act stay as they are: a passing deadline is not
        an act, and a person may still record an earlier-dated act afterwards.
        """
        deadline = self.deadlines.get(kind)
        if deadline is None or deadline["met_on"] is not None or deadline.get("passed_on"):
            return False
        if not self.is_open:
            return False
        if today <= deadline["due"]:
            raise RuleViolation(
                f"The {kind} deadline of case {self.reference} is due on "
                f"{deadline['due'].isoformat()}; it passes at midnight at the end of that day."
            )
        record = self._deadline_events()[deadline_family(kind)]
        record(actor=actor.name, role=actor.role.value, effective_on=deadline["due"] + ONE_DAY,
               rule_set=self.rule_set, state=self.state, kind=kind, due=deadline["due"])
        return True

    def _deadline_events(self) -> dict[str, Any]:
        return {
            "compliance-period": self._compliance_period_ended,
            "intervention-window": self._intervention_window_lapsed,
            "action-plan": self._action_plan_overdue,
            "representations-period": self._representations_period_ended,
        }

    @event("CompliancePeriodEnded")
    def _compliance_period_ended(self, actor: str, role: str, effective_on: date, rule_set: str,
                                 state: str, kind: str, due: date) -> None:
        self.deadlines[kind]["passed_on"] = effective_on

    @event("InterventionWindowLapsed")
    def _intervention_window_lapsed(self, actor: str, role: str, effective_on: date,
                                    rule_set: str, state: str, kind: str, due: date) -> None:
        self.deadlines[kind]["passed_on"] = effective_on

    @event("ActionPlanOverdue")
    def _action_plan_overdue(self, actor: str, role: str, effective_on: date, rule_set: str,
                             state: str, kind: str, due: date) -> None:
        self.deadlines[kind]["passed_on"] = effective_on

    @event("RepresentationsPeriodEnded")
    def _representations_period_ended(self, actor: str, role: str, effective_on: date,
                                      rule_set: str, state: str, kind: str, due: date) -> None:
        self.deadlines[kind]["passed_on"] = effective_on

    # Corrections: a new event that names the event it corrects; history is never edited

    def correct_reason(self, actor: Actor, on: date, corrects: int, event_type: str,
                       was: str | None, now: str, reason: str) -> None:
        """Corrects the reason recorded on event `corrects` (its wording, not the act itself)."""
        if not reason or not reason.strip():
            raise InvalidInput("Give the reason for the correction.")
        if not now or not now.strip():
            raise InvalidInput("Give the corrected wording.")
        if now == was:
            raise RuleViolation(f"Event {corrects} already records that reason; nothing to correct.")
        self._corrected(actor=actor.name, role=actor.role.value, effective_on=on,
                        rule_set=self.rule_set, state=self.state, corrects=corrects,
                        corrected_event=event_type, fact="reason", was=was, now=now, reason=reason)

    @event("Corrected")
    def _corrected(self, actor: str, role: str, effective_on: date, rule_set: str, state: str,
                   corrects: int, corrected_event: str, fact: str, was: str | None, now: str,
                   reason: str) -> None:
        self.corrections.append({"event": corrects, "event_type": corrected_event, "fact": fact,
                                 "now": now, "recorded_on": effective_on})


ONE_DAY = timedelta(days=1)


def _check_act_guards(case: ConcernCase | None, act: Act) -> None:
    """The guards the rule set applies to every act (transitions carry them already)."""
    _check_guards(act.workflow.act_guards, case, act)


def _check_guards(names: tuple[str, ...], case: ConcernCase | None, act: Act) -> None:
    for name in names:
        refusal = GUARDS[name](case, act)  # type: ignore[arg-type]
        if refusal:
            raise RuleViolation(refusal)


def deadline_family(kind: str) -> str:
    """intervention-window-s64 -> intervention-window; other kinds are their own family."""
    return "intervention-window" if kind.startswith("intervention-window-") else kind

