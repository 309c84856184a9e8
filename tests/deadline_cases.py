"""Many cases with running deadlines, made quickly for the scheduler's tests and benchmark: the
same aggregates and commands the service layer uses, saved a few hundred at a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import text

from scc.application.cases import CaseService
from scc.bootstrap import Services
from scc.calendar import two_months_after
from scc.domain.guards import Act, SchoolFacts
from scc.domain.school import DETAIL_FIELDS, School
from scc.domain.values import Governance, Ground, Power, WarningNoticeKind
from scc.domain.workflow import Deadline

SAVE_BATCH = 200


def stored_events(svc: Services) -> int:
    """How many events are stored. (The event store's own count is the last notification id,
    which on PostgreSQL skips the ids of transactions rolled back by a concurrent change.)"""
    table = svc.ctx.store.recorder.events_table_name
    with svc.ctx.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def oak_warning_notice(svc: Services) -> str:
    """One school's case with an s60 warning notice given on 2025-12-19 (15 working days)."""
    svc.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    ref = svc.cases.open("sam", "100001", "Attainment falling for three years", date(2025, 11, 3))
    svc.cases.warning_notice("sam", ref, "s60", ["standards"], date(2025, 12, 19))
    return ref


def action_plans_due(svc: Services, count: int, notice_on: date,
                     due: Callable[[int], date], first_urn: int = 200000) -> list[str]:
    """`count` schools, each with a case whose notice of concern (given on notice_on) wants an
    action plan by due(i): one deadline per case."""
    return _cases(svc, count, notice_on, first_urn,
                  lambda case, act, i: case.issue_notice_of_concern(act, due(i)))


def warning_notices(svc: Services, count: int, notice_on: date, compliance_end: date,
                    first_urn: int = 300000) -> list[str]:
    """`count` schools, each with an s60 warning notice: a compliance period ending on
    compliance_end and a window for each of the four powers two months later (5 deadlines)."""
    window = two_months_after(compliance_end)
    deadlines = [Deadline("compliance-period", compliance_end, "set in the notice")] + [
        Deadline(f"intervention-window-{p.value}", window, "two months (s64(2))")
        for p in (Power.S63, Power.S64, Power.S65, Power.S66)]
    return _cases(svc, count, notice_on, first_urn, lambda case, act, i: case.issue_warning_notice(
        act, WarningNoticeKind.S60, [Ground.STANDARDS], deadlines))


def _cases(svc: Services, count: int, on: date, first_urn: int,
           escalate: Callable[..., None]) -> list[str]:
    actor = svc.ctx.actor("sam", "case.escalate")
    rules = svc.ctx.rules.in_force_on(on)
    batch: list[object] = []
    references = []
    for i in range(count):
        urn = str(first_urn + i)
        details = {f: None for f in DETAIL_FIELDS} | {
            "name": f"School {urn}", "type": "Community school", "governance": "maintained"}
        school = School(urn=urn, details=details, actor=actor.name, role=actor.role.value,
                        source="test")
        facts = SchoolFacts(urn, school.name, Governance.MAINTAINED)
        case = CaseService.open_for(school, Act(actor, on - timedelta(days=7), rules, facts,
                                                "concerns about standards"))
        escalate(case, Act(actor, on, rules, facts, None), i)
        references.append(case.reference)
        batch += [school, case]
        if len(batch) >= SAVE_BATCH:
            svc.ctx.save(*batch)
            batch = []
    if batch:
        svc.ctx.save(*batch)
    return references
