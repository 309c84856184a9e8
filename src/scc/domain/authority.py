"""The authorities a deployment serves, and each one's own non-working days.

An authority is known by its GIAS "LA (code)". It carries the policy pack it works under, its
jurisdiction (which rule sets apply), the letterhead and signatory of its letters, and the days it
is closed. The first authority a deployment records is its *original* one: everything recorded
before authorities existed (schools, users, closure days, and through the schools their cases,
visits and meetings) belongs to it, because the deployment was then that one authority.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from scc.domain import ids
from scc.domain.errors import InvalidInput, RuleViolation


class Authority(Aggregate):
    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.authority_id(code)

    @event("Registered")
    def __init__(self, code: str, name: str, council: str, policy: str, jurisdiction: str,
                 letterhead: list[str], signatory: dict[str, str], original: bool, actor: str,
                 role: str) -> None:
        self.code = code
        self.name = name
        self.council = council
        self.policy = policy
        self.jurisdiction = jurisdiction
        self.letterhead = list(letterhead)
        self.signatory = dict(signatory)
        self.original = original
        self.closures: dict[date, str] = {}

    def add_closure(self, day: date, reason: str, actor: str, role: str) -> None:
        if day in self.closures:
            raise RuleViolation(
                f"{day.isoformat()} is already a closure day of {self.name} ({self.closures[day]})."
            )
        self._closure_added(day=day, reason=reason, actor=actor, role=role)

    @event("ClosureDayAdded")
    def _closure_added(self, day: date, reason: str, actor: str, role: str) -> None:
        self.closures[day] = reason

    def change_policy(self, policy: str, jurisdiction: str, actor: str, role: str) -> None:
        """Works under the policy pack `policy` from now on (for `jurisdiction`): the repair of
        an authority whose pack is gone, or a new pack the authority adopts."""
        if jurisdiction != self.jurisdiction:
            raise InvalidInput(
                f"The policy pack {policy} is for {jurisdiction.title()}, and {self.name} is in "
                f"{self.jurisdiction.title()}: an authority does not change jurisdiction; give a "
                f"pack for {self.jurisdiction.title()}.")
        if policy == self.policy:
            raise InvalidInput(f"{self.name} already works under the policy pack {policy}.")
        self._policy_changed(policy=policy, previous=self.policy, actor=actor, role=role)

    @event("PolicyChanged")
    def _policy_changed(self, policy: str, previous: str, actor: str, role: str) -> None:
        self.policy = policy

    def summary(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "council": self.council,
                "policy": self.policy, "jurisdiction": self.jurisdiction,
                "letterhead": list(self.letterhead), "signatory": dict(self.signatory),
                "original": self.original}


class AuthorityCalendar(Aggregate):
    """Closure days recorded before authorities existed: the original authority's (kept, never
    moved; new closure days are recorded on the Authority itself)."""

    @staticmethod
    def create_id() -> UUID:
        return ids.AUTHORITY_CALENDAR_ID

    @event("Started")
    def __init__(self, actor: str, role: str) -> None:
        self.closures: dict[date, str] = {}

    @event("ClosureDayAdded")
    def _closure_added(self, day: date, reason: str, actor: str, role: str) -> None:
        self.closures[day] = reason
