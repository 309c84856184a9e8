"""The authority's own non-working days, added to the statutory calendar."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from scc.domain import ids
from scc.domain.errors import RuleViolation


class AuthorityCalendar(Aggregate):
    @staticmethod
    def create_id() -> UUID:
        return ids.AUTHORITY_CALENDAR_ID

    @event("Started")
    def __init__(self, actor: str, role: str) -> None:
        self.closures: dict[date, str] = {}

    def add_closure(self, day: date, reason: str, actor: str, role: str) -> None:
        if day in self.closures:
            raise RuleViolation(f"{day.isoformat()} is already a closure day ({self.closures[day]}).")
        self._closure_added(day=day, reason=reason, actor=actor, role=role)

    @event("ClosureDayAdded")
    def _closure_added(self, day: date, reason: str, actor: str, role: str) -> None:
        self.closures[day] = reason
