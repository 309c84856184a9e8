"""The evidence files of a case, visit, progress meeting or improvement plan as listed (`scc
evidence list`, the record pages), and those of a whole school (the evidence bundle). The record
is found in its read model: apart from uploading (application/evidence.py), so a listing imports
none of the records' aggregate classes, only the school's evidence files."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from scc.application.context import Context
from scc.application.scope import scope_of
from scc.domain.errors import NotFound
from scc.domain.evidence import EvidenceFiles, RecordKind
from scc.projections import tables as t

# Each kind of record: its read model, and how it is named when absent.
RECORD_TABLES = {RecordKind.CASE: (t.cases, "case"), RecordKind.VISIT: (t.visits, "visit"),
                 RecordKind.MEETING: (t.meetings, "progress meeting"),
                 RecordKind.PLAN: (t.plans, "improvement plan")}


def kept(ctx: Context, urn: str) -> list[dict[str, Any]]:
    """Every file uploaded for the school's records (no scope check: for the evidence bundle,
    whose export checked it)."""
    found = EvidenceFiles.create_id(urn)
    return list(ctx.get(found, EvidenceFiles, "").files) if ctx.exists(found) else []


def listed(file: dict[str, Any]) -> dict[str, Any]:
    return {**file, "uploaded_on": file["uploaded_on"].isoformat()}


class EvidenceList:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def list(self, user: str | None, kind: str, reference: str) -> list[dict[str, Any]]:
        """The files uploaded to the record, once the user may see it: one outside their
        scope is not found, in the words of one that does not exist."""
        parsed = RecordKind(RecordKind.parse(kind))
        table, named = RECORD_TABLES[parsed]
        actor = self.ctx.actor(user, "school.read")
        missing = f"There is no {named} {reference}."
        with self.ctx.engine.connect() as conn:
            urn = conn.execute(select(table.c.urn).where(table.c.reference == reference)).scalar()
        if urn is None:
            raise NotFound(missing)
        scope_of(self.ctx, actor).item(urn, missing)
        return [listed(f) for f in kept(self.ctx, urn)
                if f["record_kind"] == parsed.value and f["reference"] == reference]
