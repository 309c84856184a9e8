"""A school as the authority knows it: its register details, Ofsted history and open case.

The school is the consistency boundary for "one open case per school": opening a case records
CaseOpened here in the same transaction, so two people opening cases at once cannot both succeed.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from scc.domain import ids
from scc.domain.errors import RuleViolation
from scc.domain.values import Actor, Governance, OfstedOutcome

DETAIL_FIELDS = (
    "name", "type", "governance", "phase", "la_code", "la_name", "status", "religious_character",
    "diocese", "trust", "federation", "street", "town", "postcode", "head_name",
)


class School(Aggregate):
    @staticmethod
    def create_id(urn: str) -> UUID:
        return ids.school_id(urn)

    @event("Registered")
    def __init__(self, urn: str, details: dict[str, Any], actor: str, role: str, source: str) -> None:
        self.urn = urn
        self.details = dict(details)
        self.judgements: list[dict[str, Any]] = []
        self.open_case: str | None = None
        self.cases_opened = 0

    @property
    def name(self) -> str:
        return str(self.details["name"])

    @property
    def governance(self) -> Governance:
        return Governance(self.details["governance"])

    def changes(self, details: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in details.items() if self.details.get(k) != v}

    def update(self, details: dict[str, Any], actor: Actor, source: str) -> bool:
        """Records the fields that differ; returns whether anything changed."""
        changes = self.changes(details)
        if changes:
            self._details_updated(changes=changes, actor=actor.name, role=actor.role.value,
                                  source=source)
        return bool(changes)

    @event("DetailsUpdated")
    def _details_updated(self, changes: dict[str, Any], actor: str, role: str, source: str) -> None:
        self.details.update(changes)

    def record_ofsted(self, actor: Actor, inspected_on: date, outcome: OfstedOutcome) -> None:
        if any(j["inspected_on"] == inspected_on for j in self.judgements):
            raise RuleViolation(
                f"An Ofsted judgement dated {inspected_on.isoformat()} is already recorded for "
                f"{self.name}; record a correction instead."
            )
        self._ofsted_recorded(actor=actor.name, role=actor.role.value, effective_on=inspected_on,
                              outcome=outcome.value)

    @event("OfstedJudgementRecorded")
    def _ofsted_recorded(self, actor: str, role: str, effective_on: date, outcome: str) -> None:
        self.judgements.append({"inspected_on": effective_on, "outcome": outcome})

    def next_case_reference(self) -> str:
        if self.open_case:
            raise RuleViolation(
                f"{self.name} (URN {self.urn}) already has an open case, {self.open_case}; "
                "only one case per school may be open at a time."
            )
        return f"{self.urn}-{self.cases_opened + 1}"

    def attach_case(self, reference: str, actor: Actor, on: date) -> None:
        self._case_opened(reference=reference, actor=actor.name, role=actor.role.value,
                          effective_on=on)

    @event("CaseOpened")
    def _case_opened(self, reference: str, actor: str, role: str, effective_on: date) -> None:
        self.open_case = reference
        self.cases_opened += 1

    def detach_case(self, reference: str, actor: Actor, on: date, outcome: str) -> None:
        self._case_ended(reference=reference, actor=actor.name, role=actor.role.value,
                         effective_on=on, outcome=outcome)

    @event("CaseEnded")
    def _case_ended(self, reference: str, actor: str, role: str, effective_on: date,
                    outcome: str) -> None:
        self.open_case = None
