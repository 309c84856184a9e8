"""A school as the authority knows it: its register details, Ofsted history and open case.

The school is the consistency boundary for "one open case per school": opening a case records
CaseOpened here in the same transaction, so two people opening cases at once cannot both succeed.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from scc.domain import ids, ofsted
from scc.domain.categorisation import OFSTED_BASIS, Category, CategoryScheme
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.guards import SchoolFacts
from scc.domain.values import Actor, Governance, OfstedOutcome

DETAIL_FIELDS = (
    "name", "type", "governance", "phase", "la_code", "la_name", "status", "religious_character",
    "diocese", "trust", "federation", "street", "town", "postcode", "head_name",
    "open_date", "close_date",  # GIAS OpenDate and CloseDate, YYYY-MM-DD
)


class School(Aggregate):
    # The authority (LA code) the school belongs to; None: the original authority. A class default
    # too, so snapshots taken before it existed still load.
    authority: str | None = None
    # Wales: the support categories of the national categorisation (scc.wales_categories), oldest
    # first. A class default, so snapshots taken before it existed still load.
    support_categories: tuple[dict[str, Any], ...] = ()
    # The partnership (a Collaborative Learning Partnership's code) the school belongs to: one at
    # a time. A class default, so snapshots taken before it existed still load.
    partnership: str | None = None
    # Wales: Estyn's inspections, oldest first, each with its follow-up (monitoring or review
    # visits). A class default, so snapshots taken before it existed still load.
    estyn: tuple[dict[str, Any], ...] = ()

    @staticmethod
    def create_id(urn: str) -> UUID:
        return ids.school_id(urn)

    class Registered(Aggregate.Created):
        """Version 2 records the authority the school belongs to (its LA code); a version 1
        school was registered when a deployment was one authority, and so belongs to the
        original one (None)."""

        class_version = 2
        urn: str
        details: dict[str, Any]
        actor: str
        role: str
        source: str
        authority: str | None = None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["authority"] = None

    @event(Registered)
    def __init__(self, urn: str, details: dict[str, Any], actor: str, role: str, source: str,
                 authority: str | None = None) -> None:
        self.urn = urn
        self.details = dict(details)
        self.authority = authority  # None: the original authority
        self.judgements: list[dict[str, Any]] = []
        self.open_case: str | None = None
        self.cases_opened = 0
        self.last_case: dict[str, Any] | None = None  # reference, opened_on, ended_on
        self.category: dict[str, Any] | None = None
        self.round: dict[str, dict[str, Any]] = {}  # self-assessment, proposal, discussion
        self.register: dict[str, Any] | None = None
        self.officer: str | None = None
        self.in_meeting_cycle = False

    @property
    def name(self) -> str:
        return str(self.details["name"])

    @property
    def governance(self) -> Governance:
        return Governance(self.details["governance"])

    def _date(self, key: str) -> date | None:
        value = self.details.get(key)
        return date.fromisoformat(value) if value else None

    def facts(self) -> SchoolFacts:
        """What a case needs to know about the school at the moment of an act."""
        return SchoolFacts(self.urn, self.name, self.governance, self._date("open_date"),
                           self._date("close_date"), self.authority)

    def changes(self, details: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in details.items() if self.details.get(k) != v}

    def update(self, details: dict[str, Any], actor: Actor, source: str) -> bool:
        """Records the fields that differ; returns whether anything changed."""
        changes = self.changes(details)
        if changes:
            self._details_updated(changes=changes, actor=actor.name, role=actor.role.value,
                                  source=source)
        return bool(changes)

    @event("DetailsUpdated")
    def _details_updated(self, changes: dict[str, Any], actor: str, role: str, source: str) -> None:
        self.details.update(changes)

    def record_ofsted(self, actor: Actor, inspected_on: date, outcome: OfstedOutcome | str | None,
                      grades: dict[str, str] | None = None,
                      category: str | None = None) -> None:
        """Records the inspection as Ofsted gave it in its era (scc.domain.ofsted)."""
        given = ofsted.judgement(inspected_on, getattr(outcome, "value", outcome), grades,
                                 category)
        if any(j["inspected_on"] == inspected_on for j in self.judgements):
            raise RuleViolation(
                f"An Ofsted judgement dated {inspected_on.isoformat()} is already recorded for "
                f"{self.name}; record a correction instead."
            )
        self._ofsted_recorded(actor=actor.name, role=actor.role.value, effective_on=inspected_on,
                              **given)

    class OfstedJudgementRecorded(Aggregate.Event):
        """Version 2 records Ofsted's era (overall grade, sub-judgements, report card), the grades
        given and any category; `outcome` is the overall grade, the category, or the era's headline
        (no-overall-grade, report-card). Version 1 events were all overall grades."""

        class_version = 2
        actor: str
        role: str
        effective_on: date
        outcome: str
        era: str = ofsted.OVERALL
        grades: dict[str, str] | None = None
        category: str | None = None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["era"] = ofsted.OVERALL
            state["grades"] = {}
            state["category"] = state["outcome"] if state["outcome"] in ofsted.CATEGORIES else None

    @event(OfstedJudgementRecorded)
    def _ofsted_recorded(self, actor: str, role: str, effective_on: date, outcome: str,
                         era: str = ofsted.OVERALL, grades: dict[str, str] | None = None,
                         category: str | None = None) -> None:
        self.judgements.append({"inspected_on": effective_on, "outcome": outcome, "era": era,
                                "grades": dict(grades or {}), "category": category})

    # Estyn (Wales; issue 13, item 2): inspections and their follow-up, Estyn's own words.

    def record_estyn(self, actor: Actor, inspected_on: date, outcome: str) -> None:
        if outcome not in ofsted.ESTYN_OUTCOMES:
            raise InvalidInput(f"'{outcome}' is not an Estyn outcome; use one of: "
                               f"{', '.join(ofsted.ESTYN_OUTCOMES)}.")
        if any(i["inspected_on"] == inspected_on for i in self.estyn):
            raise RuleViolation(
                f"An Estyn inspection dated {inspected_on.isoformat()} is already recorded for "
                f"{self.name}; record a correction instead.")
        self._estyn_recorded(**_by(actor, inspected_on), outcome=outcome)

    class EstynInspectionRecorded(Aggregate.Event):
        actor: str
        role: str
        effective_on: date
        outcome: str

    @event(EstynInspectionRecorded)
    def _estyn_recorded(self, actor: str, role: str, effective_on: date, outcome: str) -> None:
        inspection = {"inspected_on": effective_on, "outcome": outcome, "follow_ups": []}
        self.estyn = tuple(sorted((*self.estyn, inspection), key=lambda i: i["inspected_on"]))

    def estyn_inspection_before(self, on: date) -> dict[str, Any] | None:
        """The latest Estyn inspection dated before `on`."""
        return next((i for i in reversed(self.estyn) if i["inspected_on"] < on), None)

    def record_estyn_follow_up(self, actor: Actor, on: date, kind: str, outcome: str) -> None:
        """A monitoring visit (special measures, significant improvement) or review visit (Estyn
        review) of the latest inspection before `on`: the school removed from the follow-up or
        still in it."""
        if kind not in ofsted.ESTYN_FOLLOW_UP_KINDS:
            raise InvalidInput(f"'{kind}' is not Estyn follow-up; use one of: "
                               f"{', '.join(ofsted.ESTYN_FOLLOW_UP_KINDS)}.")
        if outcome not in ofsted.ESTYN_FOLLOW_UP_OUTCOMES:
            raise InvalidInput(f"'{outcome}' is not a follow-up outcome; use one of: "
                               f"{', '.join(ofsted.ESTYN_FOLLOW_UP_OUTCOMES)}.")
        inspection = self.estyn_inspection_before(on)
        if inspection is None:
            raise RuleViolation(f"No Estyn inspection of {self.name} before {on.isoformat()} is "
                                "recorded; record the inspection first (scc school estyn).")
        said = (f"Estyn's inspection of {inspection['inspected_on'].isoformat()} found "
                f"{self.name} {ofsted.estyn_words(inspection['outcome'])}")
        if inspection["outcome"] not in ofsted.ESTYN_FOLLOW_UP_KINDS[kind]:
            raise RuleViolation(f"{said}: {kind.replace('-', ' ')} follows only "
                                f"{' or '.join(ofsted.ESTYN_FOLLOW_UP_KINDS[kind])}.")
        removed = next((f for f in inspection["follow_ups"] if f["outcome"] == "removed"), None)
        if removed is not None:
            raise RuleViolation(f"{said}, and Estyn removed it from that follow-up on "
                                f"{removed['on'].isoformat()}.")
        if any(f["on"] == on for f in inspection["follow_ups"]):
            raise RuleViolation(f"Estyn follow-up dated {on.isoformat()} is already recorded "
                                f"for {self.name}.")
        self._estyn_follow_up_recorded(**_by(actor, on), inspected_on=inspection["inspected_on"],
                                       kind=kind, outcome=outcome)

    class EstynFollowUpRecorded(Aggregate.Event):
        actor: str
        role: str
        effective_on: date
        inspected_on: date
        kind: str
        outcome: str

    @event(EstynFollowUpRecorded)
    def _estyn_follow_up_recorded(self, actor: str, role: str, effective_on: date,
                                  inspected_on: date, kind: str, outcome: str) -> None:
        self.estyn = tuple(
            {**i, "follow_ups": sorted([*i["follow_ups"], {"on": effective_on, "kind": kind,
                                                           "outcome": outcome}],
                                       key=lambda f: f["on"])}
            if i["inspected_on"] == inspected_on else i for i in self.estyn)

    def estyn_signals(self) -> list[dict[str, Any]]:
        """Estyn's history in the shape the packs' automatic rules read (scc.domain.ofsted
        signals): each inspection and each follow-up visit, dated."""
        shown: list[dict[str, Any]] = []
        for i in self.estyn:
            signal = ofsted.estyn_signal(i["outcome"])
            shown.append({"inspected_on": i["inspected_on"], "outcome": signal,
                          "era": ofsted.OVERALL, "category": None})
            shown += [{"inspected_on": f["on"], "era": ofsted.OVERALL, "category": None,
                       "outcome": ofsted.ESTYN_REMOVED if f["outcome"] == "removed" else signal}
                      for f in i["follow_ups"]]
        return sorted(shown, key=lambda j: j["inspected_on"])

    def estyn_category(self) -> str | None:
        """Estyn's statutory category the school is in now (special-measures,
        significant-improvement), if any: the latest inspection's, until a removal."""
        latest = self.estyn[-1] if self.estyn else None
        if latest is None or latest["outcome"] not in ofsted.ESTYN_CATEGORIES:
            return None
        removed = any(f["outcome"] == "removed" for f in latest["follow_ups"])
        return None if removed else str(latest["outcome"])

    # Links from GIAS (the links file, or a download's "Linked establishments" column): a school
    # that became an academy (or merged, or split) has a successor URN, the academy a predecessor.

    @property
    def links(self) -> list[dict[str, Any]]:
        return list(getattr(self, "_links", []))  # a snapshot taken before links has none

    def link(self, actor: Actor, urn: str, kind: str, link_type: str | None,
             linked_on: date | None, source: str) -> bool:
        """Records the link unless it is already recorded; returns whether it was recorded."""
        if kind not in ("successor", "predecessor"):
            raise InvalidInput(f"'{kind}' is not a link; use successor or predecessor.")
        if urn == self.urn or any(k["urn"] == urn and k["kind"] == kind for k in self.links):
            return False
        self._linked(actor=actor.name, role=actor.role.value, urn=urn, kind=kind,
                     link_type=link_type, linked_on=linked_on, source=source)
        return True

    @event("Linked")
    def _linked(self, actor: str, role: str, urn: str, kind: str, link_type: str | None,
                linked_on: date | None, source: str) -> None:
        self._links = [*self.links, {"urn": urn, "kind": kind, "link_type": link_type,
                                     "linked_on": linked_on}]

    def next_case_reference(self) -> str:
        if self.open_case:
            raise RuleViolation(
                f"{self.name} (URN {self.urn}) already has an open case, {self.open_case}; "
                "only one case per school may be open at a time."
            )
        return f"{self.urn}-{self.cases_opened + 1}"

    def attach_case(self, reference: str, actor: Actor, on: date) -> None:
        last = self.last_case
        if last and last.get("ended_on") and on <= last["ended_on"]:
            raise RuleViolation(
                f"{self.name}'s case {last['reference']} ran from {last['opened_on'].isoformat()} "
                f"to {last['ended_on'].isoformat()}; a new case cannot be opened on "
                f"{on.isoformat()}, inside or before it. Cases of one school do not overlap (one "
                "open case per school, workflows/rule-sets/england-common.yaml); open it from "
                f"{date.fromordinal(last['ended_on'].toordinal() + 1).isoformat()}."
            )
        self._case_opened(reference=reference, actor=actor.name, role=actor.role.value,
                          effective_on=on)

    @event("CaseOpened")
    def _case_opened(self, reference: str, actor: str, role: str, effective_on: date) -> None:
        self.open_case = reference
        self.cases_opened += 1
        self.last_case = {"reference": reference, "opened_on": effective_on, "ended_on": None}

    def detach_case(self, reference: str, actor: Actor, on: date, outcome: str) -> None:
        self._case_ended(reference=reference, actor=actor.name, role=actor.role.value,
                         effective_on=on, outcome=outcome)

    @event("CaseEnded")
    def _case_ended(self, reference: str, actor: str, role: str, effective_on: date,
                    outcome: str) -> None:
        self.open_case = None
        self.last_case = {**(self.last_case or {"reference": reference, "opened_on": None}),
                          "ended_on": effective_on}

    # Categorisation (DOMAIN.md "Categorisation"): a round of self-assessment, proposal and
    # discussion ends when the Service Manager confirms the category. Automatic changes from Ofsted
    # judgements are the system's, with the rule as the reason.

    def record_self_assessment(self, actor: Actor, on: date, category: Category,
                               reason: str | None) -> None:
        self._self_assessment_recorded(**_by(actor, on), category=category.code, reason=reason)

    @event("SelfAssessmentRecorded")
    def _self_assessment_recorded(self, actor: str, role: str, effective_on: date, category: str,
                                  reason: str | None) -> None:
        self.round["self_assessment"] = {"category": category, "on": effective_on}

    def propose_category(self, actor: Actor, on: date, category: Category, criteria: list[str],
                         evidence: str) -> None:
        if not criteria:
            raise InvalidInput(f"Name the criteria of category {category.code} that apply.")
        if not evidence.strip():
            raise InvalidInput("Give the evidence for the proposed category.")
        self._category_proposed(**_by(actor, on), category=category.code,
                                criteria=category.check_criteria(criteria),
                                evidence=evidence.strip(), reason=None)

    @event("CategoryProposed")
    def _category_proposed(self, actor: str, role: str, effective_on: date, category: str,
                           criteria: list[str], evidence: str, reason: str | None) -> None:
        self.round["proposal"] = {"category": category, "criteria": list(criteria),
                                  "on": effective_on}

    def record_discussion(self, actor: Actor, on: date, notes: str) -> None:
        if "proposal" not in self.round:
            raise RuleViolation(f"No category has been proposed for {self.name} to discuss.")
        if not notes.strip():
            raise InvalidInput("Give the notes of the discussion with the headteacher.")
        self._category_discussed(**_by(actor, on), reason=notes.strip())

    @event("CategoryDiscussed")
    def _category_discussed(self, actor: str, role: str, effective_on: date, reason: str) -> None:
        self.round["discussion"] = {"on": effective_on}

    def confirm_category(self, actor: Actor, on: date, category: Category, reason: str,
                         basis: str) -> None:
        if not reason.strip():
            raise InvalidInput("Give the reason for the category.")
        own, proposed = self.round.get("self_assessment"), self.round.get("proposal")
        if own and proposed and own["category"] != proposed["category"] and \
                "discussion" not in self.round:
            raise RuleViolation(
                f"{self.name} assessed itself {own['category']} but the authority proposed "
                f"{proposed['category']}; record the discussion with the headteacher first."
            )
        criteria = proposed["criteria"] if proposed and proposed["category"] == category.code else []
        self._category_confirmed(**_by(actor, on), category=category.code, rank=category.rank,
                                 criteria=criteria, reason=reason.strip())
        self._follow_register(actor, on, category, basis, reason.strip())

    @event("CategoryConfirmed")
    def _category_confirmed(self, actor: str, role: str, effective_on: date, category: str,
                            rank: int, criteria: list[str], reason: str) -> None:
        self.category = {"category": category, "rank": rank, "on": effective_on}
        self.round = {}

    def apply_automatic_rules(self, system: Actor, scheme: CategoryScheme, on: date,
                              judgements: list[dict[str, Any]] | None = None) -> bool:
        """Applies the scheme's first rule that the judgements up to `on` match (Ofsted's, or
        those given: Estyn's signals); returns whether anything changed. A judgement older than
        the latest one only completes the history."""
        history = self.judgements if judgements is None else judgements
        if any(j["inspected_on"] > on for j in history):
            return False
        rule = scheme.rule_for(history, on)
        if rule is None:
            return False
        category = scheme.category(rule.category)
        current = self.category
        lowers = current is not None and current["rank"] > category.rank
        changed = False
        if current is None or (current["category"] != category.code
                               and (rule.mode == "set" or not lowers)):
            self._category_changed_automatically(**_by(system, on), category=category.code,
                                                 rank=category.rank, rule=rule.name,
                                                 reason=rule.name)
            changed = True
        # A school kept at a higher category still takes the Ofsted basis for its register entry.
        if category.on_register or (self.category and self.category["category"] == category.code):
            changed = self._follow_register(system, on, category, OFSTED_BASIS, rule.name) or changed
        return changed

    @event("CategoryChangedAutomatically")
    def _category_changed_automatically(self, actor: str, role: str, effective_on: date,
                                        category: str, rank: int, rule: str, reason: str) -> None:
        self.category = {"category": category, "rank": rank, "on": effective_on}

    def notify_category(self, actor: Actor, on: date, recipients: list[str]) -> None:
        if self.category is None:
            raise RuleViolation(f"{self.name} has no confirmed category to notify.")
        self._category_notified(**_by(actor, on), category=self.category["category"],
                                recipients=recipients, reason=None)

    @event("CategoryNotified")
    def _category_notified(self, actor: str, role: str, effective_on: date, category: str,
                           recipients: list[str], reason: str | None) -> None:
        pass

    # The register of schools causing concern and the progress meeting cycle

    def _follow_register(self, actor: Actor, on: date, category: Category, basis: str,
                         reason: str) -> bool:
        if category.on_register:
            if self.register is None or (basis == OFSTED_BASIS and self.register["basis"] != basis):
                self._placed_on_register(**_by(actor, on), basis=basis, reason=reason)
                return True
            return False
        if self.register is None:
            return False
        self._removed_from_register(**_by(actor, on), reason=reason)
        if self.in_meeting_cycle:
            self._meeting_cycle_left(**_by(actor, on), reason=reason)
        return True

    @event("PlacedOnRegister")
    def _placed_on_register(self, actor: str, role: str, effective_on: date, basis: str,
                            reason: str) -> None:
        self.register = {"basis": basis, "placed_on": effective_on}

    @event("RemovedFromRegister")
    def _removed_from_register(self, actor: str, role: str, effective_on: date,
                               reason: str) -> None:
        self.register = None

    def join_meeting_cycle(self, actor: Actor, on: date, reason: str) -> None:
        if not self.in_meeting_cycle:
            self._meeting_cycle_joined(**_by(actor, on), reason=reason)

    @event("ProgressMeetingCycleJoined")
    def _meeting_cycle_joined(self, actor: str, role: str, effective_on: date, reason: str) -> None:
        self.in_meeting_cycle = True

    def leave_meeting_cycle(self, actor: Actor, on: date, reason: str) -> None:
        if self.in_meeting_cycle:
            self._meeting_cycle_left(**_by(actor, on), reason=reason)

    @event("ProgressMeetingCycleLeft")
    def _meeting_cycle_left(self, actor: str, role: str, effective_on: date, reason: str) -> None:
        self.in_meeting_cycle = False

    def allocate_officer(self, actor: Actor, on: date, officer: str, reason: str | None,
                         in_effect: str | None) -> None:
        """Allocates `officer` from `on`. `in_effect` is the school's officer on `on` by the one
        rule of projections/officers.py (the allocation dated latest by then; of two on one day,
        the one recorded later), not the allocation recorded last: after a hand-over recorded
        late (dated before one recorded earlier) they differ. The school keeps no dates of its
        allocations: they would change what its events make of it, and so every snapshot
        taken before, which the audit holds to its events."""
        if officer == in_effect:
            raise RuleViolation(f"{officer} is already the officer allocated to {self.name} on "
                                f"{on.isoformat()}.")
        self._officer_allocated(**_by(actor, on), officer=officer, reason=reason)

    @event("OfficerAllocated")
    def _officer_allocated(self, actor: str, role: str, effective_on: date, officer: str,
                           reason: str | None) -> None:
        self.officer = officer

    # Wales: the National School Categorisation System's support category, recorded as history
    # (issue 13, item 3) from the Welsh Government's published file.

    def support_category(self, year: str) -> dict[str, Any] | None:
        return next((c for c in reversed(self.support_categories) if c["year"] == year), None)

    def record_support_category(self, actor: Actor, on: date, year: str, category: str,
                                support_days: int, school_number: str, source: str) -> bool:
        """Records the category the school was given for `year`; returns False, recording
        nothing, where the same category is already recorded for that year (a file imported
        twice). A different category for the same year is recorded as a correction."""
        held = self.support_category(year)
        if held is not None and held["category"] == category:
            return False
        self._support_category_recorded(**_by(actor, on), year=year, category=category,
                                        support_days=support_days, school_number=school_number,
                                        source=source, reason=None)
        return True

    @event("NationalSupportCategoryRecorded")
    def _support_category_recorded(self, actor: str, role: str, effective_on: date, year: str,
                                   category: str, support_days: int, school_number: str,
                                   source: str, reason: str | None) -> None:
        self.support_categories = (*self.support_categories, {
            "year": year, "category": category, "support_days": support_days,
            "on": effective_on, "source": source})

    # Partnerships (scc.domain.partnership): a school is in one at a time, so joining is recorded
    # here too, in the same transaction as on the partnership.

    def join_partnership(self, actor: Actor, on: date, code: str, name: str) -> None:
        if self.partnership is not None:
            raise RuleViolation(f"{self.name} is already a school of the partnership "
                                f"{self.partnership}; it may belong to one at a time. Record "
                                "its leaving first.")
        self._partnership_joined(**_by(actor, on), code=code, name=name)

    @event("PartnershipJoined")
    def _partnership_joined(self, actor: str, role: str, effective_on: date, code: str,
                            name: str) -> None:
        self.partnership = code

    def leave_partnership(self, actor: Actor, on: date, reason: str) -> None:
        if self.partnership is None:
            raise RuleViolation(f"{self.name} is not a school of any partnership.")
        self._partnership_left(**_by(actor, on), code=self.partnership, reason=reason)

    @event("PartnershipLeft")
    def _partnership_left(self, actor: str, role: str, effective_on: date, code: str,
                          reason: str) -> None:
        self.partnership = None


def _by(actor: Actor, on: date) -> dict[str, Any]:
    return {"actor": actor.name, "role": actor.role.value, "effective_on": on}
