"""Commands and queries on schools: the register details, GIAS imports and Ofsted judgements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scc import gias
from scc.application.cases import CaseService
from scc.application.categorisation import school_for
from scc.application.context import SYSTEM, Context
from scc.application.scope import scope_of
from scc.domain import ids
from scc.domain.case import ConcernCase
from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.guards import Act
from scc.domain.school import DETAIL_FIELDS, School
from scc.domain.values import Actor, Governance, OfstedOutcome, valid_urn
from scc.projections.queries import list_schools, school_fingerprints, school_row

IMPORT_BATCH = 500

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
    out_of_scope: list[gias.OutOfScope] = field(default_factory=list)
    problems: list[gias.RowProblem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "out_of_scope": [vars(o) for o in self.out_of_scope],
            "problems": [vars(p) for p in self.problems],
        }


class SchoolService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def _school(self, urn: str) -> School:
        return self.ctx.get(ids.school_id(valid_urn(urn)), School,
                            f"There is no school with URN {urn}.")

    def add(self, user: str | None, urn: str, name: str, type_name: str, phase: str | None,
            la: str | None = None, diocese: str | None = None, trust: str | None = None) -> str:
        actor = self.ctx.actor(user, "school.manage")
        valid_urn(urn)
        if not name.strip():
            raise InvalidInput("Give the school's name.")
        gias_type, governance = governance_of(type_name)
        if self.ctx.exists(ids.school_id(urn)):
            raise RuleViolation(f"A school with URN {urn} is already registered.")
        details = {f: None for f in DETAIL_FIELDS} | {
            "name": name.strip(), "type": gias_type, "governance": governance.value,
            "phase": phase, "la_name": la, "diocese": diocese, "trust": trust,
        }
        self.ctx.save(School(urn=urn, details=details, actor=actor.name, role=actor.role.value,
                             source="entered by hand"))
        return urn

    def import_gias(self, user: str | None, path: Path,
                    on_row: Callable[[int], None] | None = None) -> ImportReport:
        actor = self.ctx.actor(user, "school.manage")
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
            if record.urn not in known:
                batch.append(School(urn=record.urn, details=details, actor=actor.name,
                                    role=actor.role.value, source=source))
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
            if len(batch) >= IMPORT_BATCH:
                self.ctx.save(*batch)
                batch = []
        if batch:
            self.ctx.save(*batch)
        return report

    def show(self, user: str | None, urn: str) -> dict[str, Any]:
        _, school = school_for(self.ctx, user, "school.read", urn)
        row = school_row(self.ctx.engine, urn) or {}
        return {
            "urn": school.urn, **{k: school.details.get(k) for k in DETAIL_FIELDS},
            "ofsted": [
                {"inspected_on": j["inspected_on"].isoformat(), "outcome": j["outcome"]}
                for j in sorted(school.judgements, key=lambda j: j["inspected_on"])
            ],
            "open_case": school.open_case,
            "cases_opened": school.cases_opened,
            "in_read_model": bool(row),
        }

    def list(self, user: str | None, governance: str | None = None) -> list[dict[str, Any]]:
        actor = self.ctx.actor(user, "school.read")
        if governance:
            Governance.parse(governance)
        return scope_of(self.ctx, actor).only(list_schools(self.ctx.engine, governance))

    def record_ofsted(self, user: str | None, urn: str, on: date, outcome: str) -> str | None:
        """Records the judgement. For a maintained school put in an Ofsted category, the case
        (opened now if there is none) becomes eligible for intervention with an academy order due.
        Returns the reference of the case so affected, if any."""
        actor = self.ctx.actor(user, "school.ofsted")
        parsed = OfstedOutcome.parse(outcome)
        on = self.ctx.act_date(on)
        school = self._school(urn)
        school.record_ofsted(actor, on, parsed)
        if self.ctx.policy.scheme is not None:
            school.apply_automatic_rules(SYSTEM, self.ctx.policy.scheme, on)
        if school.governance is Governance.MAINTAINED and not parsed.is_ofsted_category:
            self._category_left(school, actor, on, parsed)
            return None  # callers report a case made eligible; the case itself says why it ended
        if not (parsed.is_ofsted_category and school.governance is Governance.MAINTAINED):
            self.ctx.save(school)
            return None
        case = self._case_for_category(school, actor, on, parsed)
        self.ctx.save(school, case)
        return case.reference

    def _category_left(self, school: School, actor: Actor, on: date,
                       outcome: OfstedOutcome) -> None:
        """A judgement out of an Ofsted category ends the eligibility of the school's open case
        that rests on it (EIA 2006 ss61, 62); the case records why."""
        latest = all(j["inspected_on"] <= on for j in school.judgements)
        case = self.ctx.get(ids.case_id(school.open_case), ConcernCase,
                            f"There is no case {school.open_case}.") if school.open_case else None
        if case is None or not latest or case.ofsted_category is None:
            self.ctx.save(school)
            return
        rules = self.ctx.rules.in_force_on(on)
        law = rules.ofsted_categories[case.ofsted_category["outcome"]]
        why = (f"Ofsted judged the school {outcome.value.replace('-', ' ')} on {on.isoformat()}; "
               f"eligibility for intervention because the school {law['requires']} "
               f"({law['section']}) lasts only while it is in that category")
        act = Act(actor, on, rules, school.facts(), why)
        if case.leave_ofsted_category(act, outcome, why):
            self.ctx.save(school, case)
        else:
            self.ctx.save(school)

    def _case_for_category(self, school: School, actor: Actor, on: date,
                           outcome: OfstedOutcome) -> ConcernCase:
        facts = school.facts()
        reason = f"Ofsted judgement of {outcome.value.replace('-', ' ')} on {on.isoformat()}"
        if school.open_case:
            case = self.ctx.get(ids.case_id(school.open_case), ConcernCase,
                                f"There is no case {school.open_case}.")
        else:
            act = Act(actor, on, self.ctx.rules.in_force_on(on), facts, reason)
            case = CaseService.open_for(school, act)
        case.record_ofsted_category(Act(actor, on, self.ctx.rules.in_force_on(on), facts, reason),
                                    outcome)
        return case
