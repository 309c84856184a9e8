"""Commands and queries on schools: the register details, GIAS imports and Ofsted judgements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, cast

from scc import gias
from scc.application import partnerships, welsh_schools
from scc.application.authorities import Holders
from scc.application.cases import CaseService
from scc.application.categorisation import school_for
from scc.application.context import SYSTEM, Context
from scc.application.school_page import SchoolPage
from scc.application.scope import scope_of
from scc.domain import ids, ofsted
from scc.domain.case import ConcernCase
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.guards import Act
from scc.domain.school import DETAIL_FIELDS, School
from scc.domain.values import Actor, Governance, OfstedOutcome, valid_urn
from scc.projections.queries import list_schools, school_fingerprints

IMPORT_BATCH = 500
T = TypeVar("T")


class _Outcome(NamedTuple):
    """A judgement's outcome word where the case asks for an OfstedOutcome: from September 2024
    it may be the era's headline (no-overall-grade, report-card), which is no overall grade."""

    value: str

# Short names accepted by `scc school add --type`, alongside the GIAS type names themselves.
TYPE_ALIASES = {
    "community": "Community school", "foundation": "Foundation school",
    "voluntary-aided": "Voluntary aided school", "voluntary-controlled": "Voluntary controlled school",
    "community-special": "Community special school", "foundation-special": "Foundation special school",
    "maintained-nursery": "Local authority nursery school", "academy-converter": "Academy converter",
    "academy-sponsor-led": "Academy sponsor led", "free-school": "Free schools",
}
_GIAS_TYPES = {t.casefold(): t for t in gias.MAINTAINED_TYPES | gias.ACADEMY_TYPES}


def governance_of(type_name: str) -> tuple[str, Governance]:
    """The GIAS type name and whether the authority's intervention powers apply (s59)."""
    name = TYPE_ALIASES.get(type_name.casefold()) or _GIAS_TYPES.get(type_name.casefold())
    if name is None:
        allowed = ", ".join(sorted(TYPE_ALIASES))
        raise InvalidInput(
            f"'{type_name}' is not a maintained school or academy type; use a GIAS type name or "
            f"one of: {allowed}."
        )
    maintained = name in gias.MAINTAINED_TYPES
    return name, Governance.MAINTAINED if maintained else Governance.ACADEMY


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    other_authority: int = 0  # schools of an authority the importing user does not act for
    out_of_scope: list[gias.OutOfScope] = field(default_factory=list)
    problems: list[gias.RowProblem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "other_authority": self.other_authority,
            "out_of_scope": [vars(o) for o in self.out_of_scope],
            "problems": [vars(p) for p in self.problems],
        }


def _read(path: Path, reader: Callable[[Path], list[T]]) -> list[T]:
    """The file's rows; a file refused whole is invalid input naming its line."""
    try:
        return reader(path)
    except (gias.GiasFormatError, OSError) as problem:
        raise InvalidInput(f"Cannot import {path}: {problem}") from None


class SchoolService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def _school(self, urn: str) -> School:
        return self.ctx.get(ids.school_id(valid_urn(urn)), School,
                            f"There is no school with URN {urn}.")

    def add(self, user: str | None, urn: str, name: str, type_name: str, phase: str | None,
            la: str | None = None, diocese: str | None = None, trust: str | None = None,
            authority: str | None = None) -> str:
        """Registers a school by hand for `authority` (by default the user's own)."""
        actor = self.ctx.actor(user, "school.manage")
        valid_urn(urn)
        held_by = self.ctx.authority(authority or self.ctx.user(actor.name).authority)
        scope_of(self.ctx, actor).acts_for(held_by.code)
        if not name.strip():
            raise InvalidInput("Give the school's name.")
        gias_type, governance = governance_of(type_name)
        if self.ctx.exists(ids.school_id(urn)):
            raise RuleViolation(f"A school with URN {urn} is already registered.")
        details = {f: None for f in DETAIL_FIELDS} | {
            "name": name.strip(), "type": gias_type, "governance": governance.value,
            "phase": phase, "la_code": held_by.code, "la_name": la or held_by.name,
            "diocese": diocese, "trust": trust,
        }
        self.ctx.save(School(urn=urn, details=details, actor=actor.name, role=actor.role.value,
                             source="entered by hand", authority=held_by.code))
        return urn

    def import_gias(self, user: str | None, path: Path,
                    on_row: Callable[[int], None] | None = None,
                    authority: str | None = None) -> ImportReport:
        """Adds or updates the schools of a GIAS extract, each for the authority that holds it
        (see Holders); a school of an authority the user does not act for is left alone."""
        actor = self.ctx.actor(user, "school.manage")
        holders = Holders.of(self.ctx, actor, authority)
        try:
            result = gias.read_gias(path, on_row)
        except (gias.GiasFormatError, OSError) as problem:
            raise InvalidInput(f"Cannot import {path}: {problem}") from None
        report = ImportReport(out_of_scope=result.out_of_scope, problems=result.problems)
        known = school_fingerprints(self.ctx.engine)
        source = f"GIAS import of {path.name}"
        batch: list[School] = []
        for record in result.schools:
            details = {k: v for k, v in record.as_dict().items() if k in DETAIL_FIELDS}
            if not holders.holds(record, known.get(record.urn)):
                report.other_authority += 1
                continue
            if record.urn not in known:
                new = School(urn=record.urn, details=details, actor=actor.name,
                             role=actor.role.value, source=source,
                             authority=holders.holder(record))
                for urn, kind in record.links:
                    new.link(actor, urn, kind, None, None, source)
                batch.append(new)
                report.added += 1
            # Details the read model does not hold (the open and close dates) are compared
            # when another detail changes (a closing school's status changes too).
            elif any(known[record.urn][k] != v for k, v in details.items()
                     if k in known[record.urn]):
                school = self._school(record.urn)
                school.update(details, actor, source)
                batch.append(school)
                report.updated += 1
            else:
                report.unchanged += 1
            if record.links and record.urn in known:  # a school added above has its links
                held = batch[-1] if batch and batch[-1].urn == record.urn \
                    else self._school(record.urn)
                linked = [held.link(actor, urn, kind, None, None, source)
                          for urn, kind in record.links]
                if any(linked) and not (batch and batch[-1] is held):
                    batch.append(held)
            if len(batch) >= IMPORT_BATCH:
                self.ctx.save(*batch)
                batch = []
        if batch:
            self.ctx.save(*batch)
        return report

    def import_links(self, user: str | None, path: Path) -> dict[str, int]:
        """Records the successor and predecessor links of a GIAS links file on the schools the
        authority holds; a bad row refuses the file with its line (nothing written)."""
        actor = self.ctx.actor(user, "school.manage")
        links = _read(path, gias.read_links)
        known = school_fingerprints(self.ctx.engine, scope_of(self.ctx, actor).authorities)
        source = f"GIAS links file {path.name}"
        changed: dict[str, School] = {}
        report = {"linked": 0, "already_linked": 0, "not_held": 0}
        for link in links:
            if link.urn not in known:
                report["not_held"] += 1
                continue
            school = changed.get(link.urn) or self._school(link.urn)
            on = date.fromisoformat(link.linked_on) if link.linked_on else None
            if school.link(actor, link.link_urn, link.kind, link.link_type, on, source):
                changed[link.urn] = school
                report["linked"] += 1
            else:
                report["already_linked"] += 1
        if changed:
            self.ctx.save(*changed.values())
        return report

    def import_ofsted(self, user: str | None, path: Path) -> dict[str, int]:
        """Records each inspection of a school the authority holds, oldest first, as
        `record_ofsted` does; inspections already recorded (same date) are left as they are. The
        whole file is checked first: a bad row refuses it with its line, nothing written."""
        actor = self.ctx.actor(user, "school.ofsted")
        from scc import ofsted_mi

        inspections = _read(path, ofsted_mi.read)
        known = school_fingerprints(self.ctx.engine, scope_of(self.ctx, actor).authorities)
        report = {"recorded": 0, "already_recorded": 0, "not_held": 0, "cases": 0,
                  "welsh_schools": 0}
        for row in sorted(inspections, key=lambda i: (i.inspected_on, i.line)):
            if row.urn not in known:
                report["not_held"] += 1
                continue
            school = self._school(row.urn)
            if self.ctx.authority_of(school).jurisdiction == "wales":  # Estyn inspects those
                report["welsh_schools"] += 1
                continue
            if any(j["inspected_on"] == row.inspected_on for j in school.judgements):
                report["already_recorded"] += 1
                continue
            on = self.ctx.act_date(row.inspected_on)
            if self._record_ofsted(school, actor, on, row.outcome, row.grades, row.category):
                report["cases"] += 1
            report["recorded"] += 1
        return report

    def show(self, user: str | None, urn: str) -> dict[str, Any]:
        return SchoolPage(self.ctx).show(user, urn)

    def partnership(self, user: str | None, action: str, code: str, urn: str, on: date,
                    name: str | None = None, reason: str | None = None) -> dict[str, Any]:
        """Partnerships of schools (Collaborative Learning Partnerships): `action` is form (URN
        the convening school, with a name), join, leave (with a reason) or convene."""
        if action == "form":
            return partnerships.form(self.ctx, user, code, name or "", urn, on)
        if action == "leave":
            return partnerships.leave(self.ctx, user, code, urn, on, reason or "")
        return (partnerships.join if action == "join" else partnerships.convene)(
            self.ctx, user, code, urn, on)

    def welsh(self, user: str | None, urn: str, school_number: str | None = None,
              letters_first: str | None = None) -> dict[str, Any]:
        """Records a Welsh school's school number and its letters' language preference."""
        return welsh_schools.set_details(self.ctx, user, urn, school_number, letters_first)

    def import_wales_categories(self, user: str | None, path: Path, on: date) -> dict[str, Any]:
        """The Welsh national support categories of a published file, as history."""
        return welsh_schools.import_categories(self.ctx, user, path, on)

    def list(self, user: str | None, governance: str | None = None,
             authority: str | None = None) -> list[dict[str, Any]]:
        """The schools the user may see, of all their authorities or of the one named."""
        scope = scope_of(self.ctx, self.ctx.actor(user, "school.read"))
        if governance:
            Governance.parse(governance)
        return scope.only(list_schools(self.ctx.engine, governance, scope.within(authority)))

    def record_ofsted(self, user: str | None, urn: str, on: date, outcome: str | None,
                      grades: dict[str, str] | None = None,
                      category: str | None = None) -> str | None:
        """Records the inspection as Ofsted gave it in its era (scc.domain.ofsted): an overall
        grade to August 2024; sub-judgements, or report card grades from November 2025, with any
        category after that. For a maintained school put in an Ofsted category, the case (opened
        now if there is none) becomes eligible for intervention with an academy order due.
        Returns the reference of the case so affected, if any."""
        actor, school = school_for(self.ctx, user, "school.ofsted", urn)
        self._inspectorate(school, "ofsted")
        return self._record_ofsted(school, actor, self.ctx.act_date(on), outcome, grades,
                                   category)

    def _record_ofsted(self, school: School, actor: Actor, on: date, outcome: str | None,
                       grades: dict[str, str] | None, category: str | None) -> str | None:
        school.record_ofsted(actor, on, outcome, grades, category)
        recorded = school.judgements[-1]
        in_category = recorded["category"] is not None
        scheme = self.ctx.policy_of(school).scheme
        if scheme is not None:
            school.apply_automatic_rules(SYSTEM, scheme, on)
        if school.governance is Governance.MAINTAINED and not in_category:
            self._category_left(school, actor, on, recorded)
            return None  # callers report a case made eligible; the case itself says why it ended
        if not (in_category and school.governance is Governance.MAINTAINED):
            self.ctx.save(school)
            return None
        case = self._case_for_category(school, actor, on, OfstedOutcome(recorded["category"]))
        self.ctx.save(school, case)
        return case.reference

    def _category_left(self, school: School, actor: Actor, on: date,
                       judgement: dict[str, Any]) -> None:
        """A judgement out of an Ofsted category ends the eligibility of the school's open case
        that rests on it (EIA 2006 ss61, 62); the case records why."""
        latest = all(j["inspected_on"] <= on for j in school.judgements)
        self._eligibility_left(school, actor, on, latest, judgement["outcome"],
                               f"Ofsted judged the school {ofsted.describe(judgement)} on "
                               f"{on.isoformat()}")

    def _eligibility_left(self, school: School, actor: Actor, on: date, latest: bool,
                          outcome: str, said: str) -> None:
        """Ends the eligibility of the school's open case that rests on a category, `said` being
        the finding that took the school out of it; saves the school (and case)."""
        case = self.ctx.get(ids.case_id(school.open_case), ConcernCase,
                            f"There is no case {school.open_case}.") if school.open_case else None
        if case is None or not latest or case.ofsted_category is None:
            self.ctx.save(school)
            return
        rules = self.ctx.rules.in_force_on(on, self.ctx.authority_of(school).jurisdiction)
        law = rules.ofsted_categories[case.ofsted_category["outcome"]]
        why = (f"{said}; eligibility for intervention because the school {law['requires']} "
               f"({law['section']}) lasts only while it is in that category")
        act = Act(actor, on, rules, school.facts(), why)
        # The case records the finding's outcome word: the grade, or (from September 2024) the
        # era's headline, no-overall-grade or report-card; or Estyn's.
        if case.leave_ofsted_category(act, cast(OfstedOutcome, _Outcome(outcome)), why):
            self.ctx.save(school, case)
        else:
            self.ctx.save(school)

    # Estyn (Wales; issue 13, item 2): Estyn, not Ofsted, inspects Welsh schools.

    def _inspectorate(self, school: School, inspectorate: str) -> None:
        welsh = self.ctx.authority_of(school).jurisdiction == "wales"
        if inspectorate == "estyn" and not welsh:
            raise RuleViolation(
                f"{school.name} (URN {school.urn}) is a school in England: Ofsted inspects it, "
                "not Estyn. Record its inspection with scc school ofsted.")
        if inspectorate == "ofsted" and welsh:
            raise RuleViolation(
                f"{school.name} (URN {school.urn}) is a school in Wales: Estyn inspects it, not "
                "Ofsted. Record its inspection with scc school estyn.")

    def record_estyn(self, user: str | None, urn: str, on: date, outcome: str) -> str | None:
        """Records Estyn's inspection of a Welsh school. Special measures or significant
        improvement (grounds 8 and 7, SSO(W)A 2013 s2(7), (8)) make the school's open case (or a
        new one) eligible for intervention without a warning notice (s4); a later inspection
        with neither ends that eligibility. Returns the reference of the case made eligible."""
        actor, school = school_for(self.ctx, user, "school.ofsted", urn)
        self._inspectorate(school, "estyn")
        on = self.ctx.act_date(on)
        school.record_estyn(actor, on, outcome)
        latest = school.estyn[-1]["inspected_on"] == on
        return self._estyn_followed(school, actor, on, latest, ofsted.estyn_signal(outcome),
                                    f"Estyn found the school {ofsted.estyn_words(outcome)} on "
                                    f"{on.isoformat()}")

    def record_estyn_follow_up(self, user: str | None, urn: str, on: date, kind: str,
                               outcome: str) -> None:
        """Records Estyn's monitoring or review visit: the school removed from its follow-up
        (ending the eligibility of the case that rested on special measures or significant
        improvement) or still in it."""
        actor, school = school_for(self.ctx, user, "school.ofsted", urn)
        self._inspectorate(school, "estyn")
        on = self.ctx.act_date(on)
        school.record_estyn_follow_up(actor, on, kind, outcome)
        inspection = school.estyn_inspection_before(on) or {}
        latest = school.estyn[-1] is inspection
        word = ofsted.ESTYN_REMOVED if outcome == "removed" else ofsted.estyn_signal(
            inspection.get("outcome", ""))
        self._estyn_followed(school, actor, on, latest, word,
                             f"Estyn's {kind.replace('-', ' ')} visit on {on.isoformat()} "
                             f"{'removed the school from' if outcome == 'removed' else 'kept the school in'} "
                             f"{ofsted.estyn_words(inspection.get('outcome', ''))}")

    def _estyn_followed(self, school: School, actor: Actor, on: date, latest: bool,
                        word: str, said: str) -> str | None:
        """Applies the pack's rules to Estyn's history and the finding (`word`, its signal) to the
        school's case: eligibility on special measures or significant improvement, its end on a
        finding out of them; saves the school (and case)."""
        scheme = self.ctx.policy_of(school).scheme
        if scheme is not None:
            school.apply_automatic_rules(SYSTEM, scheme, on, school.estyn_signals())
        category = school.estyn_category()
        if school.governance is not Governance.MAINTAINED:
            self.ctx.save(school)
            return None
        if category is None:
            self._eligibility_left(school, actor, on, latest, word, said)
            return None
        if not latest:
            self.ctx.save(school)
            return None
        case = self._case_for_category(school, actor, on,
                                       OfstedOutcome(ofsted.ESTYN_CATEGORIES[category]), said)
        self.ctx.save(school, case)
        return case.reference

    def _case_for_category(self, school: School, actor: Actor, on: date,
                           outcome: OfstedOutcome, reason: str | None = None) -> ConcernCase:
        facts = school.facts()
        reason = reason or (f"Ofsted judgement of {outcome.value.replace('-', ' ')} on "
                            f"{on.isoformat()}")
        rules = self.ctx.rules.in_force_on(on, self.ctx.authority_of(school).jurisdiction)
        if school.open_case:
            case = self.ctx.get(ids.case_id(school.open_case), ConcernCase,
                                f"There is no case {school.open_case}.")
        else:
            case = CaseService.open_for(school, Act(actor, on, rules, facts, reason))
        case.record_ofsted_category(Act(actor, on, rules, facts, reason), outcome)
        return case
