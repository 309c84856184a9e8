"""The school's own records for the evidence bundle of its case (issue 15): its Ofsted and Estyn
inspections and category history, every visit (its record and each report as sent), improvement
plan (objectives and termly reviews) and progress meeting (time, place, attendees, papers, notes,
decisions, actions, outcome and each letter as sent), as their events make them at the export,
and each support bid's or support plan's form sent as a letter.

records.json holds them, with the list of every kept document (visit reports, outcome letters, support forms:
HTML, PDF and the data they were rendered from) by its path in the bundle and the SHA-256 its
sending event recorded, for the bundle check to hold the carried bytes to. A document missing or
changed in the document store is listed but not carried, so the check reports it. No scope check
here: the export itself is refused to anyone who may not see the case."""

from __future__ import annotations

import json
from typing import Any

from scc.application.context import Context
from scc.application.documents import MEDIA, DocumentStore
from scc.application.support_evidence import support_received
from scc.audit.bundle import RECORDS, RECORDS_INDEX
from scc.domain import ids
from scc.domain.errors import NotFound
from scc.domain.meeting import ProgressMeeting
from scc.domain.plan import ImprovementPlan
from scc.domain.school import School
from scc.domain.support import SupportBid
from scc.domain.support_plan import SupportPlan
from scc.domain.values import plain_json
from scc.domain.visit import Visit
from scc.projections import register as read
from scc.projections.tables import meetings, plans, support_bids, support_plans, visits


def school_records(ctx: Context, documents: DocumentStore, urn: str) -> dict[str, bytes]:
    """The bundle's records.json and records/ documents for the school `urn`, and its
    support.json (scc.application.support_evidence)."""
    records = [(aggregate.create_id(r["reference"]), aggregate, "")
               for table, aggregate in ((visits, Visit), (plans, ImprovementPlan),
                                        (meetings, ProgressMeeting), (support_bids, SupportBid),
                                        (support_plans, SupportPlan))
               for r in read.list_rows(ctx.engine, table, urn, None)]
    # One look-up of the events table checks every record this process keeps, not one each.
    school, *found = ctx.get_many((ids.school_id(urn), School, ""), *records)
    kept: list[dict[str, Any]] = []
    content = {
        "urn": urn, "school": school.details.get("name"),
        "ofsted": school.judgements, "estyn": list(school.estyn),
        "category_history": read.category_history(ctx.engine, urn),
        "visits": [_visit(v, kept) for v in found if isinstance(v, Visit)],
        "plans": [_plan(p) for p in found if isinstance(p, ImprovementPlan)],
        "meetings": [_meeting(m, kept) for m in found if isinstance(m, ProgressMeeting)],
        # The amounts and logs are in support.json; here, each form sent as a letter.
        "support_forms": [_form(funded.reference, number, form, kept) for funded in found
                          if isinstance(funded, (SupportBid, SupportPlan))
                          for number, form in enumerate(funded.forms, start=1)],
        "documents": kept,
    }
    entries = {RECORDS_INDEX: json.dumps(plain_json(content), indent=2,
                                         ensure_ascii=False).encode()}
    # The support the school received, from the bids and plans read here: read once an export.
    entries.update(support_received(urn, [b for b in found if isinstance(b, SupportBid)],
                                    [p for p in found if isinstance(p, SupportPlan)]))
    for document in kept:
        try:
            entries[document["path"]] = documents.get(document["sha256"])
        except NotFound:
            pass  # listed, not carried: the bundle check reports it missing
    return entries


def _documents(reference: str, name: str, number: int, notice: dict[str, Any],
               kept: list[dict[str, Any]]) -> list[str]:
    """Lists one sent document's parts in `kept`; returns their paths in the bundle."""
    paths = []
    for part, media_type, extension in MEDIA:
        path = f"{RECORDS}{reference}/{name}-{number}.{extension}"
        kept.append({"path": path, "sha256": notice[f"{part}_sha256"], "media_type": media_type,
                     "record": reference, "reference": notice["reference"]})
        paths.append(path)
    return paths


def _visit(visit: Visit, kept: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "reference": visit.reference, "state": visit.state, "visit_on": visit.visit_on,
        "officer": visit.officer, "category": visit.category, "dates": visit.dates,
        "held": visit.held, "record": visit.current_record(), "comments": visit.comments,
        "deadlines": list(visit.deadlines.values()),
        "reports": [{"version": r["version"], "issued_on": r["issued_on"],
                     "reference": r["notice"]["reference"],
                     "documents": _documents(visit.reference, "report", r["version"],
                                             r["notice"], kept)}
                    for r in visit.reports],
    }


def _form(reference: str, number: int, form: dict[str, Any],
          kept: list[dict[str, Any]]) -> dict[str, Any]:
    return {"record": reference, "form": form["form"], "sent_on": form["sent_on"],
            "reference": form["reference"],
            "documents": _documents(reference, f"form-{form['form']}", number, form, kept)}


def _plan(plan: ImprovementPlan) -> dict[str, Any]:
    return {
        "reference": plan.reference, "kind": plan.kind, "title": plan.title,
        "case": plan.case_reference, "state": plan.state, "received_on": plan.received_on,
        "objectives": plan.objectives, "reviews": plan.reviews,
        "deadlines": list(plan.deadlines.values()), "closed_on": plan.closed_on,
    }


def _meeting(meeting: ProgressMeeting, kept: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "reference": meeting.reference, "state": meeting.state, "meets_on": meeting.meets_on,
        "starts_at": meeting.starts_at, "place": meeting.place, "attendees": meeting.attendees,
        "invited": list(meeting.invited), "papers_due": meeting.documents,
        "papers_received": meeting.received, "papers_missing": meeting.missing,
        "held_on": meeting.held_on, "present": list(meeting.present),
        "held_notes": meeting.held_notes, "minutes": meeting.minutes,
        "outcome": meeting.outcome, "outcome_reason": meeting.outcome_reason,
        "deadlines": list(meeting.deadlines.values()),
        "letters": [{"sent_on": letter["sent_on"], "reference": letter["reference"],
                     "documents": _documents(meeting.reference, "outcome-letter", number,
                                             letter, kept)}
                    for number, letter in enumerate(meeting.letters, start=1)],
    }
