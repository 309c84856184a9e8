"""Read models of categorisation, the register, officer allocations, visits and meetings, and the
register query as of a date. The handlers read and write rows through `Rows` (never SQL), so a
command's projection and a rebuild derive the same rows from the same code.

Visit and meeting deadlines go into the shared `deadlines` table, keyed by the visit's or meeting's
reference in `case_reference`, so `scc deadlines` and the scheduler see them beside case deadlines.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Engine,
    Table,
    func,
    or_,
    select,
)

from scc.domain.support_policy import a3_reference
from scc.projections import spans
from scc.projections import tables as t
from scc.projections.queries import in_authorities, visits_used_by
from scc.projections.rows import Rows

Handler = Callable[[Rows, Any], None]

DECIDED_STEPS = {"confirmed", "automatic"}


def _urn(rows: Rows, event: Any) -> str:
    school = rows.get(t.schools, id=str(event.originator_id))
    assert school is not None, f"no school row for {event.originator_id}"
    return str(school["urn"])


def _history(step: str, detail: Callable[[Any], dict[str, Any]] | None = None) -> Handler:
    def handle(rows: Rows, event: Any) -> None:
        urn = _urn(rows, event)
        rows.insert(
            t.category_history,
            urn=urn, version=event.originator_version, step=step,
            decided=step in DECIDED_STEPS, effective_on=event.effective_on,
            category=getattr(event, "category", None), actor=event.actor, role=event.role,
            reason=getattr(event, "reason", None), rule=getattr(event, "rule", None),
            detail=json.dumps(detail(event)) if detail else None,
        )
        if step in DECIDED_STEPS:
            spans.category_decided(rows, urn, event.originator_version, event.effective_on,
                                   event.category)
    return handle


def _close_entry(rows: Rows, urn: str, on: date) -> None:
    for entry in rows.select(t.register_entries, urn=urn, removed_on=None):
        rows.update(t.register_entries, entry, removed_on=on)


def _placed(rows: Rows, event: Any) -> None:
    urn = _urn(rows, event)
    _close_entry(rows, urn, event.effective_on)
    rows.insert(t.register_entries, urn=urn, version=event.originator_version,
                placed_on=event.effective_on, basis=event.basis, reason=event.reason,
                actor=event.actor)


def _removed(rows: Rows, event: Any) -> None:
    _close_entry(rows, _urn(rows, event), event.effective_on)


def _allocated(rows: Rows, event: Any) -> None:
    urn = _urn(rows, event)
    rows.insert(t.allocations, urn=urn, version=event.originator_version,
                from_on=event.effective_on, officer=event.officer, actor=event.actor)
    spans.officer_allocated(rows, urn, event.originator_version, event.effective_on,
                            event.officer)


def _warning_notice(rows: Rows, event: Any) -> None:
    rows.insert(t.warning_notices, case_id=str(event.originator_id), issued_on=event.effective_on)


# Visits and meetings: one row each, kept in step with their events.

def _row(rows: Rows, table: Table, event: Any) -> dict[str, Any]:
    # Their ids are uuid5 of the reference, which is not reversible, so the row is found by id.
    row = rows.get(table, id=str(event.originator_id))
    assert row is not None, f"no {table.name} row for {event.originator_id}"
    return row


def _add_deadline(rows: Rows, reference: str, urn: str, deadline: dict[str, Any],
                  set_by: int) -> None:
    rows.insert(t.deadlines, case_reference=reference, kind=deadline["kind"], urn=urn,
                due=deadline["due"], rule=deadline["rule"], met_on=None, case_open=True,
                set_by=set_by)


def _meet(rows: Rows, reference: str, kinds: list[str], on: date) -> None:
    for kind in kinds:
        _set_deadline(rows, reference, kind, met_on=on)


def _close_deadlines(rows: Rows, reference: str) -> None:
    for deadline in rows.select(t.deadlines, case_reference=reference):
        rows.update(t.deadlines, deadline, case_open=False)


def _visit_planned(rows: Rows, event: Any) -> None:
    rows.insert(t.visits, reference=event.reference, id=str(event.originator_id), urn=event.urn,
                school_name=event.school_name, state=event.state,
                academic_year=event.academic_year, category=event.category,
                officer=event.officer, visit_on=event.visit_on, override=event.override)


def _visit_step(**columns: str) -> Handler:
    """Updates the visit's state and the named columns from the event's attributes
    (`effective_on` for the date of the step)."""
    def handle(rows: Rows, event: Any) -> None:
        visit = _row(rows, t.visits, event)
        reference = visit["reference"]
        values = {col: getattr(event, attr) for col, attr in columns.items()}
        deadline = getattr(event, "deadline", None)
        if deadline:  # the report's due date, then its return's
            values["return_due" if deadline["kind"].startswith("visit-report-return-")
                   else "report_due"] = deadline["due"]
        rows.update(t.visits, visit, state=event.state, **values)
        _meet(rows, reference, getattr(event, "meets", []), event.effective_on)
        if deadline:
            _add_deadline(rows, reference, visit["urn"], deadline, event.originator_version)
        if event.state in ("final", "cancelled"):
            _close_deadlines(rows, reference)
    return handle


def _meeting_scheduled(rows: Rows, event: Any) -> None:
    rows.insert(t.meetings, reference=event.reference, id=str(event.originator_id),
                urn=event.urn, school_name=event.school_name, state=event.state,
                meets_on=event.meets_on, documents_due=event.deadline["due"])
    _add_deadline(rows, event.reference, event.urn, event.deadline, event.originator_version)


def _meeting_documents(rows: Rows, event: Any) -> None:
    if event.meets:
        meeting = _row(rows, t.meetings, event)
        _meet(rows, meeting["reference"], event.meets, event.effective_on)
        rows.update(t.meetings, meeting, documents_complete_on=event.effective_on)


def _meeting_step(column: str, attribute: str) -> Handler:
    def handle(rows: Rows, event: Any) -> None:
        meeting = _row(rows, t.meetings, event)
        rows.update(t.meetings, meeting, state=event.state, **{column: getattr(event, attribute)})
        if event.state == "concluded":
            _close_deadlines(rows, meeting["reference"])
    return handle


def _deadline_passed(table: Table) -> Handler:
    # The kind names the visit or meeting; the row is the visit's or meeting's own deadline.
    def handle(rows: Rows, event: Any) -> None:
        _set_deadline(rows, _row(rows, table, event)["reference"], event.kind,
                      passed_on=event.effective_on)
    return handle


def _set_deadline(rows: Rows, reference: str, kind: str, **values: Any) -> None:
    found = rows.get(t.deadlines, case_reference=reference, kind=kind)
    if found:
        rows.update(t.deadlines, found, **values)


def _plan_received(rows: Rows, event: Any) -> None:
    rows.insert(t.plans, reference=event.reference, id=str(event.originator_id), urn=event.urn,
                school_name=event.school_name, kind=event.kind, title=event.title,
                case_reference=event.case_reference, state=event.state,
                received_on=event.effective_on, objectives=len(event.objectives),
                last_review_on=None, next_review_due=event.deadline["due"])
    _add_deadline(rows, event.reference, event.urn, event.deadline, event.originator_version)


def _plan_reviewed(rows: Rows, event: Any) -> None:
    plan = _row(rows, t.plans, event)
    rows.update(t.plans, plan, state=event.state, last_review_on=event.effective_on,
                next_review_due=event.deadline["due"])
    _meet(rows, plan["reference"], event.meets, event.effective_on)
    _add_deadline(rows, plan["reference"], plan["urn"], event.deadline, event.originator_version)


def _plan_closed(rows: Rows, event: Any) -> None:
    plan = _row(rows, t.plans, event)
    rows.update(t.plans, plan, state=event.state, next_review_due=None)
    _close_deadlines(rows, plan["reference"])


# Support and funding (issue 14): amounts arrive as exact decimal text and are kept as text.

def _bid_submitted(rows: Rows, event: Any) -> None:
    requested = sum(Decimal(v) for v in event.requested.values())
    rows.insert(t.support_bids, reference=event.reference, id=str(event.originator_id),
                urn=event.urn, school_name=event.school_name,
                case_reference=event.case_reference, state=event.state,
                submitted_on=event.effective_on, period=event.period, board_on=None,
                requested=str(requested), approved=None, terms_agreed=None, decided_on=None,
                spent=None, committed="0.00", impact_reports=0)


# A cluster's Form A3 (scc.domain.support_cluster): the authority's, under CODE-A3, no URN.

def _a3_due(rows: Rows, event: Any) -> None:
    d = event.deadline
    rows.insert(t.deadlines, case_reference=a3_reference(event.authority), kind=d["kind"],
                urn=None, authority=event.authority, cluster=d["cluster"], due=d["due"],
                rule=d["rule"], met_on=None, case_open=True, set_by=event.originator_version)


def _a3_step(column: str) -> Callable[[Rows, Any], None]:
    def handle(rows: Rows, event: Any) -> None:
        _set_deadline(rows, a3_reference(event.authority), event.kind,
                      **{column: event.effective_on})
    return handle


def _bid_approved(rows: Rows, event: Any) -> None:
    bid = _row(rows, t.support_bids, event)
    rows.update(t.support_bids, bid, state=event.state, decided_on=event.effective_on,
                approved=str(sum(Decimal(v) for v in event.approved.values())),
                terms_agreed=event.terms, spent="0.00")
    _meet(rows, bid["reference"], event.meets, event.effective_on)
    for deadline in event.deadlines:
        _add_deadline(rows, bid["reference"], bid["urn"], deadline, event.originator_version)


def _bid_step(rows: Rows, event: Any) -> None:
    bid = _row(rows, t.support_bids, event)
    rows.update(t.support_bids, bid, state=event.state,
                **({"decided_on": event.effective_on} if event.state == "declined" else {}))
    _meet(rows, bid["reference"], getattr(event, "meets", []), event.effective_on)
    if event.state in ("declined", "closed"):
        _close_deadlines(rows, bid["reference"])


def _board_scheduled(rows: Rows, event: Any) -> None:
    # Moved to another meeting: the one deadline of the board's decision takes the new date.
    bid = _row(rows, t.support_bids, event)
    rows.update(t.support_bids, bid, board_on=event.meets_on)
    found = rows.get(t.deadlines, case_reference=bid["reference"], kind=event.deadline["kind"])
    if found:
        rows.update(t.deadlines, found, due=event.deadline["due"], rule=event.deadline["rule"],
                    passed_on=None, set_by=event.originator_version)
    else:
        _add_deadline(rows, bid["reference"], bid["urn"], event.deadline,
                      event.originator_version)


def _bid_reported(rows: Rows, event: Any) -> None:
    bid = _row(rows, t.support_bids, event)
    rows.update(t.support_bids, bid, spent=event.spent,
                impact_reports=bid["impact_reports"] + 1)
    _meet(rows, bid["reference"], event.meets, event.effective_on)


def _support_plan_drafted(rows: Rows, event: Any) -> None:
    rows.insert(t.support_plans, reference=event.reference, id=str(event.originator_id),
                urn=event.urn, school_name=event.school_name,
                case_reference=event.case_reference, bid_reference=event.bid_reference,
                state=event.state, drafted_on=event.effective_on, costed=event.costed_total,
                approved=None, spent="0.00", committed="0.00", logs=0, next_review_due=None)


def _support_plan_step(rows: Rows, event: Any) -> None:
    plan = _row(rows, t.support_plans, event)
    values: dict[str, Any] = {"state": event.state}
    deadline = getattr(event, "deadline", None)
    if hasattr(event, "amount") and hasattr(event, "deadline"):  # approved
        values["approved"] = event.amount
    _meet(rows, plan["reference"], getattr(event, "meets", []), event.effective_on)
    if deadline:
        values["next_review_due"] = deadline["due"]
        _add_deadline(rows, plan["reference"], plan["urn"], deadline, event.originator_version)
    if event.state in ("declined", "closed"):
        values["next_review_due"] = None
        _close_deadlines(rows, plan["reference"])
    rows.update(t.support_plans, plan, **values)


def _support_logged(rows: Rows, event: Any) -> None:
    plan = _row(rows, t.support_plans, event)
    rows.update(t.support_plans, plan, state=event.state, spent=event.spent,
                logs=plan["logs"] + 1)


def _support_committed(table: Table) -> Handler:
    def handle(rows: Rows, event: Any) -> None:
        row = _row(rows, table, event)
        rows.update(table, row, committed=str(Decimal(row["committed"]) + Decimal(event.amount)))
    return handle


HANDLERS: dict[str, Handler] = {
    "School.SelfAssessmentRecorded": _history("self-assessment"),
    "School.CategoryProposed": _history(
        "proposed", lambda e: {"criteria": e.criteria, "evidence": e.evidence}),
    "School.CategoryDiscussed": _history("discussed"),
    "School.CategoryConfirmed": _history("confirmed", lambda e: {"criteria": e.criteria}),
    "School.CategoryChangedAutomatically": _history("automatic"),
    "School.CategoryNotified": _history("notified", lambda e: {"recipients": e.recipients}),
    "School.PlacedOnRegister": _placed,
    "School.RemovedFromRegister": _removed,
    "School.OfficerAllocated": _allocated,
    "School.ProgressMeetingCycleJoined": _history("meeting-cycle-joined"),
    "School.ProgressMeetingCycleLeft": _history("meeting-cycle-left"),
    "ConcernCase.WarningNoticeIssued": _warning_notice,
    "Visit.Planned": _visit_planned,
    "Visit.Held": _visit_step(held_on="effective_on", judgement="judgement"),
    "Visit.ReportSentToHeadteacher": _visit_step(report_sent_on="effective_on",
                                                 report_late="late"),
    "Visit.AgreedReportReturned": _visit_step(returned_on="effective_on", return_late="late"),
    "Visit.FactualAccuracyCommentsReturned": _visit_step(returned_on="effective_on",
                                                         return_late="late"),
    "Visit.ReportSentToServiceManager": _visit_step(),
    "Visit.QualityAssured": _visit_step(),
    "Visit.Finalised": _visit_step(),
    "Visit.Cancelled": _visit_step(),
    "Visit.ReportOverdue": _deadline_passed(t.visits),
    "ProgressMeeting.DocumentsOverdue": _deadline_passed(t.meetings),
    "ImprovementPlan.Received": _plan_received,
    "ImprovementPlan.ReviewRecorded": _plan_reviewed,
    "ImprovementPlan.Closed": _plan_closed,
    "ImprovementPlan.ReviewOverdue": _deadline_passed(t.plans),
    "ProgressMeeting.Scheduled": _meeting_scheduled,
    "ProgressMeeting.DocumentsReceived": _meeting_documents,
    "ProgressMeeting.Held": _meeting_step("held_on", "effective_on"),
    "ProgressMeeting.OutcomeRecorded": _meeting_step("outcome", "outcome"),
    "ClusterReports.A3Due": _a3_due,
    "ClusterReports.A3Met": _a3_step("met_on"),
    "ClusterReports.A3Overdue": _a3_step("passed_on"),
    "SupportBid.Submitted": _bid_submitted,
    "SupportBid.Approved": _bid_approved,
    "SupportBid.Declined": _bid_step,
    "SupportBid.Closed": _bid_step,
    "SupportBid.ImpactReported": _bid_reported,
    "SupportBid.ImpactReportOverdue": _deadline_passed(t.support_bids),
    "SupportBid.BoardMeetingScheduled": _board_scheduled,
    "SupportBid.BoardDecisionOverdue": _deadline_passed(t.support_bids),
    "SupportPlan.Drafted": _support_plan_drafted,
    "SupportPlan.Submitted": _support_plan_step,
    "SupportPlan.Approved": _support_plan_step,
    "SupportPlan.Declined": _support_plan_step,
    "SupportPlan.Reviewed": _support_plan_step,
    "SupportPlan.SupportLogged": _support_logged,
    "SupportPlan.CommitmentRecorded": _support_committed(t.support_plans),
    "SupportBid.CommitmentRecorded": _support_committed(t.support_bids),
    "SupportPlan.ReviewOverdue": _deadline_passed(t.support_plans),
}


# Queries

def _plain(row: Any) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row._mapping.items()}


def category_history(engine: Engine, urn: str) -> list[dict[str, Any]]:
    h = t.category_history.c
    query = select(t.category_history).where(h.urn == urn).order_by(h.version)
    with engine.connect() as conn:
        rows = [_plain(row) for row in conn.execute(query)]
    for row in rows:
        row.update(json.loads(row.pop("detail") or "{}"))
    return rows


def review_due(engine: Engine, since: date, authorities: Collection[str] | None
               ) -> list[dict[str, Any]]:
    """Schools of `authorities` whose category was last decided before `since` (or never), by
    name."""
    h, s = t.category_history.c, t.schools.c
    last = (select(h.urn, func.max(h.effective_on).label("last_on"))
            .where(h.decided.is_(True)).group_by(h.urn).subquery())
    query = (select(s.urn, s.name.label("school"), last.c.last_on.label("last_reviewed_on"))
             .select_from(t.schools).outerjoin(last, last.c.urn == s.urn)
             .where(or_(last.c.last_on.is_(None), last.c.last_on < since))
             .order_by(s.name, s.urn))
    within = in_authorities(s.authority, authorities)
    with engine.connect() as conn:
        return [_plain(row) for row in
                conn.execute(query if within is None else query.where(within))]


def visits_used(engine: Engine, urn: str, year: str) -> int:
    """The visits of the school's entitlement used in the academic year `year`."""
    return visits_used_by(engine, [urn], year).get(urn, 0)


def count_for_school(engine: Engine, table: Any, urn: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).where(table.c.urn == urn)).scalar_one())


def list_rows(engine: Engine, table: Any, urn: str | None, urns: set[str] | None) -> list[dict[str, Any]]:
    """The visits or meetings of one school, or of the schools in `urns` (None: all)."""
    query = select(table).order_by(table.c.urn, table.c.reference)
    if urn:
        query = query.where(table.c.urn == urn)
    with engine.connect() as conn:
        rows = [_plain(row) for row in conn.execute(query)]
    return [row for row in rows if urns is None or row["urn"] in urns]
