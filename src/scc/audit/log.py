"""The record of evidence bundles exported for a case: who exported what, and when (the event's
timestamp). One log per case, apart from the case itself, so that reading and exporting never
change the case's own history or race with the people working on it."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from scc.domain import ids


class ExportLog(Aggregate):
    @staticmethod
    def create_id(reference: str) -> UUID:
        return export_log_id(reference)

    @event("Started")
    def __init__(self, reference: str, actor: str, role: str, effective_on: date) -> None:
        self.reference = reference
        self.exports = 0

    def record_export(self, actor: str, role: str, effective_on: date, manifest_sha256: str,
                      case_head: str, store_head: str, files: list[str]) -> None:
        self._exported(actor=actor, role=role, effective_on=effective_on,
                       manifest_sha256=manifest_sha256, case_head=case_head,
                       store_head=store_head, files=files)

    @event("BundleExported")
    def _exported(self, actor: str, role: str, effective_on: date, manifest_sha256: str,
                  case_head: str, store_head: str, files: list[str]) -> None:
        self.exports += 1


def export_log_id(reference: str) -> UUID:
    return uuid5(ids.NAMESPACE, f"export-log:{reference}")
