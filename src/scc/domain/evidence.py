"""Evidence files (issue 15, item 4): files uploaded to a school's case, visit, progress meeting or
improvement plan. The bytes live in a content-addressed folder (scc.application.files); the event
records what identifies them for good: SHA-256, size, type and the name it was uploaded with."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from scc.domain import ids, inputs
from scc.domain.errors import InvalidInput
from scc.domain.values import Actor, Vocabulary

# The types accepted, by what their content shows (never by the name): name -> media type.
ACCEPTED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
NAME_MAX = 255  # the longest file name common file systems keep


class RecordKind(Vocabulary):
    CASE = "case"
    VISIT = "visit"
    MEETING = "meeting"
    PLAN = "plan"

    @classmethod
    def label(cls) -> str:
        return "kind of record"


def file_name(name: str) -> str:
    """The name a file was uploaded with, as it is kept: a plain name, no folder in it."""
    inputs.text("File name", name, NAME_MAX)
    if not name.strip():
        raise InvalidInput("The file has no name; choose a file to upload.")
    if "/" in name or "\\" in name or name.strip() in (".", ".."):
        raise InvalidInput(f"File name '{inputs.shown(name)}' includes a folder; upload the file "
                           "under its own name only (for example minutes.pdf).")
    return name.strip()


class EvidenceFiles(Aggregate):
    """Every file uploaded for one school's records, in the order uploaded."""

    @staticmethod
    def create_id(urn: str) -> UUID:
        return uuid5(ids.NAMESPACE, f"evidence:{urn}")

    @event("Started")
    def __init__(self, urn: str) -> None:
        self.urn = urn
        self.files: list[dict[str, Any]] = []

    def upload(self, actor: Actor, on: date, kind: RecordKind, reference: str, name: str,
               sha256: str, size: int, file_type: str, description: str,
               paper: str | None) -> None:
        """`paper`: which of a meeting's due papers this file is (None for any other file)."""
        self._uploaded(actor=actor.name, role=actor.role.value, effective_on=on,
                       record_kind=kind.value, reference=reference, name=file_name(name),
                       sha256=sha256, size=size, file_type=file_type,
                       media_type=ACCEPTED[file_type],
                       description=inputs.text("Description", description,
                                               inputs.TEXT_MAX).strip(), paper=paper)

    @event("Uploaded")
    def _uploaded(self, actor: str, role: str, effective_on: date, record_kind: str,
                  reference: str, name: str, sha256: str, size: int, file_type: str,
                  media_type: str, description: str, paper: str | None) -> None:
        self.files.append({"record_kind": record_kind, "reference": reference, "name": name,
                           "sha256": sha256, "size": size, "file_type": file_type,
                           "media_type": media_type, "description": description,
                           "paper": paper, "uploaded_by": actor, "uploaded_on": effective_on})

    def of(self, kind: RecordKind, reference: str) -> list[dict[str, Any]]:
        return [f for f in self.files
                if f["record_kind"] == kind.value and f["reference"] == reference]
