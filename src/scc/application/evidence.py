"""Evidence files: uploaded to a case, visit, progress meeting or improvement plan by those who may
record for the school (an SEO only for her allocated schools: the one scope rule), listed and
downloaded by those who may see it. A file is checked (size, type by content, name) before
anything is kept; its bytes go to the content-addressed folder and its SHA-256, size, type and
name into the event, in that order, so an event never names bytes that were not kept."""

from __future__ import annotations

from datetime import date
from typing import Any

from scc.application.context import Context
from scc.application.evidence_list import RECORD_TABLES, EvidenceList, listed
from scc.application.files import FileFolder, checked_upload
from scc.application.scope import scope_of
from scc.application.visits import transition_table
from scc.domain import ids
from scc.domain.case import ConcernCase
from scc.domain.errors import InvalidInput, NotFound
from scc.domain.evidence import EvidenceFiles, RecordKind, file_name
from scc.domain.meeting import ProgressMeeting
from scc.domain.plan import ImprovementPlan
from scc.domain.values import Actor
from scc.domain.visit import Visit

# Each kind of record: its aggregate and its id from its reference.
RECORDS: dict[RecordKind, tuple[type, Any]] = {
    RecordKind.CASE: (ConcernCase, ids.case_id),
    RecordKind.VISIT: (Visit, Visit.create_id),
    RecordKind.MEETING: (ProgressMeeting, ProgressMeeting.create_id),
    RecordKind.PLAN: (ImprovementPlan, ImprovementPlan.create_id),
}


class EvidenceService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.folder = FileFolder(ctx.files)

    def _record(self, user: str | None, action: str, kind: str,
                reference: str) -> tuple[Actor, RecordKind, Any]:
        """The record, once the user may act on it: one outside their scope is not found."""
        parsed = RecordKind(RecordKind.parse(kind))
        aggregate, make_id = RECORDS[parsed]
        named = RECORD_TABLES[parsed][1]
        actor = self.ctx.actor(user, action)
        missing = f"There is no {named} {reference}."
        record: Any = self.ctx.get(make_id(reference), aggregate, missing)
        scope_of(self.ctx, actor).item(record.urn, missing)
        return actor, parsed, record

    def upload(self, user: str | None, kind: str, reference: str, name: str, content: bytes,
               description: str = "", paper: str | None = None,
               on: date | None = None) -> dict[str, Any]:
        """Keeps the file and records it on the school's evidence; returns what was recorded."""
        actor, parsed, record = self._record(user, "evidence.upload", kind, reference)
        name = file_name(name)
        found = checked_upload(content, self.ctx.upload_limit_bytes)
        if paper is not None and (parsed is not RecordKind.MEETING or paper not in record.documents):
            raise InvalidInput(f"'{paper}' is not a paper due for {reference}.")
        on = self.ctx.act_date(on or self.ctx.clock.today())
        saved: list[Any] = []
        if paper is not None and paper not in record.received and record.state == "scheduled":
            # A meeting's paper uploaded before the meeting is that paper received (which meets
            # the deadline once every paper is in), recorded in the same save.
            record.record_documents(transition_table("meeting"), actor, on, [paper])
            saved.append(record)
        digest = self.folder.put(content)
        files = (self.ctx.get(EvidenceFiles.create_id(record.urn), EvidenceFiles, "")
                 if self.ctx.exists(EvidenceFiles.create_id(record.urn))
                 else EvidenceFiles(urn=record.urn))
        files.upload(actor, on, parsed, reference, name, digest, len(content), found,
                     description, paper)
        self.ctx.save(files, *saved)
        return listed(files.files[-1])

    def list(self, user: str | None, kind: str, reference: str) -> list[dict[str, Any]]:
        return EvidenceList(self.ctx).list(user, kind, reference)

    def download(self, user: str | None, kind: str, reference: str,
                 sha256: str) -> tuple[dict[str, Any], bytes]:
        """A file uploaded to this record, once its bytes are checked against the recorded hash."""
        for file in self.list(user, kind, reference):
            if file["sha256"] == sha256:
                return file, self.folder.get(sha256, file["name"])
        raise NotFound(f"No file {sha256[:12]} was uploaded to {reference}.")
