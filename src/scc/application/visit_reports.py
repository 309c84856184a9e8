"""The visit report: a visit's record rendered through the notices pipeline (notices/visit-record,
its content rules in notices/content-rules.yaml under `visits`), as HTML and PDF.

A draft is rendered on demand and kept nowhere; a sent version is rendered once, when it is sent,
and its HTML, PDF and the data they were rendered from go into the content-addressed document
store, named by SHA-256 in the visit's `ReportIssued` event, like an issued notice on a case."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from scc.application.documents import DocumentStore, issued_documents
from scc.application.kept_documents import context_for, keep, render_checked
from scc.domain.school import School
from scc.domain.values import plain_json
from scc.domain.visit import Visit
from scc.policy import Policy

NOTICE_TYPE = "visit-record"
RULES = "visits"  # the content-rules entry the visit record is checked against



def report_context(visit: Visit, school: School, policy: Policy, on: date, version: int,
                   contacts: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """What the report is rendered from: the visit's current record, the school, the authority."""
    visits = policy.settings.get("visits") or {}
    held_on = visit.dates.get("held", visit.visit_on)
    fields = {**plain_json(visit.current_record() or {}), "visit_date": held_on.isoformat(),
              "officer": visit.officer, "report_version": version,
              "return_working_days": int(visits.get("return_due_working_days", 5))}
    return context_for(RULES, NOTICE_TYPE, f"{visit.reference}/{version}", school, policy, on,
                       fields, contacts)


def render_report(context: dict[str, Any]) -> str:
    """The report's HTML, refused (nothing kept) when it lacks a field or a statement its content
    rules require, each named."""
    return render_checked(RULES, NOTICE_TYPE, context)


def keep_report(store: DocumentStore, context: dict[str, Any]) -> dict[str, Any]:
    """Renders a version to be sent and keeps its three parts; returns what the event records."""
    return keep(store, RULES, context)


def sent_versions(visit: Visit, events: Any) -> list[dict[str, Any]]:
    """Every sent version of the visit's report, oldest first, with its documents by part."""
    parts: dict[str, dict[str, Any]] = {}
    for document in issued_documents(events):
        entry = parts.setdefault(document.reference, {"reference": document.reference,
                                                       "issued_on": document.issued_on})
        entry[document.part] = {"sha256": document.sha256, "filename": document.filename,
                                "media_type": document.media_type}
    return [{"version": r["version"], "draft": r["draft"], **parts[r["notice"]["reference"]]}
            for r in visit.reports]
